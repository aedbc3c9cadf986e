// The one long-lived Python of the browser: Pyodide with py_core, loaded from the
// extension's own files. Chrome runs it in the offscreen document, Firefox in the
// background page; both use this module.
import { loadPyodide } from "../pyodide/pyodide.mjs";
import { SNAPSHOT_FORMAT, siteFiles, snapshotBootOptions, snapshotHead, trampolineSlot } from "./snapshot.js";

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

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/**
 * The whole body of url into one buffer of the expected length, without a second copy;
 * onHead(bytes) gets its first headLength bytes as soon as they are here.
 * @param {string} url
 * @param {number} length
 * @param {number} [headLength]
 * @param {(bytes: Uint8Array) => void} [onHead]
 */
async function fetchExactly(url, length, headLength = 0, onHead = () => {}) {
  const response = await fetchOk(url);
  const out = new Uint8Array(length);
  if (!response.body) {
    const all = new Uint8Array(await response.arrayBuffer());
    if (all.length !== length) throw new Error(`${url} has ${all.length} bytes, expected ${length}`);
    onHead(all);
    return all;
  }
  const reader = response.body.getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > length) throw new Error(`${url} is longer than the ${length} bytes expected`);
    out.set(value, at);
    if (at < headLength && at + value.length >= headLength) onHead(out);
    at += value.length;
  }
  if (at !== length) throw new Error(`${url} has ${at} bytes, expected ${length}`);
  return out;
}

/** Wall-clock time in ms (epoch, sub-millisecond): comparable across the extension's pages. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** loadPyodide of the bundle with the site-packages hooks; the log gets Python's output. */
async function startPyodide(baseUrl, log, bootOptions, extra = {}) {
  const { options, record } = snapshotBootOptions(bootOptions);
  const pyodide = await loadPyodide({
    indexURL: baseUrl,
    fullStdLib: false,
    stdout: (line) => log.push(line),
    stderr: (line) => log.push(line),
    ...extra,
    ...options,
  });
  if (record.error) throw record.error;
  return { pyodide, record };
}

/**
 * The fast path: restore the memory snapshot made at build time (make_snapshot.mjs), in
 * which py_core is imported and warmed. Throws on anything unexpected; the caller then
 * boots the normal way.
 */
async function restoreSnapshot(baseUrl, log, timings, marks, wasmModule) {
  const t0 = performance.now();
  const bytes = async (name) => new Uint8Array(await (await fetchOk(baseUrl + name)).arrayBuffer());
  const json = async (name) => (await fetchOk(baseUrl + name)).json();
  // Everything at once: the module script, the two JSON indexes, the files and the heap.
  // Python starts as soon as all but the heap are here; the heap is awaited only where
  // it is written, after the runtime is instantiated and the .so loaded.
  const metaPromise = json("snapshot.json");
  let gotHead;
  const head = new Promise((resolve) => {
    gotHead = resolve;
  });
  const stripped = metaPromise.then((meta) =>
    fetchExactly(baseUrl + "snapshot.bin", meta.stripped_length, meta.heap_offset, (bytes) => gotHead(snapshotHead(bytes, meta.runs, meta.heap_offset))),
  );
  // (A failed fetch fails the header too.)
  stripped.catch((err) => gotHead(Promise.reject(err)));
  head.catch(() => {});
  stripped.then(() => {
    marks.snapshot_fetched = wallNow();
    timings.fetch_ms = performance.now() - t0;
  }, () => {});
  const [meta, siteIndex, siteBlob, asm] = await Promise.all([
    metaPromise, json("site.json"), bytes("site.bin"), import("../pyodide/pyodide.asm.mjs"),
  ]);
  marks.fetched = wallNow();
  if (meta.format !== SNAPSHOT_FORMAT) throw new Error(`snapshot format ${meta.format}, this host reads ${SNAPSHOT_FORMAT}`);
  if (siteBlob.length !== meta.inputs["site.bin"].size) throw new Error("site.bin is not the file the snapshot was made with");
  const files = siteFiles(siteIndex, siteBlob);
  const heap = { stripped, runs: meta.runs, offset: meta.heap_offset, length: meta.heap_length };
  // loadPyodide itself refuses a snapshot of another Pyodide build (BUILD_ID in its header).
  const { pyodide, record } = await startPyodide(
    baseUrl, log,
    { factory: asm.default, files, soPath: siteIndex.so, expect: meta.so, heapLength: meta.heap_length, wasmModule, marks, heap },
    { _loadSnapshot: head },
  );
  marks.restored = wallNow();
  const Module = /** @type {any} */ (pyodide)._module; // Pyodide's private module: not in its types
  // Pyodide keeps its config, and with it the 45 MB snapshot, for the life of the
  // instance: drop it, the heap holds all of it now.
  const api = /** @type {any} */ (pyodide)._api;
  if (api?.config) api.config._loadSnapshot = null;
  // The heap holds the maker's trampoline pointer (Node's); put this runtime's back.
  Module.HEAP32[trampolineSlot(Module)] = record.trampoline;
  const dso = Module.LDSO.loadedLibsByName[meta.so.path];
  for (const handle of meta.so.handles) Module.LDSO.loadedLibsByHandle[handle] = dso;
  if (Module.wasmTable.length !== meta.so.table_end) {
    throw new Error(`function table has ${Module.wasmTable.length} slots after the restore, the snapshot ${meta.so.table_end}`);
  }
  // The file system was rewritten and the random state is the maker's: refresh both.
  pyodide.runPython("import importlib, random\nimportlib.invalidate_caches()\nrandom.seed()");
  timings.restore_ms = performance.now() - t0;
  return pyodide;
}

