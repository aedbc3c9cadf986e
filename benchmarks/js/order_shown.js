(number) => {
  // In the panel: once its order number shows `number`, when it was shown: the panel's own
  // mark at the animation frame after it put the number in (och-panel-painting), else now.
  // The benchmark runs this check inside the panel every few ms, but only once it has
  // found the frame (looked for every 50 ms), so the time the check saw it is kept
  // apart, as `seen`.
  const shown = (document.querySelector('[data-testid="och-order-number"]')?.textContent ?? "").includes(number);
  if (!shown) return null;
  const seen = performance.timeOrigin + performance.now();
  const mark = performance.getEntriesByName("och-panel-painting").at(-1);
  return { at: mark ? performance.timeOrigin + mark.startTime : seen, seen };
}
