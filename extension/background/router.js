// The background's one map of handlers. It routes core requests to the Python host
// (whatever hosts it in this browser) and keeps per-tab state that must outlive a page:
// the panel's nonce and a draft held until a chat box appears.
import { HELD_DRAFT_MS, OZON_HOST_RE } from "../shared/contract.js";
import { CORE_REQUESTS, REQUESTS, envelope, serve, unwrap } from "../shared/messages.js";
import { addContext } from "../python_host/line.js";
import { createCaseStore } from "./case_store.js";
import { startContextMenu } from "./context_menu.js";
import { scheduleReminders, startReminders } from "./reminders.js";

/** How long an order read ahead for a tab's panel (order/prefetch) waits to be taken. */
export const PREFETCH_MS = 30_000;

// Who may ask what. Every runtime message says who sent it (the browser fills `sender`,
// a page cannot forge it): our own extension pages (the panel, the options, the
// offscreen document), or our content script in the top frame of an Ozon page. A
// content script runs beside page scripts it does not control, so it may send only the
// requests the message map (shared/messages.js) lists as coming from "content"; the case
// log, the settings and the export answer only extension pages. Ozon's hosts: OZON_HOST_RE,
// generated from py_core/data/page.json.

// The pages that sit in a tab's iframe and take the content script's private port.
const FRAMED_PAGES = ["panel/panel.html", "ask/ask.html"];

