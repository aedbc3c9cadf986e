// The panel's requests, and its own line to Python (issue 9, M2: a pick -> its draft).
//
// Every request goes to the background (shared/messages.js request) except py_core's, which
// take a shorter way when they can: a MessagePort straight to the thread that runs Python
// (python_host/line.js serves it).
// - Chrome: the panel frame runs in the extension's process, like the offscreen document
//   that hosts the Python worker; the panel finds that document (chrome.extension.getViews)
//   and hands it one end of a MessageChannel, which the document passes on to the worker
//   (offscreen.js panelLine). A request then takes two hops within the process, where
//   through the background it is four trips through the browser process (panel -> service
//   worker -> offscreen document -> worker, and back).
// - Firefox: Python runs in the background page, whose window a panel frame inside a web
//   page cannot reach (extension.getViews gives it none); the panel hands its end of the
//   channel over through a shared worker of the extension (background/line_broker.js),
//   and holds a runtime port to the background page ("python-line"), whose disconnect says
//   that the page, and the line with it, has gone. Runtime messaging there goes through
//   Firefox's parent process both ways.
// Either way the router's reads of the profile and the tab's order are saved too: what the
// background adds to advice and drafts, the line's far end adds: the order as read (the
// same one the background keeps for this tab) and the buyer's profile, which the panel
// sends over the line once, and again when they change; a pick carries only the buyer's
// choices either way.
// The extract still goes through the background, which keeps the tab's order and hands
// over the order read ahead. Requests also go through the background when there is no
// line to open (no offscreen document, no shared worker, a private window's panel), and
// when the line fails.
import { CORE_REQUESTS, request as viaBackground, unwrap } from "../shared/messages.js";
import { SETTINGS_KEY, profileOf, readSettings } from "../shared/settings.js";

/** py_core requests to which the background adds the tab's order and the profile. */
const WITH_ORDER = new Set(["core/advise", "core/draft"]);
/** py_core requests that stay with the background: from the extract it keeps the tab's
 * order, and it may have the answer already (the order read ahead). */
const THROUGH_BACKGROUND = new Set(["core/extract"]);
/** How often, while requests wait, the line checks that the host's document is still open (Chrome). */
const WATCH_MS = 500;
/** Firefox: how long the background page has to take a line before the panel asks through the router. */
const READY_MS = 2000;
/** Firefox: after a line could not be opened, how long the panel asks through the router before it tries again. */
const RETRY_MS = 5000;

const line = {
  /** @type {MessagePort | null} */
  port: null,
  /** @type {Home | null} the offscreen document the port leads to (Chrome) */
  home: null,
  /** @type {chrome.runtime.Port | null} Firefox: the runtime port whose disconnect says the line's far end has gone */
  farEnd: null,
  /** @type {Promise<MessagePort | null> | null} Firefox: a line being opened */
  opening: null,
  /** Firefox: no new try to open a line before this time (ms, Date.now()) */
  retryAt: 0,
  pending: new Map(),
  nextId: 0,
  /** @type {ReturnType<typeof setInterval> | null} */
  watch: null,
  /** () => the order as read from the page, or null (set by order.js) */
  readOrder: () => null,
  /** @type {Promise<Record<string, unknown>> | null} the settings, until they change */
  settings: null,
  /** What this line's far end holds: the order object and the profile (as JSON) last sent. */
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
  const farEnd = line.farEnd;
  line.farEnd = null;
  try {
    farEnd?.disconnect();
  } catch {
    // already gone
  }
  if (line.watch !== null) clearInterval(line.watch);
  line.watch = null;
  for (const { reject } of waiting) reject(Object.assign(new Error("The line to Python was lost."), { lost: true }));
}

/** Take the answers that come on a newly opened line. */
function listen(port) {
  port.onmessage = ({ data }) => {
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
    else waiting.reject(Object.assign(new Error(data.error?.message ?? "The Python host failed."), { lost: true }));
  };
  line.port = port;
  line.sent = { order: undefined, profile: undefined };
  return port;
}

/** Chrome: a line to the Python worker, through the offscreen document found in this process; or null. */
function openToWorker() {
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
  line.home = home;
  return listen(port1);
}

