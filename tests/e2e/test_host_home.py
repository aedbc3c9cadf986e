"""Chrome: the Python host's home (its offscreen document) is opened when the browser starts,
so that the first Ozon page does not wait the ~150-200 ms Chrome takes to make it; its
workers load their scripts and wait, and Python itself starts only on an Ozon page
(issue 9). Its own fresh browser: the shared one has long had Ozon pages open."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Playwright, Worker

from .conftest import Site, launch_with_extension, open_order
from .test_host_idle_close import OFFSCREEN_JS

# null until the document's script listens (getContexts lists a document still being made).
STARTED_JS = ("() => chrome.runtime.sendMessage({target: 'python-host', type: 'python/started', payload: {}})"
              ".then(a => a?.ok ? a.result : a, () => null)")


def wait_for(where: Worker, js: str, want: object, seconds: float) -> object:
    end = time.monotonic() + seconds
    while True:
        got = where.evaluate(js)
        if got == want or time.monotonic() > end:
            return got
        time.sleep(0.1)


def test_the_host_home_opens_at_start_and_python_starts_only_on_an_ozon_page(
        playwright: Playwright, site: Site, tmp_path: Path) -> None:
    ctx = launch_with_extension(playwright, tmp_path / "profile", site.handle)
    try:
        # Asked from the service worker itself: an extension page (the options page lists
        # the log through Python) would start Python.
        worker = ctx.service_workers[0] if ctx.service_workers else ctx.wait_for_event("serviceworker")
        assert wait_for(worker, OFFSCREEN_JS, 1, 15) == 1, "no offscreen document after the browser started"
        assert wait_for(worker, STARTED_JS, False, 15) is False, "Python started with no Ozon page open"
        page = ctx.new_page()
        open_order(page)
        assert worker.evaluate(STARTED_JS) is True
        assert worker.evaluate(OFFSCREEN_JS) == 1, "a second offscreen document"
    finally:
        ctx.close()
