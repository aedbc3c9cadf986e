// The panel beside an Ozon order: shows the order as Python read it, lets the buyer
// pick a problem, shows the advice and the draft, and asks the content script (over a
// private port) to put the draft into the chat box. Page text only ever reaches the DOM
// through textContent.
import { contactItems, el } from "../shared/case_view.js";
import { initI18n, localise, t, uiLanguage } from "../shared/i18n.js";
import { request } from "../shared/messages.js";

export const PROBLEM_CODES = [
  "damaged", "wrong_item", "missing_item", "not_delivered", "late_delivery", "return_request",
  "refund_missing", "product_question", "warranty_repair", "payment_issue", "account_issue", "complaint",
];

const $ = (id) => document.getElementById(id);

const state = {
  port: null,
  order: null,
  missing: [],
  problem: null,
  pendingInsert: null,
  sideLang: "en",
  settings: {},
  details: {},
  evidenceDone: new Set(),
  contextOrderNumber: null, // from text selected before "Draft message"
  contextDetails: {},
  filled: {}, // what the buyer typed for fields the page did not show
  problemsInfo: null, // from core/problems: follow-up questions per problem
  engineReady: null, // promise
};

function renderProblems() {
  const list = $("problem-list");
  list.replaceChildren(
    ...PROBLEM_CODES.map((code) =>
      el("button", { type: "button", dataset: { testid: `och-problem-${code}`, code }, "aria-pressed": "false", onclick: () => pickProblem(code) }, t(`problem_${code}`)),
    ),
  );
}

function setStatus(text, kind = "") {
  const node = $("action-status");
  node.textContent = text;
  node.className = kind;
}

