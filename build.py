#!/usr/bin/env python3
"""Build the Ozon Contact Helper extension for Chrome and Firefox.

Run with the project's Python (the virtualenv made by ``./setup.sh``)::

    python build.py                 # dist/chrome, dist/firefox and both store zips
    python build.py --browser chrome --no-zip
    python build.py --check-reproducible   # build twice, compare the zips byte for byte

What it does, in order:

1. Fetches the pinned third-party wheels into ``.cache/wheels`` (``pip download``;
   MarkupSafe is built from its pinned sdist as a pure-Python wheel) and checks
   every file against the sha256 in ``pyproject.toml``.
2. Builds the ``py_core`` wheel from the source tree (hatchling, fixed timestamps).
3. Compiles the standard library to .pyc inside Pyodide, in Node
   (``extension/python_host/compile_stdlib.mjs``), leaving out the modules the extension
   never imports; writes a ``pyodide-lock.json`` that lists no packages.
4. Copies ``extension/`` and the Pyodide runtime from ``node_modules/pyodide`` into
   ``dist/<browser>/``, unpacks every wheel into ``pyodide/site.bin`` (the files of
   site-packages, listed in ``site.json``), bundles the content script with esbuild, and
   writes each browser's manifest from the one root ``manifest.json``. The constants both
   languages share (hosts, codes, patterns, limits, the bridge's requests and types) are
   generated from py_core into ``shared/contract.js``, and the manifest's ``matches`` from
   the same hosts (``py_core/devtools/contract_js.py``).
5. Makes the memory snapshot in Node from those exact files
   (``extension/python_host/make_snapshot.mjs``): .pyc for site-packages, py_core imported
   and warmed, the heap saved without its zero pages (``snapshot.bin``, ``snapshot.json``).
   Same inputs, same bytes.
6. Zips each tree deterministically (sorted entries, fixed dates and modes).

Every missing tool or download ends the build with one clear line saying what to do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

from py_core.devtools.contract_js import fill_manifest_matches, write_contract

ROOT = Path(__file__).resolve().parent
# OCH_DIST moves the output (a second checkout or a parallel test run); default dist/.
DIST = Path(os.environ.get("OCH_DIST") or ROOT / "dist").resolve()
CACHE = ROOT / ".cache"
WHEEL_CACHE = CACHE / "wheels"
EXTENSION_SRC = ROOT / "extension"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
BROWSERS = ("chrome", "firefox")
# 1980-01-01, the earliest date a zip can hold: every file in every zip gets it.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SOURCE_DATE_EPOCH = "315532800"
# Entry points bundled by esbuild, each into one file, with the format it loads as: the
# content script as a classic script (content scripts cannot be modules); the panel as one
# ES module, so the panel frame fetches and parses one file instead of a tree of ~20
# modules (in Chromium that module tree was most of a new tab's panel start, issue 9 M3).
BUNDLED_SCRIPTS = {"content/content.js": ("content/content.js", "iife"),
                   "panel/panel.js": ("panel/panel.js", "esm"),
                   # Chrome's offscreen document, its Python worker and its fetch worker:
                   # one file each, so each worker starts with one fetch, not a tree.
                   "offscreen/offscreen.js": ("offscreen/offscreen.js", "esm"),
                   "offscreen/python_worker.js": ("offscreen/python_worker.js", "esm"),
                   "offscreen/fetch_worker.js": ("offscreen/fetch_worker.js", "esm")}
# Pyodide's own files stay as they ship (the snapshot is tied to their bytes).
BUNDLE_EXTERNAL = "../pyodide/*"
# V8's per-file compile hint (https://github.com/WICG/explicit-javascript-compile-hints-file-based,
# on by default in Chromium since 136): the runtime's JavaScript is compiled whole when it
# is loaded, while the boot still waits for its files, instead of function by function
# later on the boot's own path (measured in BENCHMARKS.md). Other engines ignore it.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"
COMPILE_HINTED = ("pyodide.mjs", "pyodide.asm.mjs")
# After a snapshot is restored, Pyodide's finalizeBootstrap (pyodide.asm.mjs) still runs five
# bits of Python source: "import _pyodide_core", then eval_code calls that make an empty dict
# and look up importlib, __main__'s dict and builtins' dict. Each is parsed and compiled.
# On a restore this is the first use of CPython's parser and compiler, whose wasm Chromium
# compiles lazily on the Python thread: ~50 ms of a cold start (BENCHMARKS.md, session 8).
# In the restored heap all five have run already (the snapshot is made after loadPyodide),
# so on a restore the patched code gets the same objects by calls that compile nothing:
# builtins' dict(), __import__() and vars(). A normal boot, and the snapshot's maker, run
# Pyodide's own code. Each text must be found exactly once, or the build fails.
RESTORE_BOOTSTRAP_FILE = "pyodide.asm.mjs"
RESTORE_BOOTSTRAP_PATCH = (
    (
        ('t&&Wr();let[r,n]=API.rawRun("import _pyodide_core");'
         'r&&API.fatal_loading_error(`Failed to import _pyodide_core\\n`,n),'
         'API.runPythonInternal_dict=API._pyodide._base.eval_code("{}"),'
         'API.importlib=API.runPythonInternal("import importlib; importlib");'),
        ('t&&Wr();let och_dicts;'
         'if(t){'
         'const b=API._pyodide._base.__builtins__,imp=b.get("__import__"),vars=b.get("vars");'
         'API.runPythonInternal_dict=b.get("dict")(),API.importlib=imp("importlib"),'
         'och_dicts=[vars(imp("__main__")),vars(imp("builtins"))]'
         '}else{'
         'let[r,n]=API.rawRun("import _pyodide_core");'
         'r&&API.fatal_loading_error(`Failed to import _pyodide_core\\n`,n),'
         'API.runPythonInternal_dict=API._pyodide._base.eval_code("{}"),'
         'API.importlib=API.runPythonInternal("import importlib; importlib")'
         '}'),
    ),
    (
        ('let i=API.runPythonInternal("import __main__; __main__.__dict__"),'
         's=API.runPythonInternal("import builtins; builtins.__dict__");'),
        ('let[i,s]=och_dicts??[API.runPythonInternal("import __main__; __main__.__dict__"),'
         'API.runPythonInternal("import builtins; builtins.__dict__")];'),
    ),
)
# Emscripten's dynamic linker, as Pyodide ships it, does three costly things on every start
# (a restore too). It makes a WebAssembly.Global for each of the runtime's ~8,500 exports
# (updateGOT), although a side module asks for a few hundred. It then walks all of them
# for undefined symbols (reportUndefinedSymbols), once for the runtime and once for the
# .so. And it compiles one small wasm module for each JavaScript function whose address is
# taken (259 of them, convertJsFunctionToWasm). Smaller costs: a pair and a closure for
# each export (mergeLibSymbols), an array literal for each symbol (isInternalSym). In all,
# ~60-80 ms of a restore in Node (BENCHMARKS.md, session 9). The patch keeps every result
# the same, in the same order: the same function table slots are handed out, and every
# symbol gets the same value. Only the way there changes. An export's address is kept as
# a number (GOTLazy) and becomes a Global when a side module imports it. The JavaScript
# functions that reportUndefinedSymbols is about to put in the table are wrapped by one
# module, before its loop (should that module fail, each is wrapped as before). It
# applies to every boot and to the snapshot's maker alike. Each text must be found
# exactly once, or the build fails.
DYNAMIC_LINK_FILE = "pyodide.asm.mjs"
DYNAMIC_LINK_PATCH = (
    (  # A side module's import of a symbol turns its kept address into a Global.
        ('var GOT={};var GOTHandler={get(weakImports,symName){var rtn=GOT[symName];'
         'if(!rtn){rtn=GOT[symName]=new WebAssembly.Global({value:"i32",mutable:true},-1)}'),
        ('var GOT={};var GOTLazy=new Map;var GOTHandler={get(weakImports,symName){var rtn=GOT[symName];'
         'if(!rtn){rtn=GOT[symName]=new WebAssembly.Global({value:"i32",mutable:true},GOTLazy.get(symName)??-1);'
         'GOTLazy.delete(symName)}'),
    ),
    (  # updateGOT: an address nobody has imported yet is kept as a number (-1, "not yet
       # resolved", still becomes a Global, as reportUndefinedSymbols looks for it).
        ('var existingEntry=GOT[symName]&&GOT[symName].value!=-1;if(replace||!existingEntry){var newValue;'
         'if(typeof value=="function"){newValue=addFunction(value)}else if(typeof value.value=="number"){newValue=value}'
         'else{continue}GOT[symName]??=new WebAssembly.Global({value:"i32",mutable:true});GOT[symName].value=newValue}'),
        ('var entry=GOT[symName];var existingEntry=entry?entry.value!=-1:GOTLazy.has(symName);if(replace||!existingEntry){var newValue;'
         'if(typeof value=="function"){newValue=addFunction(value)}else if(typeof value.value=="number"){newValue=value}'
         'else{continue}if(entry){entry.value=newValue}'
         'else if((newValue|=0)==-1){GOT[symName]=new WebAssembly.Global({value:"i32",mutable:true},-1)}'
         'else{GOTLazy.set(symName,newValue)}}'),
    ),
    (  # reportUndefinedSymbols: resolve every pending symbol first (a lookup, no side
       # effect), wrap the JavaScript functions among them in one module, then go on as before.
        ('var reportUndefinedSymbols=()=>{for(var[symName,entry]of Object.entries(GOT)){if(entry.value==-1){'
         'var value=resolveGlobalSymbol(symName,true).sym;'),
        ('var reportUndefinedSymbols=()=>{var pending=[];for(var[symName,entry]of Object.entries(GOT)){'
         'if(entry.value==-1){pending.push([symName,entry,resolveGlobalSymbol(symName,true).sym])}}'
         'wrapJsFunctions(pending);for(var[symName,entry,value]of pending){{'),
    ),
    (  # addFunction takes a wrapper made in that batch, if it was made for this signature.
        'var wrapped=convertJsFunctionToWasm(func,sig);',
        'var made=jsWrappers.get(func);var wrapped=made&&made[1]===sig?made[0]:convertJsFunctionToWasm(func,sig);',
    ),
    (  # mergeLibSymbols: the same symbols in the same order, without a pair and a closure
       # made for each of the ~8,500 exports.
        ('var mergeLibSymbols=(exports,libName)=>{for(var[sym,exp]of Object.entries(exports)){'
         'const setImport=target=>{if(!isSymbolDefined(target)){wasmImports[target]=exp}};setImport(sym);'
         'const main_alias="__main_argc_argv";if(sym=="main"){setImport(main_alias)}if(sym==main_alias){setImport("main")}}};'),
        ('var mergeLibSymbols=(exports,libName)=>{for(var sym of Object.keys(exports)){var exp=exports[sym];'
         'if(!isSymbolDefined(sym)){wasmImports[sym]=exp}'
         'if(sym=="main"&&!isSymbolDefined("__main_argc_argv")){wasmImports["__main_argc_argv"]=exp}'
         'if(sym=="__main_argc_argv"&&!isSymbolDefined("main")){wasmImports["main"]=exp}}};'),
    ),
    (  # isInternalSym: one Set, made once, instead of an array literal made for every symbol.
        'var isInternalSym=symName=>["memory",',
        'var internalSyms;var isInternalSym=symName=>(internalSyms??=new Set(["memory",',
    ),
    (
        '"__stop_em_js"].includes(symName)||symName.startsWith("__em_js__")',
        '"__stop_em_js"])).has(symName)||symName.startsWith("__em_js__")',
    ),
    (  # The batch: one module importing each function with its signature and exporting it.
        'var addFunction=(func,sig)=>{',
        ('var jsWrappers=new Map;var wrapJsFunctions=pending=>{var funcs=[];'
         'for(var[,,f]of pending){if(typeof f=="function"&&typeof f.sig=="string"&&!functionsInTableMap?.get(f)'
         '&&!jsWrappers.has(f)&&!funcs.includes(f)){funcs.push(f)}}if(funcs.length<2)return;'
         'var leb=(n,out)=>{do{var b=n&127;n>>>=7;out.push(n?b|128:b)}while(n);return out};'
         'var name=(s,out)=>{leb(s.length,out);for(var c of s)out.push(c.charCodeAt(0));return out};'
         'var pack=(t,out)=>{leb(t.length,out);for(var c of t)out.push(wasmTypeCodes[c]);return out};'
         'var section=(id,count,body,out)=>{var head=leb(count,[]);out.push(id);leb(head.length+body.length,out);'
         'out.push(...head);for(var b of body)out.push(b)};'
         'var typeOf=new Map,types=[],imports=[],exports=[],env={};'
         'funcs.forEach((f,i)=>{var sig=f.sig;if(!typeOf.has(sig)){typeOf.set(sig,typeOf.size);types.push(96);'
         'pack(sig.slice(1),types);pack(sig[0]==="v"?"":sig[0],types)}'
         'name("e",imports);name(""+i,imports);imports.push(0);leb(typeOf.get(sig),imports);'
         'name(""+i,exports);exports.push(0);leb(i,exports);env[i]=f});'
         'var bytes=[0,97,115,109,1,0,0,0];section(1,typeOf.size,types,bytes);section(2,funcs.length,imports,bytes);'
         'section(7,funcs.length,exports,bytes);'
         'try{var made=new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(bytes)),{e:env}).exports}'
         'catch{return}funcs.forEach((f,i)=>jsWrappers.set(f,[made[i],f.sig]))};'
         'var addFunction=(func,sig)=>{'),
    ),
)
# Pyodide writes the standard library's zip into its file system with FS.writeFile, which
# copies the 6.6 MB it was just given (pyodide.mjs, installStdlib). The bytes come from
# loadBinaryFile: a fresh array nobody else holds (in the extension, the bundle's own
# copy, handed over and then dropped), so the file can own them, as site.bin's files do.
STDLIB_FILE = "pyodide.mjs"
STDLIB_PATCH = (
    ('n.FS.writeFile(`/lib/python${i}${s}.zip`,r)',
     'n.FS.writeFile(`/lib/python${i}${s}.zip`,r,{canOwn:!0})'),
)
# Every patch of Pyodide's files: (file, what it patches, its constant's name, the patch).
RUNTIME_PATCHES = (
    (RESTORE_BOOTSTRAP_FILE, "restore's bootstrap", "RESTORE_BOOTSTRAP_PATCH", RESTORE_BOOTSTRAP_PATCH),
    (DYNAMIC_LINK_FILE, "dynamic linker", "DYNAMIC_LINK_PATCH", DYNAMIC_LINK_PATCH),
    (STDLIB_FILE, "standard library's write", "STDLIB_PATCH", STDLIB_PATCH),
)
# Files that only one browser can use: its background entry point (and Chrome's offscreen
# document, since Firefox has no offscreen API). Everything else is shared.
# Build tools (and type declarations for tsc) kept beside the code they serve, never shipped.
BUILD_ONLY = ("make_snapshot.mjs", "compile_stdlib.mjs", "*.d.ts")
ONLY_FOR = {
    "chrome": ["background/chrome.js", "offscreen"],
    "firefox": ["background/firefox.js", "background/line_broker.js"],
}


class BuildError(Exception):
    """A problem the person building can fix; printed as one line."""


def _apply_patch(text: str, file: str, what: str, constant: str, patch: tuple) -> str:
    """text with each (old, new) of patch applied; BuildError unless each old is found once."""
    for old, new in patch:
        found = text.count(old)
        if found != 1:
            raise BuildError(
                f"{file}: the {what} patch expects its text once, "
                f"found {found} times (a new Pyodide? update {constant} in build.py)")
        text = text.replace(old, new)
    return text


def patch_runtime_file(name: str, text: str) -> str:
    """One of Pyodide's files with every patch of RUNTIME_PATCHES for it applied."""
    for file, what, constant, patch in RUNTIME_PATCHES:
        if file == name:
            text = _apply_patch(text, file, what, constant, patch)
    return text


