// The one long-lived Python of the browser: Pyodide with py_core, loaded from the
// extension's own files. Chrome runs it in the offscreen document, Firefox in the
// background page; both use this module.
import { loadPyodide } from "../pyodide/pyodide.mjs";
import { fetchBundle, markWhen, wallNow } from "./bundle.js";
import { SNAPSHOT_FORMAT, siteFiles, snapshotBootOptions, trampolineSlot } from "./snapshot.js";

export { wallNow };

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

/** loadPyodide of the bundle with the site-packages hooks; the log gets Python's output. */
async function startPyodide(baseUrl, log, bootOptions, stdlib, extra = {}) {
  const wasmUrl = baseUrl + "pyodide.asm.wasm";
  const { options, record } = snapshotBootOptions({ ...bootOptions, wasmUrl });
  // Pyodide fetches the standard library itself once it starts: hand it the copy the
  // bundle fetched at once instead (Node: Pyodide reads it from disk).
  const stdLibURL = baseUrl + "python_stdlib.zip";
  const answers = stdlib ? { [stdLibURL]: stdlib } : {};
  // A standard library that could not be read fails the boot (Pyodide itself would only
  // log it and start without one).
  const failed = (err) => {
    record.error ??= err;
  };
  // Pyodide also starts its own fetch of the runtime's wasm, to compile it: the module is
  // compiled already (useCompiledWasm), so that fetch gets nothing (a fall-back that
  // needs the file fetches it anew).
  if (bootOptions.wasmModule) answers[wasmUrl] = new Uint8Array(0);
  const pyodide = await withPrefetched(answers, failed, () =>
    loadPyodide({
      indexURL: baseUrl,
      stdLibURL,
      fullStdLib: false,
      stdout: (line) => log.push(line),
      stderr: (line) => log.push(line),
      ...extra,
      ...options,
    }),
  );
  if (record.error) throw record.error;
  return { pyodide, record };
}

/**
 * While fn() starts, fetch() of one of these URLs is answered with the bytes fetched ahead
 * (once; they may still be on their way); every other fetch goes out as usual. The answer
 * is not a Response but what Pyodide reads of one (ok, and arrayBuffer() resolving to the
 * bytes' own buffer): a Response's body would be read into a copy of the 6.6 MB standard
 * library. Pyodide asks for both files as loadPyodide starts: once both are answered,
 * fetch is put back (a prepared restore may wait long after that for its files).
 * @param {Record<string, Uint8Array|Promise<Uint8Array|null>>} answers null: not fetched
 *   ahead after all (fetched when it is read)
 * @param {(err: Error) => void} failed told when a file could not be read
 * @param {() => Promise<any>} fn
 */
async function withPrefetched(answers, failed, fn) {
  if (Object.keys(answers).length === 0) return fn();
  const original = globalThis.fetch;
  const answer = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const bytes = answers[url];
    if (!bytes) return original(input, init);
    delete answers[url];
    if (Object.keys(answers).length === 0 && globalThis.fetch === answer) globalThis.fetch = original;
    return Promise.resolve(/** @type {Response} */ (/** @type {unknown} */ ({
      ok: true, status: 200, url, body: null,
      arrayBuffer: async () => {
        try {
          const got = await bytes;
          if (!got) {
            const response = await original(input, init);
            if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
            return response.arrayBuffer();
          }
          const whole = got.byteOffset === 0 && got.byteLength === got.buffer.byteLength;
          return whole ? got.buffer : got.slice().buffer;
        } catch (err) {
          failed(err);
          throw err;
        }
      },
    })));
  };
  globalThis.fetch = answer;
  try {
    return await fn();
  } finally {
    if (globalThis.fetch === answer) globalThis.fetch = original;
  }
}

/** The snapshot's header (snapshot.json has it, so Pyodide can start before snapshot.bin is here). */
function headOf(meta) {
  if (typeof meta.head !== "string") throw new Error("snapshot.json has no header");
  const text = atob(meta.head);
  const head = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) head[i] = text.charCodeAt(i);
  if (head.length !== meta.heap_offset) throw new Error(`the snapshot's header has ${head.length} bytes, expected ${meta.heap_offset}`);
  return head;
}

