// The order: the Python host's loading stages, the order as the core read it, and the
// fields the page did not show that the buyer can fill in. Owns the order's state.
import { $, day, el } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { request, useReadOrder } from "./python_line.js";
import { advise, hasProblem } from "./advice.js";
import { setStatus } from "./draft.js";
import { refreshLog } from "./log.js";
import { post, takePrefetched } from "./port.js";

const order = {
  read: null, // the Order from core/extract
  missing: [],
  filled: {}, // what the buyer typed for fields the page did not show
  contextNumber: null, // from text selected before "Draft message"
  engineReady: null,
  started: null,
  snapshot: null, // the last snapshot, for the page-structure report
  readAhead: null, // the read-ahead result shown before the port brought its snapshot
  warnings: [],
};
// The panel's own line needs the order as read: the worker adds it to advice and drafts,
// as the background adds it to those sent through it (python_line.js).
useReadOrder(() => order.read);

// ----- loading, with its stage

/** Show a loading stage ("starting", "reading") or the host's failure; hide when done. */
export function showStage(stage, error = "") {
  const box = $("engine");
  box.hidden = stage === "done";
  box.classList.toggle("error", stage === "failed");
  $("engine-text").textContent =
    stage === "failed" ? `${t("engineFailed")} ${error}` : stage === "reading" ? t("stageReading") : t("stageStarting");
  $("retry").hidden = stage !== "failed";
  box.dataset.stage = stage;
}

export async function bootEngine(retry = false) {
  showStage("starting");
  let status;
  try {
    status = await request("host/boot", { retry });
  } catch (err) {
    status = { state: "failed", error: { message: err.message } };
  }
  if (status.state !== "ready") {
    showStage("failed", status.error?.message ?? "");
    throw Object.assign(new Error(status.error?.message ?? "not ready"), { shown: true });
  }
  if ($("engine").dataset.stage === "starting") showStage("done");
  performance.mark("och-panel-engine");
  return status;
}

export function startEngine(retry = false) {
  order.engineReady = bootEngine(retry);
  order.engineReady.catch(() => {});
  return order.engineReady;
}

export function setStarted(promise) {
  order.started = promise;
}
export const started = () => order.started;

// ----- the order as read

export async function onSnapshot(snapshot) {
  const early = takePrefetched(snapshot);
  const readAhead = order.readAhead;
  order.readAhead = null;
  order.snapshot = snapshot;
  performance.mark("och-panel-snapshot"); // the benchmark's timeline (och-panel-*)
  // Already shown (showReadAhead) from this very snapshot: nothing more to read.
  if (early && early === readAhead) return;
  $("order-number").textContent = t("readingOrder");
  // Read ahead while this frame loaded (a new tab: the background's answer to panel/hello
  // brought it), or asked at once: the host answers it as soon as Python is up, with no
  // round trip after the boot's answer. A boot that fails is shown by bootEngine, not by
  // this request.
  const extracting = early ? Promise.resolve(early) : request("core/extract", { snapshot });
  extracting.catch(() => {});
  try {
    // An extract that was answered says the host is up: on a warm browser (a new tab) it
    // comes before the boot's own answer, so the order is shown without waiting for that.
    // If it failed, the boot's answer decides what is shown.
    const up = extracting.then(
      () => undefined,
      () => order.engineReady,
    );
    await Promise.all([Promise.race([order.engineReady, up]), order.started]);
    performance.mark("och-panel-waited");
    showStage("reading");
    const result = await extracting;
    performance.mark("och-panel-extracted");
    showRead(result);
    if (hasProblem()) await advise();
  } catch (err) {
    $("order-number").textContent = "";
    if (!err.shown) {
      showStage("done");
      showOrderNote(err.message);
    }
  }
}

/**
 * A new tab: the background's answer to panel/hello brought the order it read ahead from
 * the content script's snapshot, and that same snapshot is about to come on the content
 * script's port (which is handed over only at the frame's load event). The order is shown
 * now, and the snapshot it was read from is kept; when the port's snapshot comes,
 * onSnapshot does nothing if it is that same one, and reads it if the page changed
 * meanwhile.
 * @param {{text: string, result: any}} prefetch as port.js keeps it
 */
export async function showReadAhead(prefetch) {
  try {
    await order.started; // the interface texts
    if (order.snapshot || order.read || !prefetch?.result) return; // the port came first, or nothing was read ahead
    order.snapshot = JSON.parse(prefetch.text).snapshot;
  } catch {
    return; // onSnapshot reads it as usual
  }
  order.readAhead = prefetch.result;
  performance.mark("och-panel-read-ahead"); // the benchmark's timeline
  showRead(prefetch.result);
}

/** Show the order as read (core/extract's result). */
function showRead(result) {
  order.read = result.order;
  order.missing = result.missing ?? [];
  order.warnings = result.warnings ?? [];
  showStage("done");
  renderOrder();
  performance.mark("och-panel-shown");
  requestAnimationFrame(() => performance.mark("och-panel-painting"));
  refreshLog();
}

function fieldName(name) {
  const text = t(`field_${name}`);
  return text === `field_${name}` ? name : text;
}

function showOrderNote(text) {
  const note = $("order-note");
  note.hidden = !text;
  note.textContent = text ?? "";
}

/** The status in the interface language, with Ozon's Russian words beside it. */
export function statusText(read) {
  const code = read?.status;
  const russian = read?.status_label;
  const known = code ? t(`status_${code}`) : "";
  const local = known && known !== `status_${code}` ? known : "";
  if (local && russian && russian.toLowerCase() !== local.toLowerCase()) return `${local} («${russian}»)`;
  return local || russian || "";
}

