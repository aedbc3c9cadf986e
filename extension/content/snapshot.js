// What the page shows about the order, as plain data for the Python core: each widget's
// data-state JSON (as the raw string: Python parses it and survives bad JSON), the visible
// text, the product and seller links and each parcel's container (id and text): the second
// signal when the JSON is missing. Nothing here interprets the order; py_core.extract does.
// The recipient's name, phone and address never leave this function: their widgets and
// text are dropped, only "pickup" or "door" is kept. py_core/_html_snapshot.py mirrors this.
import {
  DELIVERY_KIND_WORDS,
  PAGE_ROOT,
  PARCEL_CONTAINER,
  PERSONAL_AUTOMATIZATION_IDS,
  PERSONAL_WIDGETS,
  PRODUCT_LINK,
  SELLER_LINK,
  WIDGET_OWNER,
  WIDGET_STATE,
} from "./selectors.js";
import { SNAPSHOT_LIMITS } from "../shared/contract.js";

// The caps py_core applies again (py_core/data/page.json "snapshot.limits", generated).
const { text: MAX_TEXT, state: MAX_STATE, widgets: MAX_WIDGETS, links: MAX_LINKS, parcels: MAX_PARCELS } = SNAPSHOT_LIMITS;

function textOf(el) {
  try {
    return el?.innerText ?? el?.textContent ?? "";
  } catch {
    return "";
  }
}

/** Any tag in the JSON (testInfo.automatizationId), within a safe depth. */
function tagsIn(node, found = new Set(), depth = 0) {
  if (depth > 30 || node === null || typeof node !== "object") return found;
  const id = node.testInfo?.automatizationId;
  if (typeof id === "string") found.add(id);
  for (const value of Array.isArray(node) ? node.slice(0, 1000) : Object.values(node)) tagsIn(value, found, depth + 1);
  return found;
}

/** null when the widget is not personal; else "pickup", "door" or "" (what may be kept). */
function personalKind(widgetName, rawState) {
  const named = PERSONAL_WIDGETS.includes(widgetName);
  if (!named && !PERSONAL_AUTOMATIZATION_IDS.some((tag) => rawState.includes(tag))) return null;
  let data;
  try {
    data = JSON.parse(rawState);
  } catch {
    return ""; // unreadable: assume the worst
  }
  const tags = tagsIn(data);
  if (!PERSONAL_AUTOMATIZATION_IDS.some((tag) => tags.has(tag))) return null;
  if (!tags.has("details-address")) return "";
  const title = String(data?.cell?.title?.text ?? data?.cell?.title ?? "").toLowerCase();
  for (const [kind, words] of Object.entries(DELIVERY_KIND_WORDS)) if (words.some((w) => title.includes(w))) return kind;
  return "";
}

function withoutLines(text, dropped) {
  if (!dropped.size) return text;
  return text
    .split("\n")
    .filter((line) => !dropped.has(line.trim()))
    .join("\n");
}

export function takeSnapshot(doc = document) {
  const widgets = [];
  const personal = []; // owner elements whose text must go
  let delivery = "";
  for (const el of doc.querySelectorAll(WIDGET_STATE)) {
    if (widgets.length >= MAX_WIDGETS) break;
    const owner = el.closest(WIDGET_OWNER);
    const name = owner?.getAttribute("data-widget") ?? "";
    const state = (el.getAttribute("data-state") ?? "").slice(0, MAX_STATE);
    const kind = personalKind(name, state);
    if (kind !== null) {
      if (owner) personal.push(owner);
      delivery = delivery || kind;
      continue;
    }
    widgets.push({ widget: name, id: el.id.slice(0, 200), state, container: (owner?.id ?? "").slice(0, 200) });
  }
  const dropped = new Set();
  for (const owner of personal) for (const line of textOf(owner).split("\n")) if (line.trim()) dropped.add(line.trim());
  const inPersonal = (el) => personal.some((owner) => owner.contains(el));

  const root = doc.querySelector(PAGE_ROOT) ?? doc.body;
  const text = withoutLines(textOf(root), dropped).slice(0, MAX_TEXT);
  const links = [];
  for (const a of doc.querySelectorAll(`${PRODUCT_LINK}, ${SELLER_LINK}`)) {
    if (links.length >= MAX_LINKS) break;
    if (inPersonal(a)) continue;
    const href = a.getAttribute("href") ?? "";
    links.push({
      text: textOf(a).trim().slice(0, 500),
      href: href.slice(0, 1000),
      container: (a.closest(PARCEL_CONTAINER)?.id ?? "").slice(0, 200),
    });
  }
  const parcels = [];
  for (const box of doc.querySelectorAll(PARCEL_CONTAINER)) {
    if (parcels.length >= MAX_PARCELS) break;
    parcels.push({ id: (box.id ?? "").slice(0, 200), text: withoutLines(textOf(box), dropped).slice(0, 20_000) });
  }
  return {
    url: doc.location?.href ?? "",
    title: (doc.title ?? "").slice(0, 1000),
    lang: doc.documentElement?.getAttribute("lang") ?? "",
    widgets,
    text,
    links,
    parcels,
    delivery,
    captured_at: new Date().toISOString(),
  };
}
