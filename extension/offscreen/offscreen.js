// Chrome's home for the shared Python: an offscreen document lives as long as the
// browser needs it, unlike the service worker, which Chrome stops after ~30 s idle.
// Python itself runs in a worker of this document (python_worker.js), off the extension
// process's main thread, which the panel frames need.
import { envelope, serve } from "../shared/messages.js";

// The document is opened when the browser starts (background/chrome.js), so that an Ozon
// page opened soon after does not wait for Chrome to make it. It sets Python up at once,
// as far as it can before an Ozon page asks: the fetch worker fetches all but two of the
// boot's files, compiles the runtime's wasm and pydantic-core's .so, and hands them over
// as they arrive; the Python worker loads the runtime's script and instantiates the
// runtime and the .so. python_stdlib.zip and snapshot.bin (35 of the 55 MB) are held until
// the first ask, which releases them and starts the restore's last steps. A page opened
// 2 s after the browser started reads its order ~180-240 ms sooner. Setting Python up
// costs the extension process ~70 MB more (BENCHMARKS.md, session 18). So if no Ozon page
// asks within PREPARED_KEEP_MS, that Python is dropped: both workers are ended (most of
// their memory is freed) and started again as before session 18: they load their
// scripts, the runtime is set up as far as it can be without its wasm, and the first ask
// fetches every file. (Firefox does the same in its background page, which Firefox
// itself suspends after ~30 s idle with no Ozon page, 35-50 s after it starts.)
const PREPARED_KEEP_MS = 60_000;
/** @type {Worker} */ let worker;
/** @type {Worker} */ let fetcher;
let workersAt = 0; // (the benchmark's timeline)
let held = false; // the workers were prepared (two files held for the first ask) and not dropped
let started = false; // the boot's files asked for: Python is starting or up
const pending = new Map();
let nextId = 0;
let broken = null;

function fail(id, error) {
  const waiting = pending.get(id);
  pending.delete(id);
  waiting?.reject(Object.assign(new Error(error?.message ?? "The Python worker failed."), error ?? {}));
}

/** Start the two workers; prepare: hand the boot's files over now, two of them held. */
function startWorkers({ prepare }) {
  worker = new Worker(new URL("./python_worker.js", import.meta.url), { type: "module" });
  fetcher = new Worker(new URL("./fetch_worker.js", import.meta.url), { type: "module" });
  workersAt = performance.timeOrigin + performance.now();
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
  held = prepare;
  if (prepare) sendFiles({ hold: true });
}

/** The fetch worker starts fetching the boot's files (hold: all but two) and hands them
 * to the Python worker over a port of their own. */
function sendFiles({ hold }) {
  const files = new MessageChannel();
  fetcher.postMessage({ hold }, [files.port1]);
  worker.postMessage({ bundlePort: true, boot: !hold }, [files.port2]);
}

/** No Ozon page asked in time: the prepared Python goes, the workers wait as before. */
function dropPrepared() {
  if (started || !held) return false;
  worker.terminate();
  fetcher.terminate();
  startWorkers({ prepare: false });
  return true;
}

startWorkers({ prepare: true });
const dropTimer = setTimeout(dropPrepared, PREPARED_KEEP_MS);

/** The Python worker; on the first call, the boot starts: the held files are released (or,
 * if the prepared Python was dropped, every file is fetched now). */
function python() {
  if (started) return worker;
  started = true;
  clearTimeout(dropTimer);
  if (held) {
    // Released from here, not by the host's boot (bundle.release): at once, the Python
    // worker's thread may still be loading the runtime's script, and would see its
    // startBoot only then (~340 ms later in session 18's first closing run).
    fetcher.postMessage({ release: true });
    worker.postMessage({ startBoot: true });
  } else {
    sendFiles({ hold: false });
  }
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
  // Whether Python has been started in this document, and whether it was set up before the
  // first ask and not dropped (tests read them; they start nothing).
  "python/started": () => started,
  "python/prepared": () => held,
  // Drop a prepared Python now, as the PREPARED_KEEP_MS timer would (for tests; does
  // nothing once Python has started).
  "python/drop-prepared": () => dropPrepared(),
  "python/call": async ({ request, payload, packed }) => envelope(await ask("call", { request, payload, packed })),
});

