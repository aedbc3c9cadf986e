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
  chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (message?.target !== "content" || message.type !== "context/draft") return false;
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

async function openForContext({ editable, selection }) {
  if (editable && lastContextTarget?.isConnected) shared.targetComposer = lastContextTarget;
  shared.context = { selection: typeof selection === "string" ? selection.slice(0, 500) : "", editable: !!editable };
  // A panel mounted just now asks for its snapshot itself ("ready") and gets the context then.
  const mountedNow = await openPanel();
  if (!mountedNow) sendSnapshot({ context: shared.context });
}
