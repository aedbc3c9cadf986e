// The memory snapshot of a warmed Python, shared by the maker (build time, Node:
// make_snapshot.mjs) and the restorer (run time, the browser: host.js).
//
// Pyodide 314 cannot snapshot loaded packages by itself (the snapshot holds the heap, not
// the file system, not the wasm function table). So both sides do the same three things
// before Python starts, in an Emscripten preRun hook:
//   1. pad the function table with empty slots to a pinned base (browsers with wasm-GC
//      add a trampoline slot that Node 20 does not, so the natural base differs by one);
//   2. instantiate pydantic_core's .so at that base, before the runtime initialises,
//      so that its memory base (taken from __heap_base) is the same on every run;
//   3. write site-packages (all the wheels, unpacked at build time) into the file system.
// The restorer then checks that the table base and end and the memory break match what
// the maker recorded; any difference means the heap's function pointers would be wrong,
// and the host boots the normal way instead.

/** Format of snapshot.json; bump when the meaning of any field changes. */
export const SNAPSHOT_FORMAT = 1;
/** The snapshot ships with its all-zero pages left out; this is the page size. */
export const PAGE = 4096;

/** The table base both sides pad to: past the runtime's own slots, on a 64-slot boundary. */
export function pinnedTableBase(length) {
  return Math.ceil((length + 16) / 64) * 64;
}

/** The site-packages files: site.json lists [path, size] in the order of site.bin. */
export function siteFiles(index, blob) {
  const files = [];
  let offset = 0;
  for (const [path, size] of index.files) {
    files.push([path, blob.subarray(offset, offset + size)]);
    offset += size;
  }
  if (offset !== blob.length) throw new Error(`site.bin has ${blob.length} bytes, site.json lists ${offset}`);
  return files;
}

/**
 * Each file of site-packages made in the in-memory file system, its bytes a view of
 * site.bin. Each folder is made once (FS.mkdirTree), then each file by its folder's own
 * mknod, with the contents set as FS.writeFile(..., {canOwn: true}) sets them; the path
 * lookup and stream of a writeFile per file took ~22 ms for the 254 files (Node), this
 * ~3 ms, on the Python thread before Python starts. Mode 0666, as writeFile gives (Emscripten
 * applies no umask); an empty file keeps no contents, as writeFile leaves it.
 */
function writeSite(FS, sitePackages, files) {
  const folders = new Map();
  for (const [path, bytes] of files) {
    const cut = path.lastIndexOf("/");
    const folder = cut < 0 ? sitePackages : `${sitePackages}/${path.slice(0, cut)}`;
    let parent = folders.get(folder);
    if (!parent) {
      FS.mkdirTree(folder);
      parent = FS.lookupPath(folder).node;
      folders.set(folder, parent);
    }
    const node = parent.node_ops.mknod(parent, path.slice(cut + 1), 0o100666, 0);
    if (bytes.length) {
      node.contents = bytes;
      node.usedBytes = bytes.length;
    }
  }
}

/**
 * Options for loadPyodide that do the three steps above.
 * @param {object} args
 * @param {Function} args.factory the default export of pyodide.asm.mjs
 * @param {Array|Promise<Array>} args.files site-packages files from siteFiles(), or their
 *   promise: a restore starts the runtime before site.bin is here, and awaits the files
 *   only where it writes them and loads the .so (the async preRun and fsInit below)
 * @param {string|Promise<string>} args.soPath the .so's path under site-packages
 * @param {object|null} args.expect the maker's record (restore), or null (make)
 * @param {number} [args.heapLength] restore only: grow the memory to this first
 * @param {Promise<WebAssembly.Module|null>|null} [args.so] the .so, already compiled (a browser
 *   compiles it while the runtime is fetched); null: compiled here from its bytes
 * @param {Promise<WebAssembly.Module|null>|null} [args.wasmModule] pyodide.asm.wasm, compiled
 *   while the snapshot was being fetched (see useCompiledWasm)
 * @param {string|null} [args.wasmUrl] where pyodide.asm.wasm is, should that compile have failed
 * @param {object} [args.marks] gets the wall-clock times the runtime was instantiated and the .so loaded
 * @param {{pieces: import("./bundle.js").Pieces, head: Uint8Array, runs: Array, offset: number, length: number}|null} [args.heap]
 *   restore only: snapshot.bin, still arriving. loadPyodide is then given the snapshot's
 *   header alone, and the heap is written from snapshot.bin's pieces straight into the wasm
 *   memory, so the runtime is instantiated while the snapshot is still fetched. The part
 *   of the heap above the break the maker recorded after the .so (most of it: what Python
 *   allocated) is written as each piece arrives, once the memory is grown: nothing before
 *   the restore uses that memory (the .so and anything the runtime allocates first lie
 *   below that break). The part below is written when Pyodide restores (see
 *   restoreSnapshot below), over what the runtime and the .so left there.
 * @returns {{options: object, record: object}} record gets the table and memory figures
 */
