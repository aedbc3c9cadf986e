// Right-click "Draft message" on Ozon pages: on a text box it opens the panel for that
// box (Insert then fills it); on selected text (an order number, a product name) it
// starts a draft with that text filled in. The content script does the work.
import { OZON_MATCHES } from "../shared/contract.js";

const MENU_ID = "och-draft-message";

export function createContextMenu() {
  if (!chrome.contextMenus) return;
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({
      id: MENU_ID,
      title: chrome.i18n.getMessage("menuDraft") || "Draft message",
      contexts: ["editable", "selection"],
      documentUrlPatterns: [...OZON_MATCHES],
    });
  });
}

/** What a click on the menu item does: hand it to that frame's content script. */
export async function handleContextMenuClick(info, tab) {
  if (info.menuItemId !== MENU_ID || tab?.id == null) return false;
  const payload = { editable: !!info.editable, selection: (info.selectionText ?? "").slice(0, 500) };
  await chrome.tabs.sendMessage(tab.id, { target: "content", type: "context/draft", payload }, { frameId: info.frameId ?? 0 });
  return true;
}

export function startContextMenu() {
  chrome.runtime.onInstalled.addListener(createContextMenu);
  chrome.runtime.onStartup?.addListener(createContextMenu);
  chrome.contextMenus?.onClicked.addListener((info, tab) => {
    handleContextMenuClick(info, tab).catch((err) => console.warn("[ozon-contact-helper] menu failed", err));
  });
  // Headless browsers draw no menus: the e2e suites call the same handler from here.
  globalThis.ochHandleContextMenuClick = handleContextMenuClick;
}
