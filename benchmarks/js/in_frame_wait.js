async (check, arg, ms) => {
  // Inside the panel: run check(arg) every 4 ms until it answers (or `ms` pass), so the
  // benchmark makes one call from outside and no traffic until the answer (both halves
  // of the benchmark use it: chromium.py _panel_poll, firefox.mjs panelWait).
  const end = performance.now() + ms;
  for (;;) {
    const value = check(arg);
    if (value || performance.now() > end) return value ?? null;
    await new Promise((resolve) => setTimeout(resolve, 4));
  }
}