function showEngine(status) {
  const box = $("engine");
  if (status.state === "ready") {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.classList.toggle("error", status.state === "failed");
  $("engine-text").textContent = status.state === "failed" ? `${t("engineFailed")} ${status.error?.message ?? ""}` : t("startingEngine");
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

// ----- the order

async function onSnapshot(snapshot) {
  state.snapshot = snapshot;
  $("order-number").textContent = t("readingOrder");
  try {
    await Promise.all([state.engineReady, state.started]);
    const result = await request("core/extract", { snapshot });
    state.order = result.order;
    state.missing = result.missing ?? [];
    renderOrder(result);
    refreshLog();
    if (state.problem) await advise();
  } catch (err) {
    $("order-number").textContent = "";
    if (!err.shown) showOrderNote(err.message);
  }
}

function showOrderNote(text) {
  const note = $("order-note");
  note.hidden = !text;
  note.textContent = text ?? "";
}

function renderOrder(result) {
  const order = result.order;
  $("order-number").textContent = order?.number ?? "—";
  const status = order?.status_label || order?.status;
  $("order-status").textContent = status ? `· ${status}` : "";
  $("order-manual").hidden = !!order?.number;
  $("order-facts").replaceChildren(...orderFacts(order));
  renderFill(order ? state.missing : []);
  if (!order) showOrderNote(t("noOrder"));
  else if (state.missing.length) showOrderNote(t("missingFields", [state.missing.join(", ")]));
  else showOrderNote("");
  offerShapeReport(!order || state.missing.length > 0 || (result.warnings ?? []).length > 0);
}

/** When anything could not be read: copy the page-structure report (no page values, issue 8). */
function offerShapeReport(show) {
  let button = document.querySelector('[data-testid="och-shape-report"]');
  if (!button && show) {
    button = el("button", { type: "button", className: "link" }, t("shapeReport"));
    button.dataset.testid = "och-shape-report";
    button.addEventListener("click", async () => {
      try {
        const { report } = await request("core/shape", { snapshot: state.snapshot, version: chrome.runtime.getManifest().version });
        await navigator.clipboard.writeText(report);
        setStatus(t("shapeReportCopied"), "ok");
      } catch (err) {
        setStatus(err.message, "error");
      }
    });
    $("order-note").after(button);
  }
  if (button) button.hidden = !show;
}

/** The order as read, in short lines: date, items, sellers, who delivers. */
function orderFacts(order) {
  if (!order) return [];
  const facts = [];
  if (order.created_date) facts.push(t("orderDate", [new Date(`${order.created_date}T12:00:00`).toLocaleDateString(document.documentElement.lang || undefined, { dateStyle: "long" })]));
  const items = order.items ?? [];
  for (const item of items.slice(0, 3)) facts.push(`${item.title}${item.quantity > 1 ? ` × ${item.quantity}` : ""}`);
  if (items.length > 3) facts.push(t("moreItems", [String(items.length - 3)]));
  if (order.sellers?.length) facts.push(t("sellers", [order.sellers.join(", ")]));
  if (order.delivery_scheme === "ozon") facts.push(t("deliveredByOzon"));
  else if (order.delivery_scheme === "seller") facts.push(t("deliveredBySeller"));
  return facts.map((text) => el("li", { title: text }, text));
}

// ----- what the core could not read, the buyer can fill in

const FILLABLE = {
  created_date: { type: "date" },
  received_date: { type: "date" },
  expected_date: { type: "date" },
  status: { type: "select", options: ["processing", "in_transit", "ready_for_pickup", "received", "cancelled"] },
  delivery_scheme: { type: "select", options: ["ozon", "seller"] },
  sellers: { type: "text", toOrder: (v) => v.split(",").map((x) => x.trim()).filter(Boolean) },
  items: { type: "text", toOrder: (v) => (v.trim() ? [{ title: v.trim().slice(0, 300) }] : []) },
};

function renderFill(missing) {
  const fields = missing.filter((name) => FILLABLE[name]);
  const box = $("order-fill");
  box.hidden = fields.length === 0;
  box.replaceChildren(
    ...fields.flatMap((name) => {
      const spec = FILLABLE[name];
      const id = `fill-${name}`;
      let input;
      if (spec.type === "select") {
        input = el("select", { id }, el("option", { value: "" }, "—"), ...spec.options.map((value) => el("option", { value }, t(`${name}_${value}`))));
      } else {
        input = el("input", { id, type: spec.type, maxLength: 300 });
      }
      input.dataset.testid = `och-fill-${name}`;
      input.value = state.filled[name] ?? "";
      input.addEventListener("change", () => {
        state.filled[name] = input.value;
        if (state.problem) advise();
      });
      return [el("label", { htmlFor: id }, t(`field_${name}`)), input];
    }),
  );
}

function currentOrder() {
  const typed = $("order-number-input").value.trim() || state.contextOrderNumber || "";
  const base = state.order ?? (typed ? { number: typed } : null);
  if (!base) return null;
  const order = { ...base, ...(typed && !base.number ? { number: typed } : {}) };
  for (const [name, value] of Object.entries(state.filled)) {
    if (value === "" || value == null) continue;
    order[name] = FILLABLE[name]?.toOrder ? FILLABLE[name].toOrder(value) : value;
  }
  return order;
}

// ----- the problem, the advice, the draft

async function pickProblem(code) {
  state.problem = code;
  state.channel = null;
  state.details = {};
  renderQuestions();
  for (const button of $("problem-list").querySelectorAll("button")) button.setAttribute("aria-pressed", String(button.dataset.code === code));
  await advise();
}

function advicePayload() {
  const order = currentOrder();
  if (!order || !state.problem) return null;
  const { name, tone, defaultRemedy } = state.settings;
  return {
    order,
    problem: { code: state.problem, ...(defaultRemedy ? { remedy: defaultRemedy } : {}), ...state.contextDetails, ...state.details },
    lang: state.sideLang,
    profile: { ...(name ? { name } : {}), tone: tone || "formal" },
    ...(state.channel ? { channel: state.channel } : {}),
  };
}

async function advise() {
  await state.started;
  const payload = advicePayload();
  if (!payload) return;
  setStatus("");
  try {
    const advice = await request("core/advise", payload);
    state.channel = advice.draft?.channel ?? null;
    renderAdvice(advice);
  } catch (err) {
    if (!err.shown) setStatus(err.message, "error");
  }
}

// ----- follow-up questions, as chips: each answer redrafts at once

async function loadProblems() {
  if (state.problemsInfo) return state.problemsInfo;
  const list = await request("core/problems", { lang: uiLanguage() });
  state.problemsInfo = Object.fromEntries(list.map((p) => [p.code, p]));
  return state.problemsInfo;
}

async function renderQuestions() {
  const box = $("questions");
  box.replaceChildren();
  $("details").hidden = true;
  let info;
  try {
    info = (await loadProblems())[state.problem];
  } catch {
    return; // the advice still works without the questions
  }
  const order = currentOrder();
  const questions = (info?.questions ?? []).map((q) => questionControl(q, order)).filter(Boolean);
  box.replaceChildren(...questions);
  $("details").hidden = questions.length === 0;
}

function answer(field, value) {
  if (value === "" || value == null || state.details[field] === value) delete state.details[field];
  else state.details[field] = value;
  for (const chip of $("questions").querySelectorAll(`button[data-field="${field}"]`)) {
    chip.setAttribute("aria-pressed", String(state.details[field] === chip.dataset.value));
  }
  advise();
}

function questionControl(question, order) {
  const id = `q-${question.field}`;
  const label = localText(question.label);
  const wrap = el("div", { className: "question", dataset: { testid: `och-question-${question.field}` } });
  let choices = question.choices?.map((c) => ({ value: c.value, label: localText(c.label) }));
  if (question.type === "item") {
    const items = order?.items ?? [];
    if (items.length < 2) return null; // one item: nothing to ask
    choices = items.map((item) => ({ value: item.title, label: item.title.length > 40 ? `${item.title.slice(0, 38)}…` : item.title }));
  }
  if (choices) {
    const group = el("div", { className: "chips", role: "group", "aria-labelledby": id });
    for (const choice of choices) {
      group.append(el("button", { type: "button", dataset: { field: question.field, value: choice.value }, "aria-pressed": "false", title: choice.value, onclick: () => answer(question.field, choice.value) }, choice.label));
    }
    wrap.append(el("span", { id }, label), group);
    return wrap;
  }
  const input = el("input", { id, type: question.type === "date" ? "date" : question.type === "number" || question.type === "money" ? "number" : "text", min: "0" });
  input.addEventListener("change", () => answer(question.field, input.value));
  wrap.append(el("label", { htmlFor: id }, label), input);
  return wrap;
}

/** Redraft for another channel: only the draft changes. */
async function pickChannel(code) {
  state.channel = code;
  markChannel();
  const payload = advicePayload();
  if (!payload) return;
  try {
    renderDraft(await request("core/draft", payload));
  } catch (err) {
    if (!err.shown) setStatus(err.message, "error");
  }
}

function markChannel() {
  for (const button of $("channels").querySelectorAll("button")) button.setAttribute("aria-pressed", String(button.dataset.channel === state.channel));
}

function localText(value) {
  if (value == null) return "";
  if (typeof value === "string") return value;
  return value[uiLanguage()] ?? value.en ?? value.ru ?? "";
}

function renderAdvice(advice) {
  $("advice").hidden = false;
  $("channels").replaceChildren(
    ...(advice.channels ?? []).map((channel) =>
      el(
        "li",
        {},
        el("button", { type: "button", className: "channel", dataset: { channel: channel.code, testid: `och-channel-${channel.code}` }, "aria-pressed": "false", onclick: () => pickChannel(channel.code) }, t(`channel_${channel.code}`)),
        el("span", { className: "reason" }, localText(channel.reason)),
      ),
    ),
  );
  markChannel();
  const deadlines = advice.deadlines ?? [];
  $("deadlines-box").hidden = deadlines.length === 0;
  $("deadlines").replaceChildren(
    ...deadlines.map((d) =>
      el(
        "li",
        { dataset: { deadline: d.code, state: d.state ?? "" } },
        el("strong", {}, localText(d.label) || d.code),
        `: ${d.date ?? ""}${d.days_left != null && d.days_left >= 0 ? ` (${t("daysLeft", [String(d.days_left)])})` : ""}`,
        d.note ? el("span", { className: "reason" }, localText(d.note)) : "",
      ),
    ),
  );
  const evidence = advice.evidence ?? [];
  $("evidence-box").hidden = evidence.length === 0;
  $("evidence").replaceChildren(
    ...evidence.map((item) => {
      const box = el("input", { type: "checkbox", checked: state.evidenceDone.has(item.code), onchange: (e) => (e.target.checked ? state.evidenceDone.add(item.code) : state.evidenceDone.delete(item.code)) });
      return el("li", { dataset: { evidence: item.code } }, el("label", {}, box, localText(item.label ?? item)));
    }),
  );
  renderDraft(advice.draft);
}

function renderDraft(draft) {
  $("draft-box").hidden = false;
  $("draft-channel").textContent = draft?.channel ? t("draftFor", [t(`channel_${draft.channel}`)]) : "";
  const subject = draft?.ru?.subject;
  $("subject-row").hidden = !subject;
  $("subject").value = subject ?? "";
  $("draft").value = draft?.ru?.body ?? "";
  const mailto = $("mailto");
  mailto.hidden = draft?.channel !== "email";
  if (!mailto.hidden) mailto.href = `mailto:?subject=${encodeURIComponent(subject ?? "")}&body=${encodeURIComponent($("draft").value)}`;
  const side = draft?.side;
  $("side-box").hidden = !side || side.lang === "ru";
  $("side").textContent = side ? [side.subject, side.body].filter(Boolean).join("\n\n") : "";
  renderChecks(draft?.checks);
}

function renderChecks(checks) {
  $("checks").replaceChildren(...(checks ?? []).map((check) => el("li", { dataset: { check: check.code } }, localText(check.message))));
}

// The buyer's own edits are checked too (no order number, no clear request, too long,
// shouting...), a moment after they stop typing.
let checkTimer = null;
function checkEditedDraft() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(async () => {
    if (!state.channel) return;
    try {
      const checks = await request("core/check", {
        text: $("draft").value,
        channel: state.channel,
        order_number: currentOrder()?.number,
        lang: state.sideLang,
      });
      renderChecks(checks);
    } catch {
      /* the remarks are advice; the draft stays as typed */
    }
  }, 400);
}

// ----- insert and copy

let insertSeq = 0;
function insert(replace = false) {
  const text = $("draft").value;
  if (!text.trim() || !state.port) return;
  const id = `i${++insertSeq}`;
  state.pendingInsert = { id, text };
  $("confirm").hidden = true;
  state.port.postMessage({ type: "insert", id, text, replace });
}

function onInsertResult(message) {
  switch (message.status) {
    case "inserted":
      setStatus(message.late ? t("heldInserted") : t("inserted"), "ok");
      if (!message.late) logContact(state.pendingInsert?.text);
      break;
    case "held":
      setStatus(t("held"), "warn");
      logContact(state.pendingInsert?.text);
      break;
    case "needs-confirm":
      $("confirm").hidden = false;
      $("confirm-replace").focus();
      break;
    default:
      setStatus(message.message || t("insertFailed"), "error");
  }
}

async function copy() {
  const text = $("draft").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = $("draft");
    area.select();
    document.execCommand("copy");
  }
  setStatus(t("copied"), "ok");
  logContact(text);
}

