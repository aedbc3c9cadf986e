// The real py_core, booted in Pyodide under Node from the built bundle (dist/chrome), by the
// real host code, as tests/pyodide/ does; `core` calls it as the background's router does:
// the result, or an Error carrying py_core's {code, message, details}.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unwrap } from "../../extension/shared/messages.js";
import { fetchFilesFromDisk } from "../pyodide/disk_fetch.mjs";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUNDLE = join(ROOT, "dist", "chrome", "pyodide") + "/";

export async function bootCore() {
  assert.ok(existsSync(BUNDLE + "pyodide.mjs"), "dist/chrome is missing: run `python build.py` first");
  fetchFilesFromDisk();
  const { createPythonHost } = await import(join(ROOT, "dist", "chrome", "python_host", "host.js"));
  const host = createPythonHost({ baseUrl: BUNDLE });
  const status = await host.boot();
  assert.equal(status.state, "ready", JSON.stringify(status.error));
  const calls = [];
  const core = async (request, payload) => {
    calls.push(request);
    return unwrap(await host.call(request, payload), request);
  };
  return { core, calls, host };
}
