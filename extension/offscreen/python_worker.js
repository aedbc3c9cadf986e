// Chrome: the Python host runs in a worker of the offscreen document. The offscreen
// document shares the extension process's main thread with every panel frame; Python's
// restore, drafts and warm-up here leave that thread free, so a panel loads and paints
// while Python starts. Requests come from offscreen.js as {id, method, payload}, and
// py_core requests from panels over ports of their own (offscreen.js panelLine); the
// first boot's files come over a port from the fetch worker, part by part ({part,
// value}), as they arrive.
import { receivedBundle } from "../python_host/bundle.js";
import { createPythonHost } from "../python_host/host.js";

// The runtime's script (1.2 MB, compiled whole: see build.py COMPILE_HINT) is the longest
// step before Python can start that only this thread can do: it is loaded when the worker
// starts, with the offscreen document, before any Ozon page asks. Python itself starts on
// the first ask (the boot's files come only then).
import("../pyodide/pyodide.asm.mjs").catch(() => {});

// The bundle is not kept here, only by the host's first boot: once that is done, its
// buffers can go.
function startHost() {
  const { receive, bundle } = receivedBundle();
  return { receive, host: createPythonHost({ baseUrl: new URL("../pyodide/", import.meta.url).href, bundle }) };
}
const { receive, host } = startHost();

let panelCalls = 0; // requests that came over panels' own lines (in the status: for tests and the benchmark)
const methods = {
  boot: (payload) => host.boot(payload),
  status: async () => ({ ...(await host.status()), panel_line_calls: panelCalls }),
  memory: () => host.memory(),
  call: ({ request, payload, packed }) => host.call(request, payload, { packed: packed === true }),
};

/**
 * Answer one request {id, method, payload} with post({id, ok, result | error}).
 * @param {{id?: number, method?: string, payload?: any}} request
 * @param {(reply: object) => void} post
 * @param {Record<string, (payload: any) => any>} [allowed] the methods this sender may call
 */
async function answer({ id, method, payload }, post, allowed = methods) {
  try {
    if (!Object.hasOwn(allowed, method)) throw new Error(`the Python worker has no method ${method}`);
    post({ id, ok: true, result: await allowed[method](payload ?? {}) });
  } catch (err) {
    post({ id, ok: false, error: { code: err?.code ?? "error", message: String(err?.message ?? err), details: err?.details } });
  }
}

// A panel's own line (offscreen.js panelLine): py_core requests only, answered on its port
// with py_core's JSON text (packed; the panel's unwrap parses it).
const panelMethods = { call: (payload) => methods.call({ ...payload, packed: true }) };

/** A call over a panel's line with the line's order and profile added when the call asks
 * for them (withContext), as the background's router adds the tab's order and the profile
 * (an order or profile in the payload itself wins). */
function withContext(message, context) {
  const call = message.payload;
  if (message.method !== "call" || !call?.withContext) return message;
  const payload = call.payload ?? {};
  const order = context.order && payload.order === undefined ? { order: context.order } : {};
  return { ...message, payload: { request: call.request, payload: { profile: context.profile, ...payload, ...order } } };
}

self.onmessage = ({ data, ports }) => {
  if (data?.bundlePort && ports[0]) {
    // The first ask for Python, whatever it is: the boot starts now.
    ports[0].onmessage = (event) => receive(event.data);
    host.boot();
    return;
  }
  if (data?.panelPort && ports[0]) {
    const [port] = ports;
    // What the background would add to the panel's advice and drafts: its tab's order as
    // read and the buyer's profile, sent by the panel once and again when they change.
    const context = { order: null, profile: null };
    port.onmessage = ({ data: message }) => {
      if (message?.method === "context") {
        if (message.payload && "order" in message.payload) context.order = message.payload.order ?? null;
        if (message.payload && "profile" in message.payload) context.profile = message.payload.profile ?? null;
        return;
      }
      panelCalls += 1;
      answer(withContext(message ?? {}, context), (reply) => port.postMessage(reply), panelMethods);
    };
    return;
  }
  answer(data ?? {}, (reply) => self.postMessage(reply));
};
