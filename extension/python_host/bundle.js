// The files a Python boot needs, every fetch and compile started at once.
//
// Chrome fetches them in a worker of their own (offscreen/fetch_worker.js), started by the offscreen
// document as it loads, which hands each one to the Python worker as it arrives
// (transferred, not copied): the Python worker's thread is busy with the runtime's
// script, its instantiation and the .so while the 30 MB snapshot arrives, and a fetch
// read on a busy thread waits for it; the document's own thread is the panels'.
// Firefox, Node and a second boot fetch them in the host itself.

/** The parts of a bundle, in the order they are handed over. */
export const BUNDLE_PARTS = ["meta", "siteIndex", "siteBin", "so", "stdlib", "heap", "wasm"];
/** The timeline mark of each part that has one: when it was fetched (or compiled). */
const MARKS = { siteBin: "site_fetched", so: "so_compiled", stdlib: "stdlib_fetched", heap: "snapshot_fetched", wasm: "wasm_compiled" };

/** Wall-clock time in ms (epoch, sub-millisecond): comparable across the extension's pages. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** For promise.then: note in marks[name] when the value arrived, and pass it on. */
export const markWhen = (marks, name) => (value) => {
  marks[name] = wallNow();
  return value;
};

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** A JSON file's contents; rejects if it cannot be fetched or read. */
export async function fetchJson(url) {
  return (await fetchOk(url)).json();
}

async function fetchBytes(url) {
  return new Uint8Array(await (await fetchOk(url)).arrayBuffer());
}

/**
 * A file that arrives in pieces (snapshot.bin): each piece is handed to every listener as
 * it comes, in order, with its offset in the file, and kept until drop(); `done` resolves
 * with the file's length once the last piece is in, or rejects if the fetch failed. The
 * restore writes most of the heap while the rest is still arriving (snapshot.js).
 */
export class Pieces {
  constructor() {
    /** @type {Uint8Array[]} */
    this.pieces = [];
    this.length = 0;
    /** @type {Array<(piece: Uint8Array, at: number) => void>} */
    this.listeners = [];
    this.over = false;
    /** @type {Promise<number>} */
    this.done = new Promise((resolve, reject) => {
      this.finish = resolve;
      this.fail = (err) => {
        this.over = true;
        reject(err);
      };
    });
    this.done.catch(() => {});
  }

  /** @param {Uint8Array} piece */
  push(piece) {
    if (this.over || piece.length === 0) return;
    const at = this.length;
    this.pieces.push(piece);
    this.length += piece.length;
    for (const listener of this.listeners) listener(piece, at);
  }

  end() {
    if (this.over) return;
    this.over = true;
    this.finish(this.length);
  }

  /** Call fn(piece, at) for each piece already here, then for each one that comes. */
  listen(fn) {
    let at = 0;
    for (const piece of this.pieces) {
      fn(piece, at);
      at += piece.length;
    }
    this.listeners.push(fn);
  }

  /** Let the pieces go (once written): later pieces are not kept either. */
  drop() {
    this.pieces = [];
    this.listeners = [];
    this.over = true;
  }
}

/**
 * fetch(url)'s body as Pieces, each chunk as the browser hands it over (Chromium: up to
 * 2 MiB, each its own buffer, so each can be moved to another thread as it is); checked
 * against `length` at the end.
 */
export function fetchPieces(url, length = null) {
  return fetchInto(new Pieces(), url, length);
}

/** Like fetchPieces, but fills `pieces` created before the fetch starts (a held bundle's heap). */
function fetchInto(pieces, url, length = null) {
  (async () => {
    const response = await fetchOk(url);
    if (!response.body) {
      pieces.push(new Uint8Array(await response.arrayBuffer()));
    } else {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        pieces.push(value);
      }
    }
    if (length !== null && pieces.length !== length) throw new Error(`${url} has ${pieces.length} bytes, expected ${length}`);
    pieces.end();
  })().catch((err) => pieces.fail(err));
  return pieces;
}

/** The .so's bytes inside site.bin (site.json lists [path, size] in site.bin's order). */
export function soSlice(index, blob) {
  let offset = 0;
  for (const [path, size] of index.files) {
    if (path === index.so) return blob.subarray(offset, offset + size);
    offset += size;
  }
  throw new Error(`${index.so} is not in site.bin`);
}

/** Can this context fetch and compile the bundle's files itself (a browser, not Node)? */
export function canFetch(baseUrl) {
  return /^(https?|chrome-extension|moz-extension):/.test(baseUrl) && typeof WebAssembly.compileStreaming === "function";
}

/**
 * @typedef {object} Bundle each part a promise; null where this boot does not use it
 * @property {Promise<any>|null} meta snapshot.json
 * @property {Promise<any>} siteIndex site.json
 * @property {Promise<Uint8Array>} siteBin site-packages, one file after another
 * @property {Promise<WebAssembly.Module>|null} so pydantic-core's .so, compiled
 * @property {Promise<Uint8Array>|null} stdlib python_stdlib.zip (null: Pyodide fetches it)
 * @property {Pieces|null} heap snapshot.bin (its zero pages left out), as it arrives
 * @property {Promise<WebAssembly.Module>|null} wasm pyodide.asm.wasm, compiled
 * @property {Record<string, number>} marks when each part arrived (wall clock, ms)
 * @property {() => void} [release] fetches a held bundle's remaining files now (fetchBundle's
 *   `hold`; a no-op if nothing is held)
 */

