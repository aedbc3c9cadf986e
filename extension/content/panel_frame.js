// Feature: the panel frame. An extension page in an iframe; page scripts cannot read into
// it, and it only trusts the port that arrives with this tab's nonce. Here: mounting,
// size and place (a corner, docked at the left or right edge, or where the buyer dragged
// it; resized), folding, all remembered per site; moving aside when the page's chat box
// opens under it; and staying on the page across Ozon's navigation.
import { request } from "../shared/messages.js";
import { findComposers, setOwnRoot } from "./composer.js";
import { attachPort, log, onNavigate, onPanel, postToPanel, provide, whenReady } from "./hub.js";
import { isHelperPage } from "./page_kind.js";
import { startPageWays } from "./page_ways.js";

const PANEL_WIDTH = 400;
const PANEL_HEIGHT = 560;
const FOLDED = 56;
const MARGIN = 16;
const MIN_WIDTH = 300;
const MIN_HEIGHT = 260;

let frame = null;
/** Where the panel is: mode "corner" (bottom right), "left"/"right" (docked), "free". */
let place = { mode: "corner", left: null, top: null, width: PANEL_WIDTH, height: PANEL_HEIGHT };
let collapsed = null; // folded on this site: null until read at mount
let aside = false; // moved to the other side because the page's chat box is under it
let gesture = null; // {kind: "drag"|"resize", cover} while the buyer drags or resizes
let pushed = null; // the page margin we set while docked, to undo it

export async function startPanelFrame() {
  provide("openPanel", openPanel);
  provide("isCollapsed", async () => collapsed ?? isCollapsedHere());
  onPanel("collapse", onCollapse);
  onPanel("frame", onFrame);
  // Mounted from document_start on an order page, not at DOMContentLoaded (issue 9, M3).
  const mounted = isHelperPage(location.href) ? mountPanel().catch((err) => log("mount failed", err)) : null;
  await whenReady();
  await mounted;
  layout(); // placed before the page had its scrollbar: place it again
  onNavigate((url) => {
    const onOrder = isHelperPage(url);
    if (onOrder && !frame) mountPanel().catch((err) => log("mount failed", err));
    if (frame) frame.style.display = onOrder ? "" : "none";
    layout();
  });
  addEventListener("resize", () => layout());
  // A scrollbar that comes or goes with the page's content changes the width the panel is
  // placed in, with no resize event: place it again when the root's width changes.
  let width = document.documentElement.clientWidth;
  new ResizeObserver(() => {
    if (document.documentElement.clientWidth === width) return;
    width = document.documentElement.clientWidth;
    layout();
  }).observe(document.documentElement);
  setInterval(watchChatBox, 700);
  startPageWays();
}

async function openPanel() {
  if (frame?.isConnected) {
    frame.style.display = "";
    return false;
  }
  await mountPanel();
  return true;
}

/** How the helper's frames (the panel, the ask page) sit on an Ozon page. */
export const FRAME_LOOK = {
  position: "fixed",
  border: "0",
  borderRadius: "12px",
  boxShadow: "0 8px 32px rgba(0,26,52,.24)",
  zIndex: "2147483646",
  colorScheme: "normal",
  background: "transparent",
};

/** A private port to the extension page in this frame: handed over once it has loaded,
 * with the nonce the page checks (it asks the background for its tab's). */
export function portTo(el, nonce) {
  const channel = new MessageChannel();
  const origin = new URL(chrome.runtime.getURL("")).origin;
  el.addEventListener("load", () => el.contentWindow.postMessage({ type: "och-connect", nonce }, origin, [channel.port2]), { once: true });
  return channel.port1;
}

// The frame loads while the background learns its nonce: the background knows it as soon
// as the registration reaches it. Callers at the same time share one mount (two would
// register two nonces for one frame).
let mounting = null;
function mountPanel() {
  mounting ??= mount().finally(() => {
    mounting = null;
  });
  return mounting;
}

