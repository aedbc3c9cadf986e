"""The dates that matter now, from ``data/deadlines.json``.

Each rule counts days from an anchor (the day the order was received, the first demand,
the return request ...). Where the sources disagree a rule holds several variants; the
cautious one is shown (``earliest`` for what the buyer must not miss, ``latest`` for when
to start worrying) with a note and every source. A rule whose anchor is unknown is still
listed, without a date, so the panel can say what it depends on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ._data import load_data
from .models import AttemptStatus, ChannelCode, ContactAttempt, Order, Problem, Remedy

__all__ = ["Deadline", "DeadlineSource", "compute_deadlines", "guess_category"]


class DeadlineSource(BaseModel):
    """Where a rule comes from and when it was last checked."""

    model_config = ConfigDict(extra="forbid")

    days: int | None
    date: dt.date | None
    source: str
    url: str | None = None
    checked: dt.date


class Deadline(BaseModel):
    """One date that matters for the case."""

    model_config = ConfigDict(extra="forbid")

    code: str
    who: Literal["buyer", "seller", "ozon"]
    label: dict[str, str]
    date: dt.date | None
    days: int | None
    anchor: str
    anchor_label: dict[str, str]
    anchor_date: dt.date | None
    days_left: int | None
    state: Literal["upcoming", "today", "passed", "unknown", "not_allowed"]
    category: str
    note: dict[str, str] | None = None
    sources: list[DeadlineSource]


def guess_category(title: str | None) -> str:
    """The return-rules category of an item, guessed from its title (``general`` if unsure)."""
    if not title:
        return "general"
    lowered = f" {title.lower()} "
    categories: dict[str, Any] = load_data("deadlines")["categories"]
    for code, spec in categories.items():
        if code == "about" or not isinstance(spec, dict):
            continue
        if any(keyword in lowered for keyword in spec["keywords"]):
            return code
    return "general"


def _months_in_days(start: date | None, months: int) -> int:
    """Days from ``start`` to the same day ``months`` later (the last day of a short month)."""
    start = start or date(2001, 1, 1)
    year, month = divmod(start.month - 1 + months, 12)
    end_year, end_month = start.year + year, month + 1
    for day in (start.day, 30, 29, 28):
        try:
            return (date(end_year, end_month, min(start.day, day)) - start).days
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _anchors(
    order: Order,
    problem: Problem,
    history: Sequence[ContactAttempt],
    today: date,
    received: date | None,
) -> dict[str, date | None]:
    sent = [a for a in history if a.status is not AttemptStatus.DRAFTED]
    returns = [a.at.date() for a in sent if a.channel is ChannelCode.RETURN_REQUEST]
    approved = [
        (a.updated_at or a.at).date()
        for a in sent
        if a.channel is ChannelCode.RETURN_REQUEST
        and a.status in (AttemptStatus.ANSWERED, AttemptStatus.RESOLVED)
    ]
    return {
        "received": received or order.received_date,
        "demand": min((a.at.date() for a in sent), default=today),
        "return_filed": min(returns) if returns else None,
        "return_approved": min(approved) if approved else None,
        "last_contact": max((a.at.date() for a in sent), default=None),
        "expected": problem.expected_date or order.expected_date,
        "paid": order.created_date,
    }


def compute_deadlines(
    order: Order,
    problem: Problem,
    history: Sequence[ContactAttempt] = (),
    *,
    today: date,
    received: date | None = None,
    category: str | None = None,
) -> list[Deadline]:
    """The deadlines for this case, soonest first (undated ones last).

    Args:
        order: The order (its received date anchors most rules).
        problem: The problem (which rules apply; the warranty length).
        history: The contact attempts (the first demand, the return request, the last contact).
        today: Today's date.
        received: The day the buyer received the order, when the page did not show it.
        category: The item's category; guessed from its title when not given.
    """
    from .drafting import resolve_item

    data = load_data("deadlines")
    channels = load_data("channels")["channels"]
    line, title = resolve_item(order, problem)
    if category:
        categories = [category]
    elif line is not None or title:
        categories = [guess_category(title)]
    else:
        # No single item: every item's category counts, and the cautious date wins.
        categories = list(dict.fromkeys(guess_category(i.title) for i in order.items)) or [
            "general"
        ]
    anchors = _anchors(order, problem, history, today, received)
    remedy = problem.remedy or Remedy(
        load_data("problems")["problems"][problem.code.value]["default_remedy"]
    )
    result: list[Deadline] = []
    for rule in data["rules"]:
        if problem.code.value not in rule["problems"]:
            continue
        if "remedies" in rule and remedy.value not in rule["remedies"]:
            continue
        anchor = rule["anchor"]
        anchor_date = anchors.get(anchor)
        variants: list[dict[str, Any]] = []
        for name in categories:
            for variant in rule["by_category"].get(name) or rule["by_category"].get("general", []):
                if variant not in variants:
                    variants.append({**variant, "category": name})
        if rule["code"] == "escalate":
            last = max(
                (a for a in history if a.status is not AttemptStatus.DRAFTED),
                key=lambda a: a.at,
                default=None,
            )
            if last is None:
                continue
            hours = channels[last.channel.value]["reply_hours"]
            variants = [
                {
                    "days": max(1, -(-hours // 24)),
                    "category": categories[0],
                    "source": f"Expected reply time of {last.channel.value}: {hours} h (channels.json)",
                    "checked": load_data("channels")["checked"],
                }
            ]
        if rule.get("warranty") and problem.warranty_months:
            variants = [
                {
                    "days": _months_in_days(anchor_date, problem.warranty_months),
                    "source": f"The item's warranty: {problem.warranty_months} months (Consumer Protection Law Art. 19)",
                    "category": categories[0],
                    "checked": data["checked"],
                }
            ]
        if not variants:
            continue
        sources = [
            DeadlineSource(
                days=v["days"],
                date=anchor_date + timedelta(days=v["days"])
                if anchor_date and v["days"] is not None
                else None,
                source=v["source"],
                url=v.get("url"),
                checked=date.fromisoformat(v["checked"]),
            )
            for v in variants
        ]
        not_allowed = all(v["days"] is None for v in variants)
        dated = [v for v in variants if v["days"] is not None]
        pick = min if rule["cautious"] == "earliest" else max
        chosen = pick(dated, key=lambda v: v["days"]) if dated else variants[0]
        days = chosen["days"] if dated else None
        category_used = str(chosen.get("category", categories[0]))
        when = anchor_date + timedelta(days=days) if anchor_date and days is not None else None
        disagree = len({v["days"] for v in variants}) > 1
        note = rule.get("note") if disagree or not_allowed else None
        if not_allowed:
            note = rule.get("not_allowed") or note
        if not_allowed:
            state: Literal["upcoming", "today", "passed", "unknown", "not_allowed"] = "not_allowed"
        elif when is None:
            state = "unknown"
        elif when < today:
            state = "passed"
        elif when == today:
            state = "today"
        else:
            state = "upcoming"
        result.append(
            Deadline(
                code=rule["code"],
                who=rule["who"],
                label=rule["label"],
                date=when,
                days=days,
                anchor=anchor,
                anchor_label=data["anchors"][anchor],
                anchor_date=anchor_date,
                days_left=(when - today).days if when else None,
                state=state,
                category=category_used,
                note=note,
                sources=sources,
            )
        )
    result.sort(key=lambda d: (d.date is None, d.date or today))
    return result
