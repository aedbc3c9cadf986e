async (codes) => {
  const draft = document.querySelector('[data-testid="och-draft"]');
  const times = [];
  for (const code of codes) {
    const before = draft.value;
    const t0 = performance.now();
    document.querySelector(`[data-testid="och-problem-${code}"]`).click();
    await new Promise((resolve, reject) => {
      const check = () => {
        if (draft.value && draft.value !== before) resolve();
        else if (performance.now() - t0 > 15000) reject(new Error(`no draft for ${code}`));
        else setTimeout(check, 0);
      };
      check();
    });
    times.push(performance.now() - t0);
  }
  return times;
}