function renderOrder() {
  const read = order.read;
  $("order-number").textContent = read?.number ?? "—";
  const status = statusText(read);
  $("order-status").textContent = status ? `· ${status}` : "";
  $("order-manual").hidden = !!read?.number;
  $("order-facts").replaceChildren(...orderFacts(read));
  renderFill(read ? order.missing : []);
  if (!read) showOrderNote(t("noOrder"));
  else if (order.missing.length) showOrderNote(t("missingFields", [order.missing.map(fieldName).join(", ")]));
  else showOrderNote("");
  offerShapeReport(!read || order.missing.length > 0 || order.warnings.length > 0);
}

/** Ozon moved to another order in place: never keep showing the previous one. */
export function clearOrder() {
  order.read = null;
  $("order-number").textContent = t("readingOrder");
  $("order-status").textContent = "";
  $("order-facts").replaceChildren();
}

/** When anything could not be read: copy the page-structure report (no page values, issue 8). */
function offerShapeReport(show) {
  let button = /** @type {HTMLElement | null} */ (document.querySelector('[data-testid="och-shape-report"]'));
  if (!button && show) {
    button = el("button", { type: "button", className: "link" }, t("shapeReport"));
    button.dataset.testid = "och-shape-report";
    button.addEventListener("click", async () => {
      try {
        const { report } = await request("core/shape", { snapshot: order.snapshot, version: chrome.runtime.getManifest().version });
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
function orderFacts(read) {
  if (!read) return [];
  const facts = [];
  if (read.created_date) facts.push(t("orderDate", [day(read.created_date)]));
  const items = read.items ?? [];
  for (const item of items.slice(0, 3)) facts.push(`${item.title}${item.quantity > 1 ? ` × ${item.quantity}` : ""}`);
  if (items.length > 3) facts.push(t("moreItems", [String(items.length - 3)]));
  if (read.sellers?.length) facts.push(t("sellers", [read.sellers.join(", ")]));
  if (read.delivery_scheme === "ozon") facts.push(t("deliveredByOzon"));
  else if (read.delivery_scheme === "seller") facts.push(t("deliveredBySeller"));
  return facts.map((text) => el("li", { title: text }, text));
}

// ----- what the core could not read, the buyer can fill in

const FILLABLE = {
  created_date: { type: "date" },
  received_date: { type: "date" },
  expected_date: { type: "date" },
  status: { type: "select", options: ["processing", "in_transit", "ready_for_pickup", "received", "cancelled"] },
  delivery_scheme: { type: "select", options: ["ozon", "seller"] },
  sellers: { type: "text", toOrder: (v) => v.split(",").map((x) => x.trim().slice(0, 200)).filter(Boolean) },
  items: { type: "text", field: "item", toOrder: (v) => v.trim().slice(0, 300) || null },
};

function renderFill(missing) {
  const fields = missing.filter((name) => FILLABLE[name]);
  const box = $("order-fill");
  box.hidden = fields.length === 0;
  box.replaceChildren(
    ...fields.flatMap((name) => {
      const spec = FILLABLE[name];
      const id = `fill-${name}`;
      const input =
        spec.type === "select"
          ? el("select", { id }, el("option", { value: "" }, "—"), ...spec.options.map((value) => el("option", { value }, t(`${name}_${value}`))))
          : el("input", { id, type: spec.type, maxLength: 300 });
      input.dataset.testid = `och-fill-${name}`;
      input.value = order.filled[name] ?? "";
      input.addEventListener("change", () => {
        order.filled[name] = input.value;
        if (hasProblem()) advise();
      });
      return [el("label", { htmlFor: id }, t(`field_${name}`)), input];
    }),
  );
}

/** The order number typed in or selected before "Draft message", if any. */
const typedNumber = () => $("order-number-input").value.trim() || order.contextNumber || "";

/**
 * What the buyer typed or chose where the page did not show it: py_core's OrderCorrections.
 * Only this goes with a request; the background adds the order as read, and py_core puts
 * the two together.
 */
export function orderCorrections() {
  const corrections = {};
  const typed = typedNumber();
  if (typed && !order.read?.number) corrections.number = typed;
  for (const [name, value] of Object.entries(order.filled)) {
    if (value === "" || value == null || !FILLABLE[name]) continue;
    const spec = FILLABLE[name];
    const fixed = spec.toOrder ? spec.toOrder(value) : value;
    if (fixed != null && !(Array.isArray(fixed) && fixed.length === 0)) corrections[spec.field ?? name] = fixed;
  }
  return corrections;
}

/** `{corrections}` for a request's payload, or nothing when the buyer corrected nothing. */
export function withCorrections() {
  const corrections = orderCorrections();
  return Object.keys(corrections).length ? { corrections } : {};
}

/** The page snapshot the order was read from (social.js looks in it for the shop's links). */
export const currentSnapshot = () => order.snapshot;

/** The order as the panel shows it: as read, plus what the buyer typed or selected. */
export function currentOrder() {
  const typed = typedNumber();
  const base = order.read ?? (typed ? { number: typed } : null);
  if (!base) return null;
  const { item, ...fixes } = orderCorrections();
  return { ...base, ...fixes, ...(item ? { items: [{ title: item }] } : {}) };
}

/** An order number selected before "Draft message". */
export function setContextNumber(number) {
  $("order-number-input").value = number;
  order.contextNumber = number;
}

export function wireOrder() {
  $("retry").addEventListener("click", () => {
    startEngine(true).then(() => post({ type: "resnapshot" }), () => {});
  });
  $("order-number-input").addEventListener("change", () => hasProblem() && advise());
}
