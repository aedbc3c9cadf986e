// How one logged contact is shown, in the panel and on the options page alike.
import { t } from "./i18n.js";

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

let timeFormat = null;
export function when(iso) {
  if (!iso) return "";
  timeFormat ??= new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : timeFormat.format(date);
}

/**
 * One contact of a case as a list item, with its status, its follow-up time and the
 * buttons that change it.
 * @param {{onUpdate: (caseId: string, attemptId: string, status: string) => void,
 *          onEscalate: (caseId: string) => void}} actions
 */
export function contactItem(kase, attempt, due, actions) {
  const overdue = attempt.status === "waiting" && !!due?.overdue;
  const item = el("li", { className: overdue ? "overdue" : "", dataset: { testid: "och-log-entry", status: attempt.status, overdue: String(overdue) } });
  item.append(
    el("span", { className: "when" }, when(attempt.at)),
    " · ",
    el("strong", {}, t(`channel_${attempt.channel}`)),
    " · ",
    el("span", { dataset: { testid: "och-log-status" } }, t(`status_${attempt.status}`)),
  );
  if (attempt.status === "waiting" && due?.due) {
    item.append(el("span", { className: "due" }, overdue ? t("overdue", [when(due.due)]) : t("dueAt", [when(due.due)])));
  }
  const row = el("div", { className: "row" });
  const mark = (status, label, testid) =>
    el("button", { type: "button", dataset: { testid }, onclick: () => actions.onUpdate(kase.id, attempt.id, status) }, t(label));
  if (attempt.status === "waiting") row.append(mark("answered", "markAnswered", "och-mark-answered"));
  if (attempt.status !== "resolved") row.append(mark("resolved", "markResolved", "och-mark-resolved"));
  if (overdue) {
    row.append(el("button", { type: "button", className: "primary", dataset: { testid: "och-escalate" }, onclick: () => actions.onEscalate(kase.id) }, t("draftEscalation")));
  }
  if (row.childElementCount) item.append(row);
  return item;
}

/** The contacts of the given cases, newest first. */
export function contactItems(listing, actions) {
  const items = [];
  for (const { case: kase, due } of listing.cases) {
    const dueById = Object.fromEntries((due ?? []).map((d) => [d.attempt_id, d]));
    for (const attempt of [...(kase.attempts ?? [])].reverse()) items.push(contactItem(kase, attempt, dueById[attempt.id], actions));
  }
  return items;
}
