// The panel's requests, and its own line to Python (issue 9, M2: a pick -> its draft).
//
// Every request goes to the background (shared/messages.js request) except py_core's, which
// in Chrome take a shorter way when they can. The panel frame runs in the extension's
// process, like the offscreen document that hosts the Python worker; the panel finds that
// document (chrome.extension.getViews) and hands it one end of a MessageChannel, which the
// document passes on to the worker (offscreen.js panelLine). A request then goes from this thread
// to the worker and back: two hops, where through the background it is four trips through
// the browser process (panel -> service worker -> offscreen document -> worker, and back)
// plus the service worker's reads of the profile and the tab's order.
//
// What the background adds to advice and drafts, the worker adds on this line: the order as
// read (the same one the background keeps for this tab) and the buyer's profile, which the
// panel sends over the line once, and again when they change; a pick carries only the
// buyer's choices either way.
// The extract still goes through the background, which keeps the tab's order and hands
// over the order read ahead. All requests go through the background in Firefox, where
// Python runs in the background page and a panel frame inside a web page cannot reach it
// (extension.getViews gives it none). They also do when there is no offscreen document,
// and when the line fails.
import { CORE_REQUESTS, request as viaBackground, unwrap } from "../shared/messages.js";
import { SETTINGS_KEY, profileOf, readSettings } from "../shared/settings.js";

/** py_core requests to which the background adds the tab's order and the profile. */
const WITH_ORDER = new Set(["core/advise", "core/draft"]);
/** py_core requests that stay with the background: from the extract it keeps the tab's
 * order, and it may have the answer already (the order read ahead). */
const THROUGH_BACKGROUND = new Set(["core/extract"]);
/** How often, while requests wait, the line checks that the host's document is still open. */
const WATCH_MS = 500;

const line = {
  /** @type {MessagePort | null} */
  port: null,
  /** @type {Home | null} the offscreen document the port leads to */
  home: null,
  pending: new Map(),
  nextId: 0,
  /** @type {ReturnType<typeof setInterval> | null} */
  watch: null,
  /** () => the order as read from the page, or null (set by order.js) */
  readOrder: () => null,
  /** @type {Promise<Record<string, unknown>> | null} the settings, until they change */
  settings: null,
  /** What this line's worker side holds: the order object and the profile (as JSON) last sent. */
  sent: { order: undefined, profile: undefined },
};

/** order.js tells this module where the order as read is kept. */
export function useReadOrder(get) {
  line.readOrder = get;
}

/** @typedef {Window & {ochPanelLine?: (port: MessagePort) => boolean}} Home */

/** The offscreen document that hosts Python, if it is open and offers a line.
 * @returns {Home | null} */
function findHome() {
  try {
    const views = /** @type {Home[]} */ (chrome.extension?.getViews?.() ?? []);
    return views.find((view) => typeof view.ochPanelLine === "function") ?? null;
  } catch {
    return null;
  }
}

/** Close the line: every waiting request fails with `lost`, so that it is asked again through the background. */
function drop() {
  const waiting = [...line.pending.values()];
  line.pending.clear();
  line.port?.close();
  line.port = null;
  line.home = null;
  if (line.watch !== null) clearInterval(line.watch);
  line.watch = null;
  for (const { reject } of waiting) reject(Object.assign(new Error("The line to Python was lost."), { lost: true }));
}

/** The open line, opened now if need be; null when there is none to open. */
function open() {
  if (line.port && line.home && !line.home.closed) return line.port;
  if (line.port) drop();
  const home = findHome();
  if (!home) return null;
  const { port1, port2 } = new MessageChannel();
  let taken = false;
  try {
    taken = home.ochPanelLine(port2) === true;
  } catch {
    taken = false;
  }
  if (!taken) return null;
  port1.onmessage = ({ data }) => {
    const waiting = line.pending.get(data?.id);
    if (!waiting) return;
    line.pending.delete(data.id);
    if (line.pending.size === 0 && line.watch !== null) {
      clearInterval(line.watch);
      line.watch = null;
    }
    // Requests that fail in transport (the host not ready, a broken worker) are asked again through the
    // background, which knows how to boot the host; py_core's own errors are in the envelope.
    if (data.ok) waiting.resolve(data.result);
    else waiting.reject(Object.assign(new Error(data.error?.message ?? "The Python worker failed."), { lost: true }));
  };
  line.port = port1;
  line.home = home;
  line.sent = { order: undefined, profile: undefined };
  return port1;
}

/** Ask the Python worker over the line. Resolves with py_core's envelope; rejects with `lost`
 * if the line goes or the worker fails. `withContext`: the worker adds the line's order and profile (sent by sendContext). */
function overLine(port, request, payload, withContext) {
  return new Promise((resolve, reject) => {
    const id = ++line.nextId;
    line.pending.set(id, { resolve, reject });
    // The host's document can be closed while a request waits (the idle check, a test):
    // then nothing would answer.
    line.watch ??= setInterval(() => {
      if (!line.home || line.home.closed) drop();
    }, WATCH_MS);
    port.postMessage({ id, method: "call", payload: { request, payload, withContext } });
  });
}

function savedSettings() {
  if (!line.settings) {
    line.settings = readSettings();
    line.settings.catch(() => (line.settings = null));
  }
  return line.settings;
}
globalThis.chrome?.storage?.onChanged?.addListener((changes, area) => {
  if (area === "local" && SETTINGS_KEY in changes) line.settings = null;
});

/**
 * Send the worker what the background would add to advice and drafts, which it keeps for this line:
 * the order as read and the buyer's profile, each sent again only when it has changed. A
 * pick itself carries only the buyer's choices (issue 13), as through the background.
 */
async function sendContext(port) {
  const profile = JSON.stringify(profileOf(await savedSettings()));
  const order = line.readOrder();
  if (port !== line.port) throw Object.assign(new Error("The line to Python was lost."), { lost: true });
  if (line.sent.order !== order) {
    port.postMessage({ method: "context", payload: { order } });
    line.sent.order = order;
  }
  if (line.sent.profile !== profile) {
    port.postMessage({ method: "context", payload: { profile: JSON.parse(profile) } });
    line.sent.profile = profile;
  }
}

/**
 * Send a named request (a key of shared/messages.js REQUESTS) and unwrap its answer: py_core's
 * requests, except the extract, go over the panel's own line when there is one; everything
 * else goes through the background, and so do those when there is no line or it fails.
 * @param {string} type
 * @param {object} [payload]
 */
export async function request(type, payload = {}) {
  const name = CORE_REQUESTS[type];
  const port = name && !THROUGH_BACKGROUND.has(type) ? open() : null;
  if (port) {
    let answer;
    try {
      const withContext = WITH_ORDER.has(type);
      if (withContext) await sendContext(port);
      answer = await overLine(port, name, payload, withContext);
    } catch {
      answer = null; // the line was lost, or the settings could not be read: ask through the background
    }
    if (answer) return unwrap(answer, type);
  }
  return viaBackground(type, payload);
}

