() => {
  const nav = performance.getEntriesByType("navigation")[0] ?? {};
  return { origin: performance.timeOrigin, dom_content_loaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
}
