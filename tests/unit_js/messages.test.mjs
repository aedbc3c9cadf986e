// The message layer (extension/shared/messages.js): request() and serve() over an in-process
// runtime that delivers a message to every listener the way chrome.runtime does (each
// listener gets (message, sender, sendResponse); returning true keeps the channel open).
// Node has no chrome.runtime; the code under test is messages.js itself, unchanged.
// The map of requests is also checked against py_core's registry: every core/* request
// must be a request the bridge answers.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { CORE_REQUESTS, PORT_MESSAGES, REQUESTS, RequestError, envelope, fail, ok, request, serve, unwrap } from "../../extension/shared/messages.js";
import { ROOT } from "./python_core.mjs";

/** chrome.runtime's messaging, in one process: sendMessage reaches every listener. */
function makeRuntime() {
  const listeners = [];
  return {
    sent: [],
    onMessage: { addListener: (fn) => listeners.push(fn) },
    sendMessage(message) {
      this.sent.push(message);
      return new Promise((resolve) => {
        let open = false;
        for (const listener of listeners) {
          if (listener(structuredClone(message), { id: "test" }, resolve) === true) open = true;
        }
        if (!open) setTimeout(() => resolve(undefined), 0);
      });
    },
  };
}

let runtime;
beforeEach(() => {
  runtime = makeRuntime();
  globalThis.chrome = { runtime };
});
afterEach(() => {
  delete globalThis.chrome;
});

