"""Deadlines from data/deadlines.json: cautious dates, sources, notes."""

from __future__ import annotations

from datetime import date

from py_core.deadlines import compute_deadlines, guess_category
from py_core.extract import extract_order
from py_core.models import Order, Problem, ProblemCode

from .cases import attempt
from .conftest import page_snapshot

TODAY = date(2026, 11, 22)


def order_of(name: str) -> Order:
    order = extract_order(page_snapshot(name)).order
    assert order is not None
    return order


def by_code(order: Order, problem: Problem, **kw: object) -> dict[str, object]:
    return {d.code: d for d in compute_deadlines(order, problem, today=TODAY, **kw)}  # type: ignore[arg-type]


def test_return_window_shows_the_cautious_date_with_a_note() -> None:
    result = by_code(
        order_of("orderdetails_one_parcel.html"), Problem(code=ProblemCode.RETURN_REQUEST)
    )
    window = result["return_window"]
    assert window.date == date(2026, 12, 5)  # type: ignore[attr-defined]  # received 20 Nov + 15, not + 30
    assert window.days == 15  # type: ignore[attr-defined]
    assert window.note and "7" in window.note["en"]  # type: ignore[attr-defined]
    assert {s.days for s in window.sources} == {15, 30}  # type: ignore[attr-defined]
    assert all(s.checked for s in window.sources)  # type: ignore[attr-defined]
    assert result["refund_term"].date == date(2026, 12, 2)  # type: ignore[attr-defined]


def test_categories_change_the_window() -> None:
    assert guess_category("Булгаков М. «Мастер и Маргарита», твёрдый переплёт") == "books"
    assert guess_category("Корм для кошек сухой, 1,5 кг") == "food"
    assert guess_category("Смартфон Redmi Note 13") == "technically_complex"
    assert guess_category("Стул офисный") == "general"
    order = order_of("orderdetails_several_sellers.html")
    # Two items of different categories and none chosen: ordinary goods, said as an assumption.
    unsure = by_code(order, Problem(code=ProblemCode.RETURN_REQUEST))["return_window"]
    assert unsure.category == "general"  # type: ignore[attr-defined]
    book = Problem(code=ProblemCode.RETURN_REQUEST, item="Мастер и Маргарита")
    window = by_code(order, book)["return_window"]
    assert window.days == 7 and window.category == "books"  # type: ignore[attr-defined]
    food = by_code(order, Problem(code=ProblemCode.RETURN_REQUEST), category="food")[
        "return_window"
    ]
    assert food.state == "not_allowed" and food.date is None  # type: ignore[attr-defined]


def test_defect_claims_two_years_or_warranty_or_ozon_365() -> None:
    order = order_of("orderdetails_one_parcel.html")  # headphones: not in Decree No. 924
    assert by_code(order, Problem(code=ProblemCode.WARRANTY_REPAIR))["defect_claim"].days == 730  # type: ignore[attr-defined]
    claim = by_code(
        order, Problem(code=ProblemCode.WARRANTY_REPAIR), category="technically_complex"
    )["defect_claim"]
    assert claim.days == 365 and claim.note  # type: ignore[attr-defined]
    general = by_code(order, Problem(code=ProblemCode.WARRANTY_REPAIR), category="general")[
        "defect_claim"
    ]
    assert general.days == 730  # type: ignore[attr-defined]
    warranty = by_code(order, Problem(code=ProblemCode.WARRANTY_REPAIR, warranty_months=24))[
        "defect_claim"
    ]
    assert warranty.date == date(2028, 11, 20)  # type: ignore[attr-defined]


def test_report_problem_uses_the_current_version_and_mentions_the_older() -> None:
    # Issue 10: the earliest variant (3 days, an older version) used to be shown as the rule,
    # so a buyer 7 days after receipt read that the window had closed 4 days ago.
    order = order_of("orderdetails_one_parcel.html")  # received 20 Nov
    result = by_code(order, Problem(code=ProblemCode.DAMAGED))
    report = result["report_problem"]
    assert report.date == date(2026, 12, 5)  # type: ignore[attr-defined]
    assert report.chosen.days == 15 and report.chosen.why  # type: ignore[attr-defined]
    assert [v.days for v in report.other_variants] == [3]  # type: ignore[attr-defined]
    later = {
        d.code: d
        for d in compute_deadlines(
            order, Problem(code=ProblemCode.DAMAGED), today=date(2026, 11, 27)
        )
    }
    assert later["report_problem"].state == "upcoming"
    assert "refund_term" not in result  # replacement wanted: no refund term
    refund = by_code(
        order_of("orderdetails_one_parcel.html"), Problem(code=ProblemCode.DAMAGED, remedy="refund")
    )  # type: ignore[arg-type]
    assert "refund_term" in refund


def test_unknown_anchor_is_listed_without_a_date() -> None:
    order = order_of("orderdetails_seller_delivery.html")  # not received yet
    result = by_code(order, Problem(code=ProblemCode.RETURN_REQUEST))
    assert result["return_window"].date is None and result["return_window"].state == "unknown"  # type: ignore[attr-defined]
    given = by_code(order, Problem(code=ProblemCode.RETURN_REQUEST), received=date(2026, 11, 27))
    assert given["return_window"].date == date(2026, 12, 12)  # type: ignore[attr-defined]