export function snapshotBootOptions({ factory, files, soPath, so = null, expect, heapLength, wasmModule = null, wasmUrl = null, marks = {}, heap = null }) {
  const record = { error: null };
  // The site files may still be on their way (a promise): awaited where they are used.
  const site = Promise.all([files, soPath]);
  site.catch(() => {});
  let sitePackages = null;

  function preloadSo(Module) {
    marks.instantiated = performance.timeOrigin + performance.now();
    Module.addRunDependency("och-preload-so");
    let arrived = false; // all of snapshot.bin is here, and starts with the header
    let early = null; // heap addresses from here up were written as the pieces came
    /** @type {ReturnType<typeof heapLayout> | null} */
    let layout = null; // where snapshot.bin's bytes go
    const sbrk = () => Module.HEAPU32[Module._emscripten_get_sbrk_ptr() >>> 2];
    if (heap) {
      // Pyodide copies the heap part of the snapshot it was given (here: none) once the
      // runtime has initialised: write ours there, from the stripped pages. Anything that
      // went wrong before (no snapshot.bin, a mismatch) stops the restore here, before a
      // Python with no heap can run.
      const restore = Module.API.restoreSnapshot;
      Module.API.restoreSnapshot = (header) => {
        Module.API.restoreSnapshot = restore;
        if (record.error || !arrived) throw record.error ?? new Error("the snapshot's heap is not here");
        const result = restore(header);
        // Below the break (as it is now, or where the early writes began): what the
        // runtime and the .so wrote before, overwritten page by page, zeros included.
        const below = early === null ? heap.length : Math.min(heap.length, Math.max(early, pageUp(sbrk())));
        writePieces(Module.HEAPU8, heap.pieces.pieces, layout, 0, below);
        zeroGaps(Module.HEAPU8, layout, 0, below);
        marks.heap_written = performance.timeOrigin + performance.now();
        // Pyodide keeps fsInit (and with it this scope) for the life of the instance:
        // let the 30 MB of snapshot.bin go.
        heap.pieces.drop();
        heap = null;
        return result;
      };
    }
    (async () => {
      const [list, path0] = await site;
      const soBytes = list.find(([path]) => path === path0)?.[1];
      if (!soBytes) throw new Error(`${path0} is not in site.bin`);
      if (heapLength) Module.growMemory(heapLength);
      if (heap) {
        layout = heapLayout(heap.runs, heap.offset, heap.length);
        if (expect) {
          // The memory above the break the maker recorded after the .so is fresh (zero) and
          // stays untouched until the restore: write the snapshot's pages there as they come.
          early = pageUp(expect.brk_after);
          heap.pieces.listen((piece, at) => {
            try {
              writePieces(Module.HEAPU8, [piece], layout, early, heap.length, at);
            } catch (err) {
              record.error ??= err;
            }
          });
        }
      }
      // This runtime's trampoline pointer (set by Pyodide's own preRun, which ran first).
      record.trampoline = Module.HEAP32[trampolineSlot(Module)];
      const table = Module.wasmTable;
      record.table_initial = table.length;
      const base = expect ? expect.table_base : pinnedTableBase(table.length);
      if (table.length > base) throw new Error(`the function table already has ${table.length} slots, past the pinned base ${base}`);
      table.grow(base - table.length);
      record.brk_before = sbrk();
      // Pyodide keeps the site-packages path on its API; the .so's name is its full path,
      // which is what Python's dlopen asks for when it imports the module.
      const path = `/lib/python3.14/site-packages/${path0}`;
      const dso = Module.newDSO(path, undefined, "loading");
      dso.refcount = Infinity;
      dso.global = false;
      // Asynchronous: Chromium refuses synchronous compiles of large modules on the main thread.
      // A module compiled already is instantiated at once (Emscripten takes either).
      const compiled = await Promise.resolve(so).catch(() => null);
      dso.exports = await Module.loadWebAssemblyModule(compiled ?? soBytes, { loadAsync: true, nodelete: true }, path, {});
      record.table_base = base;
      record.table_end = table.length;
      record.brk_after = sbrk();
      record.so_path = path;
      marks.so_loaded = performance.timeOrigin + performance.now();
      if (heap) {
        const length = await heap.pieces.done;
        if (length !== layout.total) throw new Error(`snapshot.bin has ${length} bytes, its runs cover ${layout.total}`);
        const first = heap.pieces.pieces[0] ?? new Uint8Array(0);
        if (first.length < heap.head.length || heap.head.some((byte, i) => byte !== first[i])) {
          throw new Error("snapshot.bin does not start with the header snapshot.json gives");
        }
        arrived = true;
      }
      if (expect) {
        for (const key of ["table_base", "table_end", "brk_before", "brk_after"]) {
          if (record[key] !== expect[key]) throw new Error(`snapshot mismatch: ${key} is ${record[key]}, the snapshot has ${expect[key]}`);
        }
      }
    })()
      .catch((err) => {
        record.error = err;
      })
      .finally(() => Module.removeRunDependency("och-preload-so"));
  }

  function createPyodideModule(settings) {
    settings.preRun = [(Module) => preloadSo(Module), ...(settings.preRun ?? [])];
    if (wasmModule) useCompiledWasm(wasmModule, marks, wasmUrl);
    marks.module_factory = performance.timeOrigin + performance.now();
    return factory(settings);
  }

  return {
    record,
    options: {
      createPyodideModule,
      fsInit: async (FS, info) => {
        sitePackages = info.sitePackages;
        if (sitePackages !== "/lib/python3.14/site-packages") {
          record.error ??= new Error(`unexpected site-packages ${sitePackages}`);
        }
        try {
          writeSite(FS, sitePackages, (await site)[0]);
        } catch (err) {
          record.error ??= err;
        }
      },
    },
  };
}

