// Feature: ask the seller before buying (issue 14). On /product/ pages of each Ozon site a
// small folded "Ask the seller" button (data-testid="och-ask"); it never opens anything by
// itself. Pressed, it opens the ask page (extension/ask/ask.html) in the och-panel iframe,
// which reads the product through Python and drafts the question. Insert comes back here
// and goes into the product's question form («Задать вопрос») or, without one, the seller
// chat box, through composer.js's fillComposer. Nothing here presses Send.
//
// Its own port (not hub.js's, which is the order panel's): ask.js <-> this file.
//   ask -> content: ready | resnapshot | insert {id, text, replace, target} | close
//   content -> ask: snapshot {snapshot, url, boxes: {question_form, seller_chat}} |
//                   insert-result {id, status: inserted|needs-confirm|no-box|failed, target, message?}
import { request } from "../shared/messages.js";
import { fillComposer, findComposers } from "./composer.js";
import { log, onNavigate, whenReady } from "./hub.js";
import { FRAME_LOOK, portTo } from "./panel_frame.js";
import { OZON_HOSTS } from "./selectors.js";
import { takeSnapshot } from "./snapshot.js";

// A product page: https://www.ozon.ru/product/<slug>-<sku>/ (py_core/data/page.json, section "product"
// has the same pattern, with its sources; fixtures: tests/fixtures/product_pages/).
const PRODUCT_PATH = /^\/product\/[^/]+\/?$/;
// The words that mark the question form and the seller chat. Their markup is in no public
// source (page.json product "question_form"/"seller_chat"): a box counts when its own
// hints or the block around it carry these words.
const QUESTION_HINT = /задать вопрос|ваш вопрос|вопрос о товаре|вопросы о товаре|вопрос продавцу/i;
const SELLER_CHAT_HINT = /сообщение продавцу|написать продавцу|чат с продавцом|сообщение/i;
const BLOCK = "form, section, aside, [role='dialog'], [data-widget]";

const FRAME_WIDTH = 380;
const LABELS = { ru: "Спросить продавца", zh: "问卖家", en: "Ask the seller" };

let button = null;
let frame = null;
let port = null;

export function isProductPage(url) {
  try {
    const u = new URL(url);
    return OZON_HOSTS.includes(u.hostname) && PRODUCT_PATH.test(u.pathname);
  } catch {
    return false;
  }
}

export async function startProductAsk() {
  await whenReady();
  showButton(isProductPage(location.href));
  onNavigate((url) => {
    const onProduct = isProductPage(url);
    if (!onProduct) closeFrame();
    showButton(onProduct && frame?.style.display !== "");
    if (onProduct && frame) postSnapshot();
  });
}

function uiLabel() {
  const lang = (chrome.i18n.getUILanguage() || "en").toLowerCase();
  return lang.startsWith("ru") ? LABELS.ru : lang.startsWith("zh") ? LABELS.zh : LABELS.en;
}

function showButton(visible) {
  if (!visible) {
    if (button) button.style.display = "none";
    return;
  }
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    button.setAttribute("data-testid", "och-ask");
    button.textContent = `✉ ${uiLabel()}`;
    Object.assign(button.style, {
      position: "fixed",
      right: "16px",
      bottom: "16px",
      zIndex: "2147483645",
      padding: "10px 16px",
      font: "600 15px/1.2 system-ui, sans-serif",
      color: "#fff",
      background: "#005bff",
      border: "0",
      borderRadius: "20px",
      boxShadow: "0 4px 16px rgba(0,26,52,.24)",
      cursor: "pointer",
    });
    button.addEventListener("click", () => openFrame().catch((err) => log("ask: open failed", err)));
  }
  if (!button.isConnected) (document.body ?? document.documentElement).appendChild(button);
  button.style.display = "";
}

async function openFrame() {
  showButton(false);
  if (frame?.isConnected) {
    frame.style.display = "";
    return;
  }
  const nonce = crypto.randomUUID() + crypto.randomUUID();
  await request("panel/register", { nonce });
  const el = document.createElement("iframe");
  el.src = chrome.runtime.getURL("ask/ask.html");
  el.setAttribute("data-testid", "och-panel");
  el.setAttribute("data-och-page", "ask");
  el.setAttribute("title", uiLabel());
  el.setAttribute("allow", "clipboard-write");
  Object.assign(el.style, {
    ...FRAME_LOOK,
    right: "16px",
    bottom: "16px",
    width: `${FRAME_WIDTH}px`,
    height: "600px",
    maxHeight: "calc(100vh - 32px)",
  });
  port = portTo(el, nonce);
  port.onmessage = (event) => onAskMessage(event.data).catch((err) => log("ask message failed", err));
  frame = el;
  (document.body ?? document.documentElement).appendChild(el);
}

/** Fold the ask page back into the button; it keeps its state for the next open. */
function foldFrame() {
  if (!frame) return;
  frame.style.display = "none";
  showButton(true);
  button?.focus();
}

/** Away from product pages: the ask page goes (a new product gets a fresh one). */
function closeFrame() {
  if (!frame) return;
  frame.remove();
  frame = null;
  port?.close();
  port = null;
}

function post(message) {
  port?.postMessage(message);
}

function postSnapshot() {
  post({ type: "snapshot", snapshot: takeSnapshot(), url: location.href, boxes: boxesOnPage() });
}

async function onAskMessage(message) {
  if (!message || typeof message !== "object") return;
  switch (message.type) {
    case "ready":
    case "resnapshot":
      postSnapshot();
      break;
    case "insert":
      post({ type: "insert-result", id: message.id, ...(await insertQuestion(String(message.text ?? ""), !!message.replace, message.target)) });
      break;
    case "close":
      foldFrame();
      break;
    default:
      log("ask: unknown message", message.type);
  }
}

// ----- where the question goes

function hintText(el) {
  const own = [el.getAttribute("placeholder"), el.getAttribute("aria-label"), el.getAttribute("data-placeholder"), el.getAttribute("name")]
    .filter(Boolean)
    .join(" ");
  const label = el.closest("label")?.textContent ?? "";
  const block = el.parentElement?.closest(BLOCK);
  const around = block ? (block.textContent ?? "").slice(0, 400) : "";
  return { own: `${own} ${label}`, around };
}

/** The page's question form and seller chat box, if it shows them now. */
function findBoxes() {
  let question = null;
  let chat = null;
  for (const el of findComposers(document)) {
    const { own, around } = hintText(el);
    if (!question && (QUESTION_HINT.test(own) || (!SELLER_CHAT_HINT.test(own) && QUESTION_HINT.test(around)))) question = el;
    else if (!chat && (SELLER_CHAT_HINT.test(own) || SELLER_CHAT_HINT.test(around))) chat = el;
  }
  return { question, chat };
}

function boxesOnPage() {
  const { question, chat } = findBoxes();
  return { question_form: !!question, seller_chat: !!chat };
}

async function insertQuestion(text, replace, target) {
  if (!text.trim()) return { status: "failed", message: "The question is empty." };
  const { question, chat } = findBoxes();
  const order = target === "seller_chat" ? [[chat, "seller_chat"], [question, "question_form"]] : [[question, "question_form"], [chat, "seller_chat"]];
  const [box, where] = order.find(([el]) => el) ?? [null, null];
  if (!box) return { status: "no-box" };
  /** @type {Element} */ (box).scrollIntoView?.({ block: "center" });
  const result = await fillComposer(box, text, { replace });
  return { ...result, target: where };
}
