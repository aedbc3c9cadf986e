// Chrome's home for the shared Python: an offscreen document lives as long as the
// browser needs it, unlike the service worker, which Chrome stops after ~30 s idle.
// Python itself runs in a worker of this document (python_worker.js), off the extension
// process's main thread, which the panel frames need.
import { envelope, serve } from "../shared/messages.js";

// The document is opened when the browser starts (background/chrome.js), so that an Ozon
// page opened soon after does not wait for Chrome to make it. It starts its two workers at
// once: the Python worker loads the runtime's script (its longest step before Python can
// start that only its thread can do), reads the snapshot's header and sets the runtime up
// as far as it can without its wasm, and waits; the fetch worker waits. Nothing else is
// fetched (but Pyodide's lock file, 150 bytes) and Python does not start until the first
// ask (an Ozon page's boot): then the boot's
// files go from the fetch worker straight to the Python worker as they arrive (see
// python_host/bundle.js for why). Idle, the two cost the extension process ~11 MB, and the
// runtime set up ~3 MB more (BENCHMARKS.md, session 15).
const worker = new Worker(new URL("./python_worker.js", import.meta.url), { type: "module" });
const fetcher = new Worker(new URL("./fetch_worker.js", import.meta.url), { type: "module" });
const workersAt = performance.timeOrigin + performance.now(); // (the benchmark's timeline)
let started = false; // the boot's files asked for: Python is starting or up
const pending = new Map();
let nextId = 0;
let broken = null;

function fail(id, error) {
  const waiting = pending.get(id);
  pending.delete(id);
  waiting?.reject(Object.assign(new Error(error?.message ?? "The Python worker failed."), error ?? {}));
}

worker.onmessage = ({ data }) => {
  if (!data.ok) return fail(data.id, data.error);
  pending.get(data.id)?.resolve(data.result);
  pending.delete(data.id);
};
// The worker's script failed to load or threw at the top level: every ask fails with that.
worker.onerror = (event) => {
  broken = { code: "boot-failed", message: `The Python engine failed to start: ${event.message ?? "worker error"}` };
  for (const id of [...pending.keys()]) fail(id, broken);
};

/** The Python worker; on the first call, the fetch worker starts fetching the boot's files
 * and hands them over on a port of their own. */
function python() {
  if (started) return worker;
  started = true;
  const files = new MessageChannel();
  fetcher.postMessage({}, [files.port1]);
  worker.postMessage({ bundlePort: true }, [files.port2]);
  return worker;
}

function ask(method, payload = {}) {
  if (broken) return Promise.reject(Object.assign(new Error(broken.message), broken));
  return new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    python().postMessage({ id, method, payload });
  });
}

/**
 * A panel's own line to Python: a panel frame of this extension (in the same process, it
 * finds this document with chrome.extension.getViews) hands over one end of a
 * MessageChannel, and its py_core requests then go straight to the Python worker and back,
 * not through the service worker and this document's thread (panel/python_line.js). A
 * buyer's pick then takes two hops within the extension's process instead of four trips
 * through the browser process (issue 9, M2). Returns false if the worker is broken or
 * `port` is not a MessagePort; the panel then asks through the background.
 * @param {MessagePort} port
 */
function panelLine(port) {
  // (The port was made in the panel's realm: instanceof MessagePort would be false here.)
  if (broken || Object.prototype.toString.call(port) !== "[object MessagePort]") return false;
  python().postMessage({ panelPort: true }, [port]);
  return true;
}
globalThis.ochPanelLine = panelLine;

serve("python-host", {
  "python/boot": (payload) => ask("boot", { ...payload, home_opened_at: performance.timeOrigin, workers_at: workersAt }),
  "python/status": () => ask("status"),
  "python/memory": () => ask("memory"),
  // Whether Python has been started in this document (a test reads it; it starts nothing).
  "python/started": () => started,
  "python/call": async ({ request, payload, packed }) => envelope(await ask("call", { request, payload, packed })),
});

