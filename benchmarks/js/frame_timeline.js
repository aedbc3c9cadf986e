() => {
  const nav = performance.getEntriesByType("navigation")[0] ?? {};
  const marks = {};
  for (const m of performance.getEntriesByType("mark")) if (m.name.startsWith("och-") && !(m.name in marks)) marks[m.name] = m.startTime;
  return { origin: performance.timeOrigin, dom_content_loaded: nav.domContentLoadedEventStart, load: nav.loadEventStart, marks };
}
