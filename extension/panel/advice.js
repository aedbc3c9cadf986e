// The advice: where to send it and why (the channels, each with its path on Ozon's pages
// and its notes), the category the helper assumed (changeable), deadlines in words,
// evidence, help links and the closing checklist: short summaries that open on demand.
// Owns the advice's state: the result, the chosen channel and category.
import { $, day, el, localText, plural } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { request } from "./python_line.js";
import { config } from "./config.js";
import { renderDraft, setStatus } from "./draft.js";
import { currentOrder, started, withCorrections } from "./order.js";
import { problemCode, problemPayload } from "./problem.js";
import { renderSocial, wireSocial } from "./social.js";

const advice = {
  result: null,
  channel: null,
  category: null, // chosen by the buyer; null = the one the helper assumed
  evidenceDone: new Set(),
  ways: {}, // channels the page itself has a button for (from the content script)
};

export const hasProblem = () => !!problemCode();
export const currentChannel = () => advice.channel;
export const currentAdvice = () => advice.result;
/** The channel's entry in the advice (reason, how_to, notes), if advised. */
export const channelInfo = (code = advice.channel) => (advice.result?.channels ?? []).find((c) => c.code === code) ?? null;
export const pageHasWay = (code) => !!advice.ways[code];

export function setWays(ways) {
  advice.ways = ways && typeof ways === "object" ? { ...ways } : {};
}

/** A new problem: the channel and category are chosen afresh. */
export function resetAdvice() {
  advice.channel = null;
  advice.category = null;
}

/** The buyer's choices only: the background adds the order as read and the saved profile. */
export function advicePayload() {
  const problem = problemPayload(config.settings.defaultRemedy);
  if (!currentOrder() || !problem) return null;
  return {
    problem,
    lang: config.sideLang,
    ...withCorrections(),
    ...(advice.channel ? { channel: advice.channel } : {}),
    ...(advice.category ? { category: advice.category } : {}),
  };
}

/** Ask the core for advice and a draft, and show them; `reveal` scrolls the answer into view. */
export async function advise({ reveal = false } = {}) {
  await started();
  const payload = advicePayload();
  if (!payload) return;
  setStatus("");
  try {
    const result = await request("core/advise", payload);
    advice.result = result;
    advice.channel = result.draft?.channel ?? advice.channel;
    renderAdvice(result);
    if (reveal) revealAnswer();
    await showFaqTip(payload.problem.code);
    renderSocial(result);
  } catch (err) {
    if (!err.shown) setStatus(err.message, "error");
  }
}

/** Scroll the panel so that the answer starts at its top: the draft and Insert in view. */
export function revealAnswer() {
  const body = $("body");
  body.scrollTop = Math.max(0, $("answer").offsetTop - 4);
}

/** Redraft for another channel: only the draft and the where-line change. */
export async function pickChannel(code) {
  advice.channel = code;
  markChannel();
  renderWhere();
  const payload = advicePayload();
  if (!payload) return;
  try {
    renderDraft(await request("core/draft", payload));
  } catch (err) {
    if (!err.shown) setStatus(err.message, "error");
  }
}

function markChannel() {
  for (const button of $("channels").querySelectorAll("button")) button.setAttribute("aria-pressed", String(button.dataset.channel === advice.channel));
}

function renderAdvice(result) {
  $("answer").hidden = false;
  $("channels").replaceChildren(
    ...(result.channels ?? []).map((channel) =>
      el(
        "li",
        {},
        el("button", { type: "button", className: "channel", title: localText(channel.reason), dataset: { channel: channel.code, testid: `och-channel-${channel.code}` }, "aria-pressed": "false", onclick: () => pickChannel(channel.code) }, t(`channel_${channel.code}`)),
      ),
    ),
  );
  markChannel();
  renderWhere();
  renderTips(result.tips);
  renderCategory(result);
  renderDeadlines(result.deadlines ?? []);
  renderEvidence(result.evidence ?? []);
  renderLinks(result.help_links ?? []);
  renderClosing(result.closing_checklist ?? []);
  renderDraft(result.draft);
}

/** One line for where to send it and why, then the way there on Ozon's pages, and notes. */
function renderWhere() {
  const info = channelInfo();
  $("where").setAttribute("aria-expanded", "false");
  $("how-to").setAttribute("aria-expanded", "false");
  $("where").replaceChildren(...(info ? [el("strong", {}, t(`channel_${info.code}`)), " — ", localText(info.reason)] : []));
  const path = info?.how_to ? localText(info.how_to) : "";
  $("how-to").hidden = !path;
  $("how-to").replaceChildren(...(path ? [el("span", { className: "muted" }, `${t("pathLabel")} `), path] : []));
  const notes = (info?.notes ?? []).map((note) => localText(note)).filter(Boolean);
  $("channel-notes").hidden = notes.length === 0;
  $("channel-notes").replaceChildren(...notes.map((note) => el("li", {}, note)));
}

function renderTips(tips) {
  const list = (tips ?? []).map((tip) => localText(tip?.text ?? tip)).filter(Boolean);
  $("tips").hidden = list.length === 0;
  $("tips").replaceChildren(...list.map((text) => el("li", {}, text)));
}

/** The category the helper assumed, in words, with a control to change it (redrafts). */
function renderCategory(result) {
  const category = result.category;
  const choices = result.categories ?? [];
  const row = $("category-row");
  row.hidden = !category || choices.length === 0;
  if (row.hidden) return;
  const select = $("category");
  select.replaceChildren(...choices.map((c) => el("option", { value: c.code }, localText(c.label) || c.code)));
  select.value = category.code;
  let why = "";
  if (category.source === "default") why = t("categoryAssumed");
  else if (category.source === "title" && category.matched) why = t("categoryBecause", [category.matched]);
  $("category-why").textContent = why;
}

