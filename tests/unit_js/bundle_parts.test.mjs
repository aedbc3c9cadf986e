// The boot's files handed from Chrome's fetch worker to the Python worker
// (extension/python_host/bundle.js), over a real MessageChannel as in the offscreen
// document: every part arrives, buffers are moved (not copied), a failed part fails only
// where it is awaited, and the arrival marks come along. Run: node --test tests/unit_js/
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BUNDLE_PARTS, forwardBundle, receivedBundle, soSlice } from "../../extension/python_host/bundle.js";

/** A bundle whose parts are already here (or failed), as fetchBundle's would be. */
function sentBundle() {
  const heap = new Uint8Array([1, 2, 3, 4]);
  const site = new Uint8Array(1000).fill(7);
  const bundle = {
    meta: Promise.resolve({ format: 1, heap_offset: 2 }),
    siteIndex: Promise.resolve({ so: "x.so", files: [["a.pyc", 10], ["x.so", 990]] }),
    siteBin: Promise.resolve(site),
    so: null, // (this context could not compile it)
    stdlib: Promise.reject(new Error("python_stdlib.zip: HTTP 404")),
    heap: Promise.resolve(heap),
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
    assert.deepEqual([...(await got.heap)], [1, 2, 3, 4]);
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