async function mount() {
  if (frame?.isConnected) return;
  // No wait: an extension frame takes ~70-110 ms to reach DOMContentLoaded (BENCHMARKS.md,
  // session 11), and this way it loads while the page is still being parsed. The frame's
  // saved place and fold are read from storage meanwhile, and the frame stays hidden
  // until placed. Its title is set only after it has started loading, because the content
  // script's first chrome.i18n call loads the message catalogue synchronously (~12 ms).
  const saved = Promise.all([placeHere(), isCollapsedHere()]);
  const nonce = crypto.randomUUID() + crypto.randomUUID();
  const registered = request("panel/register", { nonce });
  registered.catch(() => {}); // handled below, once the frame is there
  // At document_start the page may have no root element yet (Firefox, some documents).
  if (!document.documentElement) await whenReady();
  if (frame?.isConnected) return;
  const el = document.createElement("iframe");
  el.src = chrome.runtime.getURL("panel/panel.html");
  el.setAttribute("data-testid", "och-panel");
  el.setAttribute("allow", "clipboard-write");
  Object.assign(el.style, FRAME_LOOK, { visibility: "hidden" });
  setOwnRoot(el);
  const port = portTo(el, nonce);
  frame = el;
  layout();
  attachPort(port);
  (document.body ?? document.documentElement).appendChild(el);
  el.setAttribute("title", chrome.i18n.getMessage("extName") || "Ozon Contact Helper");
  // Ozon's single-page navigation may rebuild the body: put the panel back if it goes.
  const watch = new MutationObserver(() => {
    if (!el.isConnected && frame === el && isHelperPage(location.href)) (document.body ?? document.documentElement).appendChild(el);
  });
  watch.observe(document.documentElement, { childList: true, subtree: false });
  [place, collapsed] = await saved;
  layout();
  el.style.visibility = "";
  try {
    await registered;
  } catch (err) {
    // No nonce, no port the panel would accept: no panel (as if it was never mounted).
    watch.disconnect();
    el.remove();
    if (frame === el) frame = null;
    throw err;
  }
}

// ----- remembered per site (ozon.ru, ozon.kz, ...)

const collapseKey = () => `collapsed:${location.hostname}`;
const placeKey = () => `place:${location.hostname}`;

async function isCollapsedHere() {
  try {
    return !!(await chrome.storage.local.get(collapseKey()))[collapseKey()];
  } catch {
    return false;
  }
}

async function placeHere() {
  try {
    const saved = /** @type {{mode?: string} | undefined} */ ((await chrome.storage.local.get(placeKey()))[placeKey()]);
    if (saved && ["corner", "left", "right", "free"].includes(saved.mode)) return { ...place, ...saved };
  } catch {
    /* the default place */
  }
  return place;
}

function savePlace() {
  chrome.storage.local.set({ [placeKey()]: place }).catch(() => {});
}

function onCollapse(message) {
  collapsed = !!message.collapsed;
  chrome.storage.local.set({ [collapseKey()]: collapsed }).catch(() => {});
  layout();
}

// ----- where the frame goes

const clamp = (value, low, high) => Math.min(Math.max(value, low), Math.max(low, high));

/** The frame's box for `place` in this window, before moving aside. */
function boxFor(p) {
  const vw = document.documentElement.clientWidth || innerWidth;
  const vh = innerHeight;
  if (collapsed) {
    const left = p.mode === "left" || (p.mode === "free" && (p.left ?? 0) + (p.width ?? PANEL_WIDTH) / 2 < vw / 2) ? MARGIN : vw - FOLDED - MARGIN;
    return { left, top: vh - FOLDED - MARGIN, width: FOLDED, height: FOLDED, docked: false };
  }
  if (p.mode === "left" || p.mode === "right") {
    const width = clamp(p.width ?? PANEL_WIDTH, MIN_WIDTH, Math.max(MIN_WIDTH, Math.round(vw * 0.45)));
    return { left: p.mode === "left" ? 0 : vw - width, top: 0, width, height: vh, docked: p.mode };
  }
  const width = clamp(p.width ?? PANEL_WIDTH, MIN_WIDTH, vw - 2 * MARGIN);
  const height = clamp(p.height ?? PANEL_HEIGHT, MIN_HEIGHT, vh - 2 * MARGIN);
  if (p.mode === "free") {
    return { left: clamp(p.left ?? vw - width - MARGIN, 0, vw - width), top: clamp(p.top ?? vh - height - MARGIN, 0, vh - height), width, height, docked: false };
  }
  return { left: vw - width - MARGIN, top: vh - height - MARGIN, width, height, docked: false };
}

/** The same box on the other side of the window (when the chat box is under it). */
function mirrored(box) {
  const vw = document.documentElement.clientWidth || innerWidth;
  return { ...box, left: vw - box.left - box.width, docked: box.docked === "left" ? "right" : box.docked === "right" ? "left" : false };
}

function layout(box = null) {
  if (!frame) return;
  let target = box ?? boxFor(place);
  if (!box && aside) target = mirrored(target);
  Object.assign(frame.style, {
    left: `${Math.round(target.left)}px`,
    top: `${Math.round(target.top)}px`,
    right: "auto",
    bottom: "auto",
    width: `${Math.round(target.width)}px`,
    height: `${Math.round(target.height)}px`,
    maxHeight: "100vh",
    borderRadius: target.docked ? "0" : collapsed ? "50%" : "12px",
  });
  push(frame.style.display !== "none" && !collapsed ? target.docked : false, target.width);
  postToPanel({ type: "placed", docked: target.docked || false });
}

