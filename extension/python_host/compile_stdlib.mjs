// Build time only (build.py runs it in Node; it is not shipped): the standard library as
// .pyc compiled by Pyodide's own Python (its magic number; the host Python's differs),
// without the modules the extension never imports.
//
//   node compile_stdlib.mjs <node_modules/pyodide/> <out.zip> <left-out names, comma-separated>
//
// zipimport reads a sourceless `name.pyc` stored where `name.py` was. Unchecked hashes and
// fixed zip dates make the output the same bytes on every build. Entries are stored (not
// deflated): the store zip compresses them anyway, and Python need not inflate them.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [npmDir, outPath, leaveOut = ""] = process.argv.slice(2);
const dir = resolve(npmDir);
const { loadPyodide } = await import(pathToFileURL(join(dir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: dir + "/", fullStdLib: false });
pyodide.FS.writeFile("/tmp/in.zip", new Uint8Array(readFileSync(join(dir, "python_stdlib.zip"))));
pyodide.globals.set("leave_out", leaveOut.split(",").filter(Boolean));
const summary = pyodide.runPython(`
import importlib._bootstrap_external as ext
import importlib.util, zipfile

skipped = compiled = kept = 0
with zipfile.ZipFile("/tmp/in.zip") as src, zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_STORED) as out:
    for info in sorted(src.infolist(), key=lambda i: i.filename):
        name = info.filename
        top = name.split("/", 1)[0].removesuffix(".py")
        if top in leave_out:
            skipped += 1
            continue
        if name.endswith("/"):
            continue
        data = src.read(name)
        entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        entry.external_attr = 0o644 << 16
        entry.create_system = 3
        if name.endswith(".py"):
            code = compile(data, "/lib/python314.zip/" + name, "exec", dont_inherit=True)
            pyc = ext._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
            entry.filename = name[:-3] + ".pyc"
            out.writestr(entry, bytes(pyc))
            compiled += 1
        else:
            out.writestr(entry, data)
            kept += 1
f"{compiled} modules compiled, {kept} other files kept, {skipped} files left out"
`);
writeFileSync(outPath, pyodide.FS.readFile("/tmp/out.zip"));
console.log(`[stdlib] ${summary}`);
