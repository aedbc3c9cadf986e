// The draft and its actions: the Russian text (editable) with the buyer's language
// beside it, the checker's remarks, and the action that fits the channel (Insert into
// the chat box or the return form's comment, the e-mail app, or Copy for the phone),
// pinned at the bottom of the panel. After Insert or Copy it asks "Did you send it?" and
// shows what to do next; only "Sent" logs the contact (log.js). Owns the draft's state.
import { $, copyText, el, localText } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { request } from "./python_line.js";
import { currentChannel, evidenceList, pageHasWay } from "./advice.js";
import { config } from "./config.js";
import { recordSent, showLog } from "./log.js";
import { currentOrder } from "./order.js";
import { connected, post } from "./port.js";

const draft = {
  channel: null,
  pendingInsert: null,
  acted: null, // {text, channel, how: "insert"|"copy"|"mail"} awaiting "Did you send it?"
};

/** What the action button does for each channel, and the words it says it with. */
const ACTIONS = {
  seller_chat: { insert: "insertChat", done: "inserted" },
  support_chat: { insert: "insertChat", done: "inserted" },
  return_request: { insert: "insertReturn", done: "insertedReturn" },
  email: { mail: true },
  phone: { copy: "copyTalkingPoints" },
  public_post: { copy: "copy" },
};
const actionFor = (channel) => ACTIONS[channel] ?? { insert: "insertChat", done: "inserted" };

export function setStatus(text, kind = "") {
  const node = $("action-status");
  node.textContent = text;
  node.className = kind;
}

export function renderDraft(result) {
  draft.channel = result?.channel ?? currentChannel();
  $("actions-bar").hidden = false;
  const subject = result?.ru?.subject;
  $("subject-row").hidden = !subject;
  $("subject").value = subject ?? "";
  $("draft").value = result?.ru?.body ?? "";
  $("draft-label").textContent = draft.channel ? t("draftFor", [t(`channel_${draft.channel}`)]) : t("draftLabel");
  const side = result?.side;
  $("side-box").hidden = !side || side.lang === "ru";
  $("side").lang = side?.lang === "zh" ? "zh-CN" : side?.lang ?? "";
  $("side").textContent = side ? [side.subject, side.body].filter(Boolean).join("\n\n") : "";
  renderChecks(result?.checks);
  renderActions();
  clearAfterAction();
}

/** The page's ways changed: redo the buttons if a draft is shown. */
export function refreshActions() {
  if (!$("actions-bar").hidden) renderActions();
}

/** The buttons for this channel: where the text goes, and "Open …" where the page has the way. */
function renderActions() {
  const action = actionFor(draft.channel);
  const insert = $("insert");
  insert.hidden = !action.insert;
  if (action.insert) insert.textContent = t(action.insert);
  const mailto = $("mailto");
  mailto.hidden = !action.mail;
  updateMailto();
  $("copy").textContent = t(action.copy ?? "copy");
  $("copy").classList.toggle("primary", !!action.copy);
  const way = $("open-way");
  way.hidden = !pageHasWay(draft.channel);
  if (!way.hidden) way.textContent = t(`openWay_${draft.channel}`);
}

function updateMailto() {
  const mailto = $("mailto");
  if (!mailto.hidden) mailto.href = `mailto:?subject=${encodeURIComponent($("subject").value)}&body=${encodeURIComponent($("draft").value)}`;
}

export function renderChecks(checks) {
  $("checks").replaceChildren(...(checks ?? []).map((check) => el("li", { dataset: { check: check.code } }, localText(check.message))));
}

// The buyer's own edits are checked too (no order number, no clear request, too long,
// shouting...), a moment after they stop typing.
let checkTimer = null;
function checkEditedDraft() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(async () => {
    if (!draft.channel) return;
    try {
      const checks = await request("core/check", {
        text: $("draft").value,
        channel: draft.channel,
        order_number: currentOrder()?.number,
        lang: config.sideLang,
      });
      renderChecks(checks);
    } catch {
      /* the remarks are advice; the draft stays as typed */
    }
  }, 400);
}

// ----- insert, copy, mail

let insertSeq = 0;
function insert(replace = false) {
  const text = $("draft").value;
  if (!text.trim() || !connected()) return;
  const id = `i${++insertSeq}`;
  draft.pendingInsert = { id, text, channel: draft.channel };
  $("confirm").hidden = true;
  post({ type: "insert", id, text, replace });
}