def test_history_anchors_seller_decision_and_escalation() -> None:
    order = order_of("orderdetails_one_parcel.html")
    history = [
        attempt("2026-11-20T10:00:00Z", "return_request"),
        attempt("2026-11-21T10:00:00Z", "seller_chat", "waiting", id="A2"),
    ]
    result = by_code(order, Problem(code=ProblemCode.DAMAGED), history=history)
    # This order is FBO: sellers decide within 24 h there (3 days for FBS / rFBS).
    assert result["seller_decides"].date == date(2026, 11, 21)  # type: ignore[attr-defined]
    assert [v.days for v in result["seller_decides"].other_variants] == [3]  # type: ignore[attr-defined]
    assert result["escalate"].date == date(2026, 11, 22)  # type: ignore[attr-defined]
    assert result["escalate"].state == "today"  # type: ignore[attr-defined]


def test_passed_deadlines_are_marked() -> None:
    order = order_of("orderdetails_archive.html")  # received 2025-09-25
    result = by_code(order, Problem(code=ProblemCode.RETURN_REQUEST))
    assert result["return_window"].state == "passed"  # type: ignore[attr-defined]
    assert result["return_window"].days_left < 0  # type: ignore[attr-defined]


def test_passed_deadline_says_so_in_words_with_what_is_still_possible() -> None:
    # Issue 10: passed dates were not marked in words, with nothing the buyer could still do.
    order = order_of("orderdetails_one_parcel.html")  # received 20 Nov
    result = {
        d.code: d
        for d in compute_deadlines(
            order, Problem(code=ProblemCode.RETURN_REQUEST), today=date(2026, 12, 9)
        )
    }
    window = result["return_window"]
    assert window.state == "passed" and window.days_ago == 4
    assert window.status_text == {
        "ru": "срок прошёл 4 дня назад",
        "en": "passed 4 days ago",
        "zh": "已过期 4 天",
    }
    assert window.still_possible and "ст. 19" in window.still_possible["ru"]
    assert window.date_text == {
        "ru": "5 декабря 2026 г.",
        "en": "5 December 2026",
        "zh": "2026年12月5日",
    }


def test_upcoming_and_today_in_words() -> None:
    order = order_of("orderdetails_one_parcel.html")
    soon = by_code(order, Problem(code=ProblemCode.RETURN_REQUEST))["return_window"]
    assert soon.status_text["ru"] == "осталось 13 дней"  # type: ignore[attr-defined]
    assert soon.status_text["en"] == "13 days left"  # type: ignore[attr-defined]
    last = {
        d.code: d
        for d in compute_deadlines(
            order, Problem(code=ProblemCode.RETURN_REQUEST), today=date(2026, 12, 5)
        )
    }["return_window"]
    assert last.state == "today" and last.status_text["en"] == "today is the last day"


def test_undated_rows_say_what_they_depend_on() -> None:
    order = order_of("orderdetails_seller_delivery.html")  # not received yet
    window = by_code(order, Problem(code=ProblemCode.RETURN_REQUEST))["return_window"]
    assert window.state == "unknown"  # type: ignore[attr-defined]
    assert window.depends_on and "received" in window.depends_on["en"]  # type: ignore[attr-defined]
    assert window.status_text["ru"].startswith("зависит от даты получения")  # type: ignore[attr-defined]


def test_the_chosen_variant_has_its_source_and_the_others_are_listed() -> None:
    order = order_of("orderdetails_one_parcel.html")
    window = by_code(order, Problem(code=ProblemCode.RETURN_REQUEST))["return_window"]
    assert window.chosen.days == 15 and window.chosen.url  # type: ignore[attr-defined]
    assert window.chosen.why["en"] == "the current version of Ozon's rules"  # type: ignore[attr-defined]
    assert [(v.days, v.kind) for v in window.other_variants] == [(30, "ozon")]  # type: ignore[attr-defined]


def test_rfbs_seller_decides_in_three_days() -> None:
    order = order_of("orderdetails_seller_delivery.html")
    kinds = {p.fulfilment for p in order.parcels}
    history = [attempt("2026-11-20T10:00:00Z", "return_request")]
    decides = by_code(order, Problem(code=ProblemCode.RETURN_REQUEST), history=history)[
        "seller_decides"
    ]
    assert kinds == {"rFBS"}
    assert decides.days == 3 and "rFBS" in decides.chosen.why["en"]  # type: ignore[attr-defined]
    assert [v.days for v in decides.other_variants] == [1]  # type: ignore[attr-defined]


def test_a_variant_out_of_force_on_the_order_date_is_not_chosen() -> None:
    from py_core.deadlines import _pick

    variants = [
        {"days": 30, "version": "older", "until": "2025-06-30"},
        {"days": 15, "version": "current", "since": "2025-07-01"},
    ]
    assert _pick(variants, None, "earliest", date(2025, 3, 1))[0]["days"] == 30
    assert _pick(variants, None, "earliest", date(2026, 3, 1))[0]["days"] == 15
    assert _pick(variants, None, "earliest", None)[0]["days"] == 15
