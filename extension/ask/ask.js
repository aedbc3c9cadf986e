// The ask page (issue 14): inside the och-panel iframe on a product page. It shows the
// product as Python read it, lets the buyer pick a kind of question (och-question-<code>),
// shows the Russian question (och-draft) with the buyer's language beside it
// (och-draft-side), warns that questions are public and flags personal data, and asks
// the content script (content/product_ask.js, over a private port) to put the question
// into the page's question form or seller chat. Page text reaches the DOM only through
// textContent. It never sends anything.
import { el } from "../shared/case_view.js";
import { initI18n, uiLanguage } from "../shared/i18n.js";
import { takeFramePort } from "../shared/frame_port.js";
import { request } from "../shared/messages.js";
import { text } from "./ask_text.js";

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** A form field (input or textarea) by its id. @param {string} id */
const inputField = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
/**
 * The elements a selector finds, as HTML elements.
 * @param {string} selector
 * @param {ParentNode} [root]
 */
const all = (selector, root = document) => /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(selector));

const state = {
  port: null,
  lang: "en", // interface language
  sideLang: "en", // the language beside the Russian question
  names: [],
  product: null,
  questions: [],
  targets: {},
  notices: {},
  boxes: { question_form: false, seller_chat: false },
  target: "question_form",
  question: null,
  engineReady: null,
  started: null,
  pendingInsert: null,
};

const T = (key, ...values) => text(state.lang, key, ...values);

function localiseStatic() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : state.lang;
  for (const node of all("[data-text]")) node.textContent = T(node.dataset.text);
  for (const node of all("[data-label]")) {
    node.setAttribute("aria-label", T(node.dataset.label));
    node.title = T(node.dataset.label);
  }
  document.title = T("title");
}

function setStatus(message, kind = "") {
  const node = $("status");
  node.textContent = message;
  node.className = kind;
}

function localText(value) {
  if (value == null) return "";
  if (typeof value === "string") return value;
  return value[state.lang] ?? value.en ?? value.ru ?? "";
}

// ----- the engine

