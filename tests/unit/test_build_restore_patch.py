"""build.py's patch of Pyodide's bootstrap: a restore compiles no Python (issue 9).

The restore itself is checked in Node (tests/pyodide/snapshot.test.mjs); here, that the
patch fits the pinned Pyodide exactly and leaves a normal boot's code as it was. The checks
every runtime patch shares (a changed or doubled text stops the build, the built runtimes
are patched) are in test_build_runtime_patches.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build

PINNED = ROOT / "node_modules" / "pyodide" / build.RESTORE_BOOTSTRAP_FILE


@pytest.fixture(scope="module")
def pinned() -> str:
    if not PINNED.exists():
        pytest.fail("node_modules/pyodide is missing: run `npm ci` first")
    return PINNED.read_bytes().decode("utf-8")


def test_the_patch_fits_the_pinned_pyodide_once(pinned: str) -> None:
    patched = build.patch_restore_bootstrap(pinned)
    for old, new in build.RESTORE_BOOTSTRAP_PATCH:
        assert pinned.count(old) == 1
        assert old not in patched
        assert patched.count(new) == 1
    # Only the bootstrap changed: everything before it and after it is Pyodide's own text.
    first = pinned.index(build.RESTORE_BOOTSTRAP_PATCH[0][0])
    assert patched[:first] == pinned[:first]
    tail = pinned[pinned.index(build.RESTORE_BOOTSTRAP_PATCH[-1][0]) + len(build.RESTORE_BOOTSTRAP_PATCH[-1][0]):]
    assert patched.endswith(tail)


def test_a_normal_boot_still_runs_pyodides_own_code(pinned: str) -> None:
    patched = build.patch_restore_bootstrap(pinned)
    start = patched.index("API.finalizeBootstrap=function")
    body = patched[start:patched.index("API.globals=", start)]
    # The five sources are still there, in the branch taken when no snapshot is restored.
    restore, normal = body.split("}else{", 1)
    for source in ("import _pyodide_core", 'eval_code("{}")', "import importlib; importlib",
                   "import __main__; __main__.__dict__", "import builtins; builtins.__dict__"):
        assert source in normal
        assert source not in restore
    assert "if(t){" in restore
