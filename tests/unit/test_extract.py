"""Reading orders from the saved pages (tests/fixtures/pages, described in index.json)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from py_core.extract import extract_order
from py_core.locale_text import parse_money, parse_ru_date

from .conftest import INDEX, PAGES, page_snapshot


@pytest.mark.parametrize("name", sorted(INDEX))
def test_fixture_matches_its_expectations(name: str) -> None:
    expect = INDEX[name]["expect"]
    result = extract_order(page_snapshot(name))
    assert result.page_kind == expect["page_kind"]
    if expect["page_kind"] == "unknown":
        assert result.order is None
        assert result.warnings
        return
    order = result.order
    assert order is not None
    assert order.number == expect["number"]
    simple = {
        "site": order.site,
        "status": order.status.value,
        "created_date": order.created_date and order.created_date.isoformat(),
        "received_date": order.received_date and order.received_date.isoformat(),
        "expected_date": order.expected_date and order.expected_date.isoformat(),
        "delivery_scheme": order.delivery_scheme.value,
        "sellers": order.sellers,
        "items": len(order.items),
        "parcels": len(order.parcels),
        "currency": order.currency,
        "total": None if order.total is None else f"{order.total.normalize():f}",
        "tracking": order.tracking,
        "first_sku": order.items[0].sku if order.items else None,
        "missing": result.missing,
        "warnings": len(result.warnings),
    }
    for key, value in expect.items():
        if key in simple:
            assert simple[key] == value, key


def test_every_fixture_is_listed_and_self_contained() -> None:
    pages = {p.name for p in PAGES.glob("*.html")}
    assert pages == set(INDEX)
    assert len([n for n in pages if n.startswith("orderdetails_")]) >= 8
    for name in pages:
        html = (PAGES / name).read_text(encoding="utf-8")
        assert 'id="layoutPage"' in html
        assert "<script" not in html and "<link" not in html and "<img" not in html
        assert INDEX[name]["url"].startswith("https://")


@pytest.mark.parametrize(
    ("url", "number"),
    [
        ("https://www.ozon.ru/my/orderdetails/?order=46206571-0591", "46206571-0591"),
        ("https://www.ozon.ru/my/orderdetails/?order=0208297309-0043", "0208297309-0043"),
        ("https://www.ozon.ru/my/orderdetails/?order=44563249-0833-6", "44563249-0833"),
        ("https://www.ozon.ru/my/orderdetails/?shipment_id=123-4567-12", "123-4567"),
        ("https://ozon.kz/my/orderdetails/?order=1234567890123-0001", "1234567890123-0001"),
        ("https://ozon.kz/my/orderdetails/?order=12345-001", None),
    ],
)
def test_order_number_from_url(url: str, number: str | None) -> None:
    result = extract_order({"url": url, "text": ""})
    assert result.page_kind == "order_details"
    assert result.order is not None
    assert result.order.number == number


def test_number_from_text_when_url_has_none() -> None:
    snap = page_snapshot("orderdetails_text_only.html")
    snap["url"] = "https://www.ozon.ru/my/orderdetails/"
    result = extract_order(snap)
    assert result.order is not None and result.order.number == "46210987-0777"


@pytest.mark.parametrize(
    "snapshot",
    [
        None,
        5,
        "x",
        [],
        {},
        {"url": 5},
        {"widgets": "x"},
        {"widgets": [1, None, {"state": 5}]},
        {
            "url": "https://www.ozon.ru/my/orderdetails/?order=1-1",
            "widgets": [{"widget": "shipmentWidget", "id": "state-x", "state": "[" * 5000}],
        },
        {
            "url": "https://www.ozon.ru/my/orderdetails/",
            "widgets": [
                {
                    "widget": "shipmentWidget",
                    "id": "state-x",
                    "state": '{"postingNumber": 5, "products": [{"title": 7}, 3]}',
                }
            ],
        },
        {
            "url": "https://www.ozon.ru/my/orderdetails/",
            "text": "Заказ от 31 февраля\nПолучен 99 ноября",
            "captured_at": "junk",
        },
    ],
)
def test_hostile_snapshots_never_raise(snapshot: Any) -> None:
    result = extract_order(snapshot)
    assert result.page_kind in ("order_details", "unknown")


def test_dates_without_year_resolve_to_the_past() -> None:
    from datetime import date

    assert parse_ru_date("Получен 30 декабря", date(2026, 1, 5)) == date(2025, 12, 30)
    assert parse_ru_date("Доставим 3 января", date(2025, 12, 30), past=False) == date(2026, 1, 3)
    assert parse_ru_date("Доставим 24–26 ноября", date(2026, 11, 22), past=False) == date(
        2026, 11, 26
    )
    assert parse_ru_date("17 сентября 2025", date(2026, 11, 22)) == date(2025, 9, 17)


def test_money() -> None:
    assert parse_money("5 990 ₽") == Decimal(5990)
    assert parse_money("2 × 390 ₽") == Decimal(390)
    assert parse_money("14\u00a0990,50 ₸") == Decimal("14990.50")
    assert parse_money(True) is None
    assert parse_money("бесплатно") is None


def test_product_lines_in_text() -> None:
    from py_core.extract import _item_from_line

    item = _item_from_line("Разделочная доска бамбуковая · 2 шт. · 2 × 390 ₽", "Дом и Сад")
    assert item is not None
    assert (item.title, item.quantity, item.price, item.seller) == (
        "Разделочная доска бамбуковая",
        2,
        Decimal(390),
        "Дом и Сад",
    )
    assert _item_from_line("Итого 899 ₽", None) is None
    assert _item_from_line("Отправление 1 из 1 · 46210987-0777-1", None) is None
