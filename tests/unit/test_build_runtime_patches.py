"""build.py's patches of Pyodide's files (RUNTIME_PATCHES, issue 9): Pyodide's bootstrap
after a restore and Emscripten's dynamic linker (pyodide.asm.mjs), and the write of the
standard library (pyodide.mjs). The bootstrap patch's own checks are in
test_build_restore_patch.py.

That the patched linker makes the same links as Pyodide's own is checked in Node
(tests/pyodide/dynamic_link.test.mjs); here, that each patch fits the pinned Pyodide
exactly, that the two patches of pyodide.asm.mjs go together, and that a Pyodide they were
not written for stops the build instead of shipping an unpatched or half-patched runtime."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build

PATCHES = {constant: (file, what, patch) for file, what, constant, patch in build.RUNTIME_PATCHES}


def pinned_text(file: str) -> str:
    """One of Pyodide's files as npm ships it."""
    path = ROOT / "node_modules" / "pyodide" / file
    if not path.exists():
        pytest.fail("node_modules/pyodide is missing: run `npm ci` first")
    return path.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def pinned() -> str:
    return pinned_text(build.DYNAMIC_LINK_FILE)


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


@pytest.mark.parametrize("constant", list(PATCHES))
def test_a_patched_text_cannot_be_patched_again(constant: str) -> None:
    file, what, patch = PATCHES[constant]
    once = build.patch_runtime_file(file, pinned_text(file))
    with pytest.raises(build.BuildError, match=f"the {what} patch expects its text once, found 0 times"):
        build._apply_patch(once, file, what, constant, patch)


@pytest.mark.parametrize("constant", list(PATCHES))
def test_a_pyodide_with_other_text_stops_the_build(constant: str) -> None:
    file, what, patch = PATCHES[constant]
    pinned = pinned_text(file)
    for old, _ in patch:
        changed = pinned.replace(old, old[:-1] + " " + old[-1])
        with pytest.raises(build.BuildError, match=f"a new Pyodide\\? update {constant} in build.py"):
            build._apply_patch(changed, file, what, constant, patch)
    doubled = pinned + patch[-1][0]
    with pytest.raises(build.BuildError, match="found 2 times"):
        build._apply_patch(doubled, file, what, constant, patch)


@pytest.mark.parametrize("constant", list(PATCHES))
def test_the_built_runtimes_are_patched(constant: str) -> None:
    file, _, patch = PATCHES[constant]
    for browser in ("chrome", "firefox"):
        shipped = ROOT / "dist" / browser / "pyodide" / file
        if not shipped.exists():
            pytest.fail(f"dist/{browser} is missing: run `python build.py` first")
        text = shipped.read_bytes().decode("utf-8")
        assert all(text.count(new) == 1 for _, new in patch), (browser, constant)


def test_the_standard_librarys_write_is_patched_once() -> None:
    # Pyodide's installStdlib lets the file system own the zip's bytes instead of copying
    # them (pyodide.mjs, STDLIB_PATCH).
    source = pinned_text(build.STDLIB_FILE)
    patched = build.patch_runtime_file(build.STDLIB_FILE, source)
    (old, new), = build.STDLIB_PATCH
    assert source.count(old) == 1 and old not in patched and patched.count(new) == 1
    assert len(patched) - len(source) == len(new) - len(old)
    for browser in ("chrome", "firefox"):
        shipped = (ROOT / "dist" / browser / "pyodide" / build.STDLIB_FILE).read_bytes().decode("utf-8")
        assert shipped == build.COMPILE_HINT + patched, browser


def test_every_runtime_patch_is_applied_to_its_file() -> None:
    files = {file for file, *_ in build.RUNTIME_PATCHES}
    assert files == {"pyodide.asm.mjs", "pyodide.mjs"}
    asm = pinned_text("pyodide.asm.mjs")
    both = build.patch_runtime_file("pyodide.asm.mjs", asm)
    assert both == build.patch_dynamic_linking(build.patch_restore_bootstrap(asm))