/** Does a background page (not a service worker) host Python, with its line broker (Firefox)? */
function backgroundPageHosts() {
  try {
    const background = /** @type {{scripts?: string[]} | undefined} */ (chrome.runtime.getManifest().background);
    return Array.isArray(background?.scripts) && typeof SharedWorker === "function";
  } catch {
    return false;
  }
}

/**
 * Whether a yes comes within READY_MS: start(answer) sets up what calls answer(yes); no
 * answer in time is a no. Later answers are ignored.
 * @param {(answer: (yes: boolean) => void) => void} start
 * @returns {Promise<boolean>}
 */
function answeredWithin(start) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), READY_MS);
    start((yes) => {
      clearTimeout(timer);
      resolve(yes);
    });
  });
}

/** Firefox: a line to the background page, through the extension's shared worker; or null. */
async function openToBackground() {
  if (!backgroundPageHosts()) return null;
  // The port first: it keeps the background page up while the line is made (a page that
  // was asleep has offered its lines to the broker once it says it is up), and tells when
  // it has gone (the line then goes with it).
  const farEnd = chrome.runtime.connect({ name: "python-line" });
  let gone = false;
  const up = await answeredWithin((answer) => {
    farEnd.onMessage.addListener((message) => answer(message?.up === true));
    farEnd.onDisconnect.addListener(() => {
      gone = true;
      answer(false);
      if (line.farEnd === farEnd) drop();
    });
  });
  if (!up) {
    if (!gone) farEnd.disconnect();
    return null;
  }
  const { port1, port2 } = new MessageChannel();
  /** @type {SharedWorker | null} */
  let broker = null;
  const ready = await answeredWithin((answer) => {
    port1.onmessage = ({ data }) => answer(data?.ready === true);
    try {
      broker = new SharedWorker(chrome.runtime.getURL("background/line_broker.js"), { name: "och-python-line" });
      broker.onerror = () => answer(false);
      broker.port.postMessage({ line: true }, [port2]);
    } catch {
      answer(false);
    }
  });
  broker?.port.close(); // its one message has been handled either way
  if (!ready || gone) {
    port1.close();
    farEnd.disconnect();
    return null;
  }
  line.farEnd = farEnd;
  return listen(port1);
}

/** The open line, opened now if need be; null when there is none to open. */
async function open() {
  if (line.port && (line.farEnd || (line.home && !line.home.closed))) return line.port;
  if (line.port) drop();
  const toWorker = openToWorker();
  if (toWorker || Date.now() < line.retryAt) return toWorker;
  line.opening ??= openToBackground()
    .catch(() => null)
    .then((port) => {
      line.opening = null;
      if (!port) line.retryAt = Date.now() + RETRY_MS;
      return port;
    });
  return line.opening;
}

/** Ask Python over the line. Resolves with py_core's envelope; rejects with `lost` if the
 * line goes or the host fails. `withContext`: the far end adds the line's order and profile (sent by sendContext). */
function overLine(port, request, payload, withContext) {
  return new Promise((resolve, reject) => {
    const id = ++line.nextId;
    line.pending.set(id, { resolve, reject });
    // The host's document can be closed while a request waits (the idle check, a test):
    // then nothing would answer.
    // (Firefox: the far end's runtime port says so itself.)
    if (line.home) {
      line.watch ??= setInterval(() => {
        if (!line.home || line.home.closed) drop();
      }, WATCH_MS);
    }
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
 * Send the line's far end what the background would add to advice and drafts, which it keeps for this line:
 * the order as read and the buyer's profile, each sent again only when it has changed. A
 * pick itself carries only the buyer's choices (issue 13), as through the background.
 */
async function sendContext(port) {
  const profile = profileOf(await savedSettings());
  const profileText = JSON.stringify(profile);
  const order = line.readOrder();
  if (port !== line.port) throw Object.assign(new Error("The line to Python was lost."), { lost: true });
  if (line.sent.order !== order) {
    port.postMessage({ method: "context", payload: { order } });
    line.sent.order = order;
  }
  if (line.sent.profile !== profileText) {
    port.postMessage({ method: "context", payload: { profile } });
    line.sent.profile = profileText;
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
  const port = name && !THROUGH_BACKGROUND.has(type) ? await open() : null;
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