function showEngine(status) {
  const box = $("engine");
  if (status.state === "ready") {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.classList.toggle("error", status.state === "failed");
  $("engine-text").textContent = status.state === "failed" ? `${T("failed")} ${status.error?.message ?? ""}` : T("starting");
  $("retry").hidden = status.state !== "failed";
}

async function bootEngine(retry = false) {
  showEngine({ state: "booting" });
  let status;
  try {
    status = await request("host/boot", { retry });
  } catch (err) {
    status = { state: "failed", error: { message: err.message } };
  }
  showEngine(status);
  if (status.state !== "ready") throw Object.assign(new Error(status.error?.message ?? "not ready"), { shown: true });
  return status;
}

// ----- the product

function showProductNote(message) {
  const note = $("product-note");
  note.hidden = !message;
  note.textContent = message ?? "";
}

async function onSnapshot(message) {
  state.boxes = message.boxes ?? state.boxes;
  $("product-title").textContent = T("reading");
  try {
    await Promise.all([state.engineReady, state.started]);
    const result = await request("core/ask_product", { snapshot: message.snapshot });
    state.product = result.product;
    state.questions = result.questions ?? [];
    state.targets = result.targets ?? {};
    state.notices = result.notices ?? {};
    renderProduct(result);
    renderTargets();
    renderQuestions();
    if (state.question) await redraft();
  } catch (err) {
    $("product-title").textContent = "";
    if (!err.shown) showProductNote(err.message);
  }
}

function renderProduct(result) {
  const product = result.product;
  $("product-title").textContent = product?.title ?? "";
  const facts = [];
  if (product?.variants?.length) facts.push(product.variants.map((v) => `${v.name}: ${v.value}`).join(", "));
  if (product?.price) facts.push(T("price", product.price) + (product.card_price ? ` · ${T("cardPrice", product.card_price)}` : ""));
  if (product?.available === false) facts.push(T("outOfStock"));
  if (product?.seller) facts.push(T("seller", product.seller));
  if (product?.sku) facts.push(T("sku", product.sku));
  $("product-facts").replaceChildren(...facts.map((fact) => el("li", {}, fact)));
  if (result.page_kind !== "product") showProductNote(T("notProduct"));
  else if (result.missing?.length) showProductNote(T("notRead", result.missing.map((name) => T(`field_${name}`)).join(", ")));
  else showProductNote("");
}

// ----- where the question goes: the public form or the private chat

function renderTargets() {
  // The page decides the default: its question form, else its seller chat.
  if (!state.boxes.question_form && state.boxes.seller_chat && state.target === "question_form" && !state.targetChosen) state.target = "seller_chat";
  for (const button of all("[data-target]")) {
    const code = button.dataset.target;
    const onPage = state.boxes[code];
    button.textContent = T(`target_${code}`);
    button.title = [localText(state.targets[code]?.label), onPage ? "" : T(code === "question_form" ? "noFormOnPage" : "noChatOnPage")].filter(Boolean).join(". ");
    button.setAttribute("aria-pressed", String(code === state.target));
  }
  const publicTarget = state.targets[state.target]?.public ?? state.target === "question_form";
  $("notice").textContent = localText(state.notices[publicTarget ? "public" : "private"]);
  $("notice").classList.toggle("warn", publicTarget);
  $("notice").hidden = !$("notice").textContent;
  $("insert").textContent = T(`insert_${state.target}`);
}

async function pickTarget(code) {
  state.target = code;
  state.targetChosen = true;
  renderTargets();
  if (state.question) await redraft();
}

// ----- the kinds of question

function renderQuestions() {
  $("question-list").replaceChildren(
    ...state.questions.map((q) =>
      el(
        "button",
        { type: "button", dataset: { testid: `och-question-${q.code}`, code: q.code }, "aria-pressed": String(q.code === state.question), onclick: () => pickQuestion(q.code) },
        localText(q.label),
      ),
    ),
  );
}

function questionSpec(code) {
  return state.questions.find((q) => q.code === code);
}

async function pickQuestion(code) {
  state.question = code;
  for (const button of all("button", $("question-list"))) button.setAttribute("aria-pressed", String(button.dataset.code === code));
  const detail = questionSpec(code)?.detail;
  const own = code === "own";
  $("own-row").hidden = !own;
  $("detail-row").hidden = own || !detail;
  if (own) {
    $("own-label").textContent = localText(detail?.label);
    $("own-text").focus();
  } else if (detail) {
    $("detail-label").textContent = localText(detail.label);
    inputField("detail").maxLength = detail.max_length ?? 80;
    inputField("detail").value = "";
  }
  await redraft();
}

let draftSeq = 0;
async function redraft() {
  if (!state.question) return;
  const own = state.question === "own";
  const ownText = inputField("own-text").value;
  if (own && !ownText.trim()) {
    $("draft-box").hidden = true;
    setStatus("");
    return;
  }
  const seq = ++draftSeq;
  const payload = {
    ...(state.product ? { product: state.product } : {}),
    question: state.question,
    lang: state.sideLang,
    target: state.target,
    ...(own ? { own_text: ownText } : {}),
    ...(!own && inputField("detail").value.trim() ? { detail: inputField("detail").value.trim() } : {}),
    ...(state.names.length ? { names: state.names } : {}),
  };
  try {
    const draft = await request("core/question_draft", payload);
    if (seq !== draftSeq) return; // a newer pick or keystroke won
    renderDraft(draft);
  } catch (err) {
    if (seq === draftSeq) setStatus(err.message, "error");
  }
}

function renderDraft(draft) {
  const first = $("draft-box").hidden;
  $("draft-box").hidden = false;
  inputField("draft").value = draft.ru?.body ?? "";
  const side = draft.side;
  $("side-box").hidden = !side || side.lang === "ru";
  $("side").textContent = side?.body ?? "";
  $("notice").textContent = localText(draft.notice);
  $("notice").hidden = false;
  $("notice").classList.toggle("warn", !!draft.public);
  renderChecks(draft.checks);
  setStatus("");
  // The answer first: bring the question and Insert into view when it first appears.
  if (first) $("draft-box").scrollIntoView({ block: "start" });
}

function renderChecks(checks) {
  $("checks").replaceChildren(...(checks ?? []).map((check) => el("li", { dataset: { check: check.code } }, check.message)));
}

// The buyer's own edits are checked for personal data too, a moment after typing stops.
let checkTimer = null;
function checkEdited() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(async () => {
    const publicTarget = state.targets[state.target]?.public ?? state.target === "question_form";
    if (!publicTarget) return;
    try {
      renderChecks(await request("core/public_check", { text: inputField("draft").value, lang: state.lang, ...(state.names.length ? { names: state.names } : {}) }));
    } catch {
      /* the remarks are advice; the text stays as typed */
    }
  }, 400);
}