/** While docked, the page makes room: its content moves over so the panel covers none of it. */
function push(side, width) {
  const root = document.documentElement.style;
  if (pushed) {
    root.removeProperty(pushed.property);
    pushed = null;
  }
  if (!side) return;
  const property = side === "left" ? "margin-left" : "margin-right";
  root.setProperty(property, `${Math.round(width)}px`, "important");
  pushed = { property };
}

// ----- the panel asks: dock, drag, resize

function onFrame(message) {
  if (!frame) return;
  if (message.dock === "left" || message.dock === "right") {
    place = { ...place, mode: place.mode === message.dock ? "corner" : message.dock };
    aside = false;
    layout();
    savePlace();
    return;
  }
  const kind = message.drag ? "drag" : message.resize ? "resize" : null;
  const step = message.drag ?? message.resize;
  if (!kind) return;
  const box = frame.getBoundingClientRect().toJSON();
  if (step === "by") {
    // A keyboard step: the whole gesture at once.
    finishGesture(kind, box, Number(message.dx) || 0, Number(message.dy) || 0);
  } else if (step === "start") {
    follow(kind, box, box.left + (Number(message.x) || 0), box.top + (Number(message.y) || 0));
  } else if (gesture?.kind === kind && (step === "move" || step === "end")) {
    // The frame kept the pointer (Firefox sends it there while pressed): its deltas count.
    gesture[step](Number(message.dx) || 0, Number(message.dy) || 0);
  }
}

/** The place the gesture leads to, from the frame's box when it began and the pointer's move. */
function gesturePlace(kind, from, dx, dy) {
  const docked = place.mode === "left" || place.mode === "right";
  if (kind === "drag") {
    return { mode: "free", left: from.left + dx, top: from.top + dy, width: from.width, height: docked ? Math.min(from.height, PANEL_HEIGHT) : from.height };
  }
  if (docked) return { ...place, width: place.mode === "right" ? from.width - dx : from.width + dx };
  // The grip is at the bottom-left corner: the left edge and the bottom edge follow it.
  return { mode: "free", left: from.left + dx, top: from.top, width: from.width - dx, height: from.height + dy };
}

function finishGesture(kind, from, dx, dy) {
  const next = gesturePlace(kind, from, dx, dy);
  const box = boxFor(next);
  place = next.mode === "free" ? { ...next, left: box.left, top: box.top, width: box.width, height: box.height } : { ...next, width: box.width };
  aside = false;
  gesture = null;
  layout();
  savePlace();
}

/**
 * Follow the pointer on the page until it is released: a transparent cover over the whole
 * window (the frame included) takes the pointer's moves, so none are lost to the frame.
 */
function follow(kind, from, startX, startY) {
  gesture?.cover.remove();
  const cover = document.createElement("div");
  Object.assign(cover.style, { position: "fixed", inset: "0", zIndex: "2147483647", cursor: kind === "drag" ? "grabbing" : "nesw-resize", background: "transparent" });
  const move = (dx, dy) => layout(boxFor(gesturePlace(kind, from, dx, dy)));
  const end = (dx, dy) => {
    cover.remove();
    finishGesture(kind, from, dx, dy);
  };
  gesture = { kind, cover, move, end };
  let last = { dx: 0, dy: 0 };
  cover.addEventListener("pointermove", (event) => {
    last = { dx: event.clientX - startX, dy: event.clientY - startY };
    move(last.dx, last.dy);
  });
  const release = (event) => {
    if (gesture?.cover !== cover) return;
    if (event.type === "pointerup") last = { dx: event.clientX - startX, dy: event.clientY - startY };
    end(last.dx, last.dy);
  };
  cover.addEventListener("pointerup", release, { once: true });
  cover.addEventListener("pointercancel", release, { once: true });
  // A press that ended before the cover was up: the next click ends the gesture.
  cover.addEventListener("pointerdown", release, { once: true });
  document.documentElement.appendChild(cover);
}

// ----- when the page's chat box opens under the panel, the panel moves aside

const overlaps = (a, b) => a.left < b.right && b.left < a.left + a.width && a.top < b.bottom && b.top < a.top + a.height;

function watchChatBox() {
  if (!frame?.isConnected || collapsed || gesture || frame.style.display === "none") return;
  const home = boxFor(place);
  const boxes = findComposers(document)
    .map((composer) => composer.getBoundingClientRect())
    .filter((rect) => rect.width > 0 && rect.height > 0);
  const covered = boxes.some((rect) => overlaps(home, rect));
  const coveredAside = boxes.some((rect) => overlaps(mirrored(home), rect));
  const next = covered && !coveredAside;
  if (next !== aside) {
    aside = next;
    layout();
    postToPanel({ type: "aside", aside });
  }
}
