"""Chrome closes the Python host (its offscreen document) once no Ozon tab has been open
for the idle delay, and boots it again on the next Ozon page (issue 9). The delay is 10
minutes; this test shortens it through the test-only `host:idle-close-ms` session key and
lets the real alarm and idle check do the rest."""

from __future__ import annotations

import time

from playwright.sync_api import BrowserContext, Page

from .test_chromium_journey import open_order

OFFSCREEN_JS = "() => chrome.runtime.getContexts({contextTypes: ['OFFSCREEN_DOCUMENT']}).then(c => c.length)"
SET_DELAY_JS = "(ms) => chrome.storage.session.set({'host:idle-close-ms': ms})"
CLEAR_DELAY_JS = "() => chrome.storage.session.remove('host:idle-close-ms')"
DELAY_MS = 1500


def offscreen_documents_after(admin: Page, seconds: float, want: int) -> int:
    """Poll until the count of offscreen documents is `want` or `seconds` have passed."""
    end = time.monotonic() + seconds
    while True:
        count = int(admin.evaluate(OFFSCREEN_JS))
        if count == want or time.monotonic() > end:
            return count
        time.sleep(0.2)


def test_the_host_closes_when_no_ozon_tab_is_left_and_boots_again(
        context: BrowserContext, page: Page, extension_id: str) -> None:
    open_order(page)
    admin = context.new_page()
    admin.goto(f"chrome-extension://{extension_id}/options/options.html")
    try:
        assert admin.evaluate(OFFSCREEN_JS) == 1
        admin.evaluate(SET_DELAY_JS, DELAY_MS)
        # An Ozon tab is still open: well past the delay, the host stays.
        time.sleep(3 * DELAY_MS / 1000)
        assert admin.evaluate(OFFSCREEN_JS) == 1, "the host closed while an Ozon tab was open"
        page.goto("about:blank")
        assert offscreen_documents_after(admin, 20, want=0) == 0, "the host stayed up with no Ozon tab"
        admin.evaluate(CLEAR_DELAY_JS)
        # The next Ozon page boots it again and reads its order.
        again = context.new_page()
        try:
            open_order(again)
            assert admin.evaluate(OFFSCREEN_JS) == 1
        finally:
            again.close()
    finally:
        admin.evaluate(CLEAR_DELAY_JS)
        admin.close()