/**
 * Start every fetch and compile of a boot at once. With `hold`, start all but
 * python_stdlib.zip and snapshot.bin (35 of the 55 MB), which only a restore's last steps
 * read, and fetch those when `release()` is called. A held bundle lets a host set Python
 * up before any Ozon page asks (host.prepare) without holding the heap's 30 MB in memory
 * until one does.
 * @param {string} baseUrl the bundle folder (ends with "/")
 * @param {{snapshot?: boolean, marks?: Record<string, number>, hold?: boolean}} [options]
 * @returns {Bundle}
 */
export function fetchBundle(baseUrl, { snapshot = true, marks = {}, hold = false } = {}) {
  marks.fetch_started = wallNow();
  const browser = canFetch(baseUrl);
  const mark = (name) => markWhen(marks, name);
  const json = (name) => fetchJson(baseUrl + name);
  const meta = snapshot ? json("snapshot.json") : null;
  const siteIndex = json("site.json");
  // The .so's compile starts the moment site.bin is here, before anyone else gets the
  // buffer (WebAssembly.compile copies the bytes when called; forwardBundle then moves it).
  const site = Promise.all([siteIndex, fetchBytes(baseUrl + "site.bin")]).then(([index, blob]) => {
    mark(MARKS.siteBin)(blob);
    return { blob, so: browser ? WebAssembly.compile(soSlice(index, blob)).then(mark(MARKS.so)) : null };
  });
  // start() now, or (held) once release() opens the gate.
  /** @type {(() => void) | null} */
  let open = null;
  const gate = hold ? new Promise((resolve) => (open = () => resolve(undefined))) : null;
  const later = (start) => (gate ? gate.then(start) : start());
  const heap = snapshot ? new Pieces() : null;
  /** @type {Bundle} */
  const bundle = {
    meta,
    siteIndex,
    siteBin: site.then(({ blob }) => blob),
    so: browser ? site.then(({ so }) => so) : null,
    stdlib: browser ? later(() => fetchBytes(baseUrl + "python_stdlib.zip")).then(mark(MARKS.stdlib)) : null,
    heap,
    wasm: browser ? WebAssembly.compileStreaming(fetchOk(baseUrl + "pyodide.asm.wasm")).then(mark(MARKS.wasm)) : null,
    marks,
    release: () => {
      if (!open) return;
      marks.fetch_released = wallNow();
      open();
      open = null;
    },
  };
  // (snapshot.bin's length is checked against snapshot.json's where the heap is used.)
  if (heap) later(() => fetchInto(heap, baseUrl + "snapshot.bin"));
  bundle.heap?.done.then(mark(MARKS.heap), () => {});
  // A part that fails is reported where it is awaited; not as an unhandled rejection.
  for (const part of BUNDLE_PARTS) if (part !== "heap") bundle[part]?.catch(() => {});
  return bundle;
}

/**
 * Hand a bundle to a worker part by part, as each arrives: post({part, value} | {part,
 * error}, transfer). Buffers are transferred: this side must not use them afterwards.
 * @param {Bundle} bundle
 * @param {(message: object, transfer: Transferable[]) => void} post
 * @returns {Promise<void>} once every part has been posted
 */
export function forwardBundle(bundle, post) {
  // When the fetches started, for the timeline (not a part: nothing waits for it).
  post({ part: "started", at: bundle.marks?.fetch_started }, []);
  const sent = BUNDLE_PARTS.map((part) => {
    const promise = bundle[part];
    if (!promise) return post({ part, value: null }, []);
    if (promise instanceof Pieces) {
      // Each piece as it comes ({part, piece}, moved), then {part, value: length} or the error.
      promise.listen((piece) => {
        const whole = piece.byteOffset === 0 && piece.byteLength === piece.buffer.byteLength;
        const moved = whole ? piece : piece.slice();
        post({ part, piece: moved }, [moved.buffer]);
      });
      return promise.done.then(
        (length) => post({ part, value: length, at: wallNow() }, []),
        (err) => post({ part, error: String(err?.message ?? err) }, []),
      ).finally(() => promise.drop());
    }
    return promise.then(
      (value) => post({ part, value, at: wallNow() }, value instanceof Uint8Array ? [value.buffer] : []),
      (err) => post({ part, error: String(err?.message ?? err) }, []),
    );
  });
  return Promise.all(sent).then(() => {});
}

/**
 * The receiving side of forwardBundle: a Bundle whose parts settle as messages come in.
 * @returns {{bundle: Bundle, receive: (message: {part: string, value?: any, error?: string, at?: number}) => void}}
 */
export function receivedBundle() {
  const settle = {};
  const marks = {};
  const bundle = /** @type {any} */ ({ marks });
  for (const part of BUNDLE_PARTS) {
    if (part === "heap") {
      const pieces = new Pieces();
      bundle.heap = pieces;
      settle.heap = { piece: (piece) => pieces.push(piece), resolve: () => pieces.end(), reject: (err) => pieces.fail(err) };
      continue;
    }
    bundle[part] = new Promise((resolve, reject) => {
      settle[part] = { resolve, reject };
    });
    bundle[part].catch(() => {});
  }
  // (Each part is let go here once settled: only its boot keeps the 45 MB of them.)
  function receive({ part, value, error, at, piece }) {
    if (part === "started" && typeof at === "number") marks.fetch_started = at;
    if (part === "released" && typeof at === "number") marks.fetch_released = at;
    const waiting = settle[part];
    if (!waiting) return;
    if (piece instanceof Uint8Array) return waiting.piece?.(piece);
    delete settle[part];
    if (error !== undefined) return waiting.reject(new Error(error));
    if (MARKS[part] && typeof at === "number") marks[MARKS[part]] = at;
    waiting.resolve(value);
  }
  return { bundle, receive };
}
