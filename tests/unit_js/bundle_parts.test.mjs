// The boot's files handed from Chrome's fetch worker to the Python worker
// (extension/python_host/bundle.js), over a real MessageChannel as in the offscreen
// document: every part arrives, buffers are moved (not copied), a failed part fails only
// where it is awaited, and the arrival marks come along. Run: node --test tests/unit_js/
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BUNDLE_PARTS, Pieces, fetchBundle, fetchPieces, forwardBundle, receivedBundle, soSlice } from "../../extension/python_host/bundle.js";

/** A bundle whose parts are already here (or failed), as fetchBundle's would be. */
function sentBundle() {
  // snapshot.bin comes in pieces: one that is a whole buffer (moved), one a view (copied).
  const heap = new Uint8Array([1, 2, 3, 4]);
  const pieces = new Pieces();
  pieces.push(heap);
  pieces.push(new Uint8Array([9, 5, 6, 9]).subarray(1, 3));
  pieces.end();
  const site = new Uint8Array(1000).fill(7);
  const bundle = {
    meta: Promise.resolve({ format: 1, heap_offset: 2 }),
    siteIndex: Promise.resolve({ so: "x.so", files: [["a.pyc", 10], ["x.so", 990]] }),
    siteBin: Promise.resolve(site),
    so: null, // (this context could not compile it)
    stdlib: Promise.reject(new Error("python_stdlib.zip: HTTP 404")),
    heap: pieces,
    wasm: null,
    marks: { fetch_started: 1234.5 },
  };
  bundle.stdlib.catch(() => {});
  return { bundle, heap, site };
}