/**
 * The fast path: restore the memory snapshot made at build time (make_snapshot.mjs), in
 * which py_core is imported and warmed. Throws on anything unexpected; the caller then
 * boots the normal way.
 * @param {import("./bundle.js").Bundle} bundle
 */
async function restoreSnapshot(baseUrl, log, timings, marks, bundle) {
  const t0 = performance.now();
  // The runtime starts as soon as the snapshot's header and its script are here; the other
  // files are awaited where they are used: the wasm where the runtime is instantiated,
  // site-packages and the .so in the preRun after it, the heap where it is written.
  const meta = await bundle.meta;
  if (!meta) throw new Error("this boot has no snapshot");
  if (meta.format !== SNAPSHOT_FORMAT) throw new Error(`snapshot format ${meta.format}, this host reads ${SNAPSHOT_FORMAT}`);
  const head = headOf(meta);
  const asm = await import("../pyodide/pyodide.asm.mjs").then(markWhen(marks, "runtime_script_loaded"));
  // (Waiting for site.bin here put its fetch on a cold start's path: issue 9, session 15.)
  const site = Promise.all([bundle.siteIndex, bundle.siteBin]).then(([siteIndex, siteBlob]) => {
    marks.site_ready = wallNow();
    if (siteBlob.length !== meta.inputs["site.bin"].size) throw new Error("site.bin is not the file the snapshot was made with");
    return { files: siteFiles(siteIndex, siteBlob), so: siteIndex.so };
  });
  site.catch(() => {});
  if (!bundle.heap) throw new Error("this boot fetched no snapshot.bin");
  const heap = { pieces: bundle.heap, head, runs: meta.runs, offset: meta.heap_offset, length: meta.heap_length };
  // loadPyodide itself refuses a snapshot of another Pyodide build (BUILD_ID in its header).
  marks.load_started = wallNow();
  const { pyodide, record } = await startPyodide(
    baseUrl, log,
    { factory: asm.default, files: site.then((s) => s.files), soPath: site.then((s) => s.so), so: bundle.so, expect: meta.so, heapLength: meta.heap_length, wasmModule: bundle.wasm, marks, heap },
    // (A prefetch that failed is fetched again where it is read.)
    Promise.resolve(bundle.stdlib).catch(() => null),
    { _loadSnapshot: head },
  );
  marks.restored = wallNow();
  timings.fetch_ms = (bundle.marks?.snapshot_fetched ?? marks.restored) - (marks.boot_started ?? marks.restored);
  const Module = /** @type {any} */ (pyodide)._module; // Pyodide's private module: not in its types
  // Pyodide keeps its config, and with it the snapshot's header, for the life of the
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
  pyodide.pyimport("importlib").invalidate_caches();
  pyodide.pyimport("random").seed();
  timings.restore_ms = performance.now() - t0;
  return pyodide;
}

/**
 * The normal boot, used when there is no usable snapshot: the runtime, site-packages from
 * site.bin with pydantic_core's .so instantiated asynchronously, then import py_core.
 * Every module comes as .pyc compiled at build time.
 * @param {import("./bundle.js").Bundle} bundle
 */
async function bootNormally(baseUrl, log, timings, marks, bundle) {
  const t0 = performance.now();
  const [siteIndex, siteBlob, asm, stdlib] = await Promise.all([
    bundle.siteIndex, bundle.siteBin, import("../pyodide/pyodide.asm.mjs"), bundle.stdlib,
  ]);
  marks.fetched = wallNow();
  const { pyodide } = await startPyodide(baseUrl, log, {
    factory: asm.default, files: siteFiles(siteIndex, siteBlob), soPath: siteIndex.so, so: bundle.so, expect: null, wasmModule: bundle.wasm, marks,
  }, stdlib);
  marks.restored = wallNow();
  timings.runtime_ms = performance.now() - t0;
  return pyodide;
}

