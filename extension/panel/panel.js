// The panel beside an Ozon order: the order as Python read it (order.js), what went wrong
// (problem.js), the advice (advice.js), the draft and its actions (draft.js), the log of
// what was sent (log.js), and the private port to the content script (port.js). This file
// only starts them. Page text only ever reaches the DOM through text nodes.
import { $, day, el, plural, when } from "../shared/dom.js";
import { initI18n, localise, uiLanguage } from "../shared/i18n.js";
import { ORDER_NUMBER_RE } from "../shared/contract.js";
import { request } from "./python_line.js";
import { DEFAULT_SETTINGS, readSettings } from "../shared/settings.js";
import { setWays, wireAdvice } from "./advice.js";
import { config } from "./config.js";
import { onInsertResult, refreshActions, setStatus, wireDraft } from "./draft.js";
import { clearOrder, onSnapshot, setContextNumber, setStarted, showReadAhead, startEngine, started, wireOrder } from "./order.js";
import { connect, on, setCollapsed, wireFrame } from "./port.js";
import { PROBLEM_CODES, renderProblems, setContextItem, wireProblem } from "./problem.js";

export { PROBLEM_CODES };

/** Text the buyer selected before "Draft message": an order number, or what the draft is about. */
function applyContext({ selection }) {
  if (document.body.classList.contains("collapsed")) setCollapsed(false, { focus: false });
  const text = (selection ?? "").trim();
  if (!text) return;
  const number = text.match(ORDER_NUMBER_RE); // a parcel number starts with its order's
  if (number) setContextNumber(number[0]);
  else setContextItem(text);
}

on("snapshot", (message) => {
  if (message.collapsed && !message.context) setCollapsed(true, { focus: false });
  if (message.context) applyContext(message.context);
  if (message.ways) setWays(message.ways);
  onSnapshot(message.snapshot);
});
on("insert-result", onInsertResult);
on("navigating", clearOrder);
on("ways", (message) => {
  setWays(message.ways);
  refreshActions();
});
// Docked at an edge: square corners (the content script says where the frame is).
on("placed", (message) => document.body.classList.toggle("docked", !!message.docked));
on("fold", (message) => setCollapsed(message.collapsed ?? !document.body.classList.contains("collapsed"), { focus: false }));

async function start() {
  // Read here, not asked of the background: no trip through it as the panel starts.
  let settings = { ...DEFAULT_SETTINGS };
  try {
    settings = await readSettings();
  } catch {
    /* defaults */
  }
  config.settings = settings;
  await initI18n(settings.uiLang);
  config.sideLang = settings.sideLang || (uiLanguage() === "zh" ? "zh" : "en");
  localise();
  renderProblems();
  performance.mark("och-panel-started");
}

/**
 * What a browser does only the first time, done while Python starts instead of on the
 * way to the order or a draft (issue 9): lay out a line of Chinese (regular and bold) and
 * of the signs the drafts use, unseen (the first Chinese text a panel shows makes the
 * browser load its CJK font, ~110 ms in Chromium here), and make the date and plural
 * formats the order and the advice use (Intl loads its locale data on first use). The
 * fonts stay loaded for every panel of the browser; the formats are cached in dom.js.
 */
function warmFirstUse() {
  const probe = el("div", { "aria-hidden": "true", className: "font-probe" }, "订单号 № «»→", el("strong", {}, "订单号 № «»→"), el("span", { lang: "zh-CN" }, "订单号"));
  document.body.append(probe);
  void probe.offsetWidth;
  probe.remove();
  day("2026-01-02");
  when(new Date());
  plural("daysLeft", 2);
}

// connect() first and synchronously: it must be listening before the content script
// hands over the port, which happens as soon as this frame has loaded.
// A new tab's order read ahead, if the answer to panel/hello brings it, is shown without waiting
// for the port (order.js showReadAhead).
connect({ onReadAhead: showReadAhead }).catch((err) => setStatus(err.message, "error"));
wireFrame();
wireOrder();
wireProblem();
wireAdvice();
wireDraft();
$("open-options").addEventListener("click", () => request("ui/open-options").catch((err) => setStatus(err.message, "error")));
startEngine();
setStarted(start());
started()
  .catch(() => {})
  .then(() => (globalThis.requestIdleCallback ? requestIdleCallback(warmFirstUse, { timeout: 1000 }) : setTimeout(warmFirstUse, 100)));
