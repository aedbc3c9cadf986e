"""Reading the live structure (issue 8): every page of the corpus is read completely."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from py_core._data import load_data
from py_core.bridge import handle
from py_core.extract import extract_order
from py_core.models import Order

from .conftest import CAPTURED_AT, INDEX, PAGES, page_snapshot

LIVE = sorted(n for n, e in INDEX.items() if e.get("shape") == "live-2026")
LIVE_ORDERS = [n for n in LIVE if INDEX[n]["expect"]["page_kind"] == "order_details"]
RETURNS = [n for n in LIVE if INDEX[n]["expect"]["page_kind"] != "order_details"]


def test_the_corpus_covers_what_the_issue_asks() -> None:
    assert len(LIVE_ORDERS) >= 12
    expects = [INDEX[n]["expect"] for n in LIVE_ORDERS]
    counts = {len(e["parcel_states"]) for e in expects}
    assert {1, 2, 3} <= counts
    states = {p["status"] for e in expects for p in e["parcel_states"]}
    assert {"in_transit", "ready_for_pickup", "received", "cancelled"} <= states
    assert any(len(p["sellers"]) == 2 for e in expects for p in e["parcel_states"])
    assert {"ozon.kz", "ozon.by"} <= {e.get("site") for e in expects}
    assert any(re.fullmatch(r"\d{10}-\d{4}", e["number"]) for e in expects)
    assert any("late" in e for e in expects)
    assert "live_json_missing.html" in LIVE_ORDERS
    assert '"name":"' in (PAGES / "live_seller_string.html").read_text(encoding="utf-8").replace(
        "&quot;", '"'
    )
    assert {"returns", "return_details"} == {INDEX[n]["expect"]["page_kind"] for n in RETURNS}
    older = [n for n, e in INDEX.items() if e.get("shape", "").startswith("older")]
    assert len(older) >= 10, "the older shapes stay in the corpus"


def _check_order(order: Order, expect: dict[str, Any]) -> None:
    assert order.number == expect["number"]
    assert order.created_date is not None
    assert order.created_date.isoformat() == expect["created_date"]
    assert order.status.value == expect["status"]
    assert order.total is not None and f"{order.total.normalize():f}" == expect["total"]
    assert order.sellers == expect["sellers"]
    assert [item.title for item in order.items] == expect["item_titles"]
    for key in ("site", "currency", "payment_method", "delivery_kind"):
        if key in expect:
            assert getattr(order, key) == expect[key], key
    for key in ("expected_date", "received_date"):
        if key in expect:
            value = getattr(order, key)
            assert value is not None and value.isoformat() == expect[key], key
    if "delivery_scheme" in expect:
        assert order.delivery_scheme.value == expect["delivery_scheme"]
    for title, quantity in expect.get("quantities", {}).items():
        assert next(i.quantity for i in order.items if i.title == title) == quantity
    if "first_sku" in expect:
        assert order.items[0].sku == expect["first_sku"]
    read = [
        {
            "status": p.status.value,
            "shipment_id": p.shipment_id,
            "sellers": p.sellers,
            "items": [i.title for i in order.items if i.shipment_id == p.shipment_id],
        }
        for p in order.parcels
    ]
    assert read == expect["parcel_states"]


@pytest.mark.parametrize("name", LIVE_ORDERS)
def test_every_live_page_is_read_completely(name: str) -> None:
    expect = INDEX[name]["expect"]
    result = extract_order(page_snapshot(name))
    assert result.page_kind == "order_details"
    assert result.order is not None
    _check_order(result.order, expect)
    assert result.missing == expect["missing"]
    assert result.warnings == []


@pytest.mark.parametrize("name", LIVE_ORDERS)
def test_without_the_json_the_links_and_text_still_give_items_and_parcels(name: str) -> None:
    """The second signal: strip every data-state; items, SKUs and parcel states remain."""
    expect = INDEX[name]["expect"]
    snap = page_snapshot(name)
    snap["widgets"] = []
    result = extract_order(snap)
    order = result.order
    assert order is not None
    assert [i.title for i in order.items] == expect["item_titles"]
    with_json = extract_order(page_snapshot(name)).order
    assert with_json is not None
    assert [i.sku for i in order.items] == [i.sku for i in with_json.items]
    assert all(i.sku for i in order.items)
    assert [p.status.value for p in order.parcels] == [p["status"] for p in expect["parcel_states"]]
    assert [p.shipment_id for p in order.parcels] == [
        p["shipment_id"] for p in expect["parcel_states"]
    ]
    assert order.sellers == expect["sellers"]


def test_a_late_widget_completes_the_order() -> None:
    name = "live_late_widget.html"
    html = (PAGES / name).read_text(encoding="utf-8")
    late = re.search(r'<template id="och-late">(.*)</template>', html, re.DOTALL)
    assert late is not None
    arrived = html.replace(late.group(0), "").replace("</footer>", "</footer>" + late.group(1))
    from py_core._html_snapshot import snapshot_from_html

    snap = snapshot_from_html(arrived, INDEX[name]["url"], captured_at=CAPTURED_AT)
    expect = {**INDEX[name]["expect"], **INDEX[name]["expect"]["late"]}
    order = extract_order(snap).order
    assert order is not None
    assert order.status.value == expect["status"]
    assert [i.title for i in order.items] == expect["item_titles"]
    assert [p.status.value for p in order.parcels] == ["received", "in_transit"]


@pytest.mark.parametrize("name", LIVE)
def test_the_recipient_never_reaches_the_snapshot_or_the_order(name: str) -> None:
    absent = INDEX[name]["expect"].get("absent", [])
    snap = page_snapshot(name)
    reply = handle("extract", json.dumps({"snapshot": snap}))
    for text in absent:
        assert text not in json.dumps(snap, ensure_ascii=False)
        assert text not in reply
        for part in re.split(r"[ ,]+", text):
            if len(part) > 6:
                assert part not in json.dumps(snap, ensure_ascii=False), part


def test_the_site_header_is_not_the_order() -> None:
    snap = page_snapshot("live_one_item_received.html")
    snap["widgets"] = [
        w for w in snap["widgets"] if w["widget"] in ("addressBookBarWeb", "orderInfo")
    ]
    snap["text"] = ""
    snap["url"] = "https://www.ozon.ru/my/orderdetails/"
    order = extract_order(snap).order
    assert order is not None
    assert order.number is None and order.created_date is None


@pytest.mark.parametrize("name", RETURNS)
def test_returns_pages(name: str) -> None:
    expect = INDEX[name]["expect"]
    result = extract_order(page_snapshot(name))
    assert result.page_kind == expect["page_kind"]
    assert result.order is not None
    read = [
        {
            "number": r.number,
            "status": r.status,
            "status_label": r.status_label,
            "amount": None if r.amount is None else f"{r.amount.normalize():f}",
            "created_date": r.created_date and r.created_date.isoformat(),
            "items": r.items,
        }
        for r in result.order.returns
    ]
    assert read == expect["returns"]


def test_a_damaged_item_draft_on_a_one_item_order_names_the_item() -> None:
    snap = page_snapshot("live_one_item_received.html")
    order = json.loads(handle("extract", json.dumps({"snapshot": snap})))["result"]["order"]
    reply = json.loads(
        handle(
            "draft",
            json.dumps({"order": order, "problem": {"code": "damaged"}, "lang": "en"}),
        )
    )
    assert reply["ok"], reply
    assert "Термокружка стальная 450 мл" in reply["result"]["ru"]["body"]


def test_page_json_says_where_every_path_comes_from() -> None:
    page = load_data("page")
    sources = page["sources"]
    for role, spec in page["widgets"].items():
        for key, entries in spec.items():
            for entry in entries:
                assert (
                    entry["source"] in sources
                    or all(part.strip() in sources for part in entry["source"].split(";"))
                    or entry["source"].startswith("shapes")
                ), (role, key, entry)
                if entry.get("older"):
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["dated"]) and entry["note"]
                else:
                    assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", entry["last_seen"]), entry
        assert any(not e.get("older") for e in spec["names"]), role


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_a_refund_draft_from_a_return_page_cites_its_number_and_status(lang: str) -> None:
    snap = page_snapshot("return_details.html")
    extracted = json.loads(handle("extract", json.dumps({"snapshot": snap})))["result"]
    order = {**extracted["order"], "number": "33445566-0101"}  # typed in by the buyer
    reply = json.loads(
        handle(
            "draft",
            json.dumps({"order": order, "problem": {"code": "refund_missing"}, "lang": lang}),
        )
    )
    assert reply["ok"], reply
    for text in (reply["result"]["ru"]["body"], reply["result"]["side"]["body"]):
        assert "33445566-R12" in text
        assert "Деньги отправлены" in text


def test_a_recipient_block_under_another_widget_name_is_dropped_too() -> None:
    from py_core._html_snapshot import snapshot_from_html

    html = (PAGES / "live_one_item_received.html").read_text(encoding="utf-8")
    renamed = html.replace('data-widget="orderDetailsItem"', 'data-widget="recipientCard"')
    renamed = renamed.replace("state-orderDetailsItem", "state-recipientCard")
    snap = snapshot_from_html(renamed, INDEX["live_one_item_received.html"]["url"])
    for text in INDEX["live_one_item_received.html"]["expect"]["absent"]:
        assert text not in json.dumps(snap, ensure_ascii=False)
    assert snap["delivery"] == "pickup"


def test_visible_text_layouts_give_product_lines() -> None:
    from decimal import Decimal

    from py_core.extract import _item_from_line

    # "Title · 2 шт. · price", and "Title · price" without a quantity.
    item = _item_from_line("Плед флисовый · 39,90 BYN", None)
    assert item is not None and (item.title, item.quantity, item.price) == (
        "Плед флисовый",
        1,
        Decimal("39.90"),
    )
    assert _item_from_line("Отправление 1 из 1 · 46210987-0777 · 899 ₽", None) is None
    # The live layout: a product link, then its price, quantity and variant on lines below.
    snap = {
        "url": "https://www.ozon.ru/my/orderdetails/?order=12121212-1010",
        "text": "Заказ от 13 ноября\nТермос 1 л\n1 290 ₽\n3 шт.\nСиний\nЧашка\n250 ₽\nОплачено\n4 120 ₽",
        "links": [
            {"text": "Термос 1 л", "href": "/product/termos-1-l-123456/", "container": ""},
            {"text": "Чашка", "href": "/product/chashka-654321/?from=order", "container": ""},
        ],
        "captured_at": "2026-11-22T10:00:00Z",
    }
    order = extract_order(snap).order
    assert order is not None
    read = [(i.title, i.sku, i.quantity, i.price) for i in order.items]
    assert read == [
        ("Термос 1 л", "123456", 3, Decimal(1290)),
        ("Чашка", "654321", 1, Decimal(250)),
    ]
    assert order.total == Decimal(4120)


def test_a_parcel_widget_seen_twice_is_read_once() -> None:
    snap = page_snapshot("live_two_parcels_mixed.html")
    parcels = [w for w in snap["widgets"] if w["widget"] == "shipmentWidget"]
    snap["widgets"] = snap["widgets"] + parcels
    order = extract_order(snap).order
    assert order is not None
    assert len(order.parcels) == 2 and len(order.items) == 2
