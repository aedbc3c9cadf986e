"""build.py's patch of Emscripten's dynamic linker in pyodide.asm.mjs (issue 9).

That the patched linker makes the same links as Pyodide's own is checked in Node
(tests/pyodide/dynamic_link.test.mjs); here, that the patch fits the pinned Pyodide
exactly, goes with the restore patch, and that a Pyodide it was not written for stops
the build instead of shipping an unpatched or half-patched runtime."""

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
