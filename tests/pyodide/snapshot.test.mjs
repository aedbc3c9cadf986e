// The shipped memory snapshot (dist/chrome/pyodide/snapshot.bin), restored in a fresh Node
// process by the real host code, next to a normal boot of the same bundle: the restore must
// give the same answers, and everything a restore could break must still work.
// Run: node --test tests/pyodide/snapshot.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { fetchFilesFromDisk } from "./disk_fetch.mjs";
import { savedSnapshots } from "./saved_snapshots.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUNDLE = join(ROOT, "dist", "chrome", "pyodide") + "/";
const FIXTURES = join(ROOT, "tests", "fixtures", "pages");
const PROBLEMS = ["damaged", "not_delivered", "refund_missing", "return_request"];

describe("the memory snapshot, restored", () => {
  let restored;
  let normal;
  let meta;
  let snapshotModule;

  before(async () => {
    assert.ok(existsSync(BUNDLE + "snapshot.bin"), "dist/chrome has no snapshot: run `python build.py` first");
    fetchFilesFromDisk();
    meta = JSON.parse(readFileSync(BUNDLE + "snapshot.json", "utf8"));
    const { createPythonHost } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
    snapshotModule = await import(join(ROOT, "dist", "chrome", "python_host", "snapshot.js"));
    restored = createPythonHost({ baseUrl: BUNDLE });
    const status = await restored.boot();
    assert.equal(status.state, "ready", JSON.stringify(status.error));
    assert.equal(status.snapshot_error, null);
    assert.equal(status.boot_path, "snapshot");
    normal = createPythonHost({ baseUrl: BUNDLE, snapshot: false });
    assert.equal((await normal.boot()).boot_path, "normal");
  });

  it("has the recorded function table base, end and dlopen handles", () => {
    const Module = restored.pyodide()._module;
    const { so } = meta;
    assert.equal(so.table_base % 64, 0);
    assert.ok(so.table_base > 14000 && so.table_end > so.table_base, JSON.stringify(so));
    assert.equal(Module.wasmTable.length, so.table_end);
    assert.ok(so.handles.length >= 1);
    for (const handle of so.handles) assert.equal(Module.LDSO.loadedLibsByHandle[handle]?.name, so.path);
    assert.equal(so.path, `/lib/python3.14/site-packages/${JSON.parse(readFileSync(BUNDLE + "site.json", "utf8")).so}`);
    // The table slot before the pinned base is empty padding, the first .so slot is a function.
    assert.equal(Module.wasmTable.get(so.table_base - 1), null);
    // The build is tied to this exact Pyodide and to the files it was made from.
    assert.equal(meta.build_id, restored.pyodide()._api.config.BUILD_ID);
    assert.equal(meta.inputs["site.bin"].size, readFileSync(BUNDLE + "site.bin").length);
    const raw = snapshotModule.fillZeroPages(new Uint8Array(readFileSync(BUNDLE + "snapshot.bin")), meta.runs, meta.raw_length);
    assert.equal(raw.length, meta.heap_offset + meta.heap_length);
  });

  it("holds nothing of the folder it was built in, so any checkout builds the same bytes", () => {
    // make_snapshot.mjs runs in Node, where Emscripten names the program after the
    // script's path: the maker renames it as a browser's runtime is named.
    const heap = readFileSync(BUNDLE + "snapshot.bin");
    assert.equal(heap.indexOf(Buffer.from(ROOT)), -1, `snapshot.bin holds ${ROOT}`);
    const [executable, program] = JSON.parse(restored.pyodide().runPython("import json, os, sys\njson.dumps([sys.executable, os.environ.get('_')])"));
    assert.equal(program, "./this.program");
    assert.equal(executable, "/home/pyodide/this.program"); // (resolved against the home folder)
  });

  it("compiles no Python in Pyodide's bootstrap after a restore, and gets the same objects", () => {
    // build.py's RESTORE_BOOTSTRAP_PATCH: on a restore, the dict and modules Pyodide's
    // bootstrap needs are got by calls. Pyodide's own code runs its sources in
    // runPythonInternal_dict, which then holds the names they import; the patched restore
    // leaves that dict empty.
    const names = (host) => Object.keys(host.pyodide()._api.runPythonInternal_dict.toJs({ dict_converter: Object.fromEntries })).sort();
    assert.deepEqual(names(restored), []);
    assert.deepEqual(names(normal), ["__builtins__", "__main__", "builtins", "importlib"]);
    for (const host of [restored, normal]) {
      const py = host.pyodide();
      assert.equal(py._api.importlib.__name__, "importlib");
      assert.equal(py.globals.get("__name__"), "__main__");
      assert.equal(typeof py.globals.get("len"), "function", "builtins are seen through pyodide.globals");
      py.runPython("och_probe = 41 + 1");
      assert.equal(py.globals.get("och_probe"), 42);
      assert.equal(py.runPython("import __main__; __main__.och_probe"), 42);
      py.globals.delete("och_probe");
    }
  });

  it("has every site-packages file as FS.writeFile would make it: its size, mode 0666 and bytes", () => {
    const site = JSON.parse(readFileSync(BUNDLE + "site.json", "utf8"));
    const py = restored.pyodide();
    py.globals.set("och_site", py.toPy(site.files));
    const seen = JSON.parse(py.runPython(`
import hashlib, json, os
root = "/lib/python3.14/site-packages"
digest = hashlib.sha256()
modes, sizes_ok = set(), True
for path, size in och_site:
    st = os.stat(f"{root}/{path}")
    modes.add(oct(st.st_mode))
    sizes_ok = sizes_ok and st.st_size == size
    with open(f"{root}/{path}", "rb") as f:
        digest.update(f.read())
json.dumps({"modes": sorted(modes), "sizes_ok": sizes_ok, "sha256": digest.hexdigest()})`));
    py.globals.delete("och_site");
    assert.deepEqual(seen.modes, ["0o100666"]);
    assert.equal(seen.sizes_ok, true);
    assert.equal(seen.sha256, createHash("sha256").update(readFileSync(BUNDLE + "site.bin")).digest("hex"));
    assert.ok(site.files.some(([, size]) => size === 0), "site.bin has empty files (py.typed): they are covered");
  });

  it("writes the heap from the stripped pages exactly as the whole snapshot holds it", () => {
    const stripped = new Uint8Array(readFileSync(BUNDLE + "snapshot.bin"));
    const raw = snapshotModule.fillZeroPages(stripped, meta.runs, meta.raw_length);
    // A memory that is not zero where the snapshot is (what the .so and the runtime left).
    const target = new Uint8Array(meta.heap_length + 4096).fill(0xa5);
    snapshotModule.writeHeap(target, stripped, meta.runs, meta.heap_offset, meta.heap_length);
    assert.ok(Buffer.from(target.subarray(0, meta.heap_length)).equals(Buffer.from(raw.subarray(meta.heap_offset))));
    assert.equal(target[meta.heap_length], 0xa5, "wrote past the heap");
    // snapshot.json carries the header, so that Pyodide can start before snapshot.bin is here.
    assert.ok(Buffer.from(meta.head, "base64").equals(Buffer.from(raw.subarray(0, meta.heap_offset))));
    assert.throws(() => snapshotModule.writeHeap(new Uint8Array(16), stripped, meta.runs, meta.heap_offset, meta.heap_length), /wasm memory/);
  });

  it("writes the heap piece by piece, the part above the break as the pieces come, as a restore does", () => {
    const stripped = new Uint8Array(readFileSync(BUNDLE + "snapshot.bin"));
    const raw = snapshotModule.fillZeroPages(stripped, meta.runs, meta.raw_length);
    const layout = snapshotModule.heapLayout(meta.runs, meta.heap_offset, meta.heap_length);
    assert.equal(layout.total, stripped.length);
    // snapshot.bin in pieces of uneven sizes, as a fetch hands them over.
    const sizes = [1, 4095, 1 << 20, 12345, (3 << 20) + 7, 64];
    const pieces = [];
    for (let at = 0, i = 0; at < stripped.length; i++) {
      const size = Math.min(sizes[i % sizes.length], stripped.length - at);
      pieces.push(stripped.subarray(at, at + size));
      at += size;
    }
    // Below the break, what the runtime and the .so left; above it, fresh (zero) memory.
    const early = Math.ceil(meta.so.brk_after / 4096) * 4096;
    const target = new Uint8Array(meta.heap_length + 4096);
    target.fill(0xa5, 0, early);
    target[meta.heap_length] = 0x5a;
    let at = 0;
    for (const piece of pieces) {
      snapshotModule.writePieces(target, [piece], layout, early, meta.heap_length, at);
      at += piece.length;
    }
    snapshotModule.writePieces(target, pieces, layout, 0, early);
    snapshotModule.zeroGaps(target, layout, 0, early);
    assert.ok(Buffer.from(target.subarray(0, meta.heap_length)).equals(Buffer.from(raw.subarray(meta.heap_offset))));
    assert.equal(target[meta.heap_length], 0x5a, "wrote past the heap");
    assert.throws(() => snapshotModule.writePieces(target, [new Uint8Array(8)], layout, 0, early, stripped.length - 4), /more bytes than its runs cover/);
  });

  it("leaves the wasm memory exactly the snapshot's heap when Pyodide restores (nothing before wrote above the break)", async () => {
    // A restore as the host makes it, with one more preRun that copies the memory the
    // moment the heap is written, before Python runs: the pages written early must not
    // have been touched by the runtime, the .so or Pyodide's own restore since.
    const { fetchBundle } = await import(join(ROOT, "dist", "chrome", "python_host", "bundle.js"));
    const { loadPyodide } = await import(BUNDLE + "pyodide.mjs");
    const factory = (await import(BUNDLE + "pyodide.asm.mjs")).default;
    const site = JSON.parse(readFileSync(BUNDLE + "site.json", "utf8"));
    const files = snapshotModule.siteFiles(site, new Uint8Array(readFileSync(BUNDLE + "site.bin")));
    const head = new Uint8Array(Buffer.from(meta.head, "base64"));
    const bundle = fetchBundle(BUNDLE);
    const heap = { pieces: bundle.heap, head, runs: meta.runs, offset: meta.heap_offset, length: meta.heap_length };
    const { options, record } = snapshotModule.snapshotBootOptions({ factory, files, soPath: site.so, expect: meta.so, heapLength: meta.heap_length, heap });
    let image = null;
    const make = options.createPyodideModule;
    options.createPyodideModule = (settings) => make({
      ...settings,
      preRun: [...(settings.preRun ?? []), (Module) => {
        const ours = Module.API.restoreSnapshot;
        Module.API.restoreSnapshot = (header) => {
          const result = ours(header);
          image = Module.HEAPU8.slice(0, meta.heap_length);
          return result;
        };
      }],
    });
    await loadPyodide({ indexURL: BUNDLE, fullStdLib: false, _loadSnapshot: head, ...options });
    assert.equal(record.error, null);
    assert.ok(image, "the restore never wrote the heap");
    const raw = snapshotModule.fillZeroPages(new Uint8Array(readFileSync(BUNDLE + "snapshot.bin")), meta.runs, meta.raw_length);
    assert.ok(Buffer.from(image).equals(Buffer.from(raw.subarray(meta.heap_offset))), "the memory differs from the snapshot's heap");
  });

  it("has py_core's category patterns already compiled, so the first advice does not compile them", () => {
    // (Before any request: the restore alone. Compiling them took ~200 ms in Chromium,
    // 250-400 ms in Node.)
    const counts = JSON.parse(restored.pyodide().runPython(`
import json
from py_core import rules
json.dumps([rules._compiled.cache_info().currsize, rules._exclude_all.cache_info().currsize])`));
    assert.deepEqual(counts, [1, 1]);
  });

  it("reads and advises on every saved page exactly as a normal boot does", async () => {
    const index = JSON.parse(readFileSync(join(FIXTURES, "index.json"), "utf8"));
    const snapshots = savedSnapshots();
    let compared = 0;
    for (const name of Object.keys(index)) {
      const snapshot = snapshots[name];
      const requests = [["extract", { snapshot }]];
      const a = await restored.call("extract", { snapshot });
      const b = await normal.call("extract", { snapshot });
      assert.equal(JSON.stringify(a.result ?? a.error), JSON.stringify(b.result ?? b.error), name);
      // Advice needs an order number; the returns pages show none (the buyer types it in).
      if (a.ok && a.result.order?.number) {
        for (const code of PROBLEMS) {
          for (const lang of ["zh", "en"]) {
            const payload = { order: a.result.order, problem: { code }, lang, today: "2026-11-22", now: "2026-11-22T10:00:00Z" };
            requests.push(["advise", payload]);
          }
        }
      }
      for (const [request, payload] of requests.slice(1)) {
        const x = await restored.call(request, payload);
        const y = await normal.call(request, payload);
        assert.equal(x.ok, true, JSON.stringify(x.error));
        assert.equal(JSON.stringify(x.result), JSON.stringify(y.result), `${name} ${request} ${payload.problem.code}`);
        compared++;
      }
    }
    assert.ok(compared >= 50, `only ${compared} advice answers compared`);
  });

  it("renders a jinja2 template once the first order is read (the rest of the smoke call)", async () => {
    // The warm-up after the first extract (above) has run it by now, off the order's path.
    for (let i = 0; i < 50 && restored.status().timings.smoke_jinja_ms === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    const status = restored.status();
    assert.equal(typeof status.timings.smoke_jinja_ms, "number");
    assert.equal(status.boot_path, "snapshot");
    assert.equal(status.state, "ready");
    assert.equal(status.snapshot_error, null);
  });

  it("after the first order read, warms up in rounds until a round of drafts is less than 15% faster than the one before", async () => {
    const { WARM_ROUNDS, warmedEnough } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
    for (let i = 0; i < 300 && restored.status().timings.warm_drafts_ms === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    const rounds = restored.status().timings.warm_rounds_ms;
    assert.ok(Array.isArray(rounds), "the warm-up did not finish within 15 s");
    assert.ok(rounds.length >= WARM_ROUNDS.min && rounds.length <= WARM_ROUNDS.max, JSON.stringify(rounds));
    assert.equal(warmedEnough(rounds), true);
    assert.equal(warmedEnough(rounds.slice(0, -1)), false, `it went on after it could stop: ${rounds}`);
    // Fewer rounds than the minimum; still getting faster; flat from the minimum on; the maximum reached.
    assert.equal(warmedEnough([12, 11, 10]), false);
    assert.equal(warmedEnough([12, 11, 10, 5]), false);
    assert.equal(warmedEnough([12, 11, 10, 5, 4.8]), true);
    assert.equal(warmedEnough([5, 5, 5, 5]), true);
    assert.equal(warmedEnough([40, 30, 20, 15, 11, 8, 6, 4]), true);
  });

  it("builds a model it never built before, reports a validation error and imports lazily", () => {
    const py = restored.pyodide();
    const fresh = JSON.parse(py.runPython(`
import json, sys
from pydantic import BaseModel, ValidationError
class NeverBuilt(BaseModel):
    count: int
    label: str = "x"
ok = NeverBuilt(count="3").count
try:
    NeverBuilt(count="three")
    error = None
except ValidationError as exc:
    error = exc.errors()[0]["type"]
lazy = [m for m in ("difflib", "html.parser", "jinja2.sandbox", "pydantic.networks") if m not in sys.modules]
import difflib, html.parser, jinja2.sandbox, pydantic.networks
json.dumps({"ok": ok, "error": error, "lazy": lazy,
            "diff": difflib.SequenceMatcher(None, "abc", "abd").ratio() > 0.5,
            "sandbox": jinja2.sandbox.SandboxedEnvironment().from_string("{{ 2 * 3 }}").render()})`));
    assert.deepEqual(fresh, { ok: 3, error: "int_parsing", lazy: fresh.lazy, diff: true, sandbox: "6" });
    assert.ok(fresh.lazy.length >= 2, `these should not be imported in the snapshot: ${fresh.lazy}`);
  });

  it("answers py_core's own validation errors through the bridge", async () => {
    const bad = await restored.call("check", { text: 5, channel: "seller_chat" });
    assert.equal(bad.ok, false);
    assert.equal(bad.error.code, "invalid_payload");
    const caseImport = await restored.call("case_import", { text: readFileSync(join(ROOT, "tests", "fixtures", "overdue_export.json"), "utf8") });
    const normalImport = await normal.call("case_import", { text: readFileSync(join(ROOT, "tests", "fixtures", "overdue_export.json"), "utf8") });
    assert.equal(JSON.stringify(caseImport), JSON.stringify({ ...normalImport, elapsed_ms: caseImport.elapsed_ms }));
  });

  it("gives two restores different random numbers (the maker's random state is not kept), and waits to warm up until requests stop", async () => {
    const { createPythonHost } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
    const second = createPythonHost({ baseUrl: BUNDLE });
    assert.equal((await second.boot()).boot_path, "snapshot");
    const draw = (host) => host.pyodide().runPython("import random; random.random()");
    const a = draw(restored);
    const b = draw(second);
    assert.notEqual(a, b);
    assert.notEqual(draw(second), b);

    // Its warm-up waits while requests keep coming (a buyer's first picks go first), and
    // starts once there has been none for 100 ms (WARM_QUIET_MS).
    const snapshot = savedSnapshots()["orderdetails_one_parcel.html"];
    assert.equal((await second.call("extract", { snapshot })).ok, true);
    const busyUntil = performance.now() + 500;
    while (performance.now() < busyUntil) {
      await second.call("ping", {});
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(second.status().timings.smoke_jinja_ms, undefined, "the warm-up started while requests kept coming");
    }
    for (let i = 0; i < 100 && second.status().timings.smoke_jinja_ms === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(typeof second.status().timings.smoke_jinja_ms, "number", "the warm-up did not start once requests stopped");
  });

  it("can be begun before Python is asked for: the runtime is set up before the boot's files come, and restores once they do", async () => {
    const { createPythonHost } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
    const { fetchBundle, forwardBundle, receivedBundle } = await import(join(ROOT, "dist", "chrome", "python_host", "bundle.js"));
    // As in Chrome's Python worker: the files will come over a port, once an Ozon page asks.
    const { receive, bundle } = receivedBundle();
    const early = createPythonHost({ baseUrl: BUNDLE, bundle });
    receive({ part: "meta", value: meta }); // (as the Python worker reads it itself)
    early.prepare();
    for (let i = 0; i < 300 && early.status().marks.module_factory === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    const waiting = early.status();
    assert.equal(typeof waiting.marks.module_factory, "number", "the runtime was not set up before the files came");
    assert.equal(waiting.marks.instantiated, undefined, "the runtime went past its instantiation without its files");
    assert.equal(waiting.state, "idle", "preparing is not booting");
    assert.equal(waiting.marks.boot_asked, undefined);
    // The ask, then the files (as the fetch worker hands them over).
    const booted = early.boot();
    await forwardBundle(fetchBundle(BUNDLE), (message) => receive(message));
    const status = await booted;
    assert.equal(status.boot_path, "snapshot", JSON.stringify(status.snapshot_error));
    assert.ok(status.marks.module_factory < status.marks.boot_asked, "the runtime was set up again after the ask");
    const snapshot = savedSnapshots()["orderdetails_one_parcel.html"];
    const a = await early.call("extract", { snapshot });
    const b = await normal.call("extract", { snapshot });
    assert.equal(JSON.stringify({ ...a, elapsed_ms: 0 }), JSON.stringify({ ...b, elapsed_ms: 0 }));

    // A prepared restore whose site.bin turns out not to fit boots the normal way once asked.
    const other = receivedBundle();
    const misfit = createPythonHost({ baseUrl: BUNDLE, bundle: other.bundle });
    const site = meta.inputs["site.bin"];
    other.receive({ part: "meta", value: { ...meta, inputs: { ...meta.inputs, "site.bin": { ...site, size: site.size + 1 } } } });
    misfit.prepare();
    const asked = misfit.boot();
    await forwardBundle(fetchBundle(BUNDLE), (message) => other.receive(message));
    const fallen = await asked;
    assert.equal(fallen.state, "ready", JSON.stringify(fallen.error));
    assert.equal(fallen.boot_path, "normal");
    assert.match(fallen.snapshot_error, /site\.bin is not the file the snapshot was made with/);
  });

  it("prepared with its own held bundle (Firefox, as the browser starts): sets up without snapshot.bin, fetches it on the first ask, then restores", async () => {
    const asked = [];
    const { createPythonHost } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
    const disk = globalThis.fetch;
    globalThis.fetch = async (url) => {
      asked.push(String(url).slice(BUNDLE.length));
      return new Response(readFileSync(String(url)));
    };
    try {
      const host = createPythonHost({ baseUrl: BUNDLE });
      host.prepare({ fetch: true });
      for (let i = 0; i < 500 && host.status().marks.instantiated === undefined; i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 100));
      const waiting = host.status();
      assert.equal(typeof waiting.marks.instantiated, "number", "the runtime was not instantiated before the ask");
      assert.equal(waiting.state, "idle", "preparing is not booting");
      assert.equal(waiting.marks.restored, undefined, "restored without snapshot.bin");
      assert.equal(waiting.marks.fetch_released, undefined);
      assert.ok(!asked.includes("snapshot.bin"), `snapshot.bin was fetched before the ask: ${asked}`);
      assert.ok(asked.includes("site.bin") && asked.includes("snapshot.json"), `asked: ${asked}`);
      host.prepare({ fetch: true }); // (a second start event: nothing more is fetched)
      const before = asked.length;
      const status = await host.boot();
      assert.equal(status.boot_path, "snapshot", JSON.stringify(status.snapshot_error));
      assert.ok(status.marks.fetch_released >= status.marks.boot_asked, "the held files were asked for before the boot was");
      assert.deepEqual(asked.slice(before), ["snapshot.bin"], "the ask fetched more than the held file (Node fetches no stdlib)");
      const snapshot = savedSnapshots()["orderdetails_one_parcel.html"];
      const a = await host.call("extract", { snapshot });
      const b = await normal.call("extract", { snapshot });
      assert.equal(JSON.stringify({ ...a, elapsed_ms: 0 }), JSON.stringify({ ...b, elapsed_ms: 0 }));
    } finally {
      globalThis.fetch = disk;
    }
  });
});

describe("a boot that timed out", () => {
  it("is given up: when its Python does come, the host stays failed and holds no Python", async () => {
    fetchFilesFromDisk();
    const { createPythonHost } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
    const { fetchBundle, forwardBundle, receivedBundle } = await import(join(ROOT, "dist", "chrome", "python_host", "bundle.js"));
    // The boot's files come only after its 200 ms are up.
    const { receive, bundle } = receivedBundle();
    const host = createPythonHost({ baseUrl: BUNDLE, bundle, bootTimeoutMs: 200 });
    const first = await host.boot();
    assert.equal(first.state, "failed");
    assert.equal(first.error.code, "boot-timeout");
    await forwardBundle(fetchBundle(BUNDLE), (message) => receive(message));
    for (let i = 0; i < 500 && host.status().marks.restored === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(typeof host.status().marks.restored, "number", "the given-up boot never finished its restore");
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(host.status().state, "failed", "a boot given up on made the host ready");
    assert.equal(host.pyodide(), undefined);
  });
});

describe("a snapshot that does not fit", () => {
  /** dist/chrome's host and runtime in a temporary folder, with `change` applied to it. */
  async function bootChanged(change) {
    const dir = mkdtempSync(join(tmpdir(), "och-snapshot-"));
    try {
      cpSync(join(ROOT, "dist", "chrome", "python_host"), join(dir, "python_host"), { recursive: true });
      const runtime = join(dir, "pyodide");
      cpSync(join(ROOT, "dist", "chrome", "pyodide"), runtime, { recursive: true, filter: (src) => !src.endsWith(".bin") && !src.endsWith(".wasm") });
      for (const name of readdirSync(BUNDLE)) {
        if (name.endsWith(".bin") || name.endsWith(".wasm")) symlinkSync(BUNDLE + name, join(runtime, name));
      }
      change(runtime);
      fetchFilesFromDisk();
      const { createPythonHost } = await import(join(dir, "python_host", "host.js"));
      const host = createPythonHost({ baseUrl: runtime + "/" });
      const status = await host.boot();
      const pong = await host.call("ping", {});
      return { status, pong };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("falls back to a normal boot, and says why, when the function table does not match", async () => {
    const { status, pong } = await bootChanged((runtime) => {
      const meta = JSON.parse(readFileSync(join(runtime, "snapshot.json"), "utf8"));
      meta.so.table_end += 1;
      writeFileSync(join(runtime, "snapshot.json"), JSON.stringify(meta));
    });
    assert.equal(status.state, "ready");
    assert.equal(status.boot_path, "normal");
    assert.match(status.snapshot_error, /table_end/);
    assert.equal(pong.ok, true);
  });

  it("falls back to a normal boot when snapshot.bin does not start with the header snapshot.json gives", async () => {
    const { status, pong } = await bootChanged((runtime) => {
      const meta = JSON.parse(readFileSync(join(runtime, "snapshot.json"), "utf8"));
      const head = Buffer.from(meta.head, "base64");
      head[head.length - 1] ^= 0xff;
      meta.head = head.toString("base64");
      writeFileSync(join(runtime, "snapshot.json"), JSON.stringify(meta));
    });
    assert.equal(status.boot_path, "normal");
    assert.match(status.snapshot_error, /does not start with the header snapshot\.json gives/);
    assert.equal(pong.ok, true);
  });

  it("falls back to a normal boot when snapshot.bin is missing", async () => {
    const { status, pong } = await bootChanged((runtime) => unlinkSync(join(runtime, "snapshot.bin")));
    assert.equal(status.boot_path, "normal");
    assert.match(status.snapshot_error, /snapshot\.bin|ENOENT/);
    assert.equal(pong.ok, true);
  });
});
