// The built Python bundle, loaded and exercised in real Pyodide under Node (no browser):
// a wheel or lockfile mistake fails here in seconds instead of in an e2e run.
// Run: node --test tests/pyodide/   (after `python build.py`)
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { fetchFilesFromDisk } from "./disk_fetch.mjs";
import { savedSnapshots } from "./saved_snapshots.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUNDLE = join(ROOT, "dist", "chrome", "pyodide") + "/";
const FIXTURES = join(ROOT, "tests", "fixtures", "pages");
const EXPECTED_DIST_INFO = [
  "annotated_types", "jinja2", "markupsafe", "ozon_contact_helper_core", "pydantic",
  "pydantic_core", "typing_extensions", "typing_inspection",
];

describe("the Python bundle in dist/chrome/pyodide, booted the normal way (no snapshot)", () => {
  let pyodide;
  let handle;
  let host;
  const call = (type, payload) => JSON.parse(handle(type, JSON.stringify(payload)));

  before(async () => {
    assert.ok(existsSync(BUNDLE + "pyodide.mjs"), "dist/chrome is missing: run `python build.py` first");
    fetchFilesFromDisk();
    const { createPythonHost } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
    host = createPythonHost({ baseUrl: BUNDLE, snapshot: false });
    const status = await host.boot();
    assert.equal(status.state, "ready", JSON.stringify(status.error));
    assert.equal(status.boot_path, "normal");
    pyodide = host.pyodide();
    handle = pyodide.pyimport("py_core.bridge").handle;
  });

  after(() => {
    handle?.destroy?.();
  });

  it("ships site-packages once, as .pyc, with every pinned package and no wheel to fetch", () => {
    const lock = JSON.parse(readFileSync(BUNDLE + "pyodide-lock.json", "utf8"));
    assert.deepEqual(lock.packages, {}, "the lock must list nothing: loadPackage has nothing to fetch");
    assert.equal(lock.info.python, pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))"));
    const site = JSON.parse(readFileSync(BUNDLE + "site.json", "utf8"));
    const distInfo = [...new Set(site.files.map(([p]) => p.split("/")[0]).filter((d) => d.endsWith(".dist-info")))]
      .map((d) => d.split("-")[0]).sort();
    assert.deepEqual(distInfo, EXPECTED_DIST_INFO);
    const paths = site.files.map(([p]) => p);
    assert.ok(paths.includes("py_core/bridge.pyc"));
    assert.equal(paths.filter((p) => p.endsWith(".py")).length, 0, "sources are left out; .pyc only");
    for (const left of ["py_core/cli.pyc", "py_core/schema.pyc", "py_core/__main__.pyc"]) assert.ok(!paths.includes(left), left);
    const bundle = JSON.parse(readFileSync(BUNDLE + "bundle.json", "utf8"));
    for (const wheel of bundle.wheels) assert.ok(!existsSync(BUNDLE + wheel), `${wheel} should not ship (site.bin has it)`);
  });

  it("imports every module from .pyc compiled by Pyodide's own Python", () => {
    const origins = JSON.parse(pyodide.runPython(`
import json, sys, py_core.bridge, pydantic.main, jinja2.environment
json.dumps([m.__spec__.origin for m in (py_core.bridge, pydantic.main, jinja2.environment, json)])`));
    for (const origin of origins) assert.match(origin, /\.pyc$/, origin);
  });

  it("runs Python 3.14 with the pinned pydantic and jinja2", () => {
    const versions = JSON.parse(pyodide.runPython(`
import json, sys, pydantic, pydantic_core, jinja2, markupsafe
json.dumps({"py": sys.version_info[:2], "pydantic": pydantic.VERSION, "core": pydantic_core.__version__,
            "jinja2": jinja2.__version__, "markupsafe_native": markupsafe._escape_inner.__module__})`));
    assert.deepEqual(versions.py, [3, 14]);
    assert.equal(versions.pydantic, "2.14.3");
    assert.equal(versions.core, "2.50.4");
    assert.equal(versions.jinja2, "3.1.6");
    assert.equal(versions.markupsafe_native, "markupsafe._native");
  });

  it("answers ping through the bridge", () => {
    const pong = call("ping", {});
    assert.equal(pong.ok, true);
    assert.match(pong.result.version, /^\d+\.\d+\.\d+/);
  });

  it("reads the order from a saved page and drafts a Russian chat message with its number", () => {
    const index = JSON.parse(readFileSync(join(FIXTURES, "index.json"), "utf8"));
    const [name, meta] = Object.entries(index).find(([file]) => file === "orderdetails_one_parcel.html");
    const snapshot = savedSnapshots()[name];
    const extracted = call("extract", { snapshot });
    assert.equal(extracted.ok, true, JSON.stringify(extracted.error));
    assert.equal(extracted.result.order.number, meta.expect.number);
    const advice = call("advise", { order: extracted.result.order, problem: { code: "damaged" }, lang: "zh", today: "2026-11-22" });
    assert.equal(advice.ok, true, JSON.stringify(advice.error));
    const body = advice.result.draft.ru.body;
    assert.ok(body.includes(meta.expect.number), body);
    assert.match(body, /[а-яё]/i);
    assert.doesNotMatch(body, /[<>{}]|\{\{|\{%/);
    assert.equal(advice.result.draft.side.lang, "zh");
    assert.match(advice.result.draft.side.body, /[\u4e00-\u9fff]/);
  });

  it("gives a clear error, not an exception, for garbage", () => {
    const bad = call("extract", { snapshot: { url: 42, widgets: "nope" } });
    assert.equal(typeof bad.ok, "boolean");
    const unknown = call("no-such-request", {});
    assert.equal(unknown.ok, false);
    assert.ok(unknown.error.message.length > 10);
    const malformed = JSON.parse(handle("extract", "{not json"));
    assert.equal(malformed.ok, false);
  });
});

describe("the Python host", () => {
  it("reports a clear error when the runtime cannot be fetched", async () => {
    const { createPythonHost } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
    const host = createPythonHost({ baseUrl: "http://127.0.0.1:9/nothing/", bootTimeoutMs: 20_000 });
    const status = await host.boot();
    assert.equal(status.state, "failed");
    assert.match(status.error.message, /Python engine failed to start/);
    await assert.rejects(host.call("ping", {}), /Python engine failed to start/);
  });

  it("gives up with a clear message when loading hangs past its bound", async () => {
    const { createPythonHost } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
    const { createServer } = await import("node:http");
    // A server that accepts the request and never answers: a hung load.
    const server = createServer(() => {});
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const host = createPythonHost({ baseUrl: `http://127.0.0.1:${server.address().port}/`, bootTimeoutMs: 500 });
      const status = await host.boot();
      assert.equal(status.state, "failed");
      assert.equal(status.error.code, "boot-timeout");
      assert.match(status.error.message, /did not start within 1 s/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