def patch_restore_bootstrap(text: str) -> str:
    """pyodide.asm.mjs with RESTORE_BOOTSTRAP_PATCH applied: a restore's bootstrap compiles
    no Python. BuildError if Pyodide's text is not the one the patch was written for."""
    return _apply_patch(text, RESTORE_BOOTSTRAP_FILE, "restore's bootstrap", "RESTORE_BOOTSTRAP_PATCH",
                        RESTORE_BOOTSTRAP_PATCH)


def patch_dynamic_linking(text: str) -> str:
    """pyodide.asm.mjs with DYNAMIC_LINK_PATCH applied: the same links, made with fewer
    objects. BuildError if Pyodide's text is not the one the patch was written for."""
    return _apply_patch(text, DYNAMIC_LINK_FILE, "dynamic linker", "DYNAMIC_LINK_PATCH", DYNAMIC_LINK_PATCH)


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_config() -> dict[str, Any]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        pyproject = tomllib.load(fh)
    return {
        "version": pyproject["project"]["version"],
        "bundle": pyproject["tool"]["ozon-contact-helper"]["bundle"],
    }


def run(cmd: list[str], *, env: dict[str, str] | None = None, what: str) -> None:
    try:
        result = subprocess.run(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    except FileNotFoundError as exc:
        raise BuildError(f"{what}: the tool {cmd[0]!r} was not found ({exc.strerror})") from exc
    if result.returncode != 0:
        tail = "\n".join(result.stdout.strip().splitlines()[-15:])
        raise BuildError(f"{what} failed (exit {result.returncode}):\n{tail}")


# ---------------------------------------------------------------------------
# 1. third-party wheels


def fetch_wheels(bundle: dict[str, Any]) -> list[Path]:
    WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in bundle["wheels"]:
        target = WHEEL_CACHE / spec["file"]
        if not (target.exists() and sha256_of(target) == spec["sha256"]):
            if "sdist" in spec:
                build_pure_wheel_from_sdist(spec)
            else:
                download_wheel(spec)
        if not target.exists():
            raise BuildError(f"{spec['file']} was not produced; see the output above")
        digest = sha256_of(target)
        if digest != spec["sha256"]:
            raise BuildError(
                f"{spec['file']}: sha256 {digest} does not match the pin {spec['sha256']} "
                "in pyproject.toml; refusing to bundle it"
            )
        paths.append(target)
    log(f"{len(paths)} third-party wheels verified in {WHEEL_CACHE.relative_to(ROOT)}")
    return paths


def download_wheel(spec: dict[str, Any]) -> None:
    version = spec["file"].split("-")[1]
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
           "--only-binary=:all:", "--dest", str(WHEEL_CACHE)]
    if "platform" in spec:
        cmd += ["--platform", spec["platform"], "--python-version", "3.14",
                "--implementation", "cp", "--abi", "cp314"]
    cmd.append(f"{spec['name']}=={version}")
    log(f"downloading {spec['file']}")
    run(cmd, what=f"downloading {spec['name']} {version} from PyPI (is the network up?)")


