"""M6, the host's close on its own (Chromium): does the memory go back?

    .venv/bin/python -m benchmarks.memory_close

A fresh profile opens one order page and waits for the order to be read; then the host
is closed (what the idle check does after 10 minutes with no Ozon tab) and the RSS of the
extension's renderer process is read 5, 15, 30 and 60 s later. (The full benchmark reads
it 5 s after the close, after 50 drafts and a second tab.)
"""

from __future__ import annotations

import tempfile
import time

from benchmarks.chromium import CLOSE_JS, _launch
from benchmarks.common import FIRST_PAGE, ROOT, fixture_index, rss_of_profile


def main() -> int:
    from playwright.sync_api import sync_playwright

    meta = fixture_index()[FIRST_PAGE]
    mb = lambda n: f"{(n or 0) / 1e6:.0f} MB"
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="och-bench-") as profile:
        ctx = _launch(p, ROOT / "dist" / "chrome", profile)
        try:
            page = ctx.new_page()
            page.goto(meta["url"])
            page.frame_locator('[data-testid="och-panel"]').get_by_test_id(
                "och-order-number").filter(has_text=meta["expect"]["number"]).wait_for(
                timeout=120_000)
            frame = page.query_selector('[data-testid="och-panel"]').content_frame()
            time.sleep(3)
            print("extension process, Python up:", mb(rss_of_profile(profile, extension_only=True)))
            print("host/close:", frame.evaluate(CLOSE_JS))
            start = time.monotonic()
            for after in (5, 15, 30, 60):
                time.sleep(max(0.0, start + after - time.monotonic()))
                print(f"{after} s after the close:",
                      mb(rss_of_profile(profile, extension_only=True)))
        finally:
            ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
