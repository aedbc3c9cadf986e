"""The two rows of M1's first pick (click -> draft, timed inside the panel; since session 20).
The script itself (benchmarks/js/first_pick.js) runs in real Chromium in test_speed_guard
(through `python -m benchmarks --quick`)."""

from __future__ import annotations

import copy
import json

from benchmarks.run import FIRST_PICK_ROW, RESULTS, SETTLED_FIRST_PICK_ROW, render, stats


def _sections(report: str) -> dict[str, str]:
    return {s.split("\n", 1)[0]: s for s in report.split("\n## ")[1:]}


def _row(section: str, name: str) -> list[str] | None:
    for line in section.splitlines():
        if line.startswith(f"| {name} |"):
            return [cell.strip() for cell in line.split("|")[2:-1]]
    return None


def test_the_rows_show_in_runs_that_measured_the_first_pick_and_not_in_older_ones() -> None:
    latest = next(iter(json.loads(RESULTS.read_text())["labels"].values()))
    old = copy.deepcopy(latest)
    for browser in old["browsers"].values():
        browser["summary"].pop("M1_first_pick_ms", None)
        browser["summary"].pop("M1_settled_first_pick_ms", None)
    new = copy.deepcopy(old)
    new["browsers"]["chromium"]["summary"]["M1_first_pick_ms"] = stats([133.0, 96.0, 120.0])
    new["browsers"]["chromium"]["summary"]["M1_settled_first_pick_ms"] = stats([96.0, 55.0, 84.0])
    sections = _sections(render({"labels": {"new run": new, "old run": old}}))
    # (Firefox's summary has no figure here: its cell is "-".)
    assert _row(sections["new run"], FIRST_PICK_ROW) == ["120 ms (96-133)", "-"]
    assert _row(sections["new run"], SETTLED_FIRST_PICK_ROW) == ["84 ms (55-96)", "-"]
    assert _row(sections["old run"], FIRST_PICK_ROW) is None
    assert _row(sections["old run"], SETTLED_FIRST_PICK_ROW) is None

