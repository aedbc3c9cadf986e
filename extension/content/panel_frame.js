// Feature: the panel frame. An extension page in an iframe; page scripts cannot read into
// it, and it only trusts the port that arrives with this tab's nonce. Here: mounting,
// size, folding (remembered per site), and staying on the page across Ozon's navigation.
import { request } from "../shared/messages.js";
import { setOwnRoot } from "./composer.js";
import { attachPort, log, onNavigate, onPanel, provide, whenReady } from "./hub.js";
import { isOrderDetails } from "./page_kind.js";

const PANEL_WIDTH = 400;
let frame = null;

export async function startPanelFrame() {
  provide("openPanel", openPanel);
  provide("isCollapsed", isCollapsedHere);
  onPanel("collapse", onCollapse);
  await whenReady();
  if (isOrderDetails(location.href)) await mountPanel();
  onNavigate((url) => {
    const onOrder = isOrderDetails(url);
    if (onOrder && !frame) mountPanel().catch((err) => log("mount failed", err));
    if (frame) frame.style.display = onOrder ? "" : "none";
  });
}

async function openPanel() {
  if (frame?.isConnected) {
    frame.style.display = "";
    return false;
  }
  await mountPanel();
  return true;
}

async function mountPanel() {
  if (frame?.isConnected) return;
  const nonce = crypto.randomUUID() + crypto.randomUUID();
  await request("panel/register", { nonce });
  const el = document.createElement("iframe");
  el.src = chrome.runtime.getURL("panel/panel.html");
  el.setAttribute("data-testid", "och-panel");
  el.setAttribute("title", chrome.i18n.getMessage("extName") || "Ozon Contact Helper");
  el.setAttribute("allow", "clipboard-write");
  Object.assign(el.style, {
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
  setOwnRoot(el);
  const channel = new MessageChannel();
  el.addEventListener(
    "load",
    () => {
      el.contentWindow.postMessage({ type: "och-connect", nonce }, new URL(chrome.runtime.getURL("")).origin, [channel.port2]);
    },
    { once: true },
  );
  frame = el;
  attachPort(channel.port1);
  (document.body ?? document.documentElement).appendChild(el);
  // Ozon's single-page navigation may rebuild the body: put the panel back if it goes.
  new MutationObserver(() => {
    if (!el.isConnected && isOrderDetails(location.href)) (document.body ?? document.documentElement).appendChild(el);
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

function onCollapse(message) {
  chrome.storage.local.set({ [collapseKey()]: !!message.collapsed }).catch(() => {});
  if (frame) {
    frame.style.width = message.collapsed ? "56px" : `${PANEL_WIDTH}px`;
    frame.style.height = message.collapsed ? "56px" : "560px";
  }
}
