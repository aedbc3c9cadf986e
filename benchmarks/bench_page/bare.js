// M4: a bare loadPyodide() of the extension's own runtime in a plain extension page, no
// packages. Added only to the benchmark's copy of dist/ (never shipped). ?stdlib=npm uses
// npm's python_stdlib.zip (sources), copied beside this page, instead of the shipped one.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const npm = new URLSearchParams(location.search).get("stdlib") === "npm";
const options = { indexURL: new URL("../pyodide/", location.href).href, fullStdLib: false };
if (npm) options.stdLibURL = new URL("python_stdlib.zip", location.href).href;
loadPyodide(options).then(
  (py) => {
    const ms = performance.now();
    py.runPython("1 + 1");
    window.benchDone = { ready_ms: ms, wasm_bytes: py._module.HEAP8.length };
  },
  (err) => {
    window.benchDone = { error: String(err?.message ?? err) };
  },
);
