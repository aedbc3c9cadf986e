// The one map of named requests that cross between the extension's parts.
//
// Every runtime message is {target, type, payload}; the receiver named by `target` answers
// with one envelope, {ok: true, result} or {ok: false, error: {code, message, details?}}.
// A reply made elsewhere in that shape (py_core's own, from the Python host) is passed on
// as it is (`envelope`), never wrapped again, and every envelope is opened by `unwrap`
// alone. Receivers ignore messages addressed to others (in Chrome the background, the
// offscreen document and every panel frame all hear every runtime message).

import { BRIDGE_REQUESTS } from "./contract.js";

/** @typedef {"background" | "python-host" | "python-host-admin" | "content" | "panel"} Target */

/**
 * @typedef {Object} RequestSpec
 * @property {Target} to          who answers it
 * @property {string} from        who may send it
 * @property {string} doc         what it is for
 */

/** The requests the extension's JavaScript answers itself, written here once.
 * @type {Record<string, RequestSpec>} */
const JS_REQUESTS = {
  // content script -> background
  "host/boot": { to: "background", from: "content, panel", doc: "Start the shared Python host now (idempotent); answers its status once it is ready or failed. payload {retry?: boolean, asked_at?: number (the content script's clock, for the benchmark)}" },
  "host/status": { to: "background", from: "content, panel, tests", doc: "The Python host's state and boot timings, without waiting." },
  "panel/register": { to: "background", from: "content", doc: "Remember the nonce that the panel of this tab must see on its private port. payload {nonce}" },
  "order/prefetch": { to: "background", from: "content", doc: "Read this tab's order from the snapshot the content script will hand its panel, before the panel frame has loaded; the panel's core/extract of that same snapshot (within PREFETCH_MS) takes the answer, or, if it is ready, the answer to panel/hello. Answers nothing of the order. payload {snapshot}" },
  "panel/hello": { to: "background", from: "panel", doc: "The panel asks for its tab's nonce, to accept only its own content script's port; the answer also carries the order read ahead, if Python has read it." },
  "draft/hold": { to: "background", from: "content", doc: "Keep a draft for this tab until a chat box appears (contract.js HELD_DRAFT_MS). payload {text, until}" },
  "draft/held": { to: "background", from: "content", doc: "The draft held for this tab, if any and not expired." },
  "draft/clear": { to: "background", from: "content", doc: "Forget this tab's held draft (it was inserted)." },
  // panel / options -> background: the case log and settings (background/case_store.js)
  "log/record": { to: "background", from: "panel", doc: "Log a contact the buyer sent, in one py_core request (the same text on the same channel of the order is logged once). payload {corrections?, problem, channel, text, status?} (the tab's order is added; an extension page may send {order}) -> {case, attempt, duplicate}" },
  "log/update": { to: "background", from: "panel, options", doc: "Set a contact's status. payload {caseId, attemptId, status: waiting|answered|resolved}" },
  "log/link": { to: "background", from: "panel", doc: "Keep a shop's social-media page with the open case of this order and problem (py_core case_link validates it). payload {order, problem, url} -> case" },
  "log/case-status": { to: "background", from: "panel, options", doc: "Open, resolve or abandon a case. payload {caseId, status}" },
  "log/list": { to: "background", from: "panel, options", doc: "Cases with their follow-ups, in one py_core request (case_list). payload {orderNumber?} -> {cases: [{case, due}], unreadable, quarantined, unsaved}" },
  "log/escalation": { to: "background", from: "panel, options", doc: "An escalation draft summing up a case, naming what its first message named, signed with the saved profile. payload {caseId, lang, channel?}" },
  "log/export": { to: "background", from: "options", doc: "All data as JSON plus one Markdown file per case." },
  "log/import": { to: "background", from: "options", doc: "Import an export (validated whole before anything is written). payload {text}" },
  "log/delete-all": { to: "background", from: "options", doc: "Delete every case and setting." },
  "claim/get": { to: "background", from: "claim, options", doc: "The claim page's documents for a logged case, with the saved profile and the case's details. payload {caseId, lang, parties?, printed?: step logged first} -> {case, claim}" },
  "ui/open-options": { to: "background", from: "panel", doc: "Open the options page (all cases, settings, data)." },
  "settings/get": { to: "background", from: "panel, options", doc: "The buyer's settings, with defaults." },
  "settings/set": { to: "background", from: "options", doc: "Change settings. payload {key: value...}" },
  // background -> the panel frames (runtime.sendMessage; each panel checks the tab id)
  "panel/toggle": { to: "panel", from: "background", doc: "The keyboard shortcut (manifest commands: toggle-panel) was pressed: open or fold the panel of tab payload.tabId." },
  // background -> content script (chrome.tabs.sendMessage)
  "context/draft": { to: "content", from: "background", doc: "The buyer chose Draft message in the context menu. payload {editable, selection}" },
  // background -> Python host (the offscreen document in Chrome; in-process in Firefox)
  "python/boot": { to: "python-host", from: "background", doc: "Load Pyodide and py_core if not yet loaded; answers status." },
  "python/status": { to: "python-host", from: "background", doc: "Host state and timings." },
  "python/call": { to: "python-host", from: "background", doc: "Call py_core.bridge.handle. payload {request, payload}" },
};

