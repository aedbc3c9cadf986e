// Chrome's home for the shared Python: an offscreen document lives as long as the
// browser needs it, unlike the service worker, which Chrome stops after ~30 s idle.
// Python itself runs in a worker of this document (python_worker.js), off the extension
// process's main thread, which the panel frames need.
import { envelope, serve } from "../shared/messages.js";

// The document is opened empty when the browser starts (background/chrome.js), so that an
// Ozon page opened soon after does not wait for Chrome to make it. Python starts only on
// the first ask (an Ozon page's boot): then the boot's files are fetched by a worker of
// their own, started first, and go straight to the Python worker as they arrive (see
// python_host/bundle.js for why).
let worker = null;
let workersAt = null; // when they were started (the benchmark's timeline)
const pending = new Map();
let nextId = 0;
let broken = null;

function fail(id, error) {
  const waiting = pending.get(id);
  pending.delete(id);
  waiting?.reject(Object.assign(new Error(error?.message ?? "The Python worker failed."), error ?? {}));
}

/** The Python worker, started (with the fetch worker) the first time it is needed. */
function python() {
  if (worker) return worker;
  workersAt = performance.timeOrigin + performance.now();
  worker = new Worker(new URL("./python_worker.js", import.meta.url), { type: "module" });
  const fetcher = new Worker(new URL("./fetch_worker.js", import.meta.url), { type: "module" });
  const files = new MessageChannel();
  fetcher.postMessage({}, [files.port1]);
  worker.postMessage({ bundlePort: true }, [files.port2]);
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

serve("python-host", {
  "python/boot": (payload) => ask("boot", { ...payload, home_opened_at: performance.timeOrigin, workers_at: workersAt }),
  "python/status": () => ask("status"),
  "python/memory": () => ask("memory"),
  // Whether Python has been started in this document (a test reads it; it starts nothing).
  "python/started": () => worker !== null,
  "python/call": async ({ request, payload }) => envelope(await ask("call", { request, payload })),
});