/**
 * The normal boot, used when there is no usable snapshot: the runtime, site-packages from
 * site.bin with pydantic_core's .so instantiated asynchronously, then import py_core.
 * Every module comes as .pyc compiled at build time.
 */
async function bootNormally(baseUrl, log, timings, marks, wasmModule) {
  const t0 = performance.now();
  const [siteIndex, siteBlob, asm] = await Promise.all([
    (await fetchOk(baseUrl + "site.json")).json(),
    fetchOk(baseUrl + "site.bin").then(async (r) => new Uint8Array(await r.arrayBuffer())),
    import("../pyodide/pyodide.asm.mjs"),
  ]);
  marks.fetched = wallNow();
  const { pyodide } = await startPyodide(baseUrl, log, {
    factory: asm.default, files: siteFiles(siteIndex, siteBlob), soPath: siteIndex.so, expect: null, wasmModule, marks,
  });
  marks.restored = wallNow();
  timings.runtime_ms = performance.now() - t0;
  return pyodide;
}

/**
 * Browsers: start compiling the runtime's wasm at once, while the snapshot (or site.bin)
 * is on its way. Not in Node, where fetch cannot read the files and Pyodide reads the
 * wasm itself. A failure here only means that Pyodide compiles it itself.
 */
function compileRuntime(baseUrl, marks) {
  if (!/^(https?|chrome-extension|moz-extension):/.test(baseUrl) || !WebAssembly.compileStreaming) return null;
  const wasmModule = WebAssembly.compileStreaming(fetchOk(baseUrl + "pyodide.asm.wasm"));
  wasmModule.then(() => {
    marks.wasm_compiled = wallNow();
  }, () => {});
  return wasmModule;
}

/** ping, one pydantic validation (the .so's function pointers) and one jinja render. */
function smokeTest(pyodide, handle, timings = {}) {
  let t = performance.now();
  const lap = (name) => {
    timings[name] = performance.now() - t;
    t = performance.now();
  };
  const pong = JSON.parse(handle("ping", "{}"));
  lap("smoke_ping_ms");
  if (!pong.ok) throw new HostError("bridge", `py_core did not answer ping: ${pong.error?.message}`);
  const invalid = JSON.parse(handle("check", JSON.stringify({ text: 5, channel: "seller_chat" })));
  if (invalid.ok || invalid.error?.code !== "invalid_payload") {
    throw new HostError("bridge", `py_core's validation answered ${JSON.stringify(invalid).slice(0, 200)}`);
  }
  lap("smoke_validation_ms");
  const rendered = pyodide.runPython("import jinja2\njinja2.Environment().from_string('{{ a }}+{{ b }}').render(a=1, b='x')");
  if (rendered !== "1+x") throw new HostError("bridge", `jinja2 rendered ${JSON.stringify(rendered)}`);
  lap("smoke_jinja_ms");
  return pong;
}

/**
 * @param {{baseUrl: string, bootTimeoutMs?: number, snapshot?: boolean}} options baseUrl:
 *   the bundle folder (ends with "/") holding the runtime, site.bin/site.json and the
 *   snapshot (snapshot.bin/snapshot.json); snapshot: try the snapshot first (default true).
 */
