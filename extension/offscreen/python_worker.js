// Chrome: the Python host runs in a worker of the offscreen document. The offscreen
// document shares the extension process's main thread with every panel frame; Python's
// restore, drafts and warm-up here leave that thread free, so a panel loads and paints
// while Python starts. Requests come from offscreen.js as {id, method, payload}, and
// py_core requests from panels over ports of their own (offscreen.js panelLine); the
// first boot's files come over a port from the fetch worker, part by part ({part,
// value}), as they arrive.
import { fetchJson, receivedBundle } from "../python_host/bundle.js";
import { createPythonHost } from "../python_host/host.js";
import { hostFailure, serveLine } from "../python_host/line.js";

// The runtime's script (1.2 MB, compiled whole: see build.py COMPILE_HINT) is the longest
// step before Python can start that only this thread can do: it is loaded when the worker
// starts, with the offscreen document, before any Ozon page asks. The boot's files come as
// the document opens, two of them held until the first ask, or, after a drop, all of them
// with the first ask (offscreen.js).
import("../pyodide/pyodide.asm.mjs").catch(() => {});

// The bundle is not kept here, only by the host's first boot: once that is done, its
// buffers can go.
function startHost() {
  const { receive, bundle } = receivedBundle();
  return { receive, host: createPythonHost({ baseUrl: new URL("../pyodide/", import.meta.url).href, bundle }) };
}
const { receive, host } = startHost();
// Then the runtime is set up as far as the files that have arrived let it go
// (host.prepare): its factory (~43 ms on this thread), then, as the compiled wasm and
// site.bin arrive, the instantiation of the runtime and of the .so, so that a boot does
// not wait for them. It needs the
// snapshot's header, which is read here as the bundle's first part (snapshot.json, 6 kB).
// The fetch worker reads it again with the boot's files: the first to arrive counts, so a
// failed read here only leaves the restore waiting for the ask.
host.prepare();
fetchJson(new URL("../pyodide/snapshot.json", import.meta.url).href).then((value) => receive({ part: "meta", value }), () => {});

let panelCalls = 0; // requests that came over panels' own lines (in the status: for tests and the benchmark)
const methods = {
  boot: (payload) => host.boot(payload),
  status: async () => ({ ...(await host.status()), panel_line_calls: panelCalls }),
  memory: () => host.memory(),
  call: ({ request, payload, packed }) => host.call(request, payload, { packed: packed === true }),
};

/**
 * Answer one request {id, method, payload} from the offscreen document with
 * postMessage({id, ok, result | error}).
 * @param {{id?: number, method?: string, payload?: any}} request
 */
async function answer({ id, method, payload }) {
  try {
    if (!Object.hasOwn(methods, method)) throw new Error(`the Python worker has no method ${method}`);
    self.postMessage({ id, ok: true, result: await methods[method](payload ?? {}) });
  } catch (err) {
    self.postMessage({ id, ok: false, error: hostFailure(err) });
  }
}

self.onmessage = ({ data, ports }) => {
  if (data?.bundlePort && ports[0]) {
    // The boot's files, as they arrive: sent as the document opens (boot: false; the
    // prepared restore goes as far as they let it), or with the first ask for Python.
    ports[0].onmessage = (event) => receive(event.data);
    if (data.boot !== false) host.boot();
    return;
  }
  if (data?.startBoot) {
    // The first ask for Python, whatever it is: the boot starts now.
    host.boot();
    return;
  }
  if (data?.panelPort && ports[0]) {
    // A panel's own line (offscreen.js panelLine): py_core requests, answered on its port.
    serveLine(ports[0], (request, payload) => host.call(request, payload, { packed: true }), () => (panelCalls += 1));
    return;
  }
  answer(data ?? {});
};