// ----- the case log of this order

async function logContact(text) {
  const order = currentOrder();
  if (!text || !order?.number || !state.problem) return;
  try {
    await request("log/record", { order, problem: { code: state.problem }, channel: state.channel ?? "support_chat", text });
    await refreshLog();
  } catch (err) {
    setStatus(err.message, "error");
  }
}

async function refreshLog() {
  const order = currentOrder();
  if (!order?.number) return;
  try {
    const listing = await request("log/list", { orderNumber: order.number });
    const items = contactItems(listing, { onUpdate: updateAttempt, onEscalate: escalate });
    $("log-list").replaceChildren(...items);
    $("log-empty").hidden = items.length > 0;
    $("log").hidden = items.length === 0;
  } catch (err) {
    setStatus(err.message, "error");
  }
}

async function updateAttempt(caseId, attemptId, status) {
  try {
    await request("log/update", { caseId, attemptId, status });
    await refreshLog();
  } catch (err) {
    setStatus(err.message, "error");
  }
}

async function escalate(caseId) {
  try {
    renderDraft(await request("log/escalation", { caseId, lang: state.sideLang }));
    $("draft").focus();
  } catch (err) {
    setStatus(err.message, "error");
  }
}

// ----- the private port to the content script

function connect() {
  // Listen at once: the content script posts the port as soon as this frame has loaded,
  // which may be before the background has told us the nonce to expect.
  const offers = [];
  let nonce = null;
  const accept = (event) => {
    if (state.port || nonce === null || event.data.nonce !== nonce || !event.ports?.[0]) return;
    state.port = event.ports[0];
    state.port.onmessage = (e) => onPortMessage(e.data);
    state.port.postMessage({ type: "ready" });
  };
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || event.data?.type !== "och-connect") return;
    if (nonce === null) offers.push(event);
    else accept(event);
  });
  return request("panel/hello").then((answer) => {
    nonce = answer.nonce;
    offers.splice(0).forEach(accept);
  });
}

