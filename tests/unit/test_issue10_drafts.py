"""Issue 10, "Drafts true to the facts": one test per defect, each failing on the old text.

The old text is quoted in each test's docstring; the assertions say what must be true now.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from py_core.api import AdviseRequest, advise
from py_core.drafting import render_draft
from py_core.extract import extract_order
from py_core.models import (
    ChannelCode,
    ContactAttempt,
    Draft,
    Language,
    Order,
    OrderItem,
    OrderStatus,
    Parcel,
    Problem,
    ProblemCode,
    Profile,
)

from .cases import attempt
from .conftest import page_snapshot

TODAY = date(2026, 11, 22)


def _order(**kw: object) -> Order:
    base: dict[str, object] = {
        "number": "46206571-0591",
        "created_date": date(2026, 11, 10),
        "items": [
            OrderItem(title="Кофемашина DeLonghi Magnifica", sku="555", price=Decimal(45000))
        ],
        "sellers": ["ТехноМир"],
        "total": Decimal(45000),
    }
    base.update(kw)
    return Order.model_validate(base)


def _draft(
    order: Order, problem: Problem, channel: ChannelCode, side_lang: Language = "en", **kw: Any
) -> Draft:
    """The draft as the panel asks for it on TODAY (``kw``: note, profile, history...)."""
    return render_draft(order, problem, channel=channel, side_lang=side_lang, today=TODAY, **kw)


def _history(
    day: str, channel: str = "support_chat", status: str = "no_reply"
) -> list[ContactAttempt]:
    return [attempt(f"{day}T10:00:00Z", channel, status)]


def _advise(order: Order, problem: Problem) -> Any:
    return advise(AdviseRequest(order=order, problem=problem, today=TODAY))


def test_cancelled_order_refund_does_not_say_a_return_was_filed() -> None:
    """Old: «По заказу оформлен возврат, но деньги до сих пор не пришли» for a cancelled order."""
    order = _order(status=OrderStatus.CANCELLED, status_label="Отменён")
    draft = _draft(order, Problem(code=ProblemCode.REFUND_MISSING), ChannelCode.SUPPORT_CHAT)
    assert "оформлен возврат" not in draft.ru.body
    assert "Заказ отменён" in draft.ru.body
    assert "was cancelled" in draft.side.body


def test_a_parcel_delivered_late_is_not_asked_to_be_cancelled() -> None:
    """Old: «Прошу отменить заказ и вернуть деньги» for a parcel that had arrived."""
    order = _order(status=OrderStatus.RECEIVED, received_date=date(2026, 11, 20))
    problem = Problem(
        code=ProblemCode.LATE_DELIVERY,
        expected_date=date(2026, 11, 14),
        actual_date=date(2026, 11, 20),
        remedy="refund",
    )  # type: ignore[arg-type]
    draft = render_draft(
        order, problem, channel=ChannelCode.SUPPORT_CHAT, side_lang="en", today=TODAY
    )
    assert "отменить заказ" not in draft.ru.body
    assert "неустойку" in draft.ru.body and "0,5 %" in draft.ru.body
    assert "1 350 ₽" in draft.ru.body  # 45 000 ₽ x 0.5 % x 6 days


def test_an_overdue_refund_says_the_term_has_passed() -> None:
    """Old: «в течение 10 дней, то есть до 15 ноября» - a fresh 10 days that ended a week ago."""
    draft = _draft(
        _order(),
        Problem(code=ProblemCode.REFUND_MISSING, remedy="refund"),
        ChannelCode.EMAIL,
        history=_history("2026-11-05"),
    )  # type: ignore[arg-type]
    assert "в течение 10 дней, то есть до" not in draft.ru.body
    assert "истёк 15 ноября 2026 г." in draft.ru.body
    assert "ended on 15 November 2026" in draft.side.body


def test_a_missing_item_is_named_in_the_story() -> None:
    """Old: «Этого товара не оказалось в посылке» (the item named only in the opening, or never)."""
    order = _order(items=[OrderItem(title="Чехол"), OrderItem(title="Кабель USB-C", sku="777")])
    draft = _draft(
        order, Problem(code=ProblemCode.MISSING_ITEM, item="777"), ChannelCode.SELLER_CHAT, "zh"
    )
    assert "В посылке не оказалось товара «Кабель USB-C» (артикул 777)" in draft.ru.body
    assert "「Кабель USB-C」" in draft.side.body


def test_not_delivered_carries_the_tracking_number() -> None:
    """Old: the tracking number on the page was left out of "not delivered"."""
    order = _order(parcels=[Parcel(number="46206571-0591-1", tracking="RU123456789CN")])
    draft = _draft(order, Problem(code=ProblemCode.NOT_DELIVERED), ChannelCode.SUPPORT_CHAT)
    assert "Трек-номер: RU123456789CN." in draft.ru.body
    assert "Tracking number: RU123456789CN." in draft.side.body


def test_cannot_log_in_is_not_sent_to_the_chat_nor_about_an_order() -> None:
    """Old: support chat first (it needs a login) and «Пишу по заказу № ...»."""
    problem = Problem(code=ProblemCode.ACCOUNT_ISSUE, account_kind="cannot_log_in")  # type: ignore[arg-type]
    result = _advise(_order(), problem)
    assert result.channels[0].code is not ChannelCode.SUPPORT_CHAT
    assert "Пишу по заказу" not in result.draft.ru.body
    assert "аккаунт" in result.draft.ru.body
    assert [c.code for c in result.draft.checks if c.severity == "error"] == []
    assert any(t.code == "login_first" for t in result.tips)


def test_an_email_without_a_name_has_no_dangling_sign_off() -> None:
    """Old: an e-mail ended on «С уважением,» with nothing after it."""
    draft = _draft(_order(), Problem(code=ProblemCode.DAMAGED), ChannelCode.EMAIL, "zh")
    assert not draft.ru.body.rstrip().endswith(",")
    named = _draft(
        _order(),
        Problem(code=ProblemCode.DAMAGED),
        ChannelCode.EMAIL,
        "zh",
        profile=Profile(name="Ли Вэй"),
    )
    assert named.ru.body.endswith("С уважением,\nЛи Вэй")


def test_the_note_has_no_label() -> None:
    """Old: «Моё дополнение (как написано, без перевода): ...»."""
    draft = _draft(
        _order(),
        Problem(code=ProblemCode.DAMAGED),
        ChannelCode.SELLER_CHAT,
        note="Коробка была мокрая",
    )
    assert "Моё дополнение" not in draft.ru.body and "My note" not in draft.side.body
    assert "\n\nКоробка была мокрая\n\n" in draft.ru.body


def test_the_attachment_list_names_things_not_instructions() -> None:
    """Old: «— Видео распаковки, если снимали» in the list sent to the seller."""
    draft = _draft(_order(), Problem(code=ProblemCode.DAMAGED), ChannelCode.EMAIL)
    assert "если снимали" not in draft.ru.body and "if you filmed" not in draft.side.body
    assert "Прикладываю: фото коробки и транспортной этикетки, фото повреждений" in draft.ru.body


def test_a_repeated_request_does_not_say_it_twice() -> None:
    """Old: «Обращаюсь повторно ...» followed by «Это не первое обращение: ...»."""
    draft = _draft(
        _order(),
        Problem(code=ProblemCode.DAMAGED),
        ChannelCode.SUPPORT_CHAT,
        history=_history("2026-11-20", "seller_chat"),
    )
    assert "Обращаюсь повторно" in draft.ru.body
    assert "не первое обращение" not in draft.ru.body
    assert "Предыдущие обращения: 20 ноября 2026 г." in draft.ru.body


def test_a_product_question_sets_no_deadline() -> None:
    """Old: a question about a product ended «Пожалуйста, ответьте до <завтра>»."""
    for channel in (ChannelCode.SELLER_CHAT, ChannelCode.EMAIL):
        draft = _draft(
            _order(), Problem(code=ProblemCode.PRODUCT_QUESTION, question="size"), channel
        )  # type: ignore[arg-type]
        assert "ответьте до" not in draft.ru.body.lower()
        assert "reply by" not in draft.side.body


def test_chinese_greeting_sign_off_and_statuses() -> None:
    """Old: «Добрый день» became 下午好; 此致敬礼 on one line; «Брак» told as 「质量问题」; statuses untranslated."""
    order = _order(status=OrderStatus.IN_TRANSIT, status_label="В пути")
    draft = _draft(
        order,
        Problem(code=ProblemCode.NOT_DELIVERED),
        ChannelCode.EMAIL,
        "zh",
        profile=Profile(name="Ли Вэй", tone="neutral"),
    )
    assert "下午好" not in draft.side.body and draft.side.body.startswith("您好！")
    assert "此致敬礼" not in draft.side.body and "此致\n敬礼！" in draft.side.body
    assert "「В пути」（运输中）" in draft.side.body
    from py_core._data import load_data

    warranty = load_data("channels")["reasons"]["return_form_for_warranty"]["zh"]
    assert "「Брак」" in warranty and "「质量问题」" not in warranty


def test_english_order_line_reads_natively() -> None:
    """Old: "I am writing about order No. X of 17 November"."""
    draft = _draft(_order(), Problem(code=ProblemCode.DAMAGED), ChannelCode.SELLER_CHAT)
    assert " of 10 November" not in draft.side.body
    assert "order No. 46206571-0591, placed on 10 November 2026" in draft.side.body


def test_fault_description_fills_warranty_complaint_and_fake_item_drafts() -> None:
    """Old: warranty, complaint and fake-item drafts had nowhere to say what is wrong."""
    cases = [
        Problem(code=ProblemCode.WARRANTY_REPAIR, fault="не включается после зарядки"),
        Problem(
            code=ProblemCode.COMPLAINT,
            complaint_about="fake_item",
            fault="нет голограммы на коробке",
        ),  # type: ignore[arg-type]
        Problem(code=ProblemCode.DAMAGED, fault="трещина на крышке."),
    ]
    for problem in cases:
        draft = render_draft(
            _order(), problem, channel=ChannelCode.EMAIL, side_lang="zh", today=TODAY
        )
        assert problem.fault is not None
        assert problem.fault.rstrip(".") in draft.ru.body
        assert problem.fault.rstrip(".") in draft.side.body
        assert ".." not in draft.ru.body


def test_damaged_at_pickup_advises_refusing_with_an_act() -> None:
    problem = Problem(code=ProblemCode.DAMAGED, noticed="at_pickup")  # type: ignore[arg-type]
    tips = {t.code: t for t in _advise(_order(), problem).tips}
    assert "refuse_at_pickup" in tips and "акт" in tips["refuse_at_pickup"].text["ru"]
    later = Problem(code=ProblemCode.DAMAGED, noticed="later")  # type: ignore[arg-type]
    assert not _advise(_order(), later).tips


def test_payment_problems_add_the_bank_route_and_refunds_the_rrn() -> None:
    payment = Problem(code=ProblemCode.PAYMENT_ISSUE, payment_kind="charged_twice")  # type: ignore[arg-type]
    result = _advise(_order(), payment)
    assert any(t.code == "bank_route" and "RRN" in t.text["ru"] for t in result.tips)
    assert any(b.code == "bank_chargeback" for b in result.basis)
    refund = _advise(_order(), Problem(code=ProblemCode.REFUND_MISSING))
    assert any(t.code == "ask_bank_rrn" for t in refund.tips)
    assert "RRN" in refund.draft.ru.body


def test_the_wrong_or_missing_item_is_not_called_improper_quality() -> None:
    """Old: «требование о возврате денег за товар ненадлежащего качества» for a wrong item."""
    for code, article in (
        (ProblemCode.WRONG_ITEM, "ст. 468"),
        (ProblemCode.MISSING_ITEM, "ст. 466"),
    ):
        draft = _draft(_order(), Problem(code=code, remedy="refund"), ChannelCode.EMAIL)  # type: ignore[arg-type]
        assert "ненадлежащего качества" not in draft.ru.body
        assert article in draft.ru.body and "Гражданского кодекса" in draft.ru.body


def test_a_late_or_lost_parcel_rests_on_article_23_1() -> None:
    """Old: a late or lost prepaid parcel cited Art. 22 and 26.1."""
    problem = Problem(
        code=ProblemCode.NOT_DELIVERED, expected_date=date(2026, 11, 14), remedy="refund"
    )  # type: ignore[arg-type]
    draft = render_draft(_order(), problem, channel=ChannelCode.EMAIL, side_lang="en", today=TODAY)
    assert "ст. 23.1" in draft.ru.body and "0,5 %" in draft.ru.body
    assert "ст. 22" not in draft.ru.body and "26.1" not in draft.ru.body
    result = _advise(_order(), problem)
    assert result.basis[0].code == "art_23_1"
    term = {d.code: d for d in result.deadlines}["refund_term"]
    assert term.basis == "art_23_1" and "23.1" in term.sources[0].source


def test_technically_complex_goods_use_the_15_day_rule() -> None:
    """Old: refund drafts for technically complex goods ignored Art. 18's 15 days."""
    order = _order(
        items=[OrderItem(title="Смартфон Redmi Note 13", price=Decimal(19990))],
        received_date=date(2026, 11, 15),
    )
    problem = Problem(code=ProblemCode.DAMAGED, remedy="refund")  # type: ignore[arg-type]
    draft = render_draft(order, problem, channel=ChannelCode.EMAIL, side_lang="en", today=TODAY)
    assert "15 дней со дня передачи" in draft.ru.body and "№ 924" in draft.ru.body
    deadlines = {d.code: d for d in _advise(order, problem).deadlines}
    assert deadlines["tc_refund_window"].date == date(2026, 11, 30)
    late = render_draft(
        order, problem, channel=ChannelCode.EMAIL, side_lang="en", today=date(2026, 12, 20)
    )
    assert "15 дней со дня передачи" not in late.ru.body  # past the window: not claimed


