// The Python host's side of a panel's own line (issue 9, M2): a MessagePort on which one
// panel frame sends its py_core requests straight to the thread that runs Python, not
// through the background's runtime messaging (panel/python_line.js is the other side).
// Chrome: the Python worker of the offscreen document serves it (offscreen/python_worker.js);
// Firefox: the background page, which hosts Python there (background/firefox.js).
//
// On the port:
// - {method: "context", payload: {order?, profile?}}: what the background would add to
//   the panel's advice and drafts (its tab's order as read, the buyer's profile), sent by
//   the panel once and again when they change; kept for this line only;
// - {id, method: "call", payload: {request, payload, withContext}}: a py_core request,
//   answered with {id, ok: true, result} (py_core's envelope as its JSON text, packed: the
//   panel's unwrap parses it) or {id, ok: false, error} when the host itself failed.
// Nothing else is answered: a line carries py_core's requests only.

/**
 * What the background adds to a panel's advice and drafts, here and in its router
 * (background/router.js): the order as read, unless the payload names one of its own, and
 * the buyer's profile, unless the payload has one (a profile left undefined is not added).
 * @template {Record<string, any>} P
 * @param {P} payload
 * @param {{order?: any, profile?: any}} context
 * @returns {P}
 */
export function addContext(payload, { order = null, profile } = {}) {
  return { ...(profile === undefined ? {} : { profile }), ...payload, ...(order && payload.order === undefined ? { order } : {}) };
}

/** A failure of the host itself as a reply's `error` (py_core's own errors are in its envelope). */
export function hostFailure(err) {
  return { code: err?.code ?? "error", message: String(err?.message ?? err), details: err?.details };
}

/**
 * Serve one panel's line on `port`.
 * @param {MessagePort} port
 * @param {(request: string, payload: object) => Promise<any>} call the host's call, packed
 * @param {() => void} [onCall] counts the requests that came over lines (the host's status)
 */
export function serveLine(port, call, onCall = () => {}) {
  const context = { order: null, profile: null };
  port.onmessage = async ({ data: message }) => {
    if (message?.method === "context") {
      const given = message.payload;
      if (given && "order" in given) context.order = given.order ?? null;
      if (given && "profile" in given) context.profile = given.profile ?? null;
      return;
    }
    const id = message?.id;
    try {
      const { request, payload = {}, withContext } = message?.payload ?? {};
      if (message?.method !== "call" || typeof request !== "string") throw new Error("a panel's line carries py_core's requests only");
      onCall();
      port.postMessage({ id, ok: true, result: await call(request, withContext ? addContext(payload, context) : payload) });
    } catch (err) {
      port.postMessage({ id, ok: false, error: hostFailure(err) });
    }
  };
}