def build_pure_wheel_from_sdist(spec: dict[str, Any]) -> None:
    sdist = WHEEL_CACHE / spec["sdist"]
    version = spec["file"].split("-")[1]
    if not (sdist.exists() and sha256_of(sdist) == spec["sdist_sha256"]):
        log(f"downloading {spec['sdist']}")
        run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary=:all:", "--dest", str(WHEEL_CACHE), f"{spec['name']}=={version}"],
            what=f"downloading the {spec['name']} sdist from PyPI (is the network up?)")
    if sha256_of(sdist) != spec["sdist_sha256"]:
        raise BuildError(f"{spec['sdist']}: sha256 does not match the pin in pyproject.toml")
    log(f"building the pure-Python {spec['file']} from its sdist")
    env = dict(os.environ, CC="/bin/false", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-binary",
         spec["name"], str(sdist), "--wheel-dir", str(WHEEL_CACHE)],
        env=env, what=f"building the {spec['name']} wheel")


# ---------------------------------------------------------------------------
# 2. the py_core wheel


def build_core_wheel(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out_dir), str(ROOT)], env=env, what="building the py_core wheel")
    wheels = sorted(out_dir.glob("ozon_contact_helper_core-*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one py_core wheel in {out_dir}, found {len(wheels)}")
    log(f"built {wheels[0].name}")
    return wheels[0]


# ---------------------------------------------------------------------------
# 3. the standard library and the lockfile


def compile_stdlib(work: Path, leave_out: list[str]) -> Path:
    """python_stdlib.zip as .pyc compiled inside Pyodide (compile_stdlib.mjs), without the
    modules the extension never imports (pyproject.toml: stdlib_leave_out)."""
    out = work / "python_stdlib.zip"
    run(["node", str(EXTENSION_SRC / "python_host" / "compile_stdlib.mjs"), str(PYODIDE_NPM),
         str(out), ",".join(leave_out)], what="compiling the standard library inside Pyodide")
    log(f"python_stdlib.zip as .pyc: {out.stat().st_size / 1e6:.2f} MB "
        f"(npm's: {(PYODIDE_NPM / 'python_stdlib.zip').stat().st_size / 1e6:.2f} MB)")
    return out


def write_lockfile(work: Path) -> Path:
    """The runtime's own lock with no packages: everything Python needs is in site.bin, so
    loadPackage has nothing to fetch (and never reaches for Pyodide's CDN)."""
    lock = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text())
    lock["packages"] = {}
    out = work / "pyodide-lock.json"
    out.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    return out


