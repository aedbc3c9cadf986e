"""The case log: attempts, follow-ups, closing checklist, exports, escalation."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from py_core.bridge import handle
from py_core.caselog import (
    CaseItemNotFound,
    confirm_item,
    due_follow_ups,
    escalation_draft,
    export_json,
    export_markdown,
    import_case,
    new_case,
    record_attempt,
    update_attempt,
)
from py_core.extract import extract_order
from py_core.models import AttemptStatus, Case, CaseStatus, ChannelCode, Problem, ProblemCode

from .conftest import page_snapshot

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def a_case() -> Case:
    order = extract_order(page_snapshot("orderdetails_one_parcel.html")).order
    assert order is not None
    case = new_case(order, Problem(code=ProblemCode.DAMAGED, damage="item"), now=T0)  # type: ignore[arg-type]
    case, _ = record_attempt(
        case, channel=ChannelCode.SELLER_CHAT, text="Здравствуйте!\nПишу по заказу…", now=T0
    )
    case, _ = record_attempt(
        case,
        channel=ChannelCode.SUPPORT_CHAT,
        text="Обращаюсь повторно…",
        now=T0 + timedelta(days=1),
    )
    case = update_attempt(
        case,
        "A2",
        now=T0 + timedelta(days=1, hours=2),
        status=AttemptStatus.ANSWERED,
        reference="T-5521",
        reply_summary="Обещали ответ в течение 3 дней",
    )
    return confirm_item(case, "ticket_number", value="T-5521", now=T0 + timedelta(days=1, hours=2))


def test_attempts_get_ids_and_follow_ups() -> None:
    case = a_case()
    assert [a.id for a in case.attempts] == ["A1", "A2"]
    assert case.attempts[0].follow_up_due == T0 + timedelta(hours=24)
    assert (
        case.attempts[1].status is AttemptStatus.ANSWERED and case.attempts[1].follow_up_due is None
    )
    assert case.closing[[c.code for c in case.closing].index("ticket_number")].value == "T-5521"
    due = due_follow_ups(case, now=T0 + timedelta(days=2))
    assert due == [
        {
            "attempt_id": "A1",
            "channel": "seller_chat",
            "due": "2026-11-22T09:00:00Z",
            "overdue": True,
        }
    ]


def test_resolving_an_attempt_resolves_the_case() -> None:
    case = update_attempt(a_case(), "A2", now=T0 + timedelta(days=3), status=AttemptStatus.RESOLVED)
    assert case.status is CaseStatus.RESOLVED


def test_unknown_attempt_or_point() -> None:
    with pytest.raises(CaseItemNotFound):
        update_attempt(a_case(), "A9", now=T0)
    with pytest.raises(CaseItemNotFound):
        confirm_item(a_case(), "nope", value=None, now=T0)


def test_json_round_trips_exactly() -> None:
    case = a_case()
    text = export_json(case)
    again = import_case(text)
    assert again == case
    assert export_json(again) == text


def test_markdown_case_file() -> None:
    text = export_markdown(a_case(), lang="en", today=date(2026, 11, 22))
    assert text.startswith("# Case file: order No. 46206571-0591\n")
    assert "### A1 · 2026-11-21 09:00 UTC · Chat with the seller · no answer yet" in text
    assert "> Здравствуйте!\n> Пишу по заказу…" in text
    assert "reference T-5521" in text and "**Reply:** Обещали ответ" in text
    assert "- [x] The support ticket number: T-5521" in text
    assert "## Deadlines" in text
    ru = export_markdown(a_case(), lang="ru")
    assert ru.startswith("# Обращение по заказу № 46206571-0591")


def test_markdown_neutralises_markup() -> None:
    case, _ = record_attempt(a_case(), channel=ChannelCode.EMAIL, text="<script>x</script>", now=T0)
    assert "<script>" not in export_markdown(case)


def test_escalation_summarises_the_history() -> None:
    now = T0 + timedelta(days=2)
    draft = escalation_draft(a_case(), side_lang="en", today=now.date(), now=now)
    assert draft.channel is ChannelCode.SUPPORT_CHAT
    assert "21 ноября 2026 г. — чат с продавцом, ответа пока нет" in draft.ru.body
    assert (
        "22 ноября 2026 г. — чат поддержки Ozon, ответили, но вопрос не решён (№ T-5521)"
        in draft.ru.body
    )
    assert draft.ru.body.count("46206571-0591") == 1


def test_damaged_case_file_is_refused() -> None:
    data = json.loads(export_json(a_case()))
    data["attempts"][0]["channel"] = "pigeon"
    with pytest.raises(ValueError):
        import_case(json.dumps(data))


def call(kind: str, payload: dict[str, Any]) -> Any:
    reply = json.loads(handle(kind, json.dumps(payload)))
    assert reply["ok"], reply
    return reply["result"]


def test_case_flow_through_the_bridge() -> None:
    order = extract_order(page_snapshot("orderdetails_one_parcel.html")).order
    assert order is not None
    case = call(
        "case_new",
        {
            "order": order.model_dump(mode="json"),
            "problem": {"code": "damaged"},
            "now": "2026-11-21T09:00:00Z",
        },
    )
    assert case["status"] == "open" and case["closing"]
    recorded = call(
        "case_record",
        {
            "case": case,
            "channel": "seller_chat",
            "text": "Здравствуйте!",
            "now": "2026-11-21T09:00:00Z",
        },
    )
    assert recorded["attempt"]["follow_up_due"] == "2026-11-22T09:00:00Z"
    case = recorded["case"]
    case = call(
        "case_update",
        {"case": case, "attempt_id": "A1", "status": "no_reply", "now": "2026-11-22T10:00:00Z"},
    )
    case = call(
        "case_confirm",
        {"case": case, "code": "return_number", "value": "R-1", "now": "2026-11-22T10:00:00Z"},
    )
    assert call("case_due", {"case": case, "now": "2026-11-22T10:00:00Z"}) == []
    exported = call("case_export", {"case": case, "format": "json"})
    assert exported["filename"].endswith(".json")
    assert call("case_import", {"text": exported["text"]}) == case
    markdown = call("case_export", {"case": case, "format": "markdown", "lang": "zh"})
    assert markdown["text"].startswith("# 订单 46206571-0591 的维权记录")
    draft = call("case_escalation", {"case": case, "lang": "zh", "today": "2026-11-22"})
    assert draft["channel"] == "support_chat" and "46206571-0591" in draft["ru"]["body"]
    closed = call("case_status", {"case": case, "case_status": "resolved"})
    assert closed["status"] == "resolved"


def test_case_errors_through_the_bridge() -> None:
    order = extract_order(page_snapshot("orderdetails_one_parcel.html")).order
    assert order is not None
    case = call(
        "case_new", {"order": order.model_dump(mode="json"), "problem": {"code": "damaged"}}
    )
    reply = json.loads(handle("case_update", json.dumps({"case": case, "attempt_id": "A7"})))
    assert reply["error"]["code"] == "not_found"
    reply = json.loads(handle("case_import", json.dumps({"text": "{broken"})))
    assert reply["error"]["code"] == "invalid_payload"
    reply = json.loads(handle("case_record", json.dumps({"case": case})))
    assert reply["error"]["code"] == "invalid_payload" and "channel" in reply["error"]["message"]
