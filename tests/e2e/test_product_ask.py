"""Ask the seller before buying (issue 14), in Chromium with the built extension.

The saved product pages (tests/fixtures/product_pages/, written by their generator) are
served at their real Ozon addresses by page-level routes, which take precedence over the
shared context's saved site. The buyer opens the folded button, picks a question, and
Insert puts it into the page's question form or seller chat; nobody presses Send.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, FrameLocator, Page, Route, expect

from .saved_site import PAGE_CSP, ROOT

PAGES = ROOT / "tests" / "fixtures" / "product_pages"
INDEX: dict[str, dict[str, Any]] = json.loads((PAGES / "index.json").read_text(encoding="utf-8"))
SCRIPT_PATH = "/__och_test__/product-page.js"


def serve_product_pages(route: Route) -> None:
    url = route.request.url
    if urlsplit(url).path == SCRIPT_PATH:
        route.fulfill(status=200, content_type="text/javascript; charset=utf-8",
                      body=(PAGES / "product-page.js").read_text(encoding="utf-8"))
        return
    for name, meta in INDEX.items():
        if meta["url"] == url:
            route.fulfill(status=200, content_type="text/html; charset=utf-8",
                          body=(PAGES / name).read_text(encoding="utf-8"),
                          headers={"content-security-policy": PAGE_CSP})
            return
    route.fallback()


@pytest.fixture
def product_page(page: Page) -> Page:
    for pattern in ("https://www.ozon.ru/product/**", "https://ozon.kz/product/**",
                    f"https://www.ozon.ru{SCRIPT_PATH}", f"https://ozon.kz{SCRIPT_PATH}"):
        page.route(pattern, serve_product_pages)
    return page


@pytest.fixture
def side_language(context: BrowserContext) -> Iterator[Any]:
    """Set the language shown beside the Russian text; put the settings back afterwards."""
    worker = context.service_workers[0]
    before = worker.evaluate("async () => (await chrome.storage.local.get('settings')).settings ?? null")

    def use(lang: str) -> None:
        worker.evaluate("async (lang) => { const s = (await chrome.storage.local.get('settings')).settings ?? {};"
                        " await chrome.storage.local.set({settings: {...s, sideLang: lang}}); }", lang)

    yield use
    worker.evaluate("async (s) => s ? chrome.storage.local.set({settings: s}) : chrome.storage.local.remove('settings')",
                    before)


def open_ask(page: Page, name: str) -> FrameLocator:
    page.goto(INDEX[name]["url"])
    button = page.get_by_test_id("och-ask")
    expect(button).to_be_visible(timeout=15_000)
    button.click()
    page.wait_for_selector('[data-testid="och-panel"]', state="attached", timeout=15_000)
    frame = page.frame_locator('[data-testid="och-panel"]')
    expect(frame.get_by_test_id("och-product-title")).to_have_text(INDEX[name]["expect"]["title"], timeout=60_000)
    return frame


def test_the_button_is_folded_and_never_opens_by_itself(product_page: Page) -> None:
    product_page.goto(INDEX["product_clothing_sizes.html"]["url"])
    expect(product_page.get_by_test_id("och-ask")).to_be_visible(timeout=15_000)
    product_page.wait_for_timeout(1500)
    assert product_page.locator('[data-testid="och-panel"]').count() == 0
    box = product_page.get_by_test_id("och-ask").bounding_box()
    assert box is not None and box["width"] < 260 and box["height"] < 60


def test_size_question_goes_into_the_question_form(product_page: Page, site: Any) -> None:
    frame = open_ask(product_page, "product_clothing_sizes.html")
    for code in ("size", "compatibility", "included", "authenticity", "delivery", "own"):
        expect(frame.get_by_test_id(f"och-question-{code}")).to_be_visible()
    frame.get_by_test_id("och-question-size").click()
    draft = frame.get_by_test_id("och-draft")
    expect(draft).to_have_value(re.compile("в размере M\\?"), timeout=15_000)
    expect(frame.get_by_test_id("och-draft-side")).to_contain_text("size M")
    expect(frame.get_by_test_id("och-public-notice")).to_contain_text("public")
    expect(frame.get_by_test_id("och-draft")).to_be_in_viewport()
    expect(frame.get_by_test_id("och-insert")).to_be_in_viewport()
    frame.get_by_test_id("och-insert").click()
    expect(frame.get_by_test_id("och-status")).to_contain_text("Send", timeout=10_000)
    assert product_page.get_by_test_id("page-question").input_value() == draft.input_value()
    assert product_page.evaluate("() => window.__sendPresses") == 0
    assert site.foreign_requests == [], "nothing leaves the machine"


@pytest.mark.parametrize(("lang", "own", "marker"), [
    ("zh", "这件衣服洗后会缩水吗？", "китайском"),
    ("ru", "Ткань плотная? Просвечивает?", None),
])
def test_own_question_in_the_buyers_language_into_a_contenteditable_form(
        product_page: Page, side_language: Any, lang: str, own: str, marker: str | None) -> None:
    side_language(lang)
    frame = open_ask(product_page, "product_electronics.html")
    frame.get_by_test_id("och-question-own").click()
    frame.get_by_test_id("och-own-text").fill(own)
    draft = frame.get_by_test_id("och-draft")
    expect(draft).to_have_value(re.compile(re.escape(own)), timeout=15_000)
    if marker:
        assert f"Я пишу на {marker} языке, а ответить можно по-русски:" in draft.input_value()
        expect(frame.get_by_test_id("och-draft-side")).to_contain_text(own)
    frame.get_by_test_id("och-insert").click()
    expect(frame.get_by_test_id("och-status")).to_contain_text("Send", timeout=10_000)
    shown = product_page.get_by_test_id("page-question").inner_text()
    assert own in shown and "Здравствуйте!" in shown
    assert product_page.evaluate("() => window.__sendPresses") == 0


def test_personal_data_in_a_public_question_is_flagged(product_page: Page) -> None:
    frame = open_ask(product_page, "product_clothing_sizes.html")
    frame.get_by_test_id("och-question-own").click()
    frame.get_by_test_id("och-own-text").fill("Call me: +7 916 123-45-67, does it shrink?")
    expect(frame.get_by_test_id("och-checks")).to_contain_text("a phone number", timeout=15_000)
    # The buyer takes it out of the draft: the remark goes.
    draft = frame.get_by_test_id("och-draft")
    draft.fill(draft.input_value().replace("Call me: +7 916 123-45-67, ", ""))
    expect(frame.get_by_test_id("och-checks")).to_have_text("", timeout=10_000)


def test_without_a_question_form_the_question_goes_to_the_seller_chat(product_page: Page) -> None:
    frame = open_ask(product_page, "product_no_question_form.html")
    expect(frame.get_by_test_id("och-target-seller_chat")).to_have_attribute("aria-pressed", "true", timeout=10_000)
    frame.get_by_test_id("och-question-compatibility").click()
    frame.get_by_test_id("och-question-detail").fill("Galaxy A55")
    frame.get_by_test_id("och-question-detail").press("Enter")
    draft = frame.get_by_test_id("och-draft")
    expect(draft).to_have_value(re.compile("к моему устройству \\(Galaxy A55\\)"), timeout=15_000)
    assert "артикул 987654321" in draft.input_value()
    frame.get_by_test_id("och-insert").click()
    expect(frame.get_by_test_id("och-status")).to_contain_text("seller chat", timeout=10_000)
    assert product_page.get_by_test_id("page-chat").input_value() == draft.input_value()


def test_a_page_with_neither_box_says_what_to_open(product_page: Page) -> None:
    frame = open_ask(product_page, "product_no_box.html")
    frame.get_by_test_id("och-question-delivery").click()
    expect(frame.get_by_test_id("och-draft")).to_have_value(re.compile("доставка"), timeout=15_000)
    frame.get_by_test_id("och-insert").click()
    expect(frame.get_by_test_id("och-status")).to_contain_text("Задать вопрос", timeout=10_000)


def test_ozon_kz_reads_the_selected_size_and_close_folds_it_back(product_page: Page) -> None:
    frame = open_ask(product_page, "product_ozon_kz.html")
    frame.get_by_test_id("och-question-size").click()
    expect(frame.get_by_test_id("och-draft")).to_have_value(re.compile("в размере 38"), timeout=15_000)
    frame.get_by_test_id("och-ask-close").click()
    expect(product_page.locator('[data-testid="och-panel"]')).to_be_hidden(timeout=10_000)
    expect(product_page.get_by_test_id("och-ask")).to_be_visible()
    # Opened again, the question is still there.
    product_page.get_by_test_id("och-ask").click()
    expect(frame.get_by_test_id("och-draft")).to_have_value(re.compile("в размере 38"))


def test_the_ask_page_has_no_serious_accessibility_findings(context: BrowserContext,
                                                            product_page: Page) -> None:
    from .test_accessibility import axe_findings, serious

    frame = open_ask(product_page, "product_clothing_sizes.html")
    frame.get_by_test_id("och-question-own").click()
    frame.get_by_test_id("och-own-text").fill("Is it cotton? Call +7 916 123-45-67")
    expect(frame.get_by_test_id("och-checks")).not_to_have_text("", timeout=15_000)
    handle = product_page.query_selector('[data-testid="och-panel"]')
    assert handle is not None
    ask = handle.content_frame()
    assert ask is not None
    for scheme in ("light", "dark"):
        product_page.emulate_media(color_scheme=scheme)
        assert serious(axe_findings(context, ask)) == [], scheme
    # The page's own button, folded, has a name too.
    frame.get_by_test_id("och-ask-close").click()
    assert all(f["id"] != "button-name" for f in serious(axe_findings(context, product_page)))
