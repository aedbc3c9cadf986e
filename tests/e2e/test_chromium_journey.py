"""Chromium-only checks of the order panel, beside the shared journeys (journeys/*.json,
run in both browsers by test_journeys.py and journeys.firefox.test.mjs): page scripts
cannot reach the panel, nothing leaves for another origin, other Ozon pages get no panel,
follow-up chips, folding, the order as read, the checker, and filling in what the page
did not show."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from .conftest import Site, open_order, panel_frame, react_state
from .saved_site import fixture_url

__all__ = ["open_order", "react_state"]  # other suites import them from here


def test_page_scripts_cannot_read_or_drive_the_panel(page: Page) -> None:
    panel, meta = open_order(page)
    # The iframe is cross-origin to the page: its document is out of reach.
    assert page.evaluate(
        "() => document.querySelector('[data-testid=och-panel]').contentDocument") is None
    # A forged connect message with a port of the page's own is ignored.
    page.evaluate("""() => {
        const ch = new MessageChannel();
        window.__forged = [];
        ch.port1.onmessage = (e) => window.__forged.push(e.data);
        const frame = document.querySelector('[data-testid=och-panel]');
        frame.contentWindow.postMessage({type: 'och-connect', nonce: 'x'.repeat(72)}, '*', [ch.port2]);
    }""")
    panel.get_by_test_id("och-problem-complaint").click()
    expect(panel.get_by_test_id("och-draft")).to_have_value(
        re.compile(re.escape(meta["expect"]["number"])), timeout=15_000)
    assert page.evaluate("() => window.__forged.length") == 0


def test_no_request_leaves_for_another_origin(context: BrowserContext, page: Page,
                                               site: Site) -> None:
    seen: list[str] = []

    def record(request: object) -> None:
        seen.append(request.url)  # type: ignore[attr-defined]

    context.on("request", record)
    try:
        open_order(page)
    finally:
        context.remove_listener("request", record)
    allowed = ("https://www.ozon.ru/", "chrome-extension://", "data:")
    assert [url for url in seen if not url.startswith(allowed)] == []
    assert site.foreign_requests == []


def test_an_unrelated_ozon_page_gets_no_panel(page: Page) -> None:
    page.goto(fixture_url("product_page.html"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    assert page.locator('[data-testid="och-panel"]').count() == 0


def test_follow_up_chips_redraft_and_evidence_can_be_ticked(page: Page) -> None:
    panel, meta = open_order(page)
    panel.get_by_test_id("och-problem-damaged").click()
    draft = panel.get_by_test_id("och-draft")
    expect(draft).to_have_value(re.compile(re.escape(meta["expect"]["number"])), timeout=15_000)
    before = draft.input_value()
    chip = panel.get_by_test_id("och-question-damage").locator('button[data-value="packaging"]')
    chip.click()
    expect(chip).to_have_attribute("aria-pressed", "true")
    expect(draft).not_to_have_value(before, timeout=10_000)
    # Evidence is a summary that opens on demand (issue 11).
    panel.get_by_test_id("och-evidence").locator("summary").click()
    evidence = panel.locator("#evidence input[type=checkbox]").first
    evidence.check()
    expect(evidence).to_be_checked()


def test_the_folded_panel_stays_folded_on_this_site(page: Page) -> None:
    panel, _ = open_order(page)
    panel.get_by_role("button", name="Collapse the panel").click()
    expect(panel.get_by_role("button", name="Open the contact helper")).to_be_visible()
    page.reload()
    panel = panel_frame(page)
    expect(panel.get_by_role("button", name="Open the contact helper")).to_be_visible(timeout=30_000)
    assert page.eval_on_selector('[data-testid="och-panel"]', "f => f.getBoundingClientRect().width") <= 60
    panel.get_by_role("button", name="Open the contact helper").click()
    expect(panel.get_by_test_id("och-problem-damaged")).to_be_visible()


def test_the_panel_shows_the_order_as_read(page: Page) -> None:
    panel, meta = open_order(page, "orderdetails_seller_delivery.html")
    facts = panel.get_by_test_id("och-order-facts")
    for seller in meta["expect"]["sellers"]:
        expect(facts).to_contain_text(seller)
    expect(facts).to_contain_text("Delivered by the seller")


def test_the_checker_looks_at_the_buyers_own_edits(page: Page) -> None:
    panel, _ = open_order(page)
    panel.get_by_test_id("och-problem-complaint").click()
    draft = panel.get_by_test_id("och-draft")
    expect(draft).not_to_have_value("", timeout=15_000)
    draft.fill("ВЕРНИТЕ ДЕНЬГИ НЕМЕДЛЕННО!!!")
    remarks = panel.locator("#checks li")
    expect(remarks).not_to_have_count(0, timeout=10_000)
    codes = remarks.evaluate_all("items => items.map(i => i.dataset.check)")
    assert "no_order_number" in codes or any("order" in c for c in codes), codes
    assert any("caps" in c or "shout" in c or "exclam" in c for c in codes), codes


def test_what_the_page_did_not_show_can_be_filled_in(page: Page) -> None:
    panel, meta = open_order(page, "orderdetails_broken_state.html")
    assert "items" in meta["expect"]["missing"]
    item = panel.get_by_test_id("och-fill-items")
    expect(item).to_be_visible()
    item.fill("Электрический чайник Polaris")
    item.press("Tab")
    panel.get_by_test_id("och-problem-damaged").click()
    expect(panel.get_by_test_id("och-draft")).to_have_value(re.compile("Электрический чайник Polaris"),
                                                            timeout=15_000)
