// build.py's DYNAMIC_LINK_PATCH changes how Emscripten's dynamic linker in
// pyodide.asm.mjs gets to its links, not the links themselves. Here the shipped runtime
// (dist/chrome) and Pyodide's own pyodide.asm.mjs (node_modules, unpatched) each boot
// the same bundle the normal way, in this Node process, and are compared: every symbol
// of the global offset table must have the same address, and every slot of the function
// table must hold the same function. The snapshot path needs the same: a heap made by one
// linker holds the table slots and addresses that linker handed out.
// Run: node --test tests/pyodide/dynamic_link.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { fetchFilesFromDisk } from "./disk_fetch.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = join(ROOT, "dist", "chrome");
const PINNED = join(ROOT, "node_modules", "pyodide", "pyodide.asm.mjs");

/** dist/chrome's host and runtime in a temporary folder, with Pyodide's own pyodide.asm.mjs. */
function unpatchedCopy() {
  const dir = mkdtempSync(join(tmpdir(), "och-link-"));
  cpSync(join(DIST, "python_host"), join(dir, "python_host"), { recursive: true });
  const runtime = join(dir, "pyodide");
  cpSync(join(DIST, "pyodide"), runtime, { recursive: true, filter: (src) => !/\.(bin|wasm)$/.test(src) });
  for (const name of readdirSync(join(DIST, "pyodide"))) {
    if (/\.(bin|wasm)$/.test(name)) symlinkSync(join(DIST, "pyodide", name), join(runtime, name));
  }
  cpSync(PINNED, join(runtime, "pyodide.asm.mjs"));
  return dir;
}

async function bootNormally(dir) {
  const { createPythonHost } = await import(join(dir, "python_host", "host.js"));
  const host = createPythonHost({ baseUrl: join(dir, "pyodide") + "/", snapshot: false });
  const status = await host.boot();
  assert.equal(status.state, "ready", JSON.stringify(status.error));
  assert.equal(status.boot_path, "normal");
  return host;
}

/** Each table slot as "name/arity": a wasm function's name is its index in its module. */
function tableOf(Module) {
  const slots = [];
  for (let i = 0; i < Module.wasmTable.length; i++) {
    const f = Module.wasmTable.get(i);
    slots.push(f ? `${f.name}/${f.length}` : null);
  }
  return slots;
}

describe("the patched dynamic linker", () => {
  let dir;
  let shipped;
  let pinned;
  let shippedHost;
  let pinnedHost;

  before(async () => {
    assert.ok(existsSync(join(DIST, "pyodide", "pyodide.asm.mjs")), "dist/chrome is missing: run `python build.py` first");
    assert.ok(existsSync(PINNED), "node_modules/pyodide is missing: run `npm ci` first");
    fetchFilesFromDisk();
    dir = unpatchedCopy();
    pinnedHost = await bootNormally(dir);
    shippedHost = await bootNormally(DIST);
    pinned = pinnedHost.pyodide()._module;
    shipped = shippedHost.pyodide()._module;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is the one in the shipped runtime, and Pyodide's own is not", () => {
    assert.equal(Object.prototype.toString.call(shipped.GOT), "[object Object]");
    // Pyodide's linker makes a Global for every export of the runtime (~8,500); the
    // patched one only for the symbols something imported.
    const own = Object.keys(pinned.GOT).length;
    const made = Object.keys(shipped.GOT).length;
    assert.ok(own > 8000, `Pyodide's own linker made ${own} Globals`);
    assert.ok(made < own / 4, `the patched linker made ${made} Globals, Pyodide's own ${own}`);
  });

  it("gives every symbol the address Pyodide's own linker gives it", () => {
    const symbols = Object.keys(pinned.GOT);
    const differ = [];
    for (const symbol of symbols) {
      // GOTHandler.get is how a side module's import reaches a symbol: it turns a kept
      // address into a Global.
      const value = shipped.GOTHandler.get(new Set(), symbol).value;
      if (value !== pinned.GOT[symbol].value) differ.push(`${symbol}: ${pinned.GOT[symbol].value} -> ${value}`);
    }
    assert.deepEqual(differ.slice(0, 10), []);
    assert.equal(Object.keys(shipped.GOT).length, symbols.length);
  });

  it("fills every function table slot with the same function", () => {
    const own = tableOf(pinned);
    const made = tableOf(shipped);
    assert.equal(made.length, own.length);
    // A JavaScript function is put in the table through a wasm wrapper. Pyodide makes one
    // module per wrapper, so each wrapper is function "0" of its module; the patch makes
    // one module for them all, "0", "1", ... Slots are compared by name up to the first
    // wrapper, and by arity (the signature's length) everywhere.
    const firstWrapper = own.findIndex((slot, i) => i > 0 && slot?.startsWith("0/") && own[i + 1]?.startsWith("0/"));
    assert.ok(firstWrapper > 0, "no wrapped JavaScript functions found in the table");
    const differ = [];
    own.forEach((slot, i) => {
      const same = i < firstWrapper ? slot === made[i] : slot?.split("/")[1] === made[i]?.split("/")[1];
      if (!same) differ.push(`${i}: ${slot} -> ${made[i]}`);
    });
    assert.deepEqual(differ.slice(0, 10), []);
    // And the wrappers did come from one module: their names count up.
    assert.equal(made[firstWrapper], own[firstWrapper]);
    assert.equal(made[firstWrapper + 1].split("/")[0], "1");
  });

  it("runs the same Python, through the file system, the clock and the .so, with the same answers", () => {
    const code = [
      "import json, os, time, pydantic",
      "os.makedirs('/tmp/och', exist_ok=True)",
      "open('/tmp/och/a.txt', 'w').write('привет')",
      "class M(pydantic.BaseModel):\n    n: int",
      "json.dumps([os.listdir('/tmp/och'), open('/tmp/och/a.txt').read(), time.time() > 1e9, len(os.urandom(8)),",
      "            M(n='5').n])",
    ].join("\n");
    const answer = (host) => host.pyodide().runPython(code);
    assert.equal(answer(shippedHost), answer(pinnedHost));
    assert.deepEqual(JSON.parse(answer(shippedHost)), [["a.txt"], "привет", true, 8, 5]);
  });
});
