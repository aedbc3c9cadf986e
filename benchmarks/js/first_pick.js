async (code) => {
  // M1's first draft: the buyer's first pick, clicked inside the panel once the benchmark
  // has seen the order, and timed here from the click until the draft box is no longer
  // empty (looked at with setTimeout(0), so to within ~4 ms). Returns [clicked, drafted]:
  // wall-clock ms (performance.timeOrigin + performance.now(), the clock of the timeline's
  // marks).
  const draft = document.querySelector('[data-testid="och-draft"]');
  const clicked = performance.timeOrigin + performance.now();
  document.querySelector(`[data-testid="och-problem-${code}"]`).click();
  await new Promise((resolve, reject) => {
    const check = () => {
      if (draft.value) resolve();
      else if (performance.timeOrigin + performance.now() - clicked > 60000) reject(new Error(`no first draft for ${code} within 60 s`));
      else setTimeout(check, 0);
    };
    check();
  });
  return [clicked, performance.timeOrigin + performance.now()];
}