def test_replacement_and_repair_carry_their_terms() -> None:
    """Old: Art. 20, 21 and 23 were missing; replacement and repair had no deadline."""
    order = _order(received_date=date(2026, 11, 15))
    swap = _advise(order, Problem(code=ProblemCode.DAMAGED, remedy="replacement"))  # type: ignore[arg-type]
    assert {d.code: d.days for d in swap.deadlines}["replacement_term"] == 7
    assert {"art_21", "art_23"} <= {b.code for b in swap.basis}
    repair = _advise(order, Problem(code=ProblemCode.WARRANTY_REPAIR, remedy="repair"))  # type: ignore[arg-type]
    assert {d.code: d.days for d in repair.deadlines}["repair_term"] == 45
    mail = _draft(
        order, Problem(code=ProblemCode.WARRANTY_REPAIR, remedy="repair"), ChannelCode.EMAIL
    )  # type: ignore[arg-type]
    assert "45 дней со дня предъявления требования (ст. 20)" in mail.ru.body


def test_ozon_kz_never_cites_russian_law() -> None:
    """Old: an ozon.kz order (prices in ₸) cited «Закон РФ»."""
    order = extract_order(page_snapshot("orderdetails_ozon_kz.html")).order
    assert order is not None
    for code in ProblemCode:
        problem = (
            Problem(code=code, remedy="refund")
            if code.value in ("damaged", "not_delivered", "return_request", "missing_item")
            else Problem(code=code)
        )  # type: ignore[arg-type]
        result = advise(
            AdviseRequest(order=order, problem=problem, today=TODAY, history=_history("2026-11-01"))
        )
        for text in (result.draft.ru.body, result.draft.side.body):
            assert "Закон РФ" not in text and "Russian Consumer" not in text and "ГК РФ" not in text
            assert "Гражданского кодекса" not in text
        assert result.site.russian_law is False
        assert {b.kind for b in result.basis} <= {"ozon", "local"}
        assert result.basis[-1].code == "local_law" and "ozon.kz" in result.basis[-1].gives["en"]
        for deadline in result.deadlines:
            assert all(s.kind != "law" for s in deadline.sources), deadline.code
            for words in (deadline.note, deadline.still_possible):
                assert not words or ("Art." not in words["en"] and "ст." not in words["ru"]), (
                    deadline.code
                )
    # Prices in ₸ mean ozon.kz even when the site field was lost.
    tenge = _order(currency="KZT")
    assert _advise(tenge, Problem(code=ProblemCode.DAMAGED)).site.code == "ozon.kz"