# ---------------------------------------------------------------------------
# 4. the extension trees


def browser_manifest(manifest: dict[str, Any], browser: str, version: str) -> dict[str, Any]:
    """The root manifest, changed only where a browser forces it."""
    if manifest.get("version") != version:
        raise BuildError(
            f"manifest.json version {manifest.get('version')!r} differs from pyproject.toml "
            f"version {version!r}: keep them equal"
        )
    out = json.loads(json.dumps(manifest))
    background = out["background"]
    if browser == "chrome":
        # Chrome has no background page in MV3 and warns about gecko settings.
        background.pop("scripts", None)
        out.pop("browser_specific_settings", None)
    else:
        # Firefox has no extension service worker and no offscreen API.
        background.pop("service_worker", None)
        out["permissions"] = [p for p in out.get("permissions", []) if p != "offscreen"]
        out.pop("minimum_chrome_version", None)
    return out


def bundle_scripts(target: Path) -> None:
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise BuildError("esbuild is missing: run `npm ci` in the project folder first")
    for src, (dest, fmt) in BUNDLED_SCRIPTS.items():
        run([str(esbuild), str(EXTENSION_SRC / src), "--bundle", f"--format={fmt}",
             "--target=chrome116,firefox128", "--charset=utf8", "--legal-comments=none",
             f"--external:{BUNDLE_EXTERNAL}",
             f"--outfile={target / dest}", "--log-level=warning"],
            what=f"bundling {src} with esbuild")
    # The bundle replaces the modules it was made from: ship only the bundle.
    bundled = {target / dest for dest, _ in BUNDLED_SCRIPTS.values()}
    for folder in {path.parent for path in bundled}:
        for module in folder.glob("*.js"):
            if module not in bundled:
                module.unlink()


