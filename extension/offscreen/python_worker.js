// Chrome: the Python host runs in a worker of the offscreen document. The offscreen
// document shares the extension process's main thread with every panel frame; Python's
// restore, drafts and warm-up here leave that thread free, so a panel loads and paints
// while Python starts. Requests come from offscreen.js as {id, method, payload}.
import { createPythonHost } from "../python_host/host.js";

const host = createPythonHost({ baseUrl: new URL("../pyodide/", import.meta.url).href });

const methods = {
  boot: (payload) => host.boot(payload),
  status: () => host.status(),
  memory: () => host.memory(),
  call: ({ request, payload }) => host.call(request, payload),
};

self.onmessage = async ({ data }) => {
  const { id, method, payload } = data ?? {};
  try {
    if (!methods[method]) throw new Error(`the Python worker has no method ${method}`);
    self.postMessage({ id, ok: true, result: await methods[method](payload ?? {}) });
  } catch (err) {
    self.postMessage({ id, ok: false, error: { code: err?.code ?? "error", message: String(err?.message ?? err), details: err?.details } });
  }
};

host.boot();
