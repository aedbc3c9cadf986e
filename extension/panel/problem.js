// What went wrong: the problem chips, the optional follow-up questions (each answer
// redrafts at once, below the draft so it never pushes it out of view), and what the
// buyer selected before "Draft message". Owns the problem's state.
import { PROBLEM_CODES } from "../shared/contract.js";
import { $, el, localText } from "../shared/dom.js";
import { t, uiLanguage } from "../shared/i18n.js";
import { request } from "./python_line.js";
import { advise, resetAdvice } from "./advice.js";
import { currentOrder } from "./order.js";

export { PROBLEM_CODES };

const problem = {
  code: null,
  details: {},
  contextDetails: {}, // from text selected before "Draft message"
  info: null, // core/problems: follow-up questions per problem
};

export const problemCode = () => problem.code;

/** The problem as the core wants it, with the usual remedy from the settings. */
export function problemPayload(defaultRemedy) {
  if (!problem.code) return null;
  return { code: problem.code, ...(defaultRemedy ? { remedy: defaultRemedy } : {}), ...problem.contextDetails, ...problem.details };
}

export function renderProblems() {
  $("problem-list").replaceChildren(
    ...PROBLEM_CODES.map((code) =>
      el("button", { type: "button", dataset: { testid: `och-problem-${code}`, code }, "aria-pressed": "false", onclick: () => pickProblem(code) }, t(`problem_${code}`)),
    ),
  );
}

async function pickProblem(code) {
  problem.code = code;
  problem.details = {};
  resetAdvice();
  for (const button of $("problem-list").querySelectorAll("button")) button.setAttribute("aria-pressed", String(button.dataset.code === code));
  $("answer-problem-name").textContent = t(`problem_${code}`);
  // The previous problem's follow-up questions are removed at once; the new ones are built
  // after the next paint (the rendering frame that shows the draft). They sit below it, and
  // in Firefox building them took ~4 ms that the draft waited for, whether built before the
  // request went out or after the answer came (issue 9, M2).
  const advised = advise({ reveal: true });
  clearQuestions();
  await advised;
  requestAnimationFrame(() => setTimeout(renderQuestions, 0));
}

/** "change": back to the problem chips, the chosen one focused. */
function changeProblem() {
  $("body").scrollTop = 0;
  $("problem-list").querySelector('[aria-pressed="true"]')?.focus();
}

export function wireProblem() {
  $("change-problem").addEventListener("click", changeProblem);
}

/** Selected text that is not an order number: what the draft is about. */
export function setContextItem(text) {
  problem.contextDetails = { item: text.slice(0, 300) };
}

async function loadProblems() {
  if (problem.info) return problem.info;
  const list = await request("core/problems", { lang: uiLanguage() });
  problem.info = Object.fromEntries(list.map((p) => [p.code, p]));
  return problem.info;
}

function clearQuestions() {
  $("questions").replaceChildren();
  $("details").hidden = true;
}

async function renderQuestions() {
  const box = $("questions");
  clearQuestions();
  let info;
  try {
    info = (await loadProblems())[problem.code];
  } catch {
    return; // the advice still works without the questions
  }
  const order = currentOrder();
  const questions = (info?.questions ?? []).map((q) => questionControl(q, order)).filter(Boolean);
  box.replaceChildren(...questions);
  $("details").hidden = questions.length === 0;
}

function answer(field, value) {
  if (value === "" || value == null || problem.details[field] === value) delete problem.details[field];
  else problem.details[field] = value;
  for (const chip of $("questions").querySelectorAll(`button[data-field="${field}"]`)) {
    chip.setAttribute("aria-pressed", String(problem.details[field] === chip.dataset.value));
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
  const type = question.type === "date" ? "date" : question.type === "number" || question.type === "money" ? "number" : "text";
  const input = el("input", { id, type, ...(type === "number" ? { min: "0" } : { maxLength: 500 }) });
  input.addEventListener("change", () => answer(question.field, input.value));
  wrap.append(el("label", { htmlFor: id }, label), input);
  return wrap;
}