def assemble(browser: str, version: str, core_wheel: Path, wheels: list[Path],
             lockfile: Path, stdlib: Path) -> Path:
    target = DIST / browser
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(EXTENSION_SRC, target,
                    ignore=shutil.ignore_patterns("*.md", ".*", "__pycache__", *BUILD_ONLY))
    write_contract(target)  # extension/shared/contract.js, from py_core (before the bundling)
    bundle_scripts(target)
    for other, paths in ONLY_FOR.items():
        if other != browser:
            for rel in paths:
                path = target / rel
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    manifest = fill_manifest_matches(json.loads((ROOT / "manifest.json").read_text()))
    (target / "manifest.json").write_text(
        json.dumps(browser_manifest(manifest, browser, version), indent=2, ensure_ascii=False)
        + "\n"
    )
    runtime = target / "pyodide"
    runtime.mkdir()
    for name in load_config()["bundle"]["pyodide_files"]:
        source = stdlib if name == stdlib.name else PYODIDE_NPM / name
        if name not in COMPILE_HINTED and all(file != name for file, *_ in RUNTIME_PATCHES):
            shutil.copy2(source, runtime / name)
            continue
        text = patch_runtime_file(name, source.read_bytes().decode("utf-8"))
        if name in COMPILE_HINTED:
            text = COMPILE_HINT + text
        (runtime / name).write_bytes(text.encode("utf-8"))
    shutil.copy2(lockfile, runtime / "pyodide-lock.json")
    stage_site_packages([core_wheel, *wheels], runtime,
                        load_config()["bundle"].get("site_leave_out", []))
    (runtime / "bundle.json").write_text(json.dumps({
        "version": version,
        "core_wheel": core_wheel.name,
        "wheels": sorted(w.name for w in [core_wheel, *wheels]),
    }, indent=1, sort_keys=True) + "\n")
    log(f"dist/{browser}/ assembled")
    return target


