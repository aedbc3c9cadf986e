"""Right-click "Draft message". Headless browsers draw no menus, so the tests right-click
for real (the page sees its contextmenu event) and then call the handler the menu item
calls, in the extension's service worker, with the click information Chrome would pass."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from .conftest import Site, panel_frame
from .saved_site import fixture_url
from .test_chromium_journey import react_state

# The extension has no "tabs" permission, so it cannot look tabs up by address: the test
# brings its page to the front and passes the active tab, as Chrome passes the clicked one.
CLICK = """async ({editable, selection}) => {
    const [tab] = await chrome.tabs.query({active: true, lastFocusedWindow: true});
    return globalThis.ochHandleContextMenuClick(
        {menuItemId: 'och-draft-message', editable, selectionText: selection, frameId: 0}, tab);
}"""


def test_draft_message_on_a_text_box_fills_that_box(context: BrowserContext, page: Page,
                                                    site: Site) -> None:
    url = fixture_url("product_page.html")
    page.goto(url)
    composer = page.get_by_test_id("page-composer")
    composer.click(button="right")
    assert page.locator('[data-testid="och-panel"]').count() == 0
    page.bring_to_front()
    worker = context.service_workers[0]
    assert worker.evaluate(CLICK, {"editable": True, "selection": ""}) is True

    panel = panel_frame(page)
    panel.get_by_test_id("och-order-number-input").fill("46206571-0591")
    panel.get_by_test_id("och-problem-product_question").click()
    draft = panel.get_by_test_id("och-draft")
    expect(draft).to_have_value(re.compile("46206571-0591"), timeout=60_000)
    panel.get_by_test_id("och-insert").click()
    expect(panel.get_by_test_id("och-status")).to_contain_text("yourself", timeout=10_000)
    assert react_state(page)["text"] == draft.input_value()
    assert page.evaluate("() => window.__sendPresses") == 0


def test_draft_message_on_selected_text_starts_with_it(context: BrowserContext,
                                                      page: Page) -> None:
    url = fixture_url("product_page.html")
    page.goto(url)
    page.bring_to_front()
    worker = context.service_workers[0]
    assert worker.evaluate(CLICK, {"editable": False, "selection": "Заказ 46206571-0591"}) is True
    panel = panel_frame(page)
    expect(panel.get_by_test_id("och-order-number-input")).to_have_value("46206571-0591",
                                                                           timeout=30_000)
    panel.get_by_test_id("och-problem-late_delivery").click()
    expect(panel.get_by_test_id("och-draft")).to_have_value(re.compile("46206571-0591"),
                                                            timeout=60_000)
