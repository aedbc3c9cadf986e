// The content script: the extension's hands on an Ozon page. It boots the shared Python
// early, takes the order snapshot, mounts the panel iframe on order pages and talks to
// it over a private MessageChannel, and fills the chat box when the panel asks.
// It never puts page text into the DOM as HTML and never presses Send.
import { request } from "../shared/messages.js";
import { fillComposer, findComposers, isEmptyComposer, setOwnRoot } from "./composer.js";
import { isOrderDetails } from "./page_kind.js";
import { takeSnapshot } from "./snapshot.js";

const HOLD_MS = 10 * 60 * 1000;
const PANEL_WIDTH = 400;

const state = {
  frame: null,
  port: null,
  lastFocusedComposer: null,
  targetComposer: null, // the box right-clicked for "Draft message"
  context: null, // {selection, editable} from the context menu
  held: null, // {text, until}
  observer: null,
};

function log(...args) {
  console.debug("[ozon-contact-helper]", ...args);
}

// 1. Start Python as soon as an Ozon page opens, before the buyer reaches for the panel.
const booting = request("host/boot").catch((err) => ({ state: "failed", error: { message: err.message } }));
booting.then((status) => {
  if (status?.keepalive) keepBackgroundAwake();
});

// Firefox suspends an idle background page, and Python with it. While an Ozon tab is
// open, a port and a ping every 20 s keep it awake; if it went away all the same (an
// update, a crash), boot it again so the buyer does not wait when opening the panel.
function keepBackgroundAwake() {
  const port = chrome.runtime.connect({ name: "keepalive" });
  const timer = setInterval(() => port.postMessage("ping"), 20_000);
  port.onDisconnect.addListener(() => {
    clearInterval(timer);
    setTimeout(() => {
      request("host/boot")
        .then((status) => status?.keepalive && keepBackgroundAwake())
        .catch((err) => log("could not restart the Python host", err));
    }, 1000);
  });
}

// Right-click "Draft message" (background/context_menu.js): the box that was
// right-clicked receives the draft; selected text starts the draft.
let lastContextTarget = null;
document.addEventListener(
  "contextmenu",
  (event) => {
    const el = event.target instanceof Element ? event.target : null;
    lastContextTarget = el?.closest('textarea, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]') ?? null;
  },
  true,
);

chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (message?.target !== "content" || message.type !== "context/draft") return false;
  openForContext(message.payload ?? {}).then(
    () => sendResponse({ ok: true, result: true }),
    (err) => sendResponse({ ok: false, error: { code: "context", message: String(err?.message ?? err) } }),
  );
  return true;
});

async function openForContext({ editable, selection }) {
  if (editable && lastContextTarget?.isConnected) state.targetComposer = lastContextTarget;
  state.context = { selection: typeof selection === "string" ? selection.slice(0, 500) : "", editable: !!editable };
  if (!state.frame?.isConnected) {
    await mountPanel();
  } else {
    state.frame.style.display = "";
    post({ type: "snapshot", snapshot: takeSnapshot(), url: location.href, context: state.context });
  }
}

// Remember the chat box the buyer last used, so Insert goes there.
document.addEventListener(
  "focusin",
  (event) => {
    const el = event.target;
    if (el instanceof HTMLTextAreaElement || el?.isContentEditable) state.lastFocusedComposer = el;
  },
  true,
);

