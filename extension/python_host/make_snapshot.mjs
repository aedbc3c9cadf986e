// Build time only (build.py runs it in Node; it is not shipped): make the memory snapshot
// of a Python with py_core imported and warmed, from the exact files that ship.
//
//   node make_snapshot.mjs <bundle dir>     # dist/chrome/pyodide/: reads the runtime,
//                                           # site.bin and site.json; writes snapshot.bin,
//                                           # snapshot.json and (with .pyc added) site.bin/json
//
// Reproducible: the same inputs give the same bytes. Everything in the heap that would
// otherwise differ from run to run comes from the clock or the random source, so both are
// replaced here by fixed, deterministic ones. The host re-seeds `random` after a restore;
// the str hash seed stays the one frozen in the snapshot (as with any memory snapshot).
import { createHash } from "node:crypto";
import nodeCrypto from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SNAPSHOT_FORMAT, siteFiles, snapshotBootOptions, stripZeroPages, trampolineSlot } from "./snapshot.js";

const dir = resolve(process.argv[2] ?? "");
const file = (name) => join(dir, name);
// In Node, Emscripten names the program after this script's path: Python's sys.executable
// and $_ would hold the builder's folder, in the heap, and the snapshot's bytes would
// change with the folder the build runs in. A browser's runtime calls itself ./this.program.
process.argv[1] = "./this.program";
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

// A deterministic clock and random source for the whole run.
let fakeMs = 0;
const EPOCH = 315532800000; // 1980-01-01, as the zips' dates
Date.now = () => EPOCH + (fakeMs += 1);
performance.now = () => (fakeMs += 1);
let seed = 0x9e3779b9;
function fill(view) {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
    bytes[i] = seed & 0xff;
  }
  return view;
}
nodeCrypto.randomFillSync = fill;
globalThis.crypto.getRandomValues = fill;

const site = JSON.parse(readFileSync(file("site.json"), "utf8"));
let files = siteFiles(site, new Uint8Array(readFileSync(file("site.bin"))));
const factory = (await import(pathToFileURL(file("pyodide.asm.mjs")).href)).default;
const { loadPyodide } = await import(pathToFileURL(file("pyodide.mjs")).href);
// Step 1, in a Python of its own (so that its garbage stays out of the snapshot's heap):
// .pyc for every wheel, compiled by this very Python (its magic number), with unchecked
// hashes so that the files are the same on every build, stored where the .py was (a
// sourceless module); the sources are then left out. Shipped in site.bin.
const SP = "/lib/python3.14/site-packages";
{
  const compiler = await loadPyodide({
    indexURL: dir + "/",
    fullStdLib: false,
    fsInit: (FS) => {
      for (const [path, bytes] of files) {
        const full = `${SP}/${path}`;
        FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
        FS.writeFile(full, bytes);
      }
    },
  });
  compiler.runPython(`
import compileall, os, py_compile
sp = "${SP}"
if not compileall.compile_dir(sp, quiet=2, legacy=True,
                              invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH):
    raise SystemExit("compileall failed in site-packages")
for folder, _dirs, names in os.walk(sp):
    for name in names:
        if name.endswith(".py") and name + "c" in names:
            os.remove(os.path.join(folder, name))
`);
  const FS = compiler.FS;
  const listed = [];
  (function walk(rel) {
    const full = rel ? `${SP}/${rel}` : SP;
    for (const name of FS.readdir(full).filter((n) => n !== "." && n !== "..").sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (FS.isDir(FS.stat(`${SP}/${path}`).mode)) walk(path);
      else listed.push(path);
    }
  })("");
  files = listed.map((path) => [path, FS.readFile(`${SP}/${path}`)]);
}

// Step 2: the Python of the snapshot, booted exactly as the host will restore it.
const { options, record } = snapshotBootOptions({ factory, files, soPath: site.so, expect: null });
const pyodide = await loadPyodide({
  indexURL: dir + "/",
  fullStdLib: false,
  _makeSnapshot: true,
  ...options,
});
if (record.error) throw record.error;
const Module = pyodide._module;