function onPortMessage(message) {
  if (!message || typeof message !== "object") return;
  if (message.type === "snapshot") {
    if (message.collapsed && !message.context) setCollapsed(true, { focus: false });
    if (message.context) applyContext(message.context);
    onSnapshot(message.snapshot);
  }
  else if (message.type === "insert-result") onInsertResult(message);
  else if (message.type === "navigating") {
    // Ozon moved to another order in place: never keep showing the previous one.
    $("order-number").textContent = t("readingOrder");
    $("order-status").textContent = "";
    $("order-facts").replaceChildren();
  }
}

/** Text the buyer selected before "Draft message": an order number, or what the draft is about. */
function applyContext({ selection }) {
  if (document.body.classList.contains("collapsed")) setCollapsed(false, { focus: false });
  const text = (selection ?? "").trim();
  if (!text) return;
  const number = text.match(/\b\d{6,12}-\d{4}(?:-\d+)?\b/);
  if (number) {
    const orderNumber = number[0].split("-").slice(0, 2).join("-");
    $("order-number-input").value = orderNumber;
    state.contextOrderNumber = orderNumber;
  } else {
    state.contextDetails = { item: text.slice(0, 300) };
  }
}

function setCollapsed(collapsed, { focus = true } = {}) {
  document.body.classList.toggle("collapsed", collapsed);
  $("expand").hidden = !collapsed;
  $("collapse").setAttribute("aria-expanded", String(!collapsed));
  state.port?.postMessage({ type: "collapse", collapsed });
  if (focus) (collapsed ? $("expand") : $("collapse")).focus();
}