def test_the_category_override_redrafts_and_recomputes() -> None:
    """Issue 10: the buyer's category choice must change both the deadlines and the draft."""
    order = _order(
        items=[OrderItem(title="Кормушка для птиц", price=Decimal(990))],
        received_date=date(2026, 11, 15),
        status=OrderStatus.RECEIVED,
    )
    problem = Problem(code=ProblemCode.DAMAGED, remedy="refund")  # type: ignore[arg-type]
    plain = advise(
        AdviseRequest(order=order, problem=problem, today=TODAY, channel=ChannelCode.EMAIL)
    )
    assert plain.category.code == "general" and plain.category.source == "default"
    assert plain.categories[0]["code"] == "general"
    assert "tc_refund_window" not in {d.code for d in plain.deadlines}
    assert "15 дней со дня передачи" not in plain.draft.ru.body
    chosen = advise(
        AdviseRequest(
            order=order,
            problem=problem,
            today=TODAY,
            channel=ChannelCode.EMAIL,
            category="technically_complex",
        )
    )
    assert chosen.category.code == "technically_complex" and chosen.category.source == "request"
    assert "tc_refund_window" in {d.code for d in chosen.deadlines}
    assert "15 дней со дня передачи" in chosen.draft.ru.body
    assert chosen.basis[0].code == "art_18_tc"


