"""The claim page in real Chromium: a case that went unanswered gets its claim, the
Rospotrebnadzor text and (for payments) the bank text; Russian beside the buyer's language
on screen, Russian only in print; printing logs the step in the case."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from py_core import caselog
from py_core.models import AttemptStatus, ChannelCode, Order, OrderItem, OrderStatus, Problem

SHOTS = Path(__file__).parent / "screenshots"


def _shot_path(name: str, tmp_path: Path) -> Path:
    """The committed screenshot when it is missing or OCH_SCREENSHOTS=1, else a scratch copy
    (rendering differs by a pixel between runs; the committed one is looked at by a person)."""
    target = SHOTS / name
    if os.environ.get("OCH_SCREENSHOTS") == "1" or not target.exists():
        return target
    return tmp_path / name


def _unanswered_case() -> dict[str, object]:
    order = Order(
        number="46206571-0591",
        created_date=date(2026, 11, 10),
        received_date=date(2026, 11, 12),
        status=OrderStatus.RECEIVED,
        items=[
            OrderItem(
                title="Чайник электрический Polaris PWK 1725", sku="4242", price=Decimal(2990)
            )
        ],
        sellers=["ТехноМир"],
        total=Decimal(2990),
    )
    problem = Problem.model_validate(
        {
            "code": "damaged",
            "damage": "item",
            "remedy": "refund",
            "fault": "не нагревается, на корпусе трещина",
        }
    )
    case = caselog.new_case(order, problem, now=datetime(2026, 11, 13, tzinfo=UTC))
    for channel, day in ((ChannelCode.SELLER_CHAT, 13), (ChannelCode.SUPPORT_CHAT, 15)):
        case, _ = caselog.record_attempt(
            case,
            channel=channel,
            text="…",
            now=datetime(2026, 11, day, tzinfo=UTC),
            status=AttemptStatus.NO_REPLY,
        )
    return case.model_dump(mode="json")


def _store(page: Page, case: dict[str, object]) -> None:
    page.evaluate(
        """async ([kase]) => {
            await chrome.storage.local.set({["case:" + kase.id]: kase, settings: {name: "Ли Вэй", tone: "formal"}});
        }""",
        [case],
    )


def test_claim_page_shows_both_languages_and_prints_russian_only(
    context: BrowserContext, extension_id: str, tmp_path: Path
) -> None:
    case = _unanswered_case()
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    try:
        page.goto(f"chrome-extension://{extension_id}/claim/claim.html")
        expect(page.locator("#status")).to_contain_text("case")  # no case id: said, not blank
        _store(page, case)
        page.goto(f"chrome-extension://{extension_id}/claim/claim.html?case={case['id']}&lang=zh")
        ru = page.get_by_test_id("och-claim-ru")
        expect(ru).to_contain_text("ПРЕТЕНЗИЯ", timeout=60_000)
        expect(ru).to_contain_text("От: Ли Вэй")  # the saved profile
        expect(ru).to_contain_text("не нагревается, на корпусе трещина")
        expect(page.get_by_test_id("och-claim-side")).to_contain_text("索赔函")
        expect(page.get_by_test_id("och-claim-tab-rospotrebnadzor")).to_be_visible()
        # The buyer fills in the seller's legal name; the document follows.
        page.locator("#f-seller_name").fill("ООО «ТехноМир Трейд»")
        page.locator("#f-seller_name").press("Tab")
        expect(ru).to_contain_text("Кому: ООО «ТехноМир Трейд»")
        # A bad ИНН is refused with a message, and nothing typed is lost.
        page.locator("#f-seller_inn").fill("12")
        page.locator("#f-seller_inn").press("Tab")
        expect(page.locator("#status")).to_have_class("error")
        page.locator("#f-seller_inn").fill("7701234567")
        page.locator("#f-seller_inn").press("Tab")
        expect(ru).to_contain_text("ИНН: 7701234567")
        expect(page.locator("#f-seller_name")).to_have_value("ООО «ТехноМир Трейд»")
        page.screenshot(path=str(_shot_path("claim-screen-zh.png", tmp_path)), full_page=True)

        page.emulate_media(media="print")
        expect(page.get_by_test_id("och-claim-side")).to_be_hidden()
        expect(page.get_by_test_id("och-claim-fields")).to_be_hidden()
        expect(ru).to_be_visible()
        page.screenshot(path=str(_shot_path("claim-print.png", tmp_path)), full_page=True)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
        (Path(tmp_path) / "claim.pdf").write_bytes(pdf)
        page.emulate_media(media="screen")

        # Print logs the step in the case, with its date.
        page.evaluate(
            "() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }"
        )
        page.get_by_test_id("och-claim-print").click()
        expect(page.get_by_test_id("och-claim-tab-claim")).to_contain_text("✓")
        assert page.evaluate("window.__printed") == 1
        stored = page.evaluate(
            "async ([id]) => (await chrome.storage.local.get('case:' + id))['case:' + id]",
            [case["id"]],
        )
        assert [step["code"] for step in stored["steps"]] == ["claim"]
        # Rospotrebnadzor's text now says when the claim was sent.
        page.get_by_test_id("och-claim-tab-rospotrebnadzor").click()
        expect(ru).to_contain_text("продавцу направлена письменная претензия")
        json.dumps(stored)  # still a plain JSON case
    finally:
        page.close()