function wire() {
  $("retry").addEventListener("click", () => {
    state.engineReady = bootEngine(true);
    state.engineReady.then(() => state.port?.postMessage({ type: "resnapshot" }), () => {});
  });
  $("insert").addEventListener("click", () => insert(false));
  $("copy").addEventListener("click", copy);
  $("confirm-replace").addEventListener("click", () => insert(true));
  $("confirm-cancel").addEventListener("click", () => {
    $("confirm").hidden = true;
    $("insert").focus();
  });
  $("draft").addEventListener("input", checkEditedDraft);
  $("draft").addEventListener("input", () => {
    const mailto = $("mailto");
    if (!mailto.hidden) mailto.href = `mailto:?subject=${encodeURIComponent($("subject").value)}&body=${encodeURIComponent($("draft").value)}`;
  });
  $("open-options").addEventListener("click", () => request("ui/open-options").catch((err) => setStatus(err.message, "error")));
  $("collapse").addEventListener("click", () => setCollapsed(true));
  $("expand").addEventListener("click", () => setCollapsed(false));
  $("order-number-input").addEventListener("change", () => state.problem && advise());
}

async function start() {
  let settings = {};
  try {
    settings = await request("settings/get");
  } catch {
    /* defaults */
  }
  state.settings = settings;
  await initI18n(settings.uiLang);
  state.sideLang = settings.sideLang || (uiLanguage() === "zh" ? "zh" : "en");
  localise();
  renderProblems();
}

// connect() first and synchronously: it must be listening before the content script
// hands over the port, which happens as soon as this frame has loaded.
connect().catch((err) => showOrderNote(err.message));
wire();
state.engineReady = bootEngine();
state.engineReady.catch(() => {});
state.started = start();
