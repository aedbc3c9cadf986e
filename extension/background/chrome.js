// Chrome: the service worker routes; Python lives in an offscreen document, opened when
// the browser starts and started the first time an Ozon page or the panel asks for it.
import { serve, unwrap } from "../shared/messages.js";
import { startRouter } from "./router.js";

// Python costs ~150-250 MB while it is up. It boots on the first Ozon page (the content
// script asks for host/boot at document_start) and closes once no Ozon tab has been open
// for IDLE_CLOSE_MINUTES; the next Ozon page boots it again (from the snapshot, ~1 s).
export const IDLE_CLOSE_MINUTES = 10;
const IDLE_ALARM = "och-host-idle";
const OZON_TABS = "host:ozon-tabs";
const LAST_OZON = "host:last-ozon-tab";
// Tests only (an extension page writes it to storage.session): close after this many ms
// instead, checked twice as often (unpacked extensions' alarms may fire that often).
const IDLE_CLOSE_MS_KEY = "host:idle-close-ms";

/** The host's idle close delay in ms (shorter when a test set it). @returns {Promise<number>} */
async function idleCloseMs() {
  const ms = Number((await chrome.storage.session.get(IDLE_CLOSE_MS_KEY))[IDLE_CLOSE_MS_KEY]);
  return Number.isFinite(ms) && ms > 0 ? ms : IDLE_CLOSE_MINUTES * 60_000;
}

/** The idle check's alarm: every minute, or every half close delay if that is shorter. */
async function startIdleAlarm() {
  const periodInMinutes = Math.min(1, (await idleCloseMs()) / 2 / 60_000);
  await chrome.alarms?.create(IDLE_ALARM, { periodInMinutes });
}

const OFFSCREEN_URL = "offscreen/offscreen.html";
let ensuring = null;
let hostSeen = false; // this worker has had an answer from the offscreen document

/** The offscreen document, made if it is not there. Callers at the same time share one
 * check: a document that is still being made is listed by getContexts before its script
 * listens, so a second caller must wait for the first one's creation, not only check. */
function ensureOffscreen() {
  ensuring ??= (async () => {
    const contexts = await chrome.runtime.getContexts({
      contextTypes: ["OFFSCREEN_DOCUMENT"],
      documentUrls: [chrome.runtime.getURL(OFFSCREEN_URL)],
    });
    if (contexts.length > 0) return;
    await chrome.offscreen
      .createDocument({
        url: OFFSCREEN_URL,
        reasons: ["WORKERS"],
        justification: "Runs the extension's Python core (Pyodide) once for all Ozon tabs.",
      })
      .catch((err) => {
        // Another caller (an older worker's) created it between our check and our call.
        if (!String(err?.message).includes("single offscreen")) throw err;
      });
    await startIdleAlarm();
  })().finally(() => {
    ensuring = null;
  });
  return ensuring;
}

/** Is the content script still in this tab (i.e. is it still on an Ozon page)? */
async function stillOnOzon(tabId) {
  try {
    await chrome.tabs.sendMessage(tabId, { target: "content", type: "host/still-there" });
    return true;
  } catch (err) {
    // No content script in the tab (closed, or gone to another site) is this error; a
    // content script that does not answer this message is any other.
    return !/Receiving end does not exist|No tab with id/i.test(String(err?.message));
  }
}

async function closeOffscreen() {
  hostSeen = false;
  const contexts = await chrome.runtime.getContexts({ contextTypes: ["OFFSCREEN_DOCUMENT"] });
  if (contexts.length > 0) await chrome.offscreen.closeDocument();
  await chrome.alarms?.clear(IDLE_ALARM);
  return { closed: contexts.length > 0 };
}

async function checkIdle() {
  const session = chrome.storage.session;
  const stored = /** @type {{[OZON_TABS]?: number[], [LAST_OZON]?: number}} */ (await session.get([OZON_TABS, LAST_OZON]));
  const tabs = stored[OZON_TABS] ?? [];
  const alive = [];
  for (const id of tabs) if (await stillOnOzon(id)) alive.push(id);
  const now = Date.now();
  if (alive.length > 0 || !stored[LAST_OZON]) {
    await session.set({ [OZON_TABS]: alive, [LAST_OZON]: now });
    return;
  }
  await session.set({ [OZON_TABS]: alive });
  if (now - stored[LAST_OZON] >= (await idleCloseMs())) await closeOffscreen();
}

chrome.storage.session.onChanged?.addListener((changes) => {
  if (!(IDLE_CLOSE_MS_KEY in changes)) return;
  chrome.runtime
    .getContexts({ contextTypes: ["OFFSCREEN_DOCUMENT"] })
    .then((open) => open.length > 0 && startIdleAlarm())
    .catch((err) => console.warn("[ozon-contact-helper] idle alarm", err));
});

chrome.alarms?.onAlarm.addListener((alarm) => {
  if (alarm.name === IDLE_ALARM) checkIdle().catch((err) => console.warn("[ozon-contact-helper] idle check", err));
});

// Remember which tabs asked for Python (their content scripts do, on every Ozon page).
chrome.runtime.onMessage.addListener((message, sender) => {
  if (message?.target === "background" && message.type === "host/boot" && sender.tab?.id != null) {
    const session = chrome.storage.session;
    session.get(OZON_TABS).then((stored) => {
      const tabs = new Set(/** @type {number[]} */ (stored[OZON_TABS] ?? []));
      tabs.add(sender.tab.id);
      return session.set({ [OZON_TABS]: [...tabs], [LAST_OZON]: Date.now() });
    });
  }
  return false;
});

// The host's home is opened when the browser starts (or the extension is installed or
// updated): Chrome takes ~150-200 ms to make an offscreen document, which an Ozon page
// opened soon after would otherwise wait for. Until an Ozon page asks, it holds no Python:
// its workers have loaded their scripts, the runtime is set up as far as it can be without
// its wasm, and they wait (offscreen.js; ~37 MB of the extension process in all). With no Ozon tab, the idle check closes it like the host, after
// IDLE_CLOSE_MINUTES; a later Ozon page makes it again.
function openHome() {
  ensureOffscreen().catch((err) => console.warn("[ozon-contact-helper] host home", err));
}
chrome.runtime.onStartup.addListener(openHome);
chrome.runtime.onInstalled.addListener(openHome);

// For the benchmark and tests: close the host now, as the idle check would.
serve("python-host-admin", { "host/close": () => closeOffscreen() });

/** The host's whole answer envelope: {ok, result} or {ok: false, error}. */
async function askHost(type, payload) {
  const message = { target: "python-host", type, payload };
  // Once this worker has seen the offscreen document, it asks it directly (no
  // getContexts round trip on every draft); if it has gone, it is made again.
  if (hostSeen) {
    const answer = await chrome.runtime.sendMessage(message).catch(() => null);
    if (answer) return answer;
    hostSeen = false;
  }
  await ensureOffscreen();
  const answer = await chrome.runtime.sendMessage(message);
  if (!answer) throw Object.assign(new Error("The Python host did not answer."), { code: "host-silent" });
  hostSeen = true;
  return answer;
}

async function hostResult(type, payload) {
  return unwrap(await askHost(type, payload), type);
}

startRouter({
  keepalive: false,
  // relayed_at: when this worker passed the ask on (the benchmark's timeline).
  boot: (opts) => hostResult("python/boot", { ...opts, relayed_at: performance.timeOrigin + performance.now() }),
  status: () => hostResult("python/status", {}),
  // python/call answers with py_core's own envelope (or its text: packed), passed on as it is.
  call: (request, payload, options) => askHost("python/call", { request, payload, packed: options?.packed === true }),
});
