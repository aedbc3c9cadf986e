"""Pages on the live structure in real Chromium (issue 8): the panel reads them completely,
a damaged-item draft names the one item, a parcel's widget that arrives late and an
in-place navigation end on the right, complete order, and the recipient reaches no storage."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from py_core._html_snapshot import snapshot_from_html

from .conftest import panel_frame
from .saved_site import PAGES, ROOT, fixture_index

# A few of the corpus (all of it is read by the unit tests and the CLI).
READ_COMPLETELY = ["live_three_parcels.html", "live_two_sellers_one_parcel.html",
                   "live_ozon_by.html", "live_json_missing.html"]

# In the page's own world: move the late parcel (kept in a <template>) into the page.
ADD_LATE_WIDGET = """(delay) => new Promise((done) => setTimeout(() => {
  const late = document.getElementById("och-late");
  const total = document.querySelector('[data-widget="orderDoneTotal"]');
  total.before(late.content.cloneNode(true));
  late.remove();
  done();
}, delay))"""

# Ozon's in-place navigation: the address changes first, the content some time later.
# Returns at once (the test watches the panel meanwhile); window.__swapped says when done.
NAVIGATE_IN_PLACE = """([url, delay]) => {
  history.pushState({}, "", url);
  fetch(url).then((r) => r.text()).then((html) => setTimeout(() => {
    const next = new DOMParser().parseFromString(html, "text/html").getElementById("layoutPage");
    document.getElementById("layoutPage").replaceWith(document.adoptNode(next));
    window.__swapped = true;
  }, delay));
}"""


def facts_text(panel: Any) -> str:
    return " ".join(panel.get_by_test_id("och-order-facts").locator("li").all_text_contents())


def expect_complete(panel: Any, exp: dict[str, Any]) -> None:
    expect(panel.get_by_test_id("och-order-number")).to_have_text(exp["number"], timeout=60_000)
    facts = panel.get_by_test_id("och-order-facts")
    for title in exp["item_titles"][:3]:
        expect(facts).to_contain_text(title, timeout=20_000)
    for seller in exp["sellers"]:
        expect(facts).to_contain_text(seller)
    expect(panel.get_by_test_id("och-order-fill")).to_be_hidden()


@pytest.mark.parametrize("name", READ_COMPLETELY)
def test_the_panel_reads_a_live_page_completely(page: Page, name: str) -> None:
    meta = fixture_index()[name]
    page.goto(meta["url"])
    expect_complete(panel_frame(page), meta["expect"])


def test_a_damaged_item_draft_on_a_one_item_order_names_the_item(page: Page) -> None:
    meta = fixture_index()["live_one_item_received.html"]
    page.goto(meta["url"])
    panel = panel_frame(page)
    expect_complete(panel, meta["expect"])
    panel.get_by_test_id("och-problem-damaged").click()
    expect(panel.get_by_test_id("och-draft")).to_have_value(
        re.compile(re.escape(meta["expect"]["item_titles"][0])), timeout=15_000)


def test_a_late_widget_then_an_in_place_navigation_end_on_the_right_order(page: Page) -> None:
    index = fixture_index()
    late = index["live_late_widget.html"]
    page.goto(late["url"])
    panel = panel_frame(page)
    expect_complete(panel, late["expect"])  # what is there at load: one parcel
    page.evaluate(ADD_LATE_WIDGET, 1500)
    complete = {**late["expect"], **late["expect"]["late"]}
    expect_complete(panel, complete)
    expect(panel.locator("#order-status")).to_contain_text("В пути", timeout=15_000)

    other = index["live_two_parcels_mixed.html"]
    page.evaluate(NAVIGATE_IN_PLACE, [other["url"], 2500])
    # While the old content is still there under the new address, the panel must never
    # show the new number with the previous order's items.
    seen_new_number_early = False
    while not page.evaluate("() => window.__swapped === true"):
        number = panel.get_by_test_id("och-order-number").text_content() or ""
        if number == other["expect"]["number"]:
            seen_new_number_early = True
            assert "Пазл" not in facts_text(panel) and "Конструктор" not in facts_text(panel)
        page.wait_for_timeout(150)
    assert not seen_new_number_early, "the new order was shown before its widgets were there"
    expect_complete(panel, other["expect"])
    assert "Пазл" not in facts_text(panel)


def test_the_recipient_reaches_no_storage(page: Page, context: BrowserContext,
                                         extension_id: str) -> None:
    meta = fixture_index()["live_one_item_received.html"]
    page.goto(meta["url"])
    panel = panel_frame(page)
    expect_complete(panel, meta["expect"])
    panel.get_by_test_id("och-problem-damaged").click()
    expect(panel.get_by_test_id("och-draft")).not_to_have_value("", timeout=15_000)
    panel.get_by_test_id("och-insert").click()
    panel.get_by_test_id("och-log-sent").click()  # only "Sent" logs a contact
    expect(panel.get_by_test_id("och-log-entry").first).to_be_visible(timeout=10_000)
    worker = context.service_workers[0]
    stored = worker.evaluate("""async () => JSON.stringify([
        await chrome.storage.local.get(null), await chrome.storage.session.get(null)])""")
    assert meta["expect"]["item_titles"][0] in stored, "the case was stored"
    for text in meta["expect"]["absent"]:
        assert text not in stored
    # Nor in the export of the case log.
    options = context.new_page()
    try:
        options.goto(f"chrome-extension://{extension_id}/options/options.html")
        exported = options.evaluate("""() => chrome.runtime.sendMessage(
            {target: "background", type: "log/export", payload: {}}).then((a) => a.result.json)""")
    finally:
        options.close()
    assert meta["expect"]["number"] in exported
    for text in meta["expect"]["absent"]:
        assert text not in exported
    # The page itself shows them (so the test can fail): they are on the page, not in storage.
    assert meta["expect"]["absent"][0] in page.content()


def test_a_page_not_read_completely_offers_the_structure_report(
        page: Page, context: BrowserContext) -> None:
    meta = fixture_index()["live_one_item_received.html"]
    page.goto(meta["url"])
    panel = panel_frame(page)
    expect_complete(panel, meta["expect"])
    expect(panel.get_by_test_id("och-shape-report")).to_have_count(0)

    broken = fixture_index()["orderdetails_broken_state.html"]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin="https://www.ozon.ru")
    page.goto(broken["url"])
    panel = panel_frame(page)
    expect(panel.get_by_test_id("och-order-number")).to_have_text(broken["expect"]["number"],
                                                                 timeout=60_000)
    button = panel.get_by_test_id("och-shape-report")
    expect(button).to_be_visible(timeout=15_000)
    button.click()
    expect(panel.get_by_test_id("och-status")).to_contain_text("no names", timeout=15_000)
    page.bring_to_front()
    report = page.evaluate("() => navigator.clipboard.readText()")
    assert report.startswith("Ozon Contact Helper: page-structure report"), report
    assert "not read: items" in report and "- shipmentWidget" in report
    for value in (broken["expect"]["number"], "ОфисПлюс", "Получен 19 ноября", "44563249"):
        assert value not in report


@cache
def snapshot_script() -> str:
    """extension/content/snapshot.js as one script that sets window.__ochTakeSnapshot."""
    return subprocess.run(
        [str(ROOT / "node_modules/.bin/esbuild"), "--bundle", "--format=iife",
         "--global-name=__ochSnapshot", str(ROOT / "extension/content/snapshot.js")],
        check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("name", sorted(n for n, e in fixture_index().items()
                                        if e.get("shape") == "live-2026"))
def test_the_content_script_snapshot_matches_the_python_mirror(page: Page, name: str) -> None:
    """snapshot.js in real Chromium and py_core._html_snapshot read a page alike, and
    neither carries the recipient."""
    meta = fixture_index()[name]
    page.goto(meta["url"])
    page.evaluate(snapshot_script() + "\n;undefined")
    js = page.evaluate("() => __ochSnapshot.takeSnapshot(document)")
    py = snapshot_from_html((PAGES / name).read_text(encoding="utf-8"), meta["url"])
    assert js["widgets"] == py["widgets"]
    assert js["links"] == py["links"]
    assert [b["id"] for b in js["parcels"]] == [b["id"] for b in py["parcels"]]
    assert js["delivery"] == py["delivery"]
    lines = lambda text: [x.strip() for x in text.splitlines() if x.strip()]
    for box_js, box_py in zip(js["parcels"], py["parcels"], strict=True):
        assert lines(box_js["text"]) == lines(box_py["text"])
    assert lines(js["text"]) == lines(py["text"])
    for text in meta["expect"].get("absent", []):
        assert text not in str(js)


def test_the_panel_opens_on_the_returns_page_and_shows_what_was_returned(page: Page) -> None:
    """/my/returns is a page the helper reads: the panel mounts there and lists the items."""
    meta = fixture_index()["returns_list.html"]
    page.goto(meta["url"])
    panel = panel_frame(page)
    expect(panel.get_by_test_id("och-order-facts")).to_contain_text(
        meta["expect"]["returns"][0]["items"][0], timeout=60_000)