// Import and warm py_core, then collect: the snapshot is what a finished boot looks like.
pyodide.runPython(`
import importlib, json, gc
importlib.invalidate_caches()
import py_core.bridge as _b
_pong = json.loads(_b.handle("ping", "{}"))
assert _pong["ok"], _pong
_warm = json.loads(_b.handle("warm", "{}"))
assert _warm["ok"], _warm
# What a buyer does first (read an order, pick problems, edit the draft), on a made-up
# order with fixed dates, so that every lazy model, data file and template is ready.
_snap = {"url": "https://www.ozon.ru/my/orderdetails/?order=12345678-0001", "title": "Заказ",
         "lang": "ru", "widgets": [], "text": "Заказ № 12345678-0001 от 17 ноября 2026",
         "captured_at": "2026-11-20T10:00:00Z"}
_read = json.loads(_b.handle("extract", json.dumps({"snapshot": _snap})))
assert _read["ok"], _read
_order = _read["result"]["order"] or {"number": "12345678-0001"}
_codes = [p["code"] for p in json.loads(_b.handle("problems", "{}"))["result"]]
for _code in _codes:
    for _lang in ("zh", "en", "ru"):
        _advice = json.loads(_b.handle("advise", json.dumps({
            "order": _order, "problem": {"code": _code}, "lang": _lang,
            "today": "2026-11-20", "now": "2026-11-20T10:00:00Z"})))
        assert _advice["ok"], _advice
        _b.handle("check", json.dumps({"text": _advice["result"]["draft"]["ru"]["body"],
                                       "channel": _advice["result"]["draft"]["channel"],
                                       "order_number": "12345678-0001"}))
# The host's smoke call after a restore: a validation error, and a jinja render.
_invalid = json.loads(_b.handle("check", json.dumps({"text": 5, "channel": "seller_chat"})))
assert _invalid["error"]["code"] == "invalid_payload", _invalid
import jinja2
assert jinja2.Environment().from_string("{{ a }}+{{ b }}").render(a=1, b="x") == "1+x"
del _b, _pong, _warm, _snap, _read, _order, _codes, _code, _lang, _advice, _invalid, jinja2
gc.collect()
`);
const handles = Object.entries(Module.LDSO.loadedLibsByHandle)
  .filter(([, dso]) => dso.name === record.so_path)
  .map(([handle]) => Number(handle));
if (handles.length === 0) throw new Error("py_core was imported but pydantic_core's .so was never dlopen()ed");
if (Module.wasmTable.length !== record.table_end) {
  throw new Error(`the function table grew after the .so (${record.table_end} -> ${Module.wasmTable.length}): a restore could not rebuild it`);
}
// Pyodide lists the dist-info folders it found as "loaded packages"; the snapshot's
// hiwire table must hold that object empty, as a fresh runtime has it.
for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
zeroFreeMemory(Module);
const raw = pyodide.makeMemorySnapshot();
const words = new Uint32Array(raw.buffer, raw.byteOffset, 4);
const heapOffset = words[1];
const { runs, bytes } = stripZeroPages(raw);

const siteBin = new Uint8Array(files.reduce((n, [, b]) => n + b.length, 0));
let at = 0;
for (const [, b] of files) { siteBin.set(b, at); at += b.length; }
const siteIndex = { so: site.so, files: files.map(([path, b]) => [path, b.length]) };
writeFileSync(file("site.bin"), siteBin);
writeFileSync(file("site.json"), JSON.stringify(siteIndex) + "\n");
writeFileSync(file("snapshot.bin"), bytes);

const inputs = {};
for (const name of ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "site.bin", "site.json"]) {
  inputs[name] = { sha256: sha256(readFileSync(file(name))), size: readFileSync(file(name)).length };
}
const meta = {
  format: SNAPSHOT_FORMAT,
  build_id: pyodide._api.config.BUILD_ID,
  pyodide: pyodide.version,
  raw_length: raw.length,
  heap_offset: heapOffset,
  // The header, so that the host can start Pyodide before snapshot.bin has arrived.
  head: Buffer.from(raw.subarray(0, heapOffset)).toString("base64"),
  heap_length: raw.length - heapOffset,
  stripped_length: bytes.length,
  snapshot_sha256: sha256(bytes),
  runs,
  so: {
    path: record.so_path, handles, table_base: record.table_base, table_end: record.table_end,
    brk_before: record.brk_before, brk_after: record.brk_after,
  },
  maker_trampoline: Module.HEAP32[trampolineSlot(Module)],
  inputs,
};
writeFileSync(file("snapshot.json"), JSON.stringify(meta, null, 1) + "\n");
console.log(`[snapshot] ${(raw.length / 1e6).toFixed(1)} MB heap, ${(bytes.length / 1e6).toFixed(1)} MB without zero pages; `
  + `table ${record.table_base}-${record.table_end}; ${files.length} site-packages files`);

/**
 * Memory that malloc has been given back still holds what was there (the warm-up's
 * garbage), so its pages ship although nothing reads them. Take every free block below
 * the break (1 MiB down to 16 bytes at a time), zero it and give it back: those pages
 * are then left out of snapshot.bin like any other zero page (30.3 -> 28.7 MB). The same
 * steps on the same heap give the same bytes, so the build stays reproducible.
 */
function zeroFreeMemory(Module) {
  const brk = Module.HEAPU32[Module._emscripten_get_sbrk_ptr() >>> 2];
  const blocks = [];
  for (let size = 1 << 20; size >= 16;) {
    const block = Module._malloc(size);
    if (block && block + size <= brk) {
      Module.HEAPU8.fill(0, block, block + size);
      blocks.push(block);
      continue;
    }
    if (block) Module._free(block);
    size >>= 1;
  }
  for (const block of blocks.reverse()) Module._free(block);
}