let ownTimer = null;
function ownEdited() {
  clearTimeout(ownTimer);
  ownTimer = setTimeout(redraft, 300);
}

// ----- insert and copy

let insertSeq = 0;
function insert(replace = false) {
  const value = inputField("draft").value;
  if (!value.trim()) return setStatus(T("ownFirst"), "error");
  if (!state.port) return;
  const id = `q${++insertSeq}`;
  state.pendingInsert = { id };
  $("confirm").hidden = true;
  state.port.postMessage({ type: "insert", id, text: value, replace, target: state.target });
}

function onInsertResult(message) {
  switch (message.status) {
    case "inserted":
      setStatus(T(`inserted_${message.target ?? state.target}`), "ok");
      break;
    case "needs-confirm":
      $("confirm").hidden = false;
      $("confirm-replace").focus();
      break;
    case "no-box":
      setStatus(T("noBox"), "warn");
      break;
    default:
      setStatus(T("insertFailed"), "error");
  }
}

async function copy() {
  const value = inputField("draft").value;
  try {
    await navigator.clipboard.writeText(value);
  } catch {
    inputField("draft").select();
    document.execCommand("copy");
  }
  setStatus(T("copied"), "ok");
}

// ----- the private port to the content script

function connect() {
  return takeFramePort((port) => {
    state.port = port;
    port.onmessage = (e) => onPortMessage(e.data);
    port.postMessage({ type: "ready" });
  });
}

function onPortMessage(message) {
  if (!message || typeof message !== "object") return;
  if (message.type === "snapshot") onSnapshot(message);
  else if (message.type === "insert-result") onInsertResult(message);
}

function wire() {
  $("retry").addEventListener("click", () => {
    state.engineReady = bootEngine(true);
    state.engineReady.then(() => state.port?.postMessage({ type: "resnapshot" }), () => {});
  });
  $("close").addEventListener("click", () => state.port?.postMessage({ type: "close" }));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") state.port?.postMessage({ type: "close" });
  });
  for (const button of all("[data-target]")) button.addEventListener("click", () => pickTarget(button.dataset.target));
  $("detail").addEventListener("change", redraft);
  $("own-text").addEventListener("input", ownEdited);
  $("draft").addEventListener("input", checkEdited);
  $("insert").addEventListener("click", () => insert(false));
  $("copy").addEventListener("click", copy);
  $("confirm-replace").addEventListener("click", () => insert(true));
  $("confirm-cancel").addEventListener("click", () => {
    $("confirm").hidden = true;
    $("insert").focus();
  });
}

async function start() {
  let settings = {};
  try {
    settings = await request("settings/get");
  } catch {
    /* defaults */
  }
  await initI18n(settings.uiLang);
  state.lang = uiLanguage();
  state.sideLang = settings.sideLang || (state.lang === "zh" ? "zh" : state.lang === "ru" ? "ru" : "en");
  state.names = settings.name ? [String(settings.name)] : [];
  localiseStatic();
}

connect().catch((err) => showProductNote(err.message));
wire();
state.engineReady = bootEngine();
state.engineReady.catch(() => {});
state.started = start();
