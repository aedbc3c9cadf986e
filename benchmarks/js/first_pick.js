async (code) => {
  // M1's first draft: the buyer's first pick, clicked inside the panel as soon as the order
  // shows, timed here from the click until the draft box holds a draft. Returns [clicked,
  // drafted], both wall-clock ms (performance.timeOrigin + now) like the timeline's marks.
  const draft = document.querySelector('[data-testid="och-draft"]');
  const clicked = performance.timeOrigin + performance.now();
  document.querySelector(`[data-testid="och-problem-${code}"]`).click();
  await new Promise((resolve, reject) => {
    const check = () => {
      if (draft.value) resolve();
      else if (performance.timeOrigin + performance.now() - clicked > 60000) reject(new Error(`no first draft for ${code}`));
      else setTimeout(check, 0);
    };
    check();
  });
  return [clicked, performance.timeOrigin + performance.now()];
}
