"""Payloads that carry only what changed (issue 13): corrections, one-call logging and listing.

The panel sends the buyer's `OrderCorrections` and choices; the background adds the order
as read. Logging a contact is one ``case_record`` call, listing every case with what is due
one ``case_list`` call. And the escalation names what the first draft named.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from py_core.api import OrderCorrections, corrected
from py_core.bridge import handle
from py_core.models import Order

from .conftest import page_snapshot

NOW = "2026-11-21T09:00:00Z"
LATER = "2026-11-28T09:00:00Z"


def call(request_type: str, payload: dict[str, Any]) -> Any:
    reply = json.loads(handle(request_type, json.dumps(payload, ensure_ascii=False)))
    assert reply["ok"], reply
    return reply["result"]


def error(request_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    reply = json.loads(handle(request_type, json.dumps(payload, ensure_ascii=False)))
    assert not reply["ok"], reply
    return reply["error"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def parcels_order() -> dict[str, Any]:
    snapshot = page_snapshot("orderdetails_several_parcels.html")
    order: dict[str, Any] = call("extract", {"snapshot": snapshot})["order"]
    return order


def test_corrections_fill_what_the_page_did_not_show(parcels_order: dict[str, Any]) -> None:
    read = Order.model_validate(parcels_order)
    fixes = OrderCorrections.model_validate(
        {"number": "11111111-0001", "received_date": "2026-11-20", "status": "received"}
    )
    order = corrected(read, fixes)
    assert order is not None
    # A number typed in never replaces the one the page showed; the rest does.
    assert order.number == read.number
    assert str(order.received_date) == "2026-11-20" and order.status == "received"
    assert order.items == read.items and order.sellers == read.sellers
    # Without a read, the corrections are the order; with neither, there is none.
    typed = corrected(None, OrderCorrections(number="11111111-0001", item="Чайник"))  # type: ignore[arg-type]
    assert typed is not None and typed.number == "11111111-0001"
    assert [item.title for item in typed.items] == ["Чайник"]
    assert corrected(None, OrderCorrections()) is None
    assert corrected(read, None) is read


def test_advice_from_corrections_is_the_advice_on_the_corrected_order(
    parcels_order: dict[str, Any],
) -> None:
    fixes = {"received_date": "2026-11-20", "sellers": ["ООО Ромашка"]}
    problem = {"code": "damaged", "fault": "скол"}
    by_parts = call(
        "advise", {"order": parcels_order, "corrections": fixes, "problem": problem, "now": LATER}
    )
    whole = {**parcels_order, **fixes}
    assert by_parts == call("advise", {"order": whole, "problem": problem, "now": LATER})
    assert "ООО Ромашка" in by_parts["draft"]["ru"]["body"]
    # The panel's pick is small: the order is not in it.
    pick = {"problem": problem, "lang": "zh", "corrections": fixes}
    assert len(json.dumps(pick, ensure_ascii=False)) < len(json.dumps(parcels_order)) / 5
    # Neither an order nor a typed number: the buyer is told to type the number.
    assert error("advise", {"problem": problem})["code"] == "missing_order_number"
    bad = error("draft", {"problem": problem, "corrections": {"number": "12"}})
    assert bad["code"] == "invalid_payload" and bad["details"][0]["field"] == "corrections.number"


def test_a_contact_is_logged_in_one_call_and_the_log_is_listed_in_one(
    parcels_order: dict[str, Any],
) -> None:
    problem = {"code": "missing_item", "item": "Набор кухонных ножей, 5 шт.", "amount": "1290"}
    first = call(
        "case_record",
        {
            "order": parcels_order,
            "corrections": {"received_date": "2026-11-20"},
            "problem": problem,
            "channel": "seller_chat",
            "text": "Здравствуйте!",
            "now": NOW,
            "profile": {"name": "Ли Вэй", "tone": "neutral"},
        },
    )
    case = first["case"]
    assert case["order"]["received_date"] == "2026-11-20"
    assert case["problem"]["item"] == problem["item"] and case["problem"]["amount"] == "1290"
    assert case["profile"] == {"name": "Ли Вэй", "tone": "neutral"}
    assert first["attempt"]["id"] == "A1" and first["attempt"]["follow_up_due"]
    second = call(
        "case_record",
        {"case": case, "problem": {"code": "missing_item"}, "channel": "support_chat", "text": "x"},
    )["case"]
    # A message without details keeps the details the earlier one gave.
    assert second["problem"]["item"] == problem["item"]
    other = call(
        "case_record",
        {
            "order": {"number": "22222222-0002"},
            "problem": {"code": "damaged"},
            "channel": "support_chat",
            "text": "y",
            "now": LATER,
        },
    )["case"]
    listing = call("case_list", {"records": [second, 7, other], "now": LATER})
    assert [item["case"]["id"] for item in listing["cases"]] == [other["id"], second["id"]]
    due = listing["cases"][1]["due"]
    assert [d["channel"] for d in due][:1] and {d["attempt_id"] for d in due} == {"A1", "A2"}
    assert listing["bad"] == [{"index": 1, "reason": "the record is not a case"}]
    one = call("case_list", {"records": [second, other], "order_number": "22222222-0002"})
    assert [item["case"]["id"] for item in one["cases"]] == [other["id"]]
    missing = error("case_record", {"problem": problem, "channel": "seller_chat", "text": "x"})
    assert missing["code"] == "invalid_payload"


def test_escalation_names_the_item_details_amount_name_and_tone_of_the_first_draft(
    parcels_order: dict[str, Any],
) -> None:
    """Issue 13 bug, along the extension's path: the first draft, logged in one call, escalated."""
    problem = {
        "code": "missing_item",
        "item": "Набор кухонных ножей, 5 шт.",
        "noticed": "at_unboxing",
        "amount": "1290",
        "remedy": "refund",
    }
    profile = {"name": "Ли Вэй", "tone": "neutral"}
    first = call(
        "draft",
        {
            "order": parcels_order,
            "problem": problem,
            "channel": "seller_chat",
            "profile": profile,
            "now": NOW,
        },
    )["ru"]["body"]
    case = call(
        "case_record",
        {
            "order": parcels_order,
            "problem": problem,
            "channel": "seller_chat",
            "text": first,
            "status": "no_reply",
            "profile": profile,
            "now": NOW,
        },
    )["case"]
    # The background asks with the saved profile (here: none saved since) and the case.
    for saved in ({}, {"profile": {"tone": "formal"}}):
        escalation = call("case_escalation", {"case": case, "lang": "zh", "now": LATER, **saved})
        body = escalation["ru"]["body"]
        for named in ("«Набор кухонных ножей, 5 шт.»", "при распаковке", "1 290 ₽", "Ли Вэй"):
            assert named in first, named
            assert named in body, (named, body)
        assert first.startswith("Добрый день!") and body.startswith("Добрый день!")
    # The claim page asks with the saved profile too: without a saved name, the case's signs.
    for saved in ({}, {"profile": {"tone": "formal"}}):
        claim = call("claim", {"case": case, "lang": "en", "now": LATER, **saved})
        text = claim["documents"][0]["ru"]["text"]
        assert "Набор кухонных ножей, 5 шт." in text and "Ли Вэй" in text