def test_a_promised_refund_date_that_passed_is_not_given_fresh_days() -> None:
    problem = Problem(
        code=ProblemCode.REFUND_MISSING, refund_promised_on=date(2026, 11, 20), remedy="refund"
    )  # type: ignore[arg-type]
    draft = render_draft(
        _order(), problem, channel=ChannelCode.SELLER_CHAT, side_lang="en", today=TODAY
    )
    assert "обещали вернуть до 20 ноября 2026 г." in draft.ru.body
    assert "в течение 10 дней, то есть до" not in draft.ru.body
    assert "без дальнейших задержек" in draft.ru.body and "without further delay" in draft.side.body


def test_login_subject_says_what_is_wrong() -> None:
    problem = Problem(code=ProblemCode.ACCOUNT_ISSUE, account_kind="cannot_log_in")  # type: ignore[arg-type]
    draft = render_draft(_order(), problem, channel=ChannelCode.EMAIL, side_lang="zh", today=TODAY)
    assert draft.ru.subject == "Не получается войти в аккаунт Ozon"
    assert draft.side.subject == "无法登录 Ozon 账户"


def test_ozon_kz_passed_deadlines_cite_no_russian_article() -> None:
    order = extract_order(page_snapshot("orderdetails_ozon_kz.html")).order
    assert order is not None
    for code in ("damaged", "warranty_repair", "return_request", "wrong_item", "missing_item"):
        result = advise(
            AdviseRequest(
                order=order,
                problem=Problem(code=code),
                today=date(2028, 1, 1),  # type: ignore[arg-type]
                category="technically_complex",
            )
        )
        assert any(d.state == "passed" for d in result.deadlines), code
        for deadline in result.deadlines:
            for words in (deadline.note, deadline.still_possible):
                assert not words or "Art." not in words["en"], (code, deadline.code, words)
