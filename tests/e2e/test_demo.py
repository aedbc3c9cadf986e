"""The demo command (demo.py, named in the README): with no display it says so and prints
the command-line draft for the saved page; its browser part serves the saved order page at
its real address with the built extension, and the panel reads the order."""

from __future__ import annotations

import os
import subprocess
import sys

from .saved_site import ROOT, fixture_index

PAGE = "orderdetails_one_parcel.html"


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, str(ROOT / "demo.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=240, check=False)


def test_without_a_display_the_demo_prints_the_cli_draft() -> None:
    number = fixture_index()[PAGE]["expect"]["number"]
    done = run_demo("--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert "no display" in done.stdout
    assert number in done.stdout
    assert "Товар пришёл повреждённым" in done.stdout
    assert "商品到货时已损坏" in done.stdout


def test_the_demo_browser_serves_the_saved_page_and_the_panel_reads_it() -> None:
    number = fixture_index()[PAGE]["expect"]["number"]
    done = run_demo("--smoke")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"the panel read order {number}" in done.stdout