/** Requests that the background forwards to py_core.bridge.handle, by bridge request name:
 * `core/<name>` for every request of py_core's registry (generated into contract.js). A
 * panel sends those other than core/extract over its own line to Python when it can
 * (panel/python_line.js); the line's far end then adds what the background would.
 * @type {Record<string, string>} */
export const CORE_REQUESTS = Object.fromEntries(Object.keys(BRIDGE_REQUESTS).map((name) => [`core/${name}`, name]));

/** Every request: the JavaScript ones, then py_core's (payload and result types: contract.js
 * BridgeContract; our own pages may send them, content scripts may not).
 * @type {Record<string, RequestSpec>} */
export const REQUESTS = {
  ...JS_REQUESTS,
  ...Object.fromEntries(
    Object.entries(CORE_REQUESTS).map(([type, name]) => [
      type,
      { to: "background", from: "panel, ask, options", doc: `py_core.bridge ${name}: ${BRIDGE_REQUESTS[name]}.` },
    ]),
  ),
};

/** Messages on the private MessageChannel between the content script and its panel. */
export const PORT_MESSAGES = {
  ready: "panel -> content: {type}: the panel listens; answered with a snapshot",
  resnapshot: "panel -> content: {type}: read the page again",
  snapshot: "content -> panel: {type, snapshot, url, collapsed?, context?: {selection, editable}, ways?: {channel: true}}",
  insert: "panel -> content: {type, id, text, replace?: boolean}",
  "insert-result": "content -> panel: {type, id, status: inserted|held|needs-confirm|failed, message?, existing?}",
  collapse: "panel -> content: {type, collapsed: boolean}",
  navigating: "content -> panel: {type, url}: Ozon moved to another order in place; its snapshot follows",
  frame: "panel -> content: {type, dock?: 'left'|'right', drag?: 'start'|'move'|'end', dx?, dy?}: move the panel frame (remembered per site)",
  "open-way": "panel -> content: {type, channel}: press the page's own button for this channel (return, chat)",
  "ways?": "panel -> content: {type}: say again which channels the page has a button for",
  ways: "content -> panel: {type, ways: {channel: true}}: the channels the page has a button for (content/page_ways.js)",
  fold: "content -> panel: {type, collapsed?}: fold or open",
  placed: "content -> panel: {type, docked: 'left'|'right'|false}: where the frame is now",
  aside: "content -> panel: {type, aside: boolean}: moved to the other side, away from the page's chat box",
};

export function ok(result) {
  return { ok: true, result };
}

export function fail(code, message, details) {
  return { ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/**
 * Send a named request to its receiver and unwrap the answer.
 * @param {string} type a key of REQUESTS
 * @param {object} [payload]
 */
export async function request(type, payload = {}) {
  const spec = REQUESTS[type];
  if (!spec) throw new Error(`unknown request ${type}`);
  let answer;
  try {
    answer = await chrome.runtime.sendMessage({ target: spec.to, type, payload });
  } catch (err) {
    throw new RequestError("unreachable", `The extension's background did not answer (${err?.message ?? err}).`);
  }
  return unwrap(answer, type);
}

/**
 * Open an envelope, the one place that does: its result, or a RequestError with the
 * error's code, message and details.
 * @param {any} answer {ok: true, result} or {ok: false, error}; anything else is no answer
 * @param {string} what the request, named in the error when nobody answered
 */
export function unwrap(answer, what) {
  if (answer && typeof answer === "object" && typeof answer.packed === "string") answer = unpack(answer, what);
  if (!answer || typeof answer !== "object" || typeof answer.ok !== "boolean") throw new RequestError("no-answer", `Nobody answered ${what}.`);
  if (!answer.ok) throw new RequestError(answer.error?.code ?? "error", answer.error?.message ?? "Unknown error", answer.error?.details);
  return answer.result;
}

/**
 * A py_core envelope that came as its JSON text ({packed, elapsed_ms}: python_host/host.js
 * call with `packed`), parsed.
 * @param {{packed: string}} answer
 * @param {string} what the request, named in the error if the text is not JSON
 */
function unpack(answer, what) {
  try {
    return JSON.parse(answer.packed);
  } catch {
    throw new RequestError("bad-answer", `The answer to ${what} could not be read.`);
  }
}

export class RequestError extends Error {
  constructor(code, message, details) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/**
 * Register one map of handlers for the runtime messages addressed to `target`.
 * A handler gets (payload, sender) and returns a result or throws; errors become {ok:false}.
 * @param {Target} target
 * @param {Record<string, (payload: any, sender: any) => any>} handlers
 */
export function serve(target, handlers) {
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!message || message.target !== target) return false;
    const handler = handlers[message.type];
    if (!handler) {
      sendResponse(fail("unknown-request", `${target} has no handler for ${message.type}`));
      return false;
    }
    Promise.resolve()
      .then(() => handler(message.payload ?? {}, sender))
      .then(
        (result) => sendResponse(result && result.__envelope ? result.envelope : ok(result)),
        (err) => sendResponse(fail(err?.code ?? "error", err?.message ?? String(err), err?.details)),
      );
    return true;
  });
}

/** Return an already-made {ok,...} envelope from a handler without re-wrapping it. */
export function envelope(env) {
  return { __envelope: true, envelope: env };
}
