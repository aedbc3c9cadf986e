"""The escalation ladder past Ozon: when it is offered, the claim and its companions, the log."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from py_core import caselog
from py_core.bridge import handle
from py_core.escalation import Parties, claim_documents, escalation_offer
from py_core.models import (
    AttemptStatus,
    ChannelCode,
    Order,
    Problem,
    ProblemCode,
    Profile,
)

from .cases import kettle_order as _order
from .cases import logged_case

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


def _case_with_failures(problem: Problem, order: Order | None = None) -> Any:
    """The seller and then the support did not answer (13 and 15 November)."""
    return logged_case(
        order or _order(),
        problem,
        datetime(2026, 11, 13, tzinfo=UTC),
        {"channel": ChannelCode.SELLER_CHAT, "now": datetime(2026, 11, 13, tzinfo=UTC),
         "status": AttemptStatus.NO_REPLY, "problem": problem,
         "profile": Profile(name="Ли Вэй", tone="neutral")},
        {"channel": ChannelCode.SUPPORT_CHAT, "now": datetime(2026, 11, 15, tzinfo=UTC),
         "status": AttemptStatus.NO_REPLY},
    )


def test_offered_only_when_seller_and_support_both_failed_or_the_buyer_says_so() -> None:
    problem = Problem(code=ProblemCode.DAMAGED, remedy="refund")  # type: ignore[arg-type]
    assert not escalation_offer(_order(), problem, [], now=NOW).offered
    case = _case_with_failures(problem)
    seller_only = case.attempts[:1]
    assert not escalation_offer(_order(), problem, seller_only, now=NOW).offered
    offer = escalation_offer(_order(), problem, case.attempts, now=NOW)
    assert offer.offered and offer.why
    assert [s.code for s in offer.steps] == ["claim", "rospotrebnadzor"]
    assert escalation_offer(_order(), problem, [], escalate=True, now=NOW).offered
    payment = Problem(code=ProblemCode.PAYMENT_ISSUE, payment_kind="charged_twice")  # type: ignore[arg-type]
    assert [s.code for s in escalation_offer(_order(), payment, [], now=NOW).steps][-1] == (
        "bank_dispute"
    )
    kz = _order(site="ozon.kz", currency="KZT")
    assert [s.code for s in escalation_offer(kz, problem, [], now=NOW).steps] == ["claim"]


def test_claim_has_every_part_a_claim_needs() -> None:
    problem = Problem(code=ProblemCode.DAMAGED, remedy="refund", fault="не нагревается")  # type: ignore[arg-type]
    case = _case_with_failures(problem)
    result = claim_documents(
        case,
        side_lang="zh",
        today=TODAY,
        now=NOW,
        parties=Parties(seller_name="ООО «ТехноМир»", seller_inn="7701234567"),
    )
    claim = result.documents[0]
    assert claim.kind == "claim"
    roles = [b.role for b in claim.ru.blocks]
    assert roles[:3] == ["to", "from", "title"] and roles[-2:] == ["date", "sign"]
    assert "list" in roles
    text = claim.ru.text
    for part in (
        "ООО «ТехноМир»",
        "ИНН: 7701234567",
        "ОГРН: ____",
        "От: Ли Вэй",  # the saved profile's name
        "ПРЕТЕНЗИЯ",
        "заказ № 46206571-0591",
        "«Чайник электрический Polaris»",
        "не нагревается",
        "ст. 18, 22 и 23 Закона РФ «О защите прав потребителей»",
        "в течение 10 дней со дня получения",
        "Приложения",
        "Дата: 28 ноября 2026 г.",
        "Подпись:",
        "13 ноября 2026 г. — чат с продавцом, ответа не было",
    ):
        assert part in text, part
    assert "(а)" not in text
    assert claim.side.lang == "zh" and "索赔函" in claim.side.text
    assert claim.how_to_file["ru"] and claim.how_to_file["zh"]
    fields = {f.code: f for f in result.fields}
    assert fields["seller_ogrn"].value is None and "Ozon" in fields["seller_ogrn"].where["ru"]
    assert fields["buyer_name"].value == "Ли Вэй"
    rpn = result.documents[1]
    assert rpn.kind == "rospotrebnadzor" and "Роспотребнадзор" in rpn.ru.text
    assert {link["url"] for link in rpn.links} >= {"https://www.gosuslugi.ru/"}


def test_claim_for_a_missing_item_rests_on_the_civil_code() -> None:
    problem = Problem(code=ProblemCode.MISSING_ITEM, remedy="replacement")  # type: ignore[arg-type]
    claim = claim_documents(_case_with_failures(problem), side_lang="en", today=TODAY, now=NOW)
    text = claim.documents[0].ru.text
    assert "ст. 466 Гражданского кодекса РФ" in text and "передать недостающий товар" in text
    assert "ненадлежащего качества" not in text


def test_bank_dispute_for_payment_problems() -> None:
    problem = Problem(
        code=ProblemCode.PAYMENT_ISSUE, payment_kind="charged_twice", amount=Decimal(990)
    )  # type: ignore[arg-type]
    result = claim_documents(
        _case_with_failures(problem),
        side_lang="en",
        today=TODAY,
        now=NOW,
        parties=Parties(card_last4="1234", rrn="123456789012", payment_date=date(2026, 11, 10)),
    )
    bank = result.documents[-1]
    assert bank.kind == "bank_dispute"
    assert "1234" in bank.ru.text and "123456789012" in bank.ru.text and "990 ₽" in bank.ru.text
    assert "опротестование операции (chargeback)" in bank.ru.text
    assert "chargeback" in bank.side.text
    assert {"card_last4", "rrn", "payment_date"} <= {f.code for f in result.fields}


def test_kz_claim_cites_no_russian_law() -> None:
    problem = Problem(code=ProblemCode.DAMAGED, remedy="refund")  # type: ignore[arg-type]
    order = _order(site="ozon.kz", currency="KZT")
    result = claim_documents(
        _case_with_failures(problem, order), side_lang="en", today=TODAY, now=NOW
    )
    assert [d.kind for d in result.documents] == ["claim"]
    text = result.documents[0].ru.text
    assert "Закон РФ" not in text and "Роспотребнадзор" not in text
    assert result.russian_law is False


def test_steps_are_logged_with_their_dates_and_shown_as_done() -> None:
    problem = Problem(code=ProblemCode.DAMAGED, remedy="refund")  # type: ignore[arg-type]
    case = caselog.record_step(_case_with_failures(problem), "claim", now=NOW)
    assert [(s.code, s.at) for s in case.steps] == [("claim", NOW)]
    assert caselog.import_case(caselog.export_json(case)) == case
    assert "2026-11-28 10:00 UTC · Письменная претензия продавцу" in caselog.export_markdown(
        case, lang="ru"
    )
    result = claim_documents(case, side_lang="en", today=TODAY, now=NOW)
    assert result.documents[0].done_at == NOW
    # Rospotrebnadzor's text then says when the claim was sent.
    assert (
        "28 ноября 2026 г. продавцу направлена письменная претензия" in result.documents[1].ru.text
    )
    offer = escalation_offer(case.order, case.problem, case.attempts, case.steps, now=NOW)
    assert offer.steps[0].done_at == NOW


def test_escalation_names_what_the_first_draft_named() -> None:
    """Issue 13 bug: the escalation dropped the details the buyer chose and the saved name."""
    order = _order()
    detailed = Problem(
        code=ProblemCode.WRONG_ITEM,
        item="4242",
        received_item="Сковорода 24 см",
        noticed="at_unboxing",  # type: ignore[arg-type]
        remedy="refund",  # type: ignore[arg-type]
    )
    from py_core.drafting import render_draft

    first = render_draft(
        order,
        detailed,
        channel=ChannelCode.SELLER_CHAT,
        side_lang="en",
        today=TODAY,
        profile=Profile(name="Ли Вэй", tone="neutral"),
    )
    # The panel logs the case with only the problem's code, then the details with the message.
    case = caselog.new_case(order, Problem(code=ProblemCode.WRONG_ITEM), now=NOW)
    case, _ = caselog.record_attempt(
        case,
        channel=ChannelCode.SELLER_CHAT,
        text=first.ru.body,
        now=NOW,
        status=AttemptStatus.NO_REPLY,
        problem=detailed,
        profile=Profile(name="Ли Вэй", tone="neutral"),
    )
    escalation = caselog.escalation_draft(case, side_lang="en", today=TODAY, now=NOW)
    for named in (
        "«Сковорода 24 см»",
        "при распаковке",
        "Ли Вэй",
        "Добрый день!",
        "«Чайник электрический Polaris»",
    ):
        assert named in first.ru.body, named
        assert named in escalation.ru.body, named
    # Through the bridge, as the background calls it.
    payload = {"case": case.model_dump(mode="json"), "lang": "en", "today": "2026-11-28"}
    reply = json.loads(handle("case_escalation", json.dumps(payload)))
    assert reply["ok"] and "Сковорода 24 см" in reply["result"]["ru"]["body"]
    assert "Ли Вэй" in reply["result"]["ru"]["body"]


def test_bridge_claim_and_step_requests() -> None:
    problem = Problem(code=ProblemCode.DAMAGED, remedy="refund")  # type: ignore[arg-type]
    case = _case_with_failures(problem).model_dump(mode="json")
    reply = json.loads(
        handle(
            "claim",
            json.dumps(
                {"case": case, "lang": "zh", "today": "2026-11-28", "parties": {"seller_inn": "77"}}
            ),
        )
    )
    assert not reply["ok"] and reply["error"]["code"] == "invalid_payload"
    reply = json.loads(
        handle("claim", json.dumps({"case": case, "lang": "zh", "today": "2026-11-28"}))
    )
    assert reply["ok"], reply
    assert [d["kind"] for d in reply["result"]["documents"]] == ["claim", "rospotrebnadzor"]
    stepped = json.loads(
        handle(
            "case_step", json.dumps({"case": case, "step": "claim", "now": "2026-11-28T10:00:00Z"})
        )
    )
    assert stepped["ok"] and stepped["result"]["steps"][0]["code"] == "claim"
    missing = json.loads(handle("case_step", json.dumps({"case": case})))
    assert missing["error"]["code"] == "invalid_payload"
    wrong = json.loads(handle("case_step", json.dumps({"case": case, "step": "court"})))
    assert wrong["error"]["code"] == "invalid_payload"


def _damaged_case_with_return_request(status: AttemptStatus, at: datetime) -> Any:
    """A damaged kettle whose return request was logged at ``at`` with ``status``."""
    problem = Problem(code=ProblemCode.DAMAGED)
    return logged_case(
        _order(),
        problem,
        at,
        {"channel": ChannelCode.RETURN_REQUEST, "now": at, "status": status},
    )


def test_an_unanswered_return_request_escalates_to_ozon_support() -> None:
    """The seller decides a return request: left unanswered past its reply window, the seller
    has not answered, and the next step up the ladder is Ozon support, not the same form."""
    sent = datetime(2026, 11, 20, tzinfo=UTC)
    case = _damaged_case_with_return_request(AttemptStatus.WAITING, sent)
    draft = caselog.escalation_draft(case, side_lang="en", today=TODAY, now=NOW)
    assert draft.channel is ChannelCode.SUPPORT_CHAT
    assert "20 ноября 2026 г. — заявка на возврат, ответа пока нет" in draft.ru.body


def test_a_return_request_still_within_its_window_is_not_escalated() -> None:
    """The same request sent an hour ago: the advice keeps the return request first."""
    sent = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    case = _damaged_case_with_return_request(AttemptStatus.WAITING, sent)
    draft = caselog.escalation_draft(case, side_lang="en", today=TODAY, now=NOW)
    assert draft.channel is ChannelCode.RETURN_REQUEST
