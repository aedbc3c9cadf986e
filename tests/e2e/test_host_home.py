"""Chrome: the Python host's home (its offscreen document) is opened when the browser starts,
so that the first Ozon page does not wait the ~150-200 ms Chrome takes to make it. It sets
Python up at once, except for two files, which are held until an Ozon page asks; Python
itself starts only on an Ozon page, and a set-up Python that no Ozon page asked for within
a minute is dropped (issue 9). Each test has its own fresh browser: the shared one has long
had Ozon pages open."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright, Worker

from .conftest import Site, launch_with_extension, open_order
from .test_host_idle_close import OFFSCREEN_JS


def host_js(kind: str) -> str:
    """A request to the host's home, from the service worker: its answer's result, or null
    until the document's script listens (getContexts lists a document still being made)."""
    return (f"() => chrome.runtime.sendMessage({{target: 'python-host', type: 'python/{kind}', payload: {{}}}})"
            ".then(a => a?.ok ? a.result : a, () => null)")


STARTED_JS = host_js("started")
PREPARED_JS = host_js("prepared")
DROP_JS = host_js("drop-prepared")
STATUS_JS = host_js("status")
# The extension's wall clock (the host's marks are in it too).
NOW_JS = "() => performance.timeOrigin + performance.now()"


def wait_for(where: Worker, js: str, want: object, seconds: float) -> object:
    end = time.monotonic() + seconds
    while True:
        got = where.evaluate(js)
        if got == want or time.monotonic() > end:
            return got
        time.sleep(0.1)


def service_worker(ctx: Any) -> Worker:
    # Asked from the service worker itself: an extension page (the options page lists the
    # log through Python) would start Python.
    worker: Worker = ctx.service_workers[0] if ctx.service_workers else ctx.wait_for_event("serviceworker")
    assert wait_for(worker, OFFSCREEN_JS, 1, 15) == 1, "no offscreen document after the browser started"
    return worker


def test_the_host_home_sets_python_up_at_start_and_starts_it_only_on_an_ozon_page(
        playwright: Playwright, site: Site, tmp_path: Path) -> None:
    ctx = launch_with_extension(playwright, tmp_path / "profile", site.handle)
    try:
        worker = service_worker(ctx)
        assert wait_for(worker, STARTED_JS, False, 15) is False, "Python started with no Ozon page open"
        assert worker.evaluate(PREPARED_JS) is True, "the home did not set Python up as it opened"
        # Give the runtime time to compile before the page asks (a page opened sooner would
        # ask before the compile ends, and the marks below would not hold).
        time.sleep(3)
        asked_after = float(worker.evaluate(NOW_JS))
        page = ctx.new_page()
        open_order(page)
        assert worker.evaluate(STARTED_JS) is True
        assert worker.evaluate(OFFSCREEN_JS) == 1, "a second offscreen document"
        status = worker.evaluate(STATUS_JS)
        marks = status["marks"]
        assert status["boot_path"] == "snapshot", status
        # Set up before the page asked: the files asked for and the runtime compiled; the
        # two held files asked for only after the page asked, and the snapshot fetched after that.
        assert marks["fetch_started"] < marks["wasm_compiled"] < asked_after, marks
        assert asked_after < marks["fetch_released"] < marks["snapshot_fetched"], marks
    finally:
        ctx.close()


def test_a_set_up_python_is_dropped_if_no_ozon_page_asks_and_then_boots_as_before(
        playwright: Playwright, site: Site, tmp_path: Path) -> None:
    ctx = launch_with_extension(playwright, tmp_path / "profile", site.handle)
    try:
        worker = service_worker(ctx)
        assert wait_for(worker, PREPARED_JS, True, 15) is True
        # What the home does by itself a minute after it opened with no Ozon page.
        assert worker.evaluate(DROP_JS) is True
        dropped_at = float(worker.evaluate(NOW_JS))
        assert worker.evaluate(PREPARED_JS) is False
        assert worker.evaluate(DROP_JS) is False, "dropped twice"
        assert worker.evaluate(STARTED_JS) is False
        time.sleep(1)
        asked_after = float(worker.evaluate(NOW_JS))
        page = ctx.new_page()
        open_order(page)
        status = worker.evaluate(STATUS_JS)
        marks = status["marks"]
        assert status["boot_path"] == "snapshot", status
        # New workers, started at the drop, which fetched every file only once the page asked.
        assert dropped_at - 1000 < marks["workers_started"] < dropped_at, marks
        assert marks["fetch_started"] > asked_after, marks
        assert "fetch_released" not in marks, marks
        assert worker.evaluate(DROP_JS) is False, "a started Python was dropped"
    finally:
        ctx.close()
