"""Shared setup for the unit tests that need an order or a case with logged contacts (not a
test file: pytest collects only test_*.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from py_core import caselog
from py_core.models import Case, ContactAttempt, Order, OrderItem, OrderStatus, Problem


def order_from(base: dict[str, Any], **changes: Any) -> Order:
    """An Order from a test's defaults, with ``changes`` over them."""
    return Order.model_validate({**base, **changes})


def attempt(at: str, channel: str, status: str = "waiting", id: str = "A1") -> ContactAttempt:
    """A logged contact made at ``at`` (ISO, UTC) through ``channel``, its text "x"."""
    return ContactAttempt.model_validate(
        {"id": id, "at": at, "channel": channel, "text": "x", "status": status}
    )


def logged_case(
    order: Order, problem: Problem, opened: datetime, *contacts: dict[str, Any]
) -> Case:
    """A case opened at ``opened`` with one logged contact for each of ``contacts``: the
    keyword arguments of ``caselog.record_attempt`` (channel, now and status are needed;
    the text defaults to "x")."""
    case = caselog.new_case(order, problem, now=opened)
    for contact in contacts:
        case, _ = caselog.record_attempt(case, **{"text": "x", **contact})
    return case


KETTLE_ORDER: dict[str, Any] = {
    "number": "46206571-0591",
    "created_date": date(2026, 11, 10),
    "received_date": date(2026, 11, 12),
    "status": OrderStatus.RECEIVED,
    "items": [OrderItem(title="Чайник электрический Polaris", sku="4242", price=Decimal(2990))],
    "sellers": ["ТехноМир"],
    "total": Decimal(2990),
}


def kettle_order(**kw: Any) -> Order:
    """A received kettle, 2 990 ₽ (test_escalation)."""
    return order_from(KETTLE_ORDER, **kw)


HEADPHONES_ORDER: dict[str, Any] = {
    "number": "46206571-0591",
    "created_date": date(2026, 11, 17),
    "status": OrderStatus.IN_TRANSIT,
    "items": [OrderItem(title="Наушники Soundcore Life Q30", sku="1456328790", price=5990)],
    "sellers": ["ТехноМир"],
    "total": Decimal(5990),
}


def headphones_order(**kw: Any) -> Order:
    """Headphones in transit, 5 990 ₽ (test_review_facts)."""
    return order_from(HEADPHONES_ORDER, **kw)