/**
 * Pyodide compiles pyodide.asm.wasm only once loadPyodide has the snapshot in hand. A
 * browser can compile it while the snapshot is still being fetched: the host starts
 * WebAssembly.compileStreaming at once, and Pyodide's one instantiateStreaming call is
 * answered from that module (with Pyodide's own imports). Used once, then put back.
 */
function useCompiledWasm(wasmModule, marks, wasmUrl) {
  const original = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    WebAssembly.instantiateStreaming = original;
    marks.instantiate_asked = performance.timeOrigin + performance.now();
    const module = await Promise.resolve(wasmModule).catch(() => null);
    // (The host answered Pyodide's own fetch of the file with nothing: fetch it now.)
    if (!module) return original.call(WebAssembly, wasmUrl ? fetch(wasmUrl) : source, imports);
    // Pyodide's own fetch of the file is not needed.
    Promise.resolve(source).then((r) => r?.body?.cancel?.()).catch(() => {});
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

/** The snapshot without its zero pages: [runs, bytes] where runs = [[firstPage, count], ...]. */
export function stripZeroPages(raw) {
  const pages = Math.ceil(raw.length / PAGE);
  const runs = [];
  const words = new Uint32Array(raw.buffer, raw.byteOffset, Math.floor(raw.length / 4));
  const isZero = (p) => {
    const start = (p * PAGE) / 4;
    const end = Math.min(((p + 1) * PAGE) / 4, words.length);
    for (let i = start; i < end; i++) if (words[i] !== 0) return false;
    for (let i = end * 4; i < Math.min((p + 1) * PAGE, raw.length); i++) if (raw[i] !== 0) return false;
    return true;
  };
  for (let p = 0; p < pages; p++) {
    if (isZero(p)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === p) last[1]++;
    else runs.push([p, 1]);
  }
  const size = runs.reduce((n, [p, c]) => n + Math.min((p + c) * PAGE, raw.length) - p * PAGE, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const [p, c] of runs) {
    const chunk = raw.subarray(p * PAGE, Math.min((p + c) * PAGE, raw.length));
    out.set(chunk, at);
    at += chunk.length;
  }
  return { runs, bytes: out };
}

/** The next page boundary at or above this address. */
const pageUp = (address) => Math.ceil(address / PAGE) * PAGE;

/**
 * Where snapshot.bin's bytes go: its runs of pages in order, each with where it starts in
 * snapshot.bin (`from`, `to`) and the heap address of its first byte (`address`; the first
 * run starts with the header, whose bytes are not heap: its address is negative).
 * @returns {{spans: Array<{from: number, to: number, address: number}>, total: number, end: number}}
 *   total: snapshot.bin's length; end: the heap address after its last page
 */
export function heapLayout(runs, offset, length) {
  const spans = [];
  let at = 0;
  for (const [p, c] of runs) {
    const start = p * PAGE;
    const end = Math.min((p + c) * PAGE, offset + length);
    if (end <= start) throw new Error("a run of snapshot.json lies past the heap");
    spans.push({ from: at, to: at + (end - start), address: start - offset });
    at += end - start;
  }
  const last = spans.at(-1);
  return { spans, total: at, end: last ? last.address + (last.to - last.from) : 0 };
}

/**
 * Write the pieces of snapshot.bin (the first starting at byte `at` of it) into `target`
 * (the wasm memory), but only heap addresses in [lo, hi): its pages where they belong.
 */
export function writePieces(target, pieces, layout, lo, hi, at = 0) {
  if (target.length < Math.min(hi, layout.end)) throw new Error(`the wasm memory has ${target.length} bytes, less than the snapshot's heap`);
  for (const piece of pieces) {
    const end = at + piece.length;
    if (end > layout.total) throw new Error(`snapshot.bin has more bytes than its runs cover (${layout.total})`);
    for (const span of layout.spans) {
      if (span.to <= at) continue;
      if (span.from >= end) break;
      // This piece's bytes of this span, as heap addresses, cut to [lo, hi).
      const from = Math.max(span.from, at, span.from + (lo - span.address));
      const to = Math.min(span.to, end, span.from + (hi - span.address));
      if (from < to) target.set(piece.subarray(from - at, to - at), span.address + (from - span.from));
    }
    at = end;
  }
}

/** Zero the heap addresses in [lo, hi) that no run of snapshot.bin covers. */
export function zeroGaps(target, layout, lo, hi) {
  let next = lo;
  for (const span of layout.spans) {
    const start = Math.max(span.address, 0);
    const end = span.address + (span.to - span.from);
    if (end <= next) continue;
    if (start >= hi) break;
    if (start > next) target.fill(0, next, Math.min(start, hi));
    next = Math.max(next, end);
  }
  if (next < hi) target.fill(0, next, hi);
}

/**
 * The heap part of the snapshot (from byte `offset` of the raw snapshot on, `length`
 * bytes) written into `target` (the wasm memory) at once: the stripped pages where they
 * belong, zeros between them. No 45 MB copy of the whole snapshot is made on the way.
 */
export function writeHeap(target, stripped, runs, offset, length) {
  if (target.length < length) throw new Error(`the wasm memory has ${target.length} bytes, the snapshot's heap ${length}`);
  const layout = heapLayout(runs, offset, length);
  if (stripped.length !== layout.total) throw new Error(`snapshot.bin has ${stripped.length} bytes, its runs cover ${layout.total}`);
  writePieces(target, [stripped], layout, 0, length);
  zeroGaps(target, layout, 0, length);
}

/** The inverse of stripZeroPages. */
export function fillZeroPages(stripped, runs, rawLength) {
  const raw = new Uint8Array(rawLength);
  let at = 0;
  for (const [p, c] of runs) {
    const len = Math.min((p + c) * PAGE, rawLength) - p * PAGE;
    raw.set(stripped.subarray(at, at + len), p * PAGE);
    at += len;
  }
  if (at !== stripped.length) throw new Error(`snapshot.bin has ${stripped.length} bytes, its runs cover ${at}`);
  return raw;
}

/** Where the runtime keeps its trampoline pointer (the heap holds the maker's value). */
export function trampolineSlot(Module) {
  const offset = Module.HEAP32[Module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET >>> 2];
  return (Module.__PyRuntime + offset) >>> 2;
}
