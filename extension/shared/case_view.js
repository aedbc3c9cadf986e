// How one logged contact is shown, in the panel and on the options page alike.
import { nextDaytime } from "./daytime.js";
import { el, when } from "./dom.js";
import { t } from "./i18n.js";

export { el, when };

/** The follow-up time as the reminder will fire it: moved into daytime (10:00-20:00). */
function dueText(due) {
  const at = Date.parse(due.due);
  if (due.overdue || !Number.isFinite(at)) return when(due.due);
  return when(new Date(nextDaytime(at)));
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
    item.append(el("span", { className: "due" }, overdue ? t("overdue", [dueText(due)]) : t("dueAt", [dueText(due)])));
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

/**
 * The shop links kept with the listed cases (py_core case_link), as list items: text nodes
 * only, opened in a new tab without a way back to this page; anything not http(s) is text.
 */
export function linkItems(listing) {
  return (listing?.cases ?? []).flatMap(({ case: kase }) =>
    (kase.links ?? []).map((link) => {
      const url = String(link.url ?? "");
      const target = /^https?:\/\//i.test(url) ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url) : url;
      return el("li", { dataset: { testid: "och-log-link", network: link.network ?? "" } }, el("strong", {}, t("socialLogLink")), " · ", target);
    }),
  );
}