describe("request and serve", () => {
  it("delivers a named request to its receiver and unwraps the result", async () => {
    serve("background", { "settings/get": (payload, sender) => ({ echoed: payload, from: sender.id }) });
    assert.deepEqual(await request("settings/get", { a: 1 }), { echoed: { a: 1 }, from: "test" });
    assert.deepEqual(runtime.sent, [{ target: "background", type: "settings/get", payload: { a: 1 } }]);
  });

  it("answers only the receiver a request is addressed to", async () => {
    let pythonHostCalls = 0;
    serve("python-host", { "settings/get": () => pythonHostCalls++ });
    serve("background", { "settings/get": async () => "from the background" });
    assert.equal(await request("settings/get"), "from the background");
    assert.equal(pythonHostCalls, 0);
  });

  it("turns a handler's error into a RequestError with its code, message and details", async () => {
    serve("background", {
      "log/record": () => {
        throw Object.assign(new Error("The order number is needed."), { code: "missing-order", details: { field: "order" } });
      },
      "log/list": async () => {
        throw "plain text";
      },
    });
    await assert.rejects(request("log/record"), (err) => {
      assert.ok(err instanceof RequestError);
      assert.equal(err.code, "missing-order");
      assert.equal(err.message, "The order number is needed.");
      assert.deepEqual(err.details, { field: "order" });
      return true;
    });
    await assert.rejects(request("log/list"), { code: "error", message: "plain text" });
  });

  it("says when the receiver has no handler, nobody answers, or the background is gone", async () => {
    serve("background", {});
    await assert.rejects(request("log/list"), { code: "unknown-request" });
    runtime = makeRuntime();
    globalThis.chrome = { runtime };
    await assert.rejects(request("log/list"), { code: "no-answer" });
    globalThis.chrome = { runtime: { sendMessage: async () => Promise.reject(new Error("Receiving end does not exist.")) } };
    await assert.rejects(request("log/list"), (err) => err.code === "unreachable" && /Receiving end/.test(err.message));
    await assert.rejects(request("no/such-request"), /unknown request no\/such-request/);
  });

  it("passes an envelope made elsewhere (py_core's reply) through without wrapping it again", async () => {
    const reply = fail("invalid_payload", "The channel is not valid.", [{ field: "channel" }]);
    serve("background", { "core/check": () => envelope(reply), "core/ping": () => envelope(ok({ version: "1" })) });
    await assert.rejects(request("core/check"), { code: "invalid_payload", message: "The channel is not valid.", details: [{ field: "channel" }] });
    assert.deepEqual(await request("core/ping"), { version: "1" });
  });

  it("opens every envelope in one place: the result, py_core's error as a RequestError, or no answer", () => {
    assert.deepEqual(unwrap(ok({ a: 1 }), "x"), { a: 1 });
    assert.equal(unwrap(ok(null), "x"), null);
    const pyError = { ok: false, error: { code: "missing_order_number", message: "The order number is missing.", details: { field: "order.number" } }, elapsed_ms: 3 };
    assert.throws(() => unwrap(pyError, "core/advise"), (err) => {
      assert.ok(err instanceof RequestError);
      assert.deepEqual([err.code, err.message, err.details], ["missing_order_number", "The order number is missing.", { field: "order.number" }]);
      return true;
    });
    assert.throws(() => unwrap({ ok: false }, "x"), { code: "error", message: "Unknown error" });
    for (const nothing of [undefined, null, "ok", {}, { result: 1 }]) {
      assert.throws(() => unwrap(nothing, "core/ping"), { code: "no-answer", message: "Nobody answered core/ping." }, String(nothing));
    }
  });

  it("opens py_core's envelope sent as its JSON text (packed), and says so when the text is not JSON", () => {
    const text = JSON.stringify({ ok: true, result: { draft: { ru: "Здравствуйте" } } });
    assert.deepEqual(unwrap({ packed: text, elapsed_ms: 2 }, "core/advise"), { draft: { ru: "Здравствуйте" } });
    const pyError = JSON.stringify({ ok: false, error: { code: "missing_order_number", message: "The order number is missing." } });
    assert.throws(() => unwrap({ packed: pyError }, "core/advise"), { code: "missing_order_number", message: "The order number is missing." });
    assert.throws(() => unwrap({ packed: "{not json" }, "core/advise"), { code: "bad-answer", message: "The answer to core/advise could not be read." });
    for (const nothing of ["null", "1", '"ok"', "{}"]) {
      assert.throws(() => unwrap({ packed: nothing }, "core/ping"), { code: "no-answer" }, nothing);
    }
  });

  it("carries py_core's envelope through two hops (host -> background -> panel) unchanged", async () => {
    const py = { ok: true, result: { version: "0.1.0" }, elapsed_ms: 1.5 };
    serve("python-host", { "python/call": () => envelope(py) });
    serve("background", { "core/ping": async () => envelope(await chrome.runtime.sendMessage({ target: "python-host", type: "python/call", payload: {} })) });
    assert.deepEqual(await request("core/ping"), { version: "0.1.0" });
  });

  it("builds replies in one shape", () => {
    assert.deepEqual(ok(3), { ok: true, result: 3 });
    assert.deepEqual(fail("x", "y"), { ok: false, error: { code: "x", message: "y" } });
    assert.deepEqual(fail("x", "y", null), { ok: false, error: { code: "x", message: "y", details: null } });
  });
});

describe("the map of requests", () => {
  it("names a receiver, a sender and a purpose for every request", () => {
    const targets = new Set(["background", "python-host", "content", "panel"]);
    for (const [name, spec] of Object.entries(REQUESTS)) {
      assert.match(name, /^[a-z]+\/[a-z_?-]+$/, name);
      assert.ok(targets.has(spec.to), `${name}: ${spec.to}`);
      assert.ok(spec.from && spec.doc, name);
    }
    for (const [name, doc] of Object.entries(PORT_MESSAGES)) assert.match(doc, /^(panel|content) -> (panel|content): \{type/, name);
  });

  it("forwards to py_core only requests that py_core's registry answers", () => {
    const registry = JSON.parse(
      execFileSync(join(ROOT, ".venv", "bin", "python"), ["-c", "import json; from py_core.registry import REQUEST_TYPES; print(json.dumps(REQUEST_TYPES))"], { cwd: ROOT, encoding: "utf8" }),
    );
    assert.ok(Object.keys(CORE_REQUESTS).length >= 10);
    for (const [name, bridgeName] of Object.entries(CORE_REQUESTS)) {
      assert.equal(name, `core/${bridgeName}`);
      assert.ok(registry.includes(bridgeName), `${name} is not a py_core request`);
    }
  });
});