// The warm-up after the first order read (see scheduleWarm): how many rounds of drafts; the
// pause between two drafts, in which a buyer's request can go first; how long Python must
// have had no request before it starts.
export const WARM_ROUNDS = { min: 4, max: 8 };
const WARM_PAUSE_MS = 25;
const WARM_QUIET_MS = 100;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Whether the warm-up can stop, given each round's median draft time so far: from
 * WARM_ROUNDS.min rounds on, once a round is less than 15% faster than the one before
 * (the browser has optimised what a draft runs); always once WARM_ROUNDS.max rounds are
 * done. */
export function warmedEnough(rounds) {
  const n = rounds.length;
  if (n >= WARM_ROUNDS.max) return true;
  return n >= WARM_ROUNDS.min && rounds[n - 1] >= 0.85 * rounds[n - 2];
}

/**
 * ping and one pydantic validation (the .so's function pointers). After a snapshot
 * restore the jinja render waits for the warm-up (jinjaCheck): compiling a template runs
 * Python's compiler, whose code the browser would first have to compile, on the order's
 * path.
 */
function smokeTest(pyodide, handle, timings = {}, { jinja = true } = {}) {
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
  if (jinja) {
    jinjaCheck(pyodide);
    lap("smoke_jinja_ms");
  }
  return pong;
}

/** One jinja2 template compiled and rendered; throws if the answer is wrong. */
function jinjaCheck(pyodide) {
  const rendered = pyodide.runPython("import jinja2\njinja2.Environment().from_string('{{ a }}+{{ b }}').render(a=1, b='x')");
  if (rendered !== "1+x") throw new HostError("bridge", `jinja2 rendered ${JSON.stringify(rendered)}`);
}

/**
 * @param {{baseUrl: string, bootTimeoutMs?: number, snapshot?: boolean, bundle?: import("./bundle.js").Bundle|null}} options
 *   baseUrl: the bundle folder (ends with "/") holding the runtime, site.bin/site.json and
 *   the snapshot (snapshot.bin/snapshot.json); snapshot: try the snapshot first (default
 *   true); bundle: those files, already on their way (fetchBundle), for the first boot.
 */
