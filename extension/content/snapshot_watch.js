// Feature: the order snapshot. Sends what the page shows (snapshot.js) to the panel when
// it is ready, when it asks again, when widgets arrive or change later (Ozon loads some,
// like orderTracking, after the page), and after Ozon's in-place navigation: then it waits
// until the new order's widgets have replaced the old ones, so the panel never shows the
// previous order under the new address.
import { request } from "../shared/messages.js";
import { isCollapsed, onNavigate, onPanel, onPortAttached, portGeneration, postToPanel, provide, shared, whenReady } from "./hub.js";
import { isHelperPage } from "./page_kind.js";
import { PARCEL_CONTAINER, PRODUCT_LINK, WIDGET_STATE } from "./selectors.js";
import { takeSnapshot } from "./snapshot.js";

const SETTLE_MS = 400; // quiet time after the last change before re-reading
const MAX_WAIT_MS = 2000; // re-read at least this often while the page keeps changing
const NAV_WAIT_MS = 10_000; // after a navigation, wait at most this long for new widgets

let lastContent = null; // what the last snapshot sent was made of
let early = null; // {content, snapshot}: read at DOMContentLoaded, sent ahead to be read
let navigation = null; // {from, until} while waiting for a new order's widgets
let timer = null;
let firstChange = 0;

export function startSnapshotWatch() {
  provide("sendSnapshot", sendSnapshot);
  // A new panel gets the page's snapshot as soon as both exist: posted on its port while
  // the frame still loads (the port holds it until the panel takes the port), so the panel
  // does not wait a round trip for it (issue 9, M3). Its "ready" sends it if not yet sent.
  onPortAttached(() => sendFirst().catch(() => {}));
  onPanel("ready", sendFirst);
  onPanel("resnapshot", () => sendSnapshot());
  onNavigate((url) => {
    if (!isHelperPage(url)) return;
    navigation = { from: lastContent, until: Date.now() + NAV_WAIT_MS };
    postToPanel({ type: "navigating", url });
    schedule();
  });
  whenReady().then(() => {
    if (isHelperPage(location.href)) prefetch();
    new MutationObserver(onMutation).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["data-state", "href"],
    });
  });
}

/** The order page is there: have Python read it now, while the panel frame loads (the
 * panel then sends this same snapshot, and the background answers with this reading). */
function prefetch() {
  const snapshot = takeSnapshot();
  early = { content: content(), snapshot };
  request("order/prefetch", { snapshot }).catch(() => {});
  performance.mark("och-prefetch-sent"); // the benchmark's timeline, and tests/e2e/test_panel_read_ahead.py
}

let sentOn = 0; // the panel port (portGeneration) the first snapshot was sent on

/** The first snapshot for the current panel port, once the page is parsed; once per port. */
async function sendFirst() {
  await whenReady();
  const generation = portGeneration();
  if (!generation || sentOn === generation) return;
  sentOn = generation;
  sendSnapshot({ collapsed: await isCollapsed(), context: shared.context });
}

function sendSnapshot(extra = {}) {
  const now = content();
  // The snapshot read ahead, if the order on the page has not changed since.
  const snapshot = early?.content === now ? early.snapshot : takeSnapshot();
  early = null;
  lastContent = now;
  postToPanel({ type: "snapshot", snapshot, url: location.href, ...extra });
  performance.mark("och-snapshot-sent"); // the benchmark's timeline
}

/** A short fingerprint of the order's widgets, parcels and product links. */
function content() {
  let hash = 0;
  const add = (text) => {
    for (let i = 0; i < text.length; i += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  };
  for (const el of document.querySelectorAll(WIDGET_STATE)) {
    add(el.id);
    add(el.getAttribute("data-state") ?? "");
  }
  for (const el of document.querySelectorAll(PARCEL_CONTAINER)) add(el.id);
  for (const el of document.querySelectorAll(PRODUCT_LINK)) add(el.getAttribute("href") ?? "");
  return String(hash);
}

function onMutation(records) {
  const relevant = records.some(
    (r) =>
      r.type === "attributes" ||
      [...r.addedNodes, ...r.removedNodes].some((n) => n.nodeType === 1 && (n.matches?.("[data-widget], [data-state], a") || n.querySelector?.("[data-widget], [data-state], a"))),
  );
  if (relevant) schedule();
}

function schedule() {
  const now = Date.now();
  if (!timer) firstChange = now;
  clearTimeout(timer);
  timer = setTimeout(check, now - firstChange > MAX_WAIT_MS ? 0 : SETTLE_MS);
}

function check() {
  timer = null;
  if (!isHelperPage(location.href)) return;
  const now = content();
  if (navigation) {
    // Still the previous order's widgets: wait for the new ones (or give up waiting).
    if (now === navigation.from && Date.now() < navigation.until) {
      timer = setTimeout(check, SETTLE_MS);
      return;
    }
    navigation = null;
    sendSnapshot();
    return;
  }
  if (now !== lastContent) sendSnapshot();
}
