"""The options page in real Chromium: settings persist, every case of every order is
listed, and the buyer's data exports, deletes and re-imports with nothing lost."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from .test_chromium_journey import open_order


def options_page(context: BrowserContext, extension_id: str) -> Page:
    page = context.new_page()
    page.goto(f"chrome-extension://{extension_id}/options/options.html")
    expect(page.get_by_test_id("och-settings")).to_be_visible()
    expect(page.locator("#cases[data-loaded]")).to_be_attached()
    return page


def log_a_contact(page: Page, name: str, problem: str) -> str:
    panel, meta = open_order(page, name)
    panel.get_by_test_id(f"och-problem-{problem}").click()
    expect(panel.get_by_test_id("och-draft")).not_to_have_value("", timeout=15_000)
    panel.get_by_test_id("och-copy").click()
    panel.get_by_test_id("och-log-sent").click()  # only "Sent" logs the contact (issue 11)
    expect(panel.get_by_test_id("och-log-entry").first).to_be_visible(timeout=10_000)
    return str(meta["expect"]["number"])


def test_export_delete_and_import_lose_nothing(context: BrowserContext, page: Page,
                                               extension_id: str, tmp_path: Path) -> None:
    numbers = {log_a_contact(page, "orderdetails_cancelled.html", "refund_missing"),
               log_a_contact(page, "orderdetails_seller_delivery.html", "late_delivery")}
    options = options_page(context, extension_id)
    try:
        options.get_by_label("Your name (for the signature)").fill("Ли Мин")
        options.get_by_label("Your name (for the signature)").press("Tab")
        expect(options.get_by_role("status").first).to_have_text("Saved.")
        for number in numbers:
            expect(options.locator(f'[data-testid="och-case"][data-order="{number}"]')).to_be_visible()

        with options.expect_download() as download:
            options.get_by_test_id("och-export").click()
        exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert {c["order"]["number"] for c in exported["cases"]} >= numbers
        assert exported["settings"]["name"] == "Ли Мин"
        expect(options.locator("#downloads li")).to_have_count(1 + len(exported["cases"]))

        options.get_by_test_id("och-delete").click()
        options.get_by_test_id("och-delete-confirm").click()
        expect(options.get_by_test_id("och-data-status")).to_have_text("Everything was deleted.")
        expect(options.get_by_test_id("och-case")).to_have_count(0)
        expect(options.get_by_label("Your name (for the signature)")).to_have_value("")

        saved = tmp_path / "export.json"
        saved.write_text(json.dumps(exported), encoding="utf-8")
        options.get_by_test_id("och-import").set_input_files(str(saved))
        expect(options.get_by_test_id("och-data-status")).to_have_text(
            re.compile(f"Imported {len(exported['cases'])} cases?\\."))
        expect(options.get_by_test_id("och-case")).to_have_count(len(exported["cases"]))
        expect(options.get_by_label("Your name (for the signature)")).to_have_value("Ли Мин")

        with options.expect_download() as again:
            options.get_by_test_id("och-export").click()
        reimported = json.loads(Path(again.value.path()).read_text(encoding="utf-8"))
        assert sorted(reimported["cases"], key=lambda c: c["id"]) == sorted(
            exported["cases"], key=lambda c: c["id"]), "the round trip must be exact"
    finally:
        options.close()


def test_a_broken_import_file_changes_nothing(context: BrowserContext, extension_id: str,
                                             tmp_path: Path) -> None:
    options = options_page(context, extension_id)
    try:
        before = options.get_by_test_id("och-case").count()
        bad = tmp_path / "bad.json"
        bad.write_text('{"format": "ozon-contact-helper-export", "cases": [{"id": 1}]}')
        options.get_by_test_id("och-import").set_input_files(str(bad))
        expect(options.get_by_test_id("och-data-status")).not_to_have_text("", timeout=60_000)
        expect(options.get_by_test_id("och-data-status")).not_to_have_text(re.compile("Imported"))
        expect(options.get_by_test_id("och-case")).to_have_count(before)
    finally:
        options.close()


def test_the_interface_language_can_differ_from_the_browsers(context: BrowserContext, page: Page,
                                                            extension_id: str) -> None:
    log_a_contact(page, "orderdetails_seller_delivery.html", "late_delivery")  # a dated case
    options = options_page(context, extension_id)
    try:
        options.get_by_label("Interface language").select_option("ru")
        expect(options.get_by_role("heading", name="Все ваши обращения")).to_be_visible()
        panel, _ = open_order(page)
        expect(panel.get_by_role("heading", name="Помощник по обращению")).to_be_visible()
        expect(panel.get_by_test_id("och-problem-damaged")).to_have_text("Товар повреждён")
        options.get_by_label("Язык интерфейса").select_option("zh")
        page.reload()
        panel = page.frame_locator('[data-testid="och-panel"]')
        expect(panel.get_by_test_id("och-problem-damaged")).to_have_text("商品损坏", timeout=30_000)
        # The dates on the options page follow the chosen language at once (issue 11).
        expect(options.locator(".case .when").first).to_contain_text("年")
    finally:
        # The browser is shared by the whole suite: put the language back.
        options.locator("#uiLang").select_option("")
        expect(options.get_by_role("heading", name="All your cases")).to_be_visible()
        options.close()


def test_the_options_page_text_is_at_least_14px(context: BrowserContext, extension_id: str) -> None:
    from .test_panel_layout import FONT_SIZES

    options = options_page(context, extension_id)
    try:
        sizes = options.evaluate(FONT_SIZES)
        assert len(sizes) > 10, sizes
        assert [s for s in sizes if s["size"] < 14] == []
    finally:
        options.close()
