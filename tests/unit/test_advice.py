"""Channel advice follows the rules of data/channels.json."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from py_core.advice import follow_up_due, recommend_channels
from py_core.extract import extract_order
from py_core.models import ChannelCode, ContactAttempt, Order, Problem, ProblemCode

from .conftest import page_snapshot

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def order_of(name: str) -> Order:
    order = extract_order(page_snapshot(name)).order
    assert order is not None
    return order


def codes(
    order: Order, problem: dict[str, Any], history: list[dict[str, Any]] = (), now: datetime = NOW
) -> list[str]:  # type: ignore[assignment]
    attempts = [ContactAttempt.model_validate({"text": "…", **a}) for a in history]
    advice = recommend_channels(order, Problem.model_validate(problem), attempts, now=now)
    assert [a.rank for a in advice] == list(range(1, len(advice) + 1))
    assert len({a.code for a in advice}) == len(advice)
    return [a.code.value for a in advice]


OZON = order_of("orderdetails_one_parcel.html")
SELLER = order_of("orderdetails_seller_delivery.html")


@pytest.mark.parametrize("code", [c.value for c in ProblemCode])
def test_every_problem_gets_advice_with_reasons(code: str) -> None:
    advice = recommend_channels(OZON, Problem.model_validate({"code": code}), [], now=NOW)
    assert advice
    for item in advice:
        assert set(item.reason) == {"ru", "en", "zh"}
    assert "public_post" not in [a.code.value for a in advice]


def test_late_parcel_goes_to_whoever_delivers_it() -> None:
    assert codes(SELLER, {"code": "late_delivery"})[0] == "seller_chat"
    assert codes(OZON, {"code": "late_delivery"})[0] == "support_chat"
    assert codes(SELLER, {"code": "not_delivered"})[0] == "seller_chat"
    assert codes(OZON, {"code": "not_delivered"})[0] == "support_chat"


def test_product_questions_go_to_the_seller_and_defects_to_the_return_form() -> None:
    assert codes(OZON, {"code": "product_question"})[0] == "seller_chat"
    assert codes(OZON, {"code": "damaged"})[0] == "return_request"
    assert codes(OZON, {"code": "return_request"})[0] == "return_request"
    assert codes(OZON, {"code": "warranty_repair"})[0] == "return_request"


def test_payment_account_and_refunds_go_to_ozon_support() -> None:
    for code in ("payment_issue", "account_issue", "refund_missing", "complaint"):
        assert codes(OZON, {"code": code})[0] == "support_chat", code


def test_complaint_about_seller_also_offers_the_seller_chat() -> None:
    assert "seller_chat" in codes(OZON, {"code": "complaint", "complaint_about": "seller"})
    assert "seller_chat" not in codes(OZON, {"code": "complaint", "complaint_about": "courier"})


def test_silent_seller_sends_the_buyer_to_support() -> None:
    waiting = {
        "id": "A1",
        "at": "2026-11-22T08:00:00Z",
        "channel": "seller_chat",
        "status": "waiting",
    }
    assert codes(OZON, {"code": "product_question"}, [waiting])[0] == "seller_chat"
    overdue = {**waiting, "at": "2026-11-20T08:00:00Z"}
    assert codes(OZON, {"code": "product_question"}, [overdue])[0] == "support_chat"
    advice = recommend_channels(
        OZON,
        Problem(code=ProblemCode.PRODUCT_QUESTION),
        [ContactAttempt.model_validate({"text": "…", **overdue})],
        now=NOW,
    )
    assert "not answered" in advice[0].reason["en"]


def test_public_post_only_after_repeated_failures() -> None:
    one = [
        {"id": "A1", "at": "2026-11-20T08:00:00Z", "channel": "seller_chat", "status": "no_reply"}
    ]
    two = one + [
        {"id": "A2", "at": "2026-11-21T08:00:00Z", "channel": "support_chat", "status": "no_reply"}
    ]
    assert "public_post" not in codes(OZON, {"code": "damaged"}, one)
    assert codes(OZON, {"code": "damaged"}, two)[-1] == "public_post"


def test_chat_switched_off_removes_the_seller_chat() -> None:
    assert "seller_chat" not in codes(
        OZON, {"code": "account_issue", "account_kind": "chat_disabled"}
    )
    failed = [
        {"id": "A1", "at": "2026-11-21T08:00:00Z", "channel": "seller_chat", "status": "failed"}
    ]
    result = codes(OZON, {"code": "product_question"}, failed)
    assert result[0] == "support_chat" and "seller_chat" not in result


def test_long_case_brings_in_email() -> None:
    history = [
        {
            "id": f"A{i}",
            "at": f"2026-11-{10 + i}T08:00:00Z",
            "channel": "support_chat",
            "status": "answered",
        }
        for i in range(1, 4)
    ]
    assert codes(OZON, {"code": "refund_missing"}, history)[1] == "email"


def test_return_form_waits_for_the_parcel_to_be_received() -> None:
    advice = recommend_channels(SELLER, Problem(code=ProblemCode.DAMAGED), [], now=NOW)
    assert advice[-1].code.value == "return_request"
    assert advice[-1].notes and "Получен" in advice[-1].notes[0]["en"]


def test_seller_window_note_after_72_hours_for_fbs_and_rfbs() -> None:
    fbs = order_of("orderdetails_several_sellers.html")  # parcels FBO and FBS: unknown -> cautious
    late = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    problem = Problem(code=ProblemCode.PRODUCT_QUESTION)
    advice = recommend_channels(fbs, problem, [], now=late)
    assert any("48 h" in note["en"] for note in advice[0].notes)
    early = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert recommend_channels(fbs, problem, [], now=early)[0].notes == []


def test_fbo_buyer_starts_the_chat() -> None:
    problem = Problem(code=ProblemCode.PRODUCT_QUESTION)
    late = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    notes = recommend_channels(OZON, problem, [], now=late)[0].notes  # FBO
    assert [n["en"] for n in notes] == [
        "For orders shipped from Ozon's warehouse (FBO) the seller cannot write first: start the chat yourself."
    ]
    started = [
        ContactAttempt.model_validate(
            {"id": "A1", "at": "2026-11-25T10:00:00Z", "channel": "seller_chat", "text": "x"}
        )
    ]
    assert recommend_channels(OZON, problem, started, now=late)[0].notes == []


def test_follow_up_due_uses_reply_times() -> None:
    attempt = ContactAttempt.model_validate(
        {"id": "A1", "at": "2026-11-22T10:00:00Z", "channel": "support_chat", "text": "x"}
    )
    assert follow_up_due(attempt) == datetime(2026, 11, 22, 14, 0, tzinfo=UTC)
    seller = attempt.model_copy(update={"channel": ChannelCode.SELLER_CHAT})
    assert follow_up_due(seller) == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