def stage_site_packages(wheels: list[Path], runtime: Path, leave_out: list[str]) -> None:
    """Every wheel unpacked, as the files of site-packages: site.bin (the files one after
    another, sorted by path) and site.json (the paths and sizes). The snapshot's restore
    writes them straight into the file system, with no wheel to open."""
    files: dict[str, bytes] = {}
    so_files = []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            for name in zf.namelist():
                if name.endswith("/"):
                    continue
                top = name.split("/", 1)[0]
                if top.endswith(".data"):
                    raise BuildError(f"{wheel.name} has a .data folder ({name}): not supported")
                if name in files:
                    raise BuildError(f"{name} is in two wheels")
                if name in leave_out or name.endswith(".pyi"):
                    continue
                files[name] = zf.read(name)
                if name.endswith(".so"):
                    so_files.append(name)
    if len(so_files) != 1:
        raise BuildError(f"expected exactly one native module (pydantic_core), found {so_files}")
    paths = sorted(files)
    (runtime / "site.bin").write_bytes(b"".join(files[p] for p in paths))
    (runtime / "site.json").write_text(json.dumps(
        {"so": so_files[0], "files": [[p, len(files[p])] for p in paths]}) + "\n")


SNAPSHOT_OUTPUTS = ("snapshot.bin", "snapshot.json", "site.bin", "site.json")