// ----- deadlines in words

/** What a deadline's state means, in words: days left, passed N days ago, depends on... */
export function deadlineState(d) {
  const given = localText(d.status_text);
  if (given) return given;
  switch (d.state) {
    case "passed": {
      const ago = d.days_ago ?? (d.days_left != null ? -d.days_left : null);
      return ago ? plural("passedDaysAgo", ago) : t("deadlinePassed");
    }
    case "today":
      return t("deadlineToday");
    case "upcoming":
      return d.days_left != null ? plural("daysLeft", d.days_left) : "";
    case "not_allowed":
      return t("deadlineNotAllowed");
    default: {
      const depends = localText(d.depends_on) || localText(d.anchor_label);
      return depends ? t("dependsOn", [depends]) : "";
    }
  }
}

function deadlineRow(d) {
  const date = localText(d.date_text) || (d.date ? day(d.date) : "");
  const state = deadlineState(d);
  const row = el("li", { dataset: { deadline: d.code, state: d.state ?? "" } }, el("strong", {}, localText(d.label) || d.code));
  if (date) row.append(": ", el("span", { className: "date" }, date));
  if (state) row.append(date ? " — " : ": ", el("span", { className: "state" }, state));
  const still = localText(d.still_possible);
  if (still) row.append(el("span", { className: "reason" }, still));
  if (d.note) row.append(el("span", { className: "reason" }, localText(d.note)));
  const others = d.other_variants ?? [];
  if (others.length) row.append(el("span", { className: "reason" }, t("otherVariants", [others.map((o) => o.source).filter(Boolean).join("; ")])));
  return row;
}

function renderDeadlines(deadlines) {
  // A row without a date says what it depends on; with nothing to say, it is hidden.
  const shown = deadlines.filter((d) => d.date || d.state === "not_allowed" || deadlineState(d));
  $("deadlines-box").hidden = shown.length === 0;
  $("deadlines").replaceChildren(...shown.map(deadlineRow));
  const next = shown.find((d) => d.state === "today" || d.state === "upcoming") ?? shown.find((d) => d.state === "passed");
  $("deadlines-summary").textContent = next ? `· ${t("labelValue", [localText(next.label), deadlineState(next)])}` : `· ${shown.length}`;
}

// ----- evidence, help links, closing checklist

function renderEvidence(evidence) {
  $("evidence-box").hidden = evidence.length === 0;
  $("evidence").replaceChildren(
    ...evidence.map((item) => {
      const box = el("input", {
        type: "checkbox",
        checked: advice.evidenceDone.has(item.code),
        onchange: (e) => {
          if (e.target.checked) advice.evidenceDone.add(item.code);
          else advice.evidenceDone.delete(item.code);
          evidenceSummary(evidence);
        },
      });
      return el("li", { dataset: { evidence: item.code } }, el("label", {}, box, localText(item.label ?? item)));
    }),
  );
  evidenceSummary(evidence);
}

function evidenceSummary(evidence) {
  const done = evidence.filter((item) => advice.evidenceDone.has(item.code)).length;
  $("evidence-summary").textContent = `· ${t("evidenceDone", [String(done), String(evidence.length)])}`;
}

/** The evidence the draft relies on (for the after-insert checklist). */
export const evidenceList = () => advice.result?.evidence ?? [];

function renderLinks(links) {
  $("links-box").hidden = links.length === 0;
  $("links").replaceChildren(
    ...links.map((link) => el("li", {}, el("a", { href: link.url, target: "_blank", rel: "noopener noreferrer" }, localText(link.title) || link.url))),
  );
}

function renderClosing(points) {
  $("closing-box").hidden = points.length === 0;
  $("closing").replaceChildren(...points.map((point) => el("li", { dataset: { closing: point.code } }, localText(point.label))));
  $("closing-summary").textContent = points.length ? `· ${plural("points", points.length)}` : "";
}

/** The where-line and the path: two lines, the rest on a click or Enter. */
function wireClamp(node) {
  const toggle = () => node.setAttribute("aria-expanded", String(node.getAttribute("aria-expanded") !== "true"));
  node.addEventListener("click", toggle);
  node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      toggle();
    }
  });
}

export function wireAdvice() {
  wireSocial();
  wireClamp($("where"));
  wireClamp($("how-to"));
  $("category").addEventListener("change", () => {
    advice.category = $("category").value || null;
    advise();
  });
}

// The core's tips for a picked problem, asked once per problem: they do not change while
// the panel is open, and a second request per pick would queue in front of the next
// pick's advice in the one Python (issue 9, M2).
const faqTips = new Map();

/** The help-centre (FAQ) line for the picked problem, above the channels; hidden where the core has none. */
async function showFaqTip(code) {
  const line = $("tip-faq");
  if (line.dataset.problem === code) return;
  line.dataset.problem = code;
  line.hidden = true;
  line.replaceChildren();
  let found = [];
  try {
    if (!faqTips.has(code)) faqTips.set(code, request("core/tips", { moment: "problem_picked", problem: code }));
    found = await faqTips.get(code);
  } catch {
    faqTips.delete(code); // asked again next time
    return; // a tip is a help, never an error the buyer has to read
  }
  const tip = (Array.isArray(found) ? found : []).find((item) => item.code === "faq" && item.url);
  if (!tip || line.dataset.problem !== code) return;
  line.replaceChildren(el("a", { href: tip.url, target: "_blank", rel: "noopener noreferrer" }, localText(tip.text)));
  line.hidden = false;
}
