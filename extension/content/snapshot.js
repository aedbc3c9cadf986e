// What the page shows about the order, as plain data for the Python core: each widget's
// data-state JSON (as the raw string: Python parses it and survives bad JSON) and the
// visible text. Nothing here interprets the page; py_core.extract does.
import { PAGE_ROOT, WIDGET_OWNER, WIDGET_STATE } from "./selectors.js";

const MAX_TEXT = 200_000;
const MAX_STATE = 500_000;
const MAX_WIDGETS = 400;

export function takeSnapshot(doc = document) {
  const widgets = [];
  for (const el of doc.querySelectorAll(WIDGET_STATE)) {
    if (widgets.length >= MAX_WIDGETS) break;
    const owner = el.closest(WIDGET_OWNER);
    widgets.push({
      widget: owner?.getAttribute("data-widget") ?? "",
      id: el.id.slice(0, 200),
      state: (el.getAttribute("data-state") ?? "").slice(0, MAX_STATE),
    });
  }
  const root = doc.querySelector(PAGE_ROOT) ?? doc.body;
  let text = "";
  try {
    text = (root?.innerText ?? root?.textContent ?? "").slice(0, MAX_TEXT);
  } catch {
    text = "";
  }
  return {
    url: doc.location?.href ?? "",
    title: (doc.title ?? "").slice(0, 1000),
    lang: doc.documentElement?.getAttribute("lang") ?? "",
    widgets,
    text,
    captured_at: new Date().toISOString(),
  };
}