def make_snapshot(runtimes: list[Path]) -> None:
    """The memory snapshot of a Python with py_core warmed, made in Node from the first
    tree's exact files (make_snapshot.mjs), then copied into the other trees (their
    pyodide/ folders are identical). Reproducible: same inputs, same bytes."""
    maker = EXTENSION_SRC / "python_host" / "make_snapshot.mjs"
    run(["node", str(maker), str(runtimes[0])], what="making the memory snapshot in Node")
    for other in runtimes[1:]:
        for name in SNAPSHOT_OUTPUTS:
            shutil.copy2(runtimes[0] / name, other / name)
    meta = json.loads((runtimes[0] / "snapshot.json").read_text())
    log(f"memory snapshot: {meta['raw_length'] / 1e6:.1f} MB heap, "
        f"{meta['stripped_length'] / 1e6:.1f} MB shipped (zero pages left out)")


# ---------------------------------------------------------------------------
# 5. zips


def deterministic_zip(tree: Path, out: Path) -> None:
    files = sorted(p for p in tree.rglob("*") if p.is_file())
    with zipfile.ZipFile(out, "w") as zf:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(tree).as_posix(), date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    log(f"{out.name}: {out.stat().st_size / 1e6:.2f} MB, sha256 {sha256_of(out)[:16]}")


