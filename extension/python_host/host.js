// The one long-lived Python of the browser: Pyodide with py_core, loaded from the
// extension's own files. Chrome runs it in the offscreen document, Firefox in the
// background page; both use this module.
import { loadPyodide } from "../pyodide/pyodide.mjs";

/** Loading that neither succeeds nor fails within this time is reported as failed. */
export const BOOT_TIMEOUT_MS = 60_000;

export class HostError extends Error {
  constructor(code, message, details) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

function withTimeout(promise, ms, onTimeout) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms);
    }),
  ]);
}

/**
 * @param {{baseUrl: string, bootTimeoutMs?: number}} options baseUrl: the bundle folder
 *   holding pyodide.mjs, the wheels and pyodide-lock.json (ends with "/").
 */
export function createPythonHost({ baseUrl, bootTimeoutMs = BOOT_TIMEOUT_MS }) {
  let state = "idle"; // idle | booting | ready | failed
  let bootPromise = null;
  let handle = null;
  let failure = null;
  const timings = {};
  const log = [];

  async function bootOnce() {
    state = "booting";
    const t0 = performance.now();
    timings.started_at = Date.now();
    const bundle = await (await fetch(baseUrl + "bundle.json")).json();
    const pyodide = await loadPyodide({
      indexURL: baseUrl,
      lockFileURL: baseUrl + "pyodide-lock.json",
      packageBaseUrl: baseUrl,
      fullStdLib: false,
      stdout: (line) => log.push(line),
      stderr: (line) => log.push(line),
    });
    timings.runtime_ms = performance.now() - t0;
    const t1 = performance.now();
    await pyodide.loadPackage(bundle.packages, { messageCallback: () => {}, errorCallback: (m) => log.push(m) });
    timings.packages_ms = performance.now() - t1;
    const t2 = performance.now();
    const bridge = pyodide.pyimport("py_core.bridge");
    handle = bridge.handle;
    const pong = JSON.parse(handle("ping", "{}"));
    if (!pong.ok) throw new HostError("bridge", `py_core did not answer ping: ${pong.error?.message}`);
    timings.import_ms = performance.now() - t2;
    timings.total_ms = performance.now() - t0;
    timings.core_version = pong.result.version;
    state = "ready";
  }

  function boot({ retry = false } = {}) {
    if (retry && state === "failed") bootPromise = null;
    if (!bootPromise) {
      failure = null;
      bootPromise = withTimeout(bootOnce(), bootTimeoutMs, () =>
        new HostError("boot-timeout", `The Python engine did not start within ${Math.round(bootTimeoutMs / 1000)} s.`),
      ).catch((err) => {
        state = "failed";
        // A Python traceback is for us, not the buyer: the panel gets its last line.
        const full = String(err?.message ?? err);
        const lastLine = full.trim().split("\n").filter(Boolean).pop() ?? full;
        failure = {
          code: err?.code ?? "boot-failed",
          message: err instanceof HostError ? err.message : `The Python engine failed to start: ${lastLine}`,
          details: { error: full.slice(-4000), log: log.slice(-20) },
        };
      });
    }
    return bootPromise.then(status);
  }

  function status() {
    return { state, timings: { ...timings }, error: failure };
  }

  /** Call py_core.bridge.handle(request, payload) and return its parsed envelope. */
  async function call(request, payload) {
    await boot();
    if (state !== "ready") throw new HostError(failure?.code ?? "not-ready", failure?.message ?? "The Python engine is not ready.", failure?.details);
    const t0 = performance.now();
    const raw = handle(request, JSON.stringify(payload ?? {}));
    const envelope = JSON.parse(raw);
    envelope.elapsed_ms = performance.now() - t0;
    if (request === "extract") scheduleWarm();
    return envelope;
  }

  // Compile every draft template once the order is read, while the buyer is still
  // reading the panel, so that the first draft is as fast as later ones.
  let warmScheduled = false;
  function scheduleWarm() {
    if (warmScheduled) return;
    warmScheduled = true;
    setTimeout(() => {
      const t0 = performance.now();
      const answer = JSON.parse(handle("warm", "{}"));
      timings.warm_ms = performance.now() - t0;
      if (!answer.ok) log.push(`warm failed: ${answer.error?.message}`);
    }, 50);
  }

  return { boot, status, call };
}
