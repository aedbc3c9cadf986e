// Feature: right-click "Draft message" (background/context_menu.js). The box that was
// right-clicked receives the draft; selected text starts the draft.
import { log, openPanel, sendSnapshot, shared } from "./hub.js";
import { EDITABLE } from "./selectors.js";

let lastContextTarget = null;

export function startContextMenu() {
  document.addEventListener(
    "contextmenu",
    (event) => {
      const el = event.target instanceof Element ? event.target : null;
      lastContextTarget = el?.closest(EDITABLE) ?? null;
    },
    true,
  );
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (message?.target !== "content" || message.type !== "context/draft") return false;
    // Only the background sends this: not another page of ours (the panel, the options).
    if (!fromBackground(sender)) {
      sendResponse({ ok: false, error: { code: "forbidden", message: "context/draft comes from the background only" } });
      return false;
    }
    openForContext(message.payload ?? {}).then(
      () => sendResponse({ ok: true, result: true }),
      (err) => {
        log("draft from the context menu failed", err);
        sendResponse({ ok: false, error: { code: "context", message: String(err?.message ?? err) } });
      },
    );
    return true;
  });
}

/** The extension's background: Chrome's service worker or Firefox's background page. */
function fromBackground(sender) {
  const own = chrome.runtime.getURL("");
  if (sender?.id !== chrome.runtime.id || sender.tab || !String(sender.url ?? "").startsWith(own)) return false;
  const path = sender.url.slice(own.length);
  return path.startsWith("background/") || path.startsWith("_generated_background_page.html");
}

async function openForContext({ editable, selection }) {
  if (editable && lastContextTarget?.isConnected) shared.targetComposer = lastContextTarget;
  shared.context = { selection: typeof selection === "string" ? selection.slice(0, 500) : "", editable: !!editable };
  // A panel mounted just now asks for its snapshot itself ("ready") and gets the context then.
  const mountedNow = await openPanel();
  if (!mountedNow) sendSnapshot({ context: shared.context });
}
