// The case log of this order: what was really sent (only "Sent" records a contact, once),
// its follow-ups, and the buttons that mark a contact answered or draft an escalation.
// The background is the log's only writer. Owns the log's state.
import { contactItems } from "../shared/case_view.js";
import { $, localText, when } from "../shared/dom.js";
import { request } from "./python_line.js";
import { config } from "./config.js";
import { setStatus, showEscalation } from "./draft.js";
import { currentOrder, withCorrections } from "./order.js";
import { problemPayload } from "./problem.js";
import { nextDaytime } from "../shared/daytime.js";
import { linkItems, showOffPeakTip } from "./social.js";

const log = {
  listing: null,
};

/**
 * Record a contact the buyer says they sent, in one request: the problem with every detail
 * the buyer chose (so the escalation and the claim name them too) and the buyer's
 * corrections; the background adds the order as read. The same text on the same channel
 * already in this order's log is not recorded twice. -> {duplicate, due?}
 */
export async function recordSent(text, channel) {
  const problem = problemPayload(config.settings.defaultRemedy);
  if (!text || !currentOrder()?.number || !problem) throw new Error("nothing to log: no order number or problem");
  const result = await request("log/record", { problem, channel, text, ...withCorrections() });
  await refreshLog();
  if (result.duplicate) return { duplicate: true };
  const due = result?.attempt?.follow_up_due;
  const at = due ? Date.parse(due) : NaN;
  return { duplicate: false, due: Number.isFinite(at) ? when(new Date(nextDaytime(at))) : null };
}

export async function refreshLog() {
  const order = currentOrder();
  if (!order?.number) return;
  try {
    const listing = await request("log/list", { orderNumber: order.number });
    log.listing = listing;
    const items = [...contactItems(listing, { onUpdate: updateAttempt, onEscalate: escalate }), ...linkItems(listing)];
    $("log-list").replaceChildren(...items);
    $("log-empty").hidden = items.length > 0;
    $("log").hidden = items.length === 0;
    await showOffPeakTip(listing);
  } catch (err) {
    setStatus(err.message, "error");
  }
}

/** Bring the log into view (after "Sent"). */
export function showLog() {
  $("log").hidden = false;
}

async function updateAttempt(caseId, attemptId, status) {
  try {
    await request("log/update", { caseId, attemptId, status });
    await refreshLog();
    if (status === "resolved") await showRateTip();
  } catch (err) {
    setStatus(err.message, "error");
  }
}

async function escalate(caseId) {
  try {
    showEscalation(await request("log/escalation", { caseId, lang: config.sideLang }));
  } catch (err) {
    setStatus(err.message, "error");
  }
}

/** After "resolved": one line on where to rate the support or the seller in Ozon. */
async function showRateTip() {
  let found = [];
  try {
    found = await request("core/tips", { moment: "case_resolved" });
  } catch {
    return; // a tip is a help, never an error the buyer has to read
  }
  const tip = (Array.isArray(found) ? found : []).find((item) => item.code === "rate");
  if (!tip) return;
  $("tip-rate").textContent = localText(tip.text);
  $("tip-rate").hidden = false;
}