function whenReady() {
  if (document.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
}

// 2. The panel: an extension page in an iframe; page scripts cannot read into it, and
// it only trusts the port that arrives with this tab's nonce.
async function mountPanel() {
  if (state.frame?.isConnected) return;
  const nonce = crypto.randomUUID() + crypto.randomUUID();
  await request("panel/register", { nonce });
  const frame = document.createElement("iframe");
  frame.src = chrome.runtime.getURL("panel/panel.html");
  frame.setAttribute("data-testid", "och-panel");
  frame.setAttribute("title", chrome.i18n.getMessage("extName") || "Ozon Contact Helper");
  frame.setAttribute("allow", "clipboard-write");
  Object.assign(frame.style, {
    position: "fixed",
    right: "16px",
    bottom: "16px",
    width: `${PANEL_WIDTH}px`,
    height: "560px",
    maxHeight: "calc(100vh - 32px)",
    border: "0",
    borderRadius: "12px",
    boxShadow: "0 8px 32px rgba(0,26,52,.24)",
    zIndex: "2147483646",
    colorScheme: "normal",
    background: "transparent",
  });
  setOwnRoot(frame);
  const channel = new MessageChannel();
  frame.addEventListener(
    "load",
    () => {
      frame.contentWindow.postMessage({ type: "och-connect", nonce }, new URL(chrome.runtime.getURL("")).origin, [channel.port2]);
    },
    { once: true },
  );
  state.frame = frame;
  state.port = channel.port1;
  channel.port1.onmessage = (event) => onPanelMessage(event.data);
  (document.body ?? document.documentElement).appendChild(frame);
  // Ozon's single-page navigation may rebuild the body: put the panel back if it goes.
  new MutationObserver(() => {
    if (!frame.isConnected && isOrderDetails(location.href)) (document.body ?? document.documentElement).appendChild(frame);
  }).observe(document.documentElement, { childList: true, subtree: false });
}

// Folded or open is remembered per site (ozon.ru, ozon.kz, ...).
const collapseKey = () => `collapsed:${location.hostname}`;
async function isCollapsedHere() {
  try {
    return !!(await chrome.storage.local.get(collapseKey()))[collapseKey()];
  } catch {
    return false;
  }
}

function post(message) {
  state.port?.postMessage(message);
}

async function onPanelMessage(message) {
  if (!message || typeof message !== "object") return;
  switch (message.type) {
    case "ready":
      post({ type: "snapshot", snapshot: takeSnapshot(), url: location.href, collapsed: await isCollapsedHere(), context: state.context });
      break;
    case "resnapshot":
      post({ type: "snapshot", snapshot: takeSnapshot(), url: location.href });
      break;
    case "insert":
      post({ type: "insert-result", id: message.id, ...(await insertDraft(String(message.text ?? ""), !!message.replace)) });
      break;
    case "collapse":
      chrome.storage.local.set({ [collapseKey()]: !!message.collapsed }).catch(() => {});
      if (state.frame) {
        state.frame.style.width = message.collapsed ? "56px" : `${PANEL_WIDTH}px`;
        state.frame.style.height = message.collapsed ? "56px" : "560px";
      }
      break;
    default:
      log("unknown panel message", message.type);
  }
}

// 3. Insert: into the chat box the buyer used last, else the best one on the page; with
// none on the page, hold the draft for the first empty chat box that appears.
async function insertDraft(text, replace) {
  if (!text.trim()) return { status: "failed", message: "The draft is empty." };
  const preferred = state.targetComposer?.isConnected ? state.targetComposer : state.lastFocusedComposer;
  const [composer] = findComposers(document, { preferred });
  if (composer) {
    // A draft held earlier is superseded by this one.
    if (state.held) {
      stopWatching();
      state.held = null;
      request("draft/clear").catch(() => {});
    }
    return fillComposer(composer, text, { replace });
  }
  await holdDraft({ text, until: Date.now() + HOLD_MS });
  return { status: "held", until: state.held.until };
}

async function holdDraft(held) {
  state.held = held;
  try {
    await request("draft/hold", held);
  } catch (err) {
    log("could not keep the draft in the background", err);
  }
  watchForComposer();
}

function watchForComposer() {
  if (state.observer) return;
  const check = async () => {
    if (!state.held) return;
    if (Date.now() > state.held.until) return stopWatching();
    const [composer] = findComposers(document).filter(isEmptyComposer);
    if (!composer) return;
    const { text } = state.held;
    stopWatching();
    state.held = null;
    const result = await fillComposer(composer, text);
    if (result.status === "inserted") {
      showReviewNote(composer);
      request("draft/clear").catch(() => {});
      post({ type: "insert-result", id: "held", status: "inserted", late: true });
    }
  };
  state.observer = new MutationObserver(() => {
    clearTimeout(state.checkTimer);
    state.checkTimer = setTimeout(check, 50);
  });
  state.observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["style", "class", "hidden", "contenteditable"] });
  state.expiry = setTimeout(stopWatching, Math.max(0, state.held.until - Date.now()));
  check();
}

function stopWatching() {
  state.observer?.disconnect();
  state.observer = null;
  clearTimeout(state.expiry);
  clearTimeout(state.checkTimer);
}

/** A visible note beside a chat box we filled on our own: the buyer must review it. */
function showReviewNote(composer) {
  const note = document.createElement("div");
  note.setAttribute("role", "status");
  note.setAttribute("data-testid", "och-review-note");
  note.textContent = chrome.i18n.getMessage("reviewNote") || "Ozon Contact Helper put a draft here. Read it and press Send yourself.";
  const rect = composer.getBoundingClientRect();
  Object.assign(note.style, {
    position: "fixed",
    left: `${Math.max(8, rect.left)}px`,
    top: `${Math.max(8, rect.top - 40)}px`,
    maxWidth: `${Math.max(240, rect.width)}px`,
    padding: "6px 10px",
    font: "13px/1.35 system-ui, sans-serif",
    color: "#001a34",
    background: "#fff7d6",
    border: "1px solid #f1c40f",
    borderRadius: "8px",
    zIndex: "2147483645",
  });
  document.documentElement.appendChild(note);
  const remove = () => note.remove();
  setTimeout(remove, 20_000);
  composer.addEventListener("input", remove, { once: true });
}

/** Ozon moves between pages without reloading: follow the address. */
function followNavigation() {
  let last = location.href;
  setInterval(() => {
    if (location.href === last) return;
    last = location.href;
    const onOrder = isOrderDetails(last);
    if (onOrder && !state.frame) mountPanel().catch((err) => log("mount failed", err));
    if (state.frame) state.frame.style.display = onOrder ? "" : "none";
    if (onOrder) post({ type: "snapshot", snapshot: takeSnapshot(), url: last });
  }, 1000);
}

async function main() {
  await whenReady();
  if (isOrderDetails(location.href)) await mountPanel();
  followNavigation();
  // A draft held in this tab before a navigation still waits for its chat box.
  try {
    const held = await request("draft/held");
    if (held && !state.held) {
      state.held = held;
      watchForComposer();
    }
  } catch (err) {
    log("no held draft", err);
  }
}

main().catch((err) => log("start failed", err));
