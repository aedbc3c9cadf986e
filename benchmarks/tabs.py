"""M3 many times over: new tabs of one running Chromium, for builds taken in turn.

    .venv/bin/python -m benchmarks.tabs --tabs 8 /tmp/before /tmp/after
    .venv/bin/python -m benchmarks.tabs --rounds 3 --tabs 5 --hold-ms 500 /tmp/before /tmp/after

Each argument is a folder holding a built ``chrome/`` (a copy of ``dist/``). For each build
in turn, one fresh browser opens the first order page, waits for its order and 3 s more
(the host warm), then opens the second order page in a new tab ``--tabs`` times, one after
the other. Printed per build: the medians of navigation to the order read (M3), to the
page's DOMContentLoaded, to the panel frame's own navigation start and to the panel's
DOMContentLoaded, and how long after the page's DOMContentLoaded the order was read.
One browser's M3 is five samples in the full benchmark; this gives a lever on the new
tab's path enough samples to compare. Nothing is written.

``--hold-ms N`` makes the second page like Ozon's, whose own scripts hold its parse back:
it gets a parser-blocking script at the end of its body, answered N ms after navigation.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.chromium import _launch, _panel_poll
from benchmarks.common import (
    FIRST_PAGE,
    FRAME_TIMELINE_JS,
    ORDER_SHOWN_JS,
    PAGE_TIMELINE_JS,
    SECOND_PAGE,
    fixture_index,
    respond,
)
from benchmarks.run import prepare

LATE_SCRIPT = "/__och_bench__/late.js"


def new_tabs(ext: Path, tabs: int, hold_ms: int = 0) -> list[tuple[float, float, float, float]]:
    """(M3, page DOMContentLoaded, panel frame start, panel DOMContentLoaded) per tab, ms."""
    from playwright.sync_api import Route, sync_playwright

    index = fixture_index()
    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="och-tabs-") as profile:
        ctx = _launch(p, ext, profile)
        try:
            page = ctx.new_page()
            page.goto(index[FIRST_PAGE]["url"], wait_until="commit")
            _panel_poll(page, ORDER_SHOWN_JS, index[FIRST_PAGE]["expect"]["number"], timeout_s=60)
            time.sleep(3)
            meta = index[SECOND_PAGE]
            saved = respond(meta["url"], "none") if hold_ms else None
            if hold_ms and saved is None:
                raise SystemExit(f"no saved page for {meta['url']}")
            late = f'<script src="{LATE_SCRIPT}"></script></body>'
            held_page = saved.body.replace("</body>", late) if saved else ""
            held: list[Route] = []  # the late script's request, answered hold_ms late
            for _ in range(tabs):
                tab = ctx.new_page()
                held.clear()
                if saved is not None:
                    tab.route(meta["url"], lambda route: route.fulfill(
                        status=200, content_type=saved.content_type, body=held_page, headers=saved.headers))
                    tab.route(f"**{LATE_SCRIPT}", lambda route: held.append(route))
                tab.goto(meta["url"], wait_until="commit")
                if hold_ms:
                    tab.wait_for_timeout(hold_ms)
                    held[0].fulfill(status=200, content_type="text/javascript", body="/* late */")
                frame, shown = _panel_poll(tab, ORDER_SHOWN_JS, meta["expect"]["number"], timeout_s=60)
                nav = tab.evaluate("() => performance.timeOrigin")
                page_t = tab.evaluate(PAGE_TIMELINE_JS)
                frame_t = frame.evaluate(FRAME_TIMELINE_JS)
                start = frame_t["origin"] - nav
                rows.append((shown["at"] - nav, page_t["dom_content_loaded"], start,
                             start + frame_t["dom_content_loaded"]))
                tab.close()
                time.sleep(0.5)
        finally:
            ctx.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dists", nargs="+", type=Path, help="folders holding chrome/")
    parser.add_argument("--tabs", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=1, help="browsers per build, in turn")
    parser.add_argument("--hold-ms", type=int, default=0,
                        help="hold the second page's parse this long with a late script")
    args = parser.parse_args(argv)
    rows: dict[Path, list[tuple[float, float, float, float]]] = {d: [] for d in args.dists}
    with tempfile.TemporaryDirectory(prefix="och-tabs-") as work:
        exts = [prepare(d, "chrome", "shipped", Path(work) / f"build-{i}")
                for i, d in enumerate(args.dists)]
        for _ in range(args.rounds):
            for dist, ext in zip(args.dists, exts, strict=True):
                rows[dist] += new_tabs(ext, args.tabs, args.hold_ms)
    names = ("M3 order read", "page DOMContentLoaded", "panel frame start", "panel DOMContentLoaded")
    for dist, found in rows.items():
        medians = ", ".join(f"{name} {statistics.median(r[i] for r in found):.0f}"
                            for i, name in enumerate(names))
        medians += f", order read after the page's DOMContentLoaded {statistics.median(r[0] - r[1] for r in found):.0f}"
        print(f"{dist} (n={len(found)}): {medians} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
