// Every generated hostile page (tests/trust/hostile_pages.py) through the real Python core
// the way the extension calls it: the built bundle's Python host (python_host/host.js, the
// module the offscreen document and the Firefox background use), in Node. CPython's twin
// is test_hostile_core.py. 0 crashes, each page drafts or says what it could not read, and
// Python is alive at the end. A crash here is worse than in CPython: a stack overflow in
// WebAssembly kills the one Python runtime that every Ozon tab shares.
// Run: node --test tests/trust/hostile.pyodide.test.mjs   (after ./setup.sh)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = join(ROOT, "dist", "chrome");
// The content script's limits (extension/content/snapshot.js).
const MAX_STATE = 500_000;
const MAX_TEXT = 200_000;
const MAX_WIDGETS = 400;

describe("hostile pages through py_core in the extension's Python host", { timeout: 900_000 }, () => {
  let host;
  let dir;
  let index;
  let realFetch;

  before(async () => {
    assert.ok(existsSync(join(DIST, "python_host", "host.js")), "dist/chrome is missing: run `python build.py` first");
    dir = mkdtempSync(join(tmpdir(), "och-hostile-"));
    execFileSync(join(ROOT, ".venv", "bin", "python"), [join(ROOT, "tests", "trust", "hostile_pages.py"), "--out", dir, "--snapshots"]);
    index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    // Node's fetch cannot read files; the host fetches its bundle by URL, here a path.
    realFetch = globalThis.fetch;
    globalThis.fetch = async (url) => (String(url).startsWith("/") ? new Response(readFileSync(String(url))) : realFetch(url));
    const { createPythonHost } = await import(join(DIST, "python_host", "host.js"));
    host = createPythonHost({ baseUrl: join(DIST, "pyodide") + "/", bootTimeoutMs: 300_000 });
    const status = await host.boot();
    assert.equal(status.state, "ready", JSON.stringify(status.error));
  });

  after(() => {
    if (realFetch) globalThis.fetch = realFetch;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("gives every page a draft or a clear 'could not read', with 0 crashes", async () => {
    const totals = { pages: 0, tried: 0, crashes: 0, drafted: 0, explained: 0 };
    const failures = [];
    for (const [name, meta] of Object.entries(index.pages)) {
      const full = JSON.parse(readFileSync(join(dir, `${name}.snapshot.json`), "utf8"));
      const sent = {
        ...full,
        widgets: full.widgets.slice(0, MAX_WIDGETS).map((w) => ({ ...w, state: w.state.slice(0, MAX_STATE) })),
        text: full.text.slice(0, MAX_TEXT),
      };
      totals.pages += 1;
      for (const snapshot of [full, sent]) {
        totals.tried += 1;
        let answer;
        try {
          answer = await host.call("extract", { snapshot, today: "2026-11-28" });
        } catch (err) {
          // A JavaScript error out of Python: the runtime itself failed.
          totals.crashes += 1;
          failures.push(`${name} ${meta.traits}: ${String(err).split("\n")[0]}`);
          break;
        }
        if (!answer.ok) {
          totals.crashes += 1;
          failures.push(`${name} ${meta.traits}: ${JSON.stringify(answer.error).slice(0, 300)}`);
          continue;
        }
        const { order, missing } = answer.result;
        if (!meta.number) {
          if (order?.number == null && missing.includes("number")) totals.explained += 1;
          else failures.push(`${name}: read a number that is not on the page (${order?.number})`);
          continue;
        }
        if (order?.number !== meta.number) {
          failures.push(`${name} ${meta.traits}: number ${order?.number}, the page shows ${meta.number}`);
          continue;
        }
        const drafted = await host.call("draft", { order, problem: { code: "damaged" }, lang: "en", today: "2026-11-28" });
        if (drafted.ok && JSON.stringify(drafted.result).includes(meta.number)) totals.drafted += 1;
        else {
          totals.crashes += 1;
          failures.push(`${name}: no draft ${JSON.stringify(drafted.error)}`);
        }
      }
      if (failures.length && failures.at(-1).includes("Error")) break;
    }
    console.log(`hostile pages in Pyodide: ${JSON.stringify(totals)}`);
    assert.deepEqual(failures, []);
    assert.ok(totals.pages >= 300);
    assert.equal(totals.drafted + totals.explained, totals.tried);
    // Still alive and answering.
    assert.equal((await host.call("ping", {})).ok, true);
  });

  it("refuses deeply nested requests and imports with a message, and stays alive", async () => {
    const deep = (n) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
    const nested = await host.call("extract", { snapshot: { url: "https://www.ozon.ru/my/orderdetails/?order=12345678-0001", widgets: [{ widget: "shipmentWidget", id: "state-x", state: deep(20_000) }], text: "" } });
    assert.equal(nested.ok, true);
    assert.ok(nested.result.warnings.some((w) => w.includes("could not be read")), JSON.stringify(nested.result.warnings));
    const imported = await host.call("case_import", { text: deep(20_000) });
    assert.equal(imported.ok, false);
    assert.notEqual(imported.error.code, "internal", JSON.stringify(imported.error));
    assert.equal((await host.call("ping", {})).ok, true);
  });
});
