"""M6 in normal use (Firefox's release run, since session 19): its cell and where its row shows."""

from __future__ import annotations

import json
import re

from benchmarks.run import RELEASE_ROW, RESULTS, release_cell, render


def test_the_cell_gives_the_rss_before_and_after_and_the_seconds() -> None:
    summary = {"M6_release": {"extension_rss_bytes": 321_400_000, "extension_rss_after_bytes": 156_200_000,
                              "returned_after_s": 66.1}}
    assert release_cell(summary) == "321 -> 156 MB, 66.1 s"


def test_the_cell_says_when_the_memory_did_not_come_back_or_the_run_failed() -> None:
    slow = {"M6_release": {"extension_rss_bytes": 321e6, "extension_rss_after_bytes": 300e6, "returned_after_s": None}}
    assert release_cell(slow) == "321 -> 300 MB, not within 150 s"
    assert release_cell({"M6_release": {"error": "firefox.mjs release failed"}}) == "failed"
    assert release_cell({}) == "-"  # Chromium, and runs from before session 19


def test_the_row_shows_in_runs_that_measured_it_and_not_in_older_ones() -> None:
    report = render(json.loads(RESULTS.read_text()))
    sections = report.split("\n## ")
    latest = next(s for s in sections if s.startswith("after\n"))
    older = next(s for s in sections if s.startswith("session 18 after"))
    row = next(line for line in latest.splitlines() if line.startswith(f"| {RELEASE_ROW} |"))
    chromium, firefox = (cell.strip() for cell in row.split("|")[2:4])
    assert chromium == "-"
    assert re.fullmatch(r"\d+ -> \d+ MB, (\d+(\.\d+)? s|not within 150 s)|failed", firefox), firefox
    assert RELEASE_ROW not in older
