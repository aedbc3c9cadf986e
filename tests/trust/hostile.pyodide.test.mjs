// Every generated hostile page (tests/trust/hostile_pages.py) through the real Python core
// in the built bundle's Pyodide, the runtime the extension uses (CPython's twin of this is
// test_hostile_core.py): 0 crashes, each page drafts or says what it could not read, and
// Pyodide is alive at the end. A crash here is worse than in CPython: a stack overflow in
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
const BUNDLE = join(ROOT, "dist", "chrome", "pyodide") + "/";

const RUN_PAGE = `
import json
from py_core import bridge
from py_core._html_snapshot import snapshot_from_html

def _call(request, payload):
    return json.loads(bridge.handle(request, json.dumps(payload, ensure_ascii=False)))

def run_page(html, url, number):
    """Both the full snapshot and the one the content script sends (its size limits)."""
    snap = snapshot_from_html(html, url)
    cut = dict(snap, widgets=[dict(w, state=w["state"][:500_000]) for w in snap["widgets"][:400]],
               text=snap["text"][:200_000])
    out = {"tried": 0, "crashes": [], "drafted": 0, "explained": 0, "wrong": []}
    for sent in (snap, cut):
        out["tried"] += 1
        answer = _call("extract", {"snapshot": sent, "today": "2026-11-28"})
        if not answer["ok"]:
            out["crashes"].append(answer["error"])
            continue
        order = answer["result"]["order"]
        if number is None:
            if order["number"] is None and "number" in answer["result"]["missing"]:
                out["explained"] += 1
            else:
                out["wrong"].append(order["number"])
            continue
        if order["number"] != number:
            out["wrong"].append(order["number"])
            continue
        drafted = _call("draft", {"order": order, "problem": {"code": "damaged"}, "lang": "en",
                                  "today": "2026-11-28"})
        if drafted["ok"] and number in json.dumps(drafted["result"], ensure_ascii=False):
            out["drafted"] += 1
        else:
            out["crashes"].append(drafted.get("error"))
    return json.dumps(out)
`;

describe("hostile pages through py_core in Pyodide", { timeout: 900_000 }, () => {
  let pyodide;
  let dir;
  let index;

  before(async () => {
    assert.ok(existsSync(BUNDLE + "pyodide.mjs"), "dist/chrome is missing: run `python build.py` first");
    dir = mkdtempSync(join(tmpdir(), "och-hostile-"));
    execFileSync(join(ROOT, ".venv", "bin", "python"), [join(ROOT, "tests", "trust", "hostile_pages.py"), "--out", dir]);
    index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    const { loadPyodide } = await import(BUNDLE + "pyodide.mjs");
    const bundle = JSON.parse(readFileSync(BUNDLE + "bundle.json", "utf8"));
    pyodide = await loadPyodide({ indexURL: BUNDLE, lockFileURL: BUNDLE + "pyodide-lock.json", packageBaseUrl: BUNDLE });
    await pyodide.loadPackage(bundle.packages, { messageCallback: () => {} });
    pyodide.runPython(RUN_PAGE);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("gives every page a draft or a clear 'could not read', with 0 crashes", () => {
    const runPage = pyodide.globals.get("run_page");
    const totals = { pages: 0, tried: 0, crashes: 0, drafted: 0, explained: 0 };
    const failures = [];
    try {
      for (const [name, meta] of Object.entries(index.pages)) {
        const html = readFileSync(join(dir, `${name}.html`), "utf8");
        let result;
        try {
          result = JSON.parse(runPage(html, meta.url, meta.number ?? undefined));
        } catch (err) {
          // A JavaScript error out of Python: the runtime itself failed.
          failures.push(`${name} ${meta.traits}: ${String(err).split("\n")[0]}`);
          totals.crashes += 1;
          break;
        }
        totals.pages += 1;
        totals.tried += result.tried;
        totals.drafted += result.drafted;
        totals.explained += result.explained;
        totals.crashes += result.crashes.length;
        if (result.crashes.length || result.wrong.length) failures.push(`${name} ${meta.traits}: ${JSON.stringify(result).slice(0, 300)}`);
      }
    } finally {
      runPage.destroy();
    }
    console.log(`hostile pages in Pyodide: ${JSON.stringify(totals)}`);
    assert.deepEqual(failures, []);
    assert.equal(totals.pages, Object.keys(index.pages).length);
    assert.ok(totals.pages >= 300);
    assert.equal(totals.drafted + totals.explained, totals.tried);
    // Still alive and answering.
    assert.equal(JSON.parse(pyodide.pyimport("py_core.bridge").handle("ping", "{}")).ok, true);
  });

  it("refuses deeply nested requests and imports with a message, and stays alive", () => {
    const handle = pyodide.pyimport("py_core.bridge").handle;
    const deep = (n) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
    try {
      const payload = JSON.parse(handle("advise", deep(20_000)));
      assert.equal(payload.ok, false);
      assert.equal(payload.error.code, "bad_json");
      const imported = JSON.parse(handle("case_import", JSON.stringify({ text: deep(20_000) })));
      assert.equal(imported.ok, false);
      assert.notEqual(imported.error.code, "internal", JSON.stringify(imported.error));
      assert.equal(JSON.parse(handle("ping", "{}")).ok, true);
    } finally {
      handle.destroy();
    }
  });
});