describe("the boot's files, handed over", () => {
  it("arrive part by part on the other side of a port, the buffers moved", async () => {
    const { bundle, heap, site } = sentBundle();
    const channel = new MessageChannel();
    const { bundle: got, receive } = receivedBundle();
    channel.port2.onmessage = ({ data }) => receive(data);
    await forwardBundle(bundle, (message, transfer) => channel.port1.postMessage(message, transfer));
    assert.deepEqual(await got.meta, { format: 1, heap_offset: 2 });
    assert.equal(await got.heap.done, 6);
    assert.deepEqual(got.heap.pieces.map((piece) => [...piece]), [[1, 2, 3, 4], [5, 6]]);
    assert.equal((await got.siteBin).length, 1000);
    // Moved: the sending side's buffers are empty now (no 45 MB copy).
    assert.equal(heap.byteLength, 0);
    assert.equal(site.byteLength, 0);
    assert.equal(await got.so, null);
    assert.equal(await got.wasm, null);
    await assert.rejects(got.stdlib, /python_stdlib\.zip: HTTP 404/);
    assert.equal(typeof got.marks.snapshot_fetched, "number");
    assert.equal(typeof got.marks.site_fetched, "number");
    assert.equal(got.marks.stdlib_fetched, undefined, "a failed part has no arrival mark");
    assert.equal(got.marks.fetch_started, 1234.5, "when the fetches started comes along");
    channel.port1.close();
  });

  it("hands snapshot.bin over piece by piece as it arrives, and a failed fetch as its error", async () => {
    const sent = { ...sentBundle().bundle, heap: new Pieces() };
    const channel = new MessageChannel();
    const { bundle: got, receive } = receivedBundle();
    channel.port2.onmessage = ({ data }) => receive(data);
    const seen = [];
    got.heap.listen((piece, at) => seen.push([at, [...piece]]));
    const forwarded = forwardBundle(sent, (message, transfer) => channel.port1.postMessage(message, transfer));
    sent.heap.push(new Uint8Array([1, 2]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(seen, [[0, [1, 2]]], "the first piece is there before the file is done");
    sent.heap.push(new Uint8Array([3]));
    sent.heap.fail(new Error("snapshot.bin: HTTP 404"));
    await forwarded;
    await assert.rejects(got.heap.done, /snapshot\.bin: HTTP 404/);
    assert.deepEqual(seen, [[0, [1, 2]], [2, [3]]]);
    assert.equal(got.marks.snapshot_fetched, undefined);
    channel.port1.close();
  });

  it("fetches a file as pieces, each chunk as the body gives it, and checks its length", async () => {
    const chunk = (i) => new Uint8Array(300 * 1024).fill(i);
    const real = globalThis.fetch;
    // A real Response whose body comes in five chunks of 300 KiB.
    globalThis.fetch = async () => {
      let i = 0;
      return new Response(new ReadableStream({ pull: (c) => (i < 5 ? c.enqueue(chunk(++i)) : c.close()) }));
    };
    try {
      const pieces = fetchPieces("/snapshot.bin", 5 * 300 * 1024);
      assert.equal(await pieces.done, 5 * 300 * 1024);
      assert.deepEqual(pieces.pieces.map((p) => [p.length, p[0], p.at(-1)]), [1, 2, 3, 4, 5].map((i) => [300 * 1024, i, i]));
      await assert.rejects(fetchPieces("/snapshot.bin", 12).done, /has 1536000 bytes, expected 12/);
    } finally {
      globalThis.fetch = real;
    }
  });

  it("with hold, asks for python_stdlib.zip and snapshot.bin only after release(), and only once", async () => {
    const real = globalThis.fetch;
    const asked = [];
    const BASE = "moz-extension://test/pyodide/";
    const files = {
      "snapshot.json": JSON.stringify({ format: 1 }),
      "site.json": JSON.stringify({ so: "x.so", files: [["a.pyc", 2], ["x.so", 8]] }),
      "site.bin": new Uint8Array(10),
      "python_stdlib.zip": new Uint8Array(7),
      "snapshot.bin": new Uint8Array(5),
      "pyodide.asm.wasm": new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), // an empty module
    };
    globalThis.fetch = async (url) => {
      const name = String(url).slice(BASE.length);
      asked.push(name);
      const headers = name.endsWith(".wasm") ? { "content-type": "application/wasm" } : {};
      return new Response(files[name], { headers });
    };
    try {
      const marks = {};
      const bundle = fetchBundle(BASE, { hold: true, marks });
      assert.deepEqual(await bundle.meta, { format: 1 });
      assert.equal((await bundle.siteBin).length, 10);
      assert.ok((await bundle.wasm) instanceof WebAssembly.Module);
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(asked.sort(), ["pyodide.asm.wasm", "site.bin", "site.json", "snapshot.json"], "a held file was fetched");
      assert.equal(marks.fetch_released, undefined);
      assert.equal(bundle.heap.length, 0);
      bundle.release();
      bundle.release();
      assert.equal((await bundle.stdlib).length, 7);
      assert.equal(await bundle.heap.done, 5);
      assert.equal(asked.filter((name) => name === "snapshot.bin" || name === "python_stdlib.zip").length, 2, `asked: ${asked}`);
      assert.equal(typeof marks.fetch_released, "number");
      assert.equal(typeof marks.snapshot_fetched, "number");
      // Not held: everything at once, and release() has nothing to do.
      asked.length = 0;
      const open = fetchBundle(BASE, {});
      await open.heap.done;
      await open.stdlib;
      assert.ok(asked.includes("snapshot.bin") && asked.includes("python_stdlib.zip"), `asked: ${asked}`);
    } finally {
      globalThis.fetch = real;
    }
  });

  it("ignores what is not a part, and a part sent twice", async () => {
    const { bundle: got, receive } = receivedBundle();
    receive({ part: "nonsense", value: 1 });
    receive({ part: "meta", value: { first: true } });
    receive({ part: "meta", value: { first: false } });
    assert.deepEqual(await got.meta, { first: true });
    assert.deepEqual(Object.keys(got).filter((k) => k !== "marks").sort(), [...BUNDLE_PARTS].sort());
  });

  it("finds pydantic-core's .so inside site.bin, and says so when it is not there", () => {
    const blob = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
    const index = { so: "b.so", files: [["a.pyc", 3], ["b.so", 4], ["c.pyc", 1]] };
    assert.deepEqual([...soSlice(index, blob)], [3, 4, 5, 6]);
    assert.throws(() => soSlice({ ...index, so: "z.so" }, blob), /z\.so is not in site\.bin/);
  });
});