/** "panel" (the panel or the ask page in a tab), "page" (another extension page), "content" or null. */
export function senderKind(sender) {
  if (!sender || sender.id !== chrome.runtime.id) return null;
  const own = chrome.runtime.getURL("");
  const url = String(sender.url ?? "");
  if (url.startsWith(own)) {
    const path = url.slice(own.length).split(/[?#]/)[0];
    return FRAMED_PAGES.includes(path) && sender.tab ? "panel" : "page";
  }
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (sender.tab && sender.frameId === 0 && parsed.protocol === "https:" && OZON_HOST_RE.test(parsed.hostname)) return "content";
  return null;
}

/** May a sender of this kind make this request? Content scripts: only what the message
 * map lists as sent by "content". Our own pages (panel, options, any other page of ours):
 * everything except what only the content script sends. */
export function mayAsk(type, kind, requests = REQUESTS) {
  if (!kind) return false;
  const from = (requests[type]?.from ?? "panel, options").split(",").map((s) => s.trim());
  if (kind === "content") return from.includes("content");
  if (type === "panel/hello") return kind === "panel";
  return from.some((who) => who !== "content");
}

/** The same handlers, each refusing senders that may not ask for it. */
function guarded(handlers) {
  return Object.fromEntries(
    Object.entries(handlers).map(([type, handler]) => [
      type,
      (payload, sender) => {
        if (!mayAsk(type, senderKind(sender))) {
          throw Object.assign(new Error(`${type} is not answered for this sender.`), { code: "forbidden" });
        }
        return handler(payload, sender);
      },
    ]),
  );
}

/**
 * @param {{boot: (opts?: object) => Promise<any>, status: () => Promise<any>,
 *          call: (request: string, payload: object, options?: {packed?: boolean}) => Promise<any>,
 *          keepalive: boolean}} host  (call with packed: py_core's answer as its JSON text, see python_host/host.js)
 */
export function startRouter(host) {
  const session = chrome.storage.session;
  const tabKey = (sender, kind) => `${kind}:${sender.tab?.id ?? "none"}`;

  // A content script registers its panel's nonce while the panel frame loads. This worker
  // keeps the nonces in memory from the moment it is told (a hello that comes while the
  // write is under way finds it, with no storage read); storage.session has them for a
  // worker that was restarted since.
  const nonces = new Map();

  const handlers = {
    "host/boot": async (payload) => ({ ...(await host.boot(payload)), keepalive: host.keepalive }),
    "host/status": async () => ({ ...(await host.status()), keepalive: host.keepalive }),
    "panel/register": async ({ nonce }, sender) => {
      if (typeof nonce !== "string" || nonce.length < 16) throw new Error("bad nonce");
      const key = tabKey(sender, "nonce");
      nonces.set(key, nonce);
      await session.set({ [key]: nonce });
      return true;
    },
    "panel/hello": async (_payload, sender) => {
      const key = tabKey(sender, "nonce");
      const nonce = nonces.get(key) ?? (await session.get(key))[key];
      if (!nonce) throw Object.assign(new Error("This tab has no Ozon Contact Helper page script."), { code: "no-tab" });
      return { nonce, tabId: sender.tab?.id, ...(await handPrefetch(sender)) };
    },
    "draft/hold": async ({ text, until }, sender) => {
      if (typeof text !== "string" || !text) throw new Error("empty draft");
      const expires = Math.min(Number(until) || 0, Date.now() + HELD_DRAFT_MS);
      await session.set({ [tabKey(sender, "held")]: { text, until: expires } });
      return { until: expires };
    },
    "draft/held": async (_payload, sender) => {
      const key = tabKey(sender, "held");
      const held = /** @type {{text: string, until: number} | undefined} */ ((await session.get(key))[key]);
      if (!held || held.until < Date.now()) {
        if (held) await session.remove(key);
        return null;
      }
      return held;
    },
    "draft/clear": async (_payload, sender) => {
      await session.remove(tabKey(sender, "held"));
      return true;
    },
  };
  /** py_core.bridge through the host: the result, or a thrown error with py_core's message. */
  const core = async (request, payload) => unwrap(await host.call(request, payload), request);
  const store = createCaseStore(core, { onChange: (kase) => scheduleReminders(kase) });

  // The order as core/extract read it from a tab's page, kept per tab (storage.session
  // outlives a restarted service worker and a closed Python host). The panel sends only
  // the buyer's corrections; the order is added here. A request that names an order of its
  // own (an extension page, a test) keeps it.
  const storedOrder = async (payload, sender) => {
    if (payload.order !== undefined || sender.tab?.id == null) return null; // (no read needed)
    const key = tabKey(sender, "order");
    return (await session.get(key))[key] ?? null;
  };
  const withOrder = async (payload, sender) => addContext(payload, { order: await storedOrder(payload, sender) });
  const keepOrder = async (answer, sender) => {
    if (!answer?.ok || sender.tab?.id == null) return;
    const order = answer.result?.order;
    if (order) await session.set({ [tabKey(sender, "order")]: order });
    else await session.remove(tabKey(sender, "order"));
  };
  Object.assign(handlers, {
    "log/record": async (payload, sender) => store.record(await withOrder(payload, sender)),
    "log/update": (payload) => store.update(payload),
    "log/link": (payload) => store.link(payload),
    "log/case-status": (payload) => store.setCaseStatus(payload),
    "log/list": (payload) => store.list(payload),
    "log/escalation": (payload) => store.escalation(payload),
    "log/export": (payload) => store.exportAll(payload),
    "log/import": (payload) => store.importAll(payload),
    "log/delete-all": async () => {
      await store.deleteAll();
      await chrome.alarms?.clearAll();
      return true;
    },
    "ui/open-options": async () => {
      await chrome.runtime.openOptionsPage();
      return true;
    },
    // The claim page (claim/claim.html?case=<id>): the escalation documents for a logged case,
    // with the saved profile; `printed` logs that step in the case first.
    "claim/get": async ({ caseId, lang, parties, printed }) => {
      if (printed) await store.step({ caseId, step: printed });
      const kase = await store.get(caseId);
      const claim = await core("claim", { case: kase, lang, profile: await store.profile(), ...(parties ? { parties } : {}) });
      return { case: kase, claim };
    },
    "settings/get": () => store.getSettings(),
    "settings/set": (payload) => store.setSettings(payload),
  });
  startReminders(store);
  startContextMenu();
  // The toolbar button opens the case log and settings.
  chrome.action?.onClicked.addListener(() => chrome.runtime.openOptionsPage());
  // The keyboard shortcut (manifest `commands`) opens or folds the panel of the active tab.
  chrome.commands?.onCommand.addListener(async (command, tab) => {
    if (command !== "toggle-panel") return;
    const tabId = tab?.id ?? (await chrome.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (tabId == null) return;
    chrome.runtime.sendMessage({ target: "panel", type: "panel/toggle", payload: { tabId } }).catch(() => {});
  });

  // py_core's reply is the one envelope: passed on as it is, as its JSON text (packed),
  // opened only by the asker's `unwrap`.
  for (const [type, bridgeRequest] of Object.entries(CORE_REQUESTS)) {
    handlers[type] = async (payload) => envelope(await host.call(bridgeRequest, payload, { packed: true }));
  }
  // A new tab's order is read as soon as its page is there, while its panel frame is
  // still loading (issue 9, M3): the content script sends the snapshot it will hand the
  // panel; the answer goes to the panel's panel/hello (handPrefetch, if Python has answered
  // by then) or else to its core/extract of that same snapshot (takePrefetch). Held in
  // this worker's memory only, handed over once, for at most PREFETCH_MS.
  const prefetched = new Map(); // tab key -> {text, answer, timer, read}; read: the answer once settled (null until then, or if it failed)
  const dropPrefetch = (key) => {
    clearTimeout(prefetched.get(key)?.timer);
    prefetched.delete(key);
  };
  handlers["order/prefetch"] = async ({ snapshot }, sender) => {
    if (sender.tab?.id == null || !snapshot || typeof snapshot !== "object") throw new Error("no snapshot");
    const key = tabKey(sender, "prefetch");
    dropPrefetch(key);
    const answer = host.call("extract", { snapshot });
    const kept = { text: JSON.stringify({ snapshot }), answer, timer: setTimeout(() => dropPrefetch(key), PREFETCH_MS), read: null };
    prefetched.set(key, kept);
    kept.read = await answer.catch(() => null);
    return true;
  };
  /** For panel/hello: this tab's order read ahead, if Python has already answered (a new
   * tab; on a cold start it has not, and core/extract takes the reading later). The panel
   * shows it at once, and sends no extract if its port then brings the same snapshot: one
   * round trip fewer through this worker before its order shows (issue 9, M3). Handed
   * over at most once, like takePrefetch, and saved as the tab's order (keepOrder) just as
   * core/extract saves it. */
  async function handPrefetch(sender) {
    const key = tabKey(sender, "prefetch");
    const kept = sender.tab?.id != null ? prefetched.get(key) : null;
    if (!kept?.read?.ok) return {};
    dropPrefetch(key);
    await keepOrder(kept.read, sender);
    return { prefetch: { text: kept.text, result: kept.read.result } };
  }
  /** The prefetched answer for exactly this payload from this tab, once; else null. */
  const takePrefetch = (payload, sender) => {
    const key = tabKey(sender, "prefetch");
    const kept = sender.tab?.id != null ? prefetched.get(key) : null;
    if (!kept) return null;
    dropPrefetch(key);
    return kept.text === JSON.stringify(payload) ? kept.answer : null;
  };
  handlers["core/extract"] = async (payload, sender) => {
    const answer = await (takePrefetch(payload, sender) ?? host.call("extract", payload));
    await keepOrder(answer, sender);
    return envelope(answer);
  };
  // Advice and drafts: the tab's order and the saved profile added to the buyer's choices.
  for (const type of ["core/advise", "core/draft"]) {
    handlers[type] = async (payload, sender) => {
      const [profile, order] = await Promise.all([store.profile(), storedOrder(payload, sender)]);
      return envelope(await host.call(CORE_REQUESTS[type], addContext(payload, { order, profile }), { packed: true }));
    };
  }
  serve("background", guarded(handlers));

  chrome.tabs?.onRemoved?.addListener((tabId) => {
    session.remove([`nonce:${tabId}`, `held:${tabId}`, `order:${tabId}`]);
    nonces.delete(`nonce:${tabId}`);
    dropPrefetch(`prefetch:${tabId}`);
  });

  // Content scripts of open Ozon tabs hold a port so that a background page that hosts
  // Python (Firefox) is not suspended while the buyer may need it.
  // A panel with its own line to Python in this page (Firefox: panel/python_line.js) holds
  // a port too: told that this page is up (and has offered its lines), and later, by the
  // port's disconnect, that it has gone, and the line's far end with it.
  chrome.runtime.onConnect.addListener((port) => {
    const kind = senderKind(port.sender);
    const allowed = (port.name === "keepalive" && kind === "content") || (port.name === "python-line" && kind === "panel");
    if (!allowed) return port.disconnect();
    port.onMessage.addListener(() => {});
    if (port.name === "python-line") port.postMessage({ up: true });
  });
  return handlers;
}