export function createPythonHost({ baseUrl, bootTimeoutMs = BOOT_TIMEOUT_MS, snapshot = true, bundle = null }) {
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
  // (A bundle fetched elsewhere keeps its own marks: when its parts arrived there.)
  const bundleMarks = bundle?.marks ?? {};
  const log = [];

  let prepared = null; // the first restore, begun by prepare() before any ask

  /**
   * Begin the first restore before Python is asked for. A no-op once begun, and after the
   * first boot.
   * - With a bundle given at creation (Chrome, when the offscreen document opens): once the
   *   bundle's snapshot header (snapshot.json) and the runtime's script are here, the
   *   runtime is set up as far as the bundle's parts that have arrived let it go. Its
   *   sender decides how far that is (offscreen.js): as the document opens, all but
   *   python_stdlib.zip and snapshot.bin come, so the runtime and the .so are instantiated
   *   now; after a dropped set-up, nothing comes until an Ozon page asks, so only the
   *   runtime's factory runs (no wasm memory is made).
   * - With `fetch` and no bundle given (Firefox, when the browser starts): the host fetches
   *   its own bundle with fetchBundle's `hold`: both wasm modules are compiled and the
   *   runtime is instantiated now; python_stdlib.zip and snapshot.bin are fetched once an
   *   Ozon page asks.
   * @param {{fetch?: boolean}} [options]
   */
  function prepare({ fetch = false } = {}) {
    if (prepared || bootPromise || !snapshot) return;
    if (!bundle && fetch) bundle = fetchBundle(baseUrl, { snapshot, marks, hold: true });
    if (!bundle) return;
    marks.prepared = wallNow();
    prepared = restoreSnapshot(baseUrl, log, timings, marks, bundle);
    prepared.catch(() => {});
  }

  // Each boot's number: a boot given up on (timed out) is no longer the latest, and when it
  // does finish, its Python is dropped instead of replacing the state a later boot set.
  let generation = 0;

  async function bootOnce() {
    const mine = ++generation;
    state = "booting";
    const t0 = performance.now();
    timings.started_at = Date.now();
    marks.boot_started = wallNow();
    let pyodide = null;
    let pong = null;
    let bridge = null; // py_core.bridge.handle of this boot's Python
    let path = null;
    // The files given at creation serve the first boot only (their buffers go to Python);
    // a later boot, and the normal boot after a failed restore, fetch their own.
    let files = bundle ?? fetchBundle(baseUrl, { snapshot, marks });
    bundle = null;
    files.release?.(); // (a held bundle fetches its remaining files now)
    const restoring = prepared;
    prepared = null;
    if (snapshot) {
      try {
        pyodide = await (restoring ?? restoreSnapshot(baseUrl, log, timings, marks, files));
        // (Begun before the ask: its time counts from the ask.)
        if (restoring) timings.restore_ms = performance.now() - t0;
        const t1 = performance.now();
        bridge = pyodide.pyimport("py_core.bridge").handle;
        pong = smokeTest(pyodide, bridge, timings, { jinja: false });
        timings.smoke_ms = performance.now() - t1;
        path = "snapshot";
      } catch (err) {
        // Any doubt about the snapshot: throw that Python away and boot the normal way.
        snapshotError = String(err?.message ?? err).slice(-600);
        log.push(`snapshot restore failed, booting normally: ${snapshotError}`);
        bridge = null;
        pyodide = null;
      }
    }
    if (!pyodide) {
      if (snapshot) files = fetchBundle(baseUrl, { snapshot: false, marks });
      pyodide = await bootNormally(baseUrl, log, timings, marks, files);
      const t2 = performance.now();
      bridge = pyodide.pyimport("py_core.bridge").handle;
      pong = smokeTest(pyodide, bridge);
      timings.import_ms = performance.now() - t2;
      path = "normal";
    }
    if (mine !== generation) {
      log.push("a boot given up on finished: its Python is dropped");
      bridge?.destroy?.();
      return;
    }
    handle = bridge;
    boot_path = path;
    python = pyodide;
    timings.total_ms = performance.now() - t0;
    timings.core_version = pong.result.version;
    marks.core_ready = wallNow();
    state = "ready";
  }

  function boot({ retry = false, asked_at = null, relayed_at = null, home_opened_at = null, workers_at = null } = {}) {
    // The first ask of each kind: the content script's (asked_at, its own clock), the
    // service worker's relay (Chrome) and this host's own; in Chrome also when the
    // offscreen document was opened and when it started this worker.
    if (typeof asked_at === "number") marks.content_asked ??= asked_at;
    if (typeof relayed_at === "number") marks.relayed ??= relayed_at;
    if (typeof home_opened_at === "number") marks.home_opened ??= home_opened_at;
    if (typeof workers_at === "number") marks.workers_started ??= workers_at;
    marks.boot_asked ??= wallNow();
    if (retry && state === "failed") bootPromise = null;
    if (!bootPromise) {
      failure = null;
      bootPromise = withTimeout(bootOnce(), bootTimeoutMs, () =>
        new HostError("boot-timeout", `The Python engine did not start within ${Math.round(bootTimeoutMs / 1000)} s.`),
      ).catch((err) => {
        state = "failed";
        generation += 1; // (a boot that timed out is given up on: see bootOnce)
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
    return { state, boot_path, snapshot_error: snapshotError, timings: { ...timings }, marks: { ...bundleMarks, ...marks }, error: failure };
  }

  /**
   * Call py_core.bridge.handle(request, payload) and return its parsed envelope; or, with
   * `packed`, py_core's own JSON text of it, unparsed ({packed, elapsed_ms}, opened by
   * shared/messages.js unwrap where it is used). A panel's advice is ~17 kB of JSON: the
   * browsers pass one string between threads and processes much faster than the objects
   * parsed from it (Firefox's runtime messaging: 10 ms for the objects, 3 ms for the text,
   * issue 9 M2). The extract always comes parsed: the host and the background use its order.
   */
  async function call(request, payload, { packed = false } = {}) {
    const asked = wallNow();
    await boot();
    if (state !== "ready") throw new HostError(failure?.code ?? "not-ready", failure?.message ?? "The Python engine is not ready.", failure?.details);
    const t0 = performance.now();
    const raw = handle(request, JSON.stringify(payload ?? {}));
    lastCallAt = performance.now();
    if (packed && request !== "extract") return { packed: raw, elapsed_ms: performance.now() - t0 };
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
  // draft template (after a normal boot only; the snapshot has them), then advise on that
  // order for every problem, one problem at a time with pauses between, so that the code
  // of a draft is hot before the buyer picks one. Right after a snapshot restore the browser runs Python's wasm as
  // first compiled; it optimises the hot functions in the background only after they have
  // run a while. Measured in Chromium: a draft took 10-18 ms for the first ~30 drafts, then
  // ~5 ms. So the warm-up goes on in rounds (every problem once, zh and en in turn) until
  // a round is less than 15% faster than the one before (at least WARM_ROUNDS.min rounds,
  // at most WARM_ROUNDS.max; see warmedEnough).
  // It starts once Python has had no request for WARM_QUIET_MS: a buyer's first pick, and
  // the panel's own requests around it, go first (the warm-up's first step, the rest of the
  // smoke call, takes 50-80 ms in Chromium).
  let warmScheduled = false;
  let lastCallAt = 0;
  function scheduleWarm(order) {
    if (warmScheduled) return;
    warmScheduled = true;
    const begin = () => {
      const quiet = performance.now() - lastCallAt;
      if (quiet < WARM_QUIET_MS) return void setTimeout(begin, WARM_QUIET_MS - quiet);
      warm(order);
    };
    setTimeout(begin, WARM_QUIET_MS);
  }

  function warm(order) {
    if (!handle) return;
    if (boot_path === "snapshot") {
      // The rest of the smoke call (see smokeTest). A restore whose jinja2 does not
      // work cannot draft: drop it, and the next request boots the normal way.
      try {
        const t0 = performance.now();
        jinjaCheck(python);
        timings.smoke_jinja_ms = performance.now() - t0;
      } catch (err) {
        snapshotError = `jinja2 after the restore: ${String(err?.message ?? err).slice(-500)}`;
        log.push(`snapshot restore failed its jinja2 check, the next request boots normally: ${snapshotError}`);
        close();
        snapshot = false;
        return;
      }
    } else {
      // (The snapshot was made after this same warm-up.)
      const t0 = performance.now();
      const answer = JSON.parse(handle("warm", "{}"));
      timings.warm_ms = performance.now() - t0;
      if (!answer.ok) log.push(`warm failed: ${answer.error?.message}`);
    }
    if (!order) return;
    const problems = JSON.parse(handle("problems", "{}"));
    const codes = problems.ok ? problems.result.map((p) => p.code) : [];
    const rounds = []; // each round's median draft time (ms)
    let times = [];
    let i = 0;
    const t1 = performance.now();
    const done = () => {
      timings.warm_drafts_ms = performance.now() - t1;
      timings.warm_rounds_ms = rounds.map((ms) => Math.round(ms * 10) / 10);
    };
    const next = () => {
      if (!handle || !codes.length) return done();
      const t = performance.now();
      const lang = rounds.length % 2 ? "en" : "zh";
      handle("advise", JSON.stringify({ order, problem: { code: codes[i] }, lang }));
      times.push(performance.now() - t);
      if (++i === codes.length) {
        rounds.push(median(times));
        times = [];
        i = 0;
        if (warmedEnough(rounds)) return done();
      }
      setTimeout(next, WARM_PAUSE_MS);
    };
    next();
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

  return { prepare, boot, status, call, memory, importedModules, pyodide, close };
}