export function createPythonHost({ baseUrl, bootTimeoutMs = BOOT_TIMEOUT_MS, snapshot = true }) {
  let state = "idle"; // idle | booting | ready | failed
  let bootPromise = null;
  let handle = null;
  let failure = null;
  let boot_path = null; // "snapshot" | "normal"
  let snapshotError = null;
  let python = null;
  const timings = {};
  // The timeline of this host, wall-clock ms (wallNow): when it was created, asked to boot,
  // fetched its files, compiled and instantiated the runtime, restored, was ready, and
  // when the first order read reached it. The benchmark lays them against navigation start.
  const marks = { host_created: wallNow() };
  const log = [];

  async function bootOnce() {
    state = "booting";
    const t0 = performance.now();
    timings.started_at = Date.now();
    marks.boot_started = wallNow();
    let pyodide = null;
    let pong = null;
    const wasmModule = compileRuntime(baseUrl, marks);
    if (snapshot) {
      try {
        pyodide = await restoreSnapshot(baseUrl, log, timings, marks, wasmModule);
        const t1 = performance.now();
        handle = pyodide.pyimport("py_core.bridge").handle;
        pong = smokeTest(pyodide, handle, timings);
        timings.smoke_ms = performance.now() - t1;
        boot_path = "snapshot";
      } catch (err) {
        // Any doubt about the snapshot: throw that Python away and boot the normal way.
        snapshotError = String(err?.message ?? err).slice(-600);
        log.push(`snapshot restore failed, booting normally: ${snapshotError}`);
        handle = null;
        pyodide = null;
      }
    }
    if (!pyodide) {
      pyodide = await bootNormally(baseUrl, log, timings, marks, wasmModule);
      const t2 = performance.now();
      handle = pyodide.pyimport("py_core.bridge").handle;
      pong = smokeTest(pyodide, handle);
      timings.import_ms = performance.now() - t2;
      boot_path = "normal";
    }
    python = pyodide;
    timings.total_ms = performance.now() - t0;
    timings.core_version = pong.result.version;
    marks.core_ready = wallNow();
    state = "ready";
  }

  function boot({ retry = false, asked_at = null, relayed_at = null } = {}) {
    // The first ask of each kind: the content script's (asked_at, its own clock), the
    // service worker's relay (Chrome) and this host's own.
    if (typeof asked_at === "number") marks.content_asked ??= asked_at;
    if (typeof relayed_at === "number") marks.relayed ??= relayed_at;
    marks.boot_asked ??= wallNow();
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
    return { state, boot_path, snapshot_error: snapshotError, timings: { ...timings }, marks: { ...marks }, error: failure };
  }

  /** Call py_core.bridge.handle(request, payload) and return its parsed envelope. */
  async function call(request, payload) {
    const asked = wallNow();
    await boot();
    if (state !== "ready") throw new HostError(failure?.code ?? "not-ready", failure?.message ?? "The Python engine is not ready.", failure?.details);
    const t0 = performance.now();
    const raw = handle(request, JSON.stringify(payload ?? {}));
    const envelope = JSON.parse(raw);
    envelope.elapsed_ms = performance.now() - t0;
    if (request === "extract" && timings.first_extract_ms === undefined) {
      // For the benchmark: when the first order read reached Python, and how long it took.
      timings.first_extract_at = Date.now() - envelope.elapsed_ms;
      timings.first_extract_ms = envelope.elapsed_ms;
      marks.extract_asked = asked;
      marks.extract_done = wallNow();
    }
    if (request === "extract" && envelope.ok) scheduleWarm(envelope.result?.order ?? null);
    return envelope;
  }

  // Once the order is read, while the buyer is still reading the panel: compile every
  // draft template (a normal boot), then advise on that order once per problem, one
  // problem at a time with pauses between, so that the code of a draft is hot (right after
  // a snapshot restore the browser has not optimised it yet) before the buyer picks one.
  let warmScheduled = false;
  function scheduleWarm(order) {
    if (warmScheduled) return;
    warmScheduled = true;
    setTimeout(() => {
      if (!handle) return;
      if (boot_path !== "snapshot") {
        // (The snapshot was made after this same warm-up.)
        const t0 = performance.now();
        const answer = JSON.parse(handle("warm", "{}"));
        timings.warm_ms = performance.now() - t0;
        if (!answer.ok) log.push(`warm failed: ${answer.error?.message}`);
      }
      if (!order) return;
      const problems = JSON.parse(handle("problems", "{}"));
      const codes = problems.ok ? problems.result.map((p) => p.code) : [];
      let i = 0;
      const t1 = performance.now();
      const next = () => {
        if (!handle || i >= codes.length * 2) {
          timings.warm_drafts_ms = performance.now() - t1;
          return;
        }
        const payload = { order, problem: { code: codes[i % codes.length] }, lang: i < codes.length ? "zh" : "en" };
        handle("advise", JSON.stringify(payload));
        i++;
        setTimeout(next, 25);
      };
      next();
    }, 20);
  }

  /** Memory figures for the benchmark: the wasm heap (bytes) and, in Chromium, the JS heap. */
  function memory() {
    return {
      wasm_bytes: python?._module?.HEAP8?.length ?? 0,
      js_heap_bytes: /** @type {any} */ (globalThis.performance)?.memory?.usedJSHeapSize ?? null,
    };
  }

  /** The modules Python has imported (for the build's check that nothing left out is used). */
  function importedModules() {
    if (!python) return [];
    return JSON.parse(python.runPython("import json, sys\njson.dumps(sorted(sys.modules))"));
  }

  /** The Pyodide instance itself, for tests and the benchmark (undefined until booted). */
  function pyodide() {
    return python ?? undefined;
  }

  /** Drop this Python (its memory goes back once collected); the next call boots again. */
  function close() {
    if (state === "booting") return { closed: false };
    const closed = python !== null;
    handle?.destroy?.();
    python = null;
    handle = null;
    bootPromise = null;
    warmScheduled = false;
    state = "idle";
    return { closed };
  }

  return { boot, status, call, memory, importedModules, pyodide, close };
}
