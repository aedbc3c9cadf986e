"""build.py's patches of Emscripten's dynamic linker (pyodide.asm.mjs) and of Pyodide's
write of the standard library (pyodide.mjs), issue 9.

That the patched linker makes the same links as Pyodide's own is checked in Node
(tests/pyodide/dynamic_link.test.mjs); here, that each patch fits the pinned Pyodide
exactly, that the linker's goes with the restore patch, and that a Pyodide they were not
written for stops the build instead of shipping an unpatched or half-patched runtime."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build

PINNED = ROOT / "node_modules" / "pyodide" / build.DYNAMIC_LINK_FILE


@pytest.fixture(scope="module")
def pinned() -> str:
    if not PINNED.exists():
        pytest.fail("node_modules/pyodide is missing: run `npm ci` first")
    return PINNED.read_bytes().decode("utf-8")


def test_the_patch_fits_the_pinned_pyodide_once(pinned: str) -> None:
    patched = build.patch_dynamic_linking(pinned)
    for old, new in build.DYNAMIC_LINK_PATCH:
        assert pinned.count(old) == 1
        assert patched.count(new) == 1
    # Every replaced text is gone, except where the new text keeps it as its own tail
    # (the batch of wrappers is put in front of addFunction, which stays as it was).
    for old, new in build.DYNAMIC_LINK_PATCH:
        assert patched.count(old) == new.count(old)
    assert len(patched) > len(pinned)


def test_both_patches_go_together_in_either_order(pinned: str) -> None:
    one = build.patch_dynamic_linking(build.patch_restore_bootstrap(pinned))
    other = build.patch_restore_bootstrap(build.patch_dynamic_linking(pinned))
    assert one == other


def test_the_patched_text_cannot_be_patched_again(pinned: str) -> None:
    with pytest.raises(build.BuildError, match="dynamic linker patch expects its text once"):
        build.patch_dynamic_linking(build.patch_dynamic_linking(pinned))


def test_a_pyodide_with_other_text_stops_the_build(pinned: str) -> None:
    changed = pinned.replace("var reportUndefinedSymbols=()=>{", "var reportUndefinedSymbols=(all)=>{")
    with pytest.raises(build.BuildError, match="update DYNAMIC_LINK_PATCH"):
        build.patch_dynamic_linking(changed)
    doubled = pinned + build.DYNAMIC_LINK_PATCH[3][0]
    with pytest.raises(build.BuildError, match="found 2 times"):
        build.patch_dynamic_linking(doubled)


def test_the_built_runtimes_are_patched() -> None:
    for browser in ("chrome", "firefox"):
        shipped = ROOT / "dist" / browser / "pyodide" / build.DYNAMIC_LINK_FILE
        if not shipped.exists():
            pytest.fail(f"dist/{browser} is missing: run `python build.py` first")
        text = shipped.read_bytes().decode("utf-8")
        assert all(text.count(new) == 1 for _, new in build.DYNAMIC_LINK_PATCH), browser


def test_the_standard_librarys_write_is_patched_once() -> None:
    # Pyodide's installStdlib lets the file system own the zip's bytes instead of copying
    # them (pyodide.mjs, STDLIB_PATCH).
    source = (ROOT / "node_modules" / "pyodide" / build.STDLIB_FILE).read_bytes().decode("utf-8")
    patched = build.patch_runtime_file(build.STDLIB_FILE, source)
    (old, new), = build.STDLIB_PATCH
    assert source.count(old) == 1 and old not in patched and patched.count(new) == 1
    assert len(patched) - len(source) == len(new) - len(old)
    with pytest.raises(build.BuildError, match="update STDLIB_PATCH"):
        build.patch_runtime_file(build.STDLIB_FILE, patched)
    for browser in ("chrome", "firefox"):
        shipped = (ROOT / "dist" / browser / "pyodide" / build.STDLIB_FILE).read_bytes().decode("utf-8")
        assert shipped == build.COMPILE_HINT + patched, browser


def test_every_runtime_patch_is_applied_to_its_file() -> None:
    files = {file for file, *_ in build.RUNTIME_PATCHES}
    assert files == {"pyodide.asm.mjs", "pyodide.mjs"}
    asm = (ROOT / "node_modules" / "pyodide" / "pyodide.asm.mjs").read_bytes().decode("utf-8")
    both = build.patch_runtime_file("pyodide.asm.mjs", asm)
    assert both == build.patch_dynamic_linking(build.patch_restore_bootstrap(asm))
