// The private port to this tab's content script, and the panel frame's own look: folded
// or open, docked left or right, dragged by its title bar, Esc to fold. The content
// script moves and sizes the iframe; the panel only asks, over the port.
import { $ } from "../shared/dom.js";
import { request } from "./python_line.js";

const port = {
  channel: null,
  tabId: null,
  handlers: {},
  prefetch: null, // {text, result}: the order read ahead, from the background's answer to panel/hello
};

/** Register what to do with a message type from the content script. */
export function on(type, handler) {
  port.handlers[type] = handler;
}

/** Post to the content script (dropped while not connected). */
export function post(message) {
  port.channel?.postMessage(message);
}

export const connected = () => !!port.channel;

/** The order the background read ahead (the content script's own snapshot, read while
 * this frame loaded), if `snapshot` is that same one; once. Else null: ask core/extract. */
export function takePrefetched(snapshot) {
  const kept = port.prefetch;
  port.prefetch = null;
  return kept && kept.text === JSON.stringify({ snapshot }) ? kept.result : null;
}
export const tabId = () => port.tabId;

/**
 * Listen for the content script's port at once (it is posted as soon as this frame has
 * loaded, which may be before the background has told us the nonce to expect), then
 * accept only the one that comes with this tab's nonce.
 * @param {{onReadAhead?: (prefetch: {text: string, result: any}) => void}} [options]
 *   onReadAhead: called with the order read ahead, if the answer to panel/hello brought it
 *   and the content script's port has not come first
 */
export function connect({ onReadAhead } = {}) {
  const offers = [];
  let nonce = null;
  const accept = (event) => {
    if (port.channel || nonce === null || event.data.nonce !== nonce || !event.ports?.[0]) return;
    performance.mark("och-panel-port"); // the benchmark's timeline
    port.channel = event.ports[0];
    port.channel.onmessage = (e) => {
      const message = e.data;
      if (!message || typeof message !== "object") return;
      port.handlers[message.type]?.(message);
    };
    port.channel.postMessage({ type: "ready" });
    port.channel.postMessage({ type: "ways?" }); // which channels the page has a button for
  };
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || event.data?.type !== "och-connect") return;
    if (nonce === null) offers.push(event);
    else accept(event);
  });
  performance.mark("och-panel-script"); // the benchmark's timeline: the panel's script runs
  return request("panel/hello").then((answer) => {
    performance.mark("och-panel-nonce");
    nonce = answer.nonce;
    port.tabId = answer.tabId ?? null;
    port.prefetch = answer.prefetch ?? null;
    offers.splice(0).forEach(accept);
    if (port.prefetch && !port.channel) onReadAhead?.(port.prefetch);
  });
}

// ----- folded or open

export const isCollapsed = () => document.body.classList.contains("collapsed");

export function setCollapsed(collapsed, { focus = true } = {}) {
  document.body.classList.toggle("collapsed", collapsed);
  $("expand").hidden = !collapsed;
  $("collapse").setAttribute("aria-expanded", String(!collapsed));
  post({ type: "collapse", collapsed });
  if (focus) (collapsed ? $("expand") : $("collapse")).focus();
}

// ----- docked, dragged

/** Dock the panel at the left or right edge (remembered per site by the content script). */
export function dock(side) {
  post({ type: "frame", dock: side });
}

/**
 * Drag by the title bar, resize by the corner grip: the panel only says where the press
 * began (in its own coordinates); the content script follows the pointer on the page from
 * there, over a transparent cover, so a fast move that leaves the frame is not lost.
 */
function wireDrag() {
  const bar = $("titlebar");
  // Where a browser keeps sending the pointer to this frame while it is pressed (Firefox),
  // the moves are passed on too, as screen deltas from the press.
  let from = null;
  const begin = (kind) => (event) => {
    if (event.button !== 0 || (kind === "drag" && event.target.closest("button"))) return;
    event.preventDefault();
    from = { kind, x: event.screenX, y: event.screenY };
    event.target.setPointerCapture?.(event.pointerId);
    post({ type: "frame", [kind]: "start", x: event.clientX, y: event.clientY });
  };
  const move = (event) => {
    if (from) post({ type: "frame", [from.kind]: "move", dx: event.screenX - from.x, dy: event.screenY - from.y });
  };
  const end = (event) => {
    if (!from) return;
    post({ type: "frame", [from.kind]: "end", dx: event.screenX - from.x, dy: event.screenY - from.y });
    from = null;
  };
  for (const [node, kind] of [[bar, "drag"], [$("resize-grip"), "resize"]]) {
    node.addEventListener("pointerdown", begin(kind));
    node.addEventListener("pointermove", move);
    node.addEventListener("pointerup", end);
    node.addEventListener("pointercancel", end);
  }
  // By keyboard: with a title bar button focused, Alt+arrows move the panel and
  // Alt+Shift+arrows resize it.
  bar.addEventListener("keydown", (event) => {
    if (!event.altKey) return;
    const step = { ArrowLeft: [-40, 0], ArrowRight: [40, 0], ArrowUp: [0, -40], ArrowDown: [0, 40] }[event.key];
    if (!step) return;
    event.preventDefault();
    post({ type: "frame", [event.shiftKey ? "resize" : "drag"]: "by", dx: step[0], dy: step[1] });
  });
}

/** The toolbar shortcut (manifest `commands`) reaches the panel through the background. */
function wireShortcut() {
  chrome.runtime.onMessage.addListener((message) => {
    if (message?.target !== "panel" || message.type !== "panel/toggle") return false;
    if (port.tabId !== null && message.payload?.tabId !== port.tabId) return false;
    setCollapsed(!isCollapsed());
    return false;
  });
}

export function wireFrame() {
  $("collapse").addEventListener("click", () => setCollapsed(true));
  $("expand").addEventListener("click", () => setCollapsed(false));
  $("dock-left").addEventListener("click", () => dock("left"));
  $("dock-right").addEventListener("click", () => dock("right"));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented || isCollapsed()) return;
    // Esc first closes what is open inside the panel (the Replace question), then folds it.
    if (!$("confirm").hidden) {
      $("confirm").hidden = true;
      $("insert").focus();
      return;
    }
    event.preventDefault();
    setCollapsed(true);
  });
  wireDrag();
  wireShortcut();
}