export function onInsertResult(message) {
  const done = actionFor(draft.pendingInsert?.channel ?? draft.channel).done ?? "inserted";
  switch (message.status) {
    case "inserted":
      setStatus(message.late ? t("heldInserted") : t(done), "ok");
      afterAction(message.late ? "held" : "insert", draft.pendingInsert?.text ?? $("draft").value);
      break;
    case "held":
      setStatus(t("held"), "warn");
      break;
    case "needs-confirm":
      setStatus(""); // no stale "Copied…" under the question
      $("confirm").hidden = false;
      $("confirm-replace").focus();
      break;
    default:
      setStatus(message.message || t("insertFailed"), "error");
  }
}

async function copy() {
  const text = [$("subject").value, $("draft").value].filter(Boolean).join("\n\n");
  const copied = await copyText(text, $("draft"));
  if (!copied) {
    setStatus(t("copyFailed"), "error");
    return;
  }
  setStatus(t(draft.channel === "phone" ? "copiedTalkingPoints" : "copied"), "ok");
  afterAction("copy", $("draft").value);
}

async function copySide() {
  const copied = await copyText($("side").textContent, $("side"));
  setStatus(copied ? t("copiedSide") : t("copyFailed"), copied ? "ok" : "error");
}

// ----- "Did you send it?" and what to do next

/** After Insert, Copy or the e-mail app: ask whether it was sent, and list the next steps. */
function afterAction(how, text) {
  draft.acted = { how, text, channel: draft.channel };
  $("sent-prompt").hidden = false;
  renderNextSteps();
}

function clearAfterAction() {
  draft.acted = null;
  $("sent-prompt").hidden = true;
  $("next-box").hidden = true;
  $("confirm").hidden = true;
  setStatus("");
}

function renderNextSteps(sentInfo = null) {
  const channel = draft.acted?.channel ?? draft.channel;
  const steps = [];
  const text = draft.acted?.text ?? "";
  // Only what the draft itself promises: «Фото прилагаю» -> the photos, and so on.
  const promised = [
    [/фото/i, /^photo/],
    [/видео/i, /video/],
    [/скриншот|снимок экрана/i, /screenshot/],
  ].filter(([words]) => words.test(text));
  const attach = evidenceList().filter((item) => promised.some(([, code]) => code.test(item.code)));
  if (attach.length) steps.push(t("nextAttach", [attach.map((item) => localText(item.label)).join("; ")]));
  steps.push(t(`nextPress_${channel}`) === `nextPress_${channel}` ? t("nextPress_default") : t(`nextPress_${channel}`));
  steps.push(t(`nextReply_${channel}`) === `nextReply_${channel}` ? t("nextReply_default") : t(`nextReply_${channel}`));
  if (sentInfo?.due) steps.push(t("nextReminder", [sentInfo.due]));
  steps.push(t("nextMarkAnswered"));
  $("next-steps").replaceChildren(...steps.map((step) => el("li", {}, step)));
  $("next-box").hidden = false;
}

async function sent() {
  const acted = draft.acted;
  if (!acted) return;
  $("log-sent").disabled = true;
  try {
    const outcome = await recordSent(acted.text, acted.channel);
    $("sent-prompt").hidden = true;
    draft.acted = { ...acted, logged: true };
    setStatus(outcome.duplicate ? t("alreadyLogged") : t("logged"), "ok");
    renderNextSteps(outcome);
    showLog();
  } catch (err) {
    setStatus(err.message, "error");
  } finally {
    $("log-sent").disabled = false;
  }
}

function notYet() {
  $("sent-prompt").hidden = true;
  setStatus(t("notLogged"));
  $("insert").hidden ? $("copy").focus() : $("insert").focus();
}

/** Show an escalation draft (from the log) in place of the current one. */
export function showEscalation(result) {
  renderDraft(result);
  $("draft").focus();
}

export function wireDraft() {
  $("insert").addEventListener("click", () => insert(false));
  $("copy").addEventListener("click", copy);
  $("copy-side").addEventListener("click", copySide);
  $("mailto").addEventListener("click", () => afterAction("mail", $("draft").value));
  $("confirm-replace").addEventListener("click", () => insert(true));
  $("confirm-cancel").addEventListener("click", () => {
    $("confirm").hidden = true;
    $("insert").focus();
  });
  $("log-sent").addEventListener("click", sent);
  $("log-not-yet").addEventListener("click", notYet);
  $("open-way").addEventListener("click", () => post({ type: "open-way", channel: draft.channel }));
  $("draft").addEventListener("input", checkEditedDraft);
  $("draft").addEventListener("input", updateMailto);
}

export const currentDraftChannel = () => draft.channel;