# ---------------------------------------------------------------------------


def check_prerequisites() -> None:
    if sys.version_info < (3, 12):
        raise BuildError(f"Python >= 3.12 is needed, this is {sys.version.split()[0]}")
    if not (PYODIDE_NPM / "pyodide.mjs").exists():
        raise BuildError("node_modules/pyodide is missing: run `npm ci` in the project folder")
    wanted = load_config()["bundle"]["pyodide_npm"]
    have = json.loads((PYODIDE_NPM / "package.json").read_text())["version"]
    if have != wanted:
        raise BuildError(f"node_modules has pyodide {have}, the bundle pins {wanted}: run `npm ci`")


def build(browsers: list[str], make_zip: bool) -> list[Path]:
    check_prerequisites()
    config = load_config()
    version = config["version"]
    wheels = fetch_wheels(config["bundle"])
    with tempfile.TemporaryDirectory(prefix="och-build-") as tmp:
        work = Path(tmp)
        core = build_core_wheel(work / "core")
        lockfile = write_lockfile(work)
        stdlib = compile_stdlib(work, config["bundle"].get("stdlib_leave_out", []))
        trees = [assemble(browser, version, core, wheels, lockfile, stdlib) for browser in browsers]
    make_snapshot([tree / "pyodide" for tree in trees])
    zips = []
    for browser, tree in zip(browsers, trees):
        if make_zip:
            out = DIST / f"ozon-contact-helper-{version}-{browser}.zip"
            deterministic_zip(tree, out)
            zips.append(out)
    return zips


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the Ozon Contact Helper extension (dist/chrome, dist/firefox and "
                    "the store zips) from extension/, py_core/ and the pinned Pyodide runtime.")
    parser.add_argument("--browser", choices=[*BROWSERS, "all"], default="all",
                        help="which browser to build for (default: all)")
    parser.add_argument("--no-zip", action="store_true", help="skip the store zips")
    parser.add_argument("--check-reproducible", action="store_true",
                        help="build twice and fail unless the zips are byte-identical")
    args = parser.parse_args(argv)
    browsers = list(BROWSERS) if args.browser == "all" else [args.browser]
    try:
        zips = build(browsers, make_zip=not args.no_zip)
        if args.check_reproducible:
            first = {z.name: sha256_of(z) for z in zips}
            build(browsers, make_zip=True)
            second = {z.name: sha256_of(z) for z in zips}
            if first != second:
                raise BuildError(f"the two builds differ: {first} vs {second}")
            log("reproducible: two builds gave byte-identical zips")
    except BuildError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 1
    for browser in browsers:
        log(f"load dist/{browser}/ as an unpacked extension "
            + ("(chrome://extensions, Developer mode, Load unpacked)" if browser == "chrome"
               else "(about:debugging#/runtime/this-firefox, Load Temporary Add-on, pick manifest.json)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
