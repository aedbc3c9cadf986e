"""The regression guard of issue 9: a quick run of the benchmark in Chromium.

It fails only on a gross regression, so that a noisy shared machine does not make the
suite flaky: the order read more than 2x slower than the committed median of
benchmarks/results.json (the better of two fresh-profile runs counts), or the memory
snapshot not restored (the host fell back to a normal boot). The full benchmark is
``python -m benchmarks`` (BENCHMARKS.md).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_cold_start_is_not_grossly_slower_and_takes_the_snapshot_path() -> None:
    if not (ROOT / "dist" / "chrome" / "pyodide" / "snapshot.bin").exists():
        pytest.fail("dist/chrome has no memory snapshot: run `python build.py` first")
    if not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")):
        pytest.fail("Chromium is not installed: apt-get install -y chromium")
    # A process of its own: the e2e suite's shared browser holds Playwright's event loop.
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick"], cwd=ROOT,
                            check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "by the snapshot path" in result.stdout, result.stdout
