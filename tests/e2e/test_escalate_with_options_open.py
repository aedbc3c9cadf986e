"""Issue 14's suspected bug, in real Chromium: the options tab stays open while the order
page reloads, and the panel's Escalate must still draft the escalation (the journeys
helper saw no draft and no status in 2 runs of 3). Three rounds in one browser, as the
failure came and went.

What it was (2026-11-28): not the extension. The options page opened last stays the tab
in front; Playwright's click on the order tab behind it reached the panel (an extension
iframe, out of process in Chromium) only now and then. Traced in the panel: in the failed
rounds the log was drawn once and the button's handler never ran, so no request was sent;
with the order tab brought to the front (as it always is when a buyer clicks in it) 9 of
9 rounds drafted, and the click took 0.1 s instead of 2 s. The panel's message routing was
not involved (the options page serves no runtime messages). So the test brings the order
tab to the front, as the buyer's click does, and keeps the options tab open behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from .conftest import Site
from .test_journeys import ChromiumDriver

BEFORE = [
    {"do": "open", "page": "orderdetails_several_sellers.html"},
    {"do": "open_options"},
    {"do": "import_file", "file": "overdue_export.json"},
]
AFTER_RELOAD = [
    {"do": "reload"},
    {"do": "escalate"},
    {"do": "expect_draft", "contains": "{number}", "matches": "15 ноября 2026"},
]


@pytest.mark.parametrize("round_", [1, 2, 3])
def test_escalate_after_a_reload_with_the_options_tab_open(context: BrowserContext, site: Site,
                                                          extension_id: str, tmp_path: Path,
                                                          round_: int) -> None:
    context.service_workers[0].evaluate("() => chrome.storage.local.clear()")
    driver = ChromiumDriver(context, site, extension_id, "react", tmp_path)
    try:
        for step in BEFORE:
            driver.run(step)
        driver.tab.bring_to_front()  # the buyer clicks in the order's tab, so it is in front
        for step in AFTER_RELOAD:
            driver.run(step)
        assert driver.options_tab is not None and not driver.options_tab.is_closed()
        assert driver.options_tab.get_by_test_id("och-case").count() == 1
    finally:
        driver.close()
        # the imported log is this test's: the tests after it in this browser start empty
        context.service_workers[0].evaluate("() => chrome.storage.local.clear()")
