"""Which channel to use, in which order, and why: the rules of ``data/channels.json`` applied.

The per-problem list gives the starting order (filtered by who delivers the parcel and
the problem's details); then the history moves channels: a seller who did not answer in
time sends the buyer to Ozon support, a channel that failed goes last, a long case adds
e-mail and repeated failures allow a public post. Nothing about the order of channels is
written in code; the code only knows how to read the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from ._data import channel_spec, load_data
from .models import (
    AttemptStatus,
    ChannelCode,
    ContactAttempt,
    DeliveryScheme,
    Order,
    OrderStatus,
    Problem,
)
from .rules import fits_when

__all__ = ["ChannelAdvice", "follow_up_due", "fulfilment_for", "recommend_channels"]

_OPEN = (AttemptStatus.WAITING,)


class ChannelAdvice(BaseModel):
    """One advised channel, with its place in the list and the reason in three languages."""

    model_config = ConfigDict(extra="forbid")

    code: ChannelCode
    rank: int
    reason: dict[str, str]
    notes: list[dict[str, str]] = []
    how_to: dict[str, str] | None = None


def follow_up_due(attempt: ContactAttempt) -> datetime:
    """When to follow up on an attempt: its time plus the channel's expected reply time.

    For the seller chat, never later than the seller's 48 h reply window.
    """
    hours = channel_spec(attempt.channel.value).reply_hours
    if attempt.channel is ChannelCode.SELLER_CHAT:
        window = load_data("channels")["escalation"]["seller_window"]["reply_window_hours"]
        hours = min(hours, window)
    return attempt.at + timedelta(hours=hours)


def _scheme_for(order: Order, problem: Problem) -> DeliveryScheme:
    line, _title = order.resolve_item(problem.item)
    if line and line.parcel:
        for parcel in order.parcels:
            if (
                parcel.number == line.parcel
                and parcel.delivery_scheme is not DeliveryScheme.UNKNOWN
            ):
                return parcel.delivery_scheme
    return order.delivery_scheme


def fulfilment_for(order: Order, problem: Problem) -> str | None:
    """FBO, FBS or rFBS for the parcel the problem is about; None when unknown or mixed."""
    line, _title = order.resolve_item(problem.item)
    parcels = [p for p in order.parcels if line and line.parcel and p.number == line.parcel]
    kinds = {p.fulfilment for p in (parcels or order.parcels)}
    return kinds.pop() if len(kinds) == 1 else None


def _matches(when: dict[str, list[str]], scheme: DeliveryScheme, problem: Problem) -> bool:
    return fits_when(when, {"scheme": scheme.value}, problem)


def _is_failure(attempt: ContactAttempt, now: datetime) -> bool:
    if attempt.status in (AttemptStatus.NO_REPLY, AttemptStatus.FAILED):
        return True
    due = attempt.follow_up_due or follow_up_due(attempt)
    return attempt.status in _OPEN and due <= now


def recommend_channels(
    order: Order,
    problem: Problem,
    history: Sequence[ContactAttempt] = (),
    *,
    now: datetime,
) -> list[ChannelAdvice]:
    """The channels to use for this case, best first, each with a one-line reason.

    Args:
        order: The order (its delivery scheme matters).
        problem: The problem and its details.
        history: What the buyer has tried, oldest first.
        now: The current time (UTC), to judge whether replies are overdue.
    """
    rules = load_data("channels")
    reasons: dict[str, dict[str, str]] = rules["reasons"]
    escalation = rules["escalation"]
    scheme = _scheme_for(order, problem)

    chosen: list[tuple[ChannelCode, str]] = []
    for rule in rules["problems"][problem.code.value]:
        code = ChannelCode(rule["channel"])
        if _matches(rule.get("when", {}), scheme, problem) and code not in (c for c, _ in chosen):
            chosen.append((code, rule["reason"]))

    notes: dict[ChannelCode, list[dict[str, str]]] = {}

    # The seller chat is off for this account: it cannot be used at all.
    if problem.account_kind == "chat_disabled" or any(
        a.channel is ChannelCode.SELLER_CHAT and a.status is AttemptStatus.FAILED for a in history
    ):
        chosen = [(c, r) for c, r in chosen if c is not ChannelCode.SELLER_CHAT]
        if ChannelCode.SUPPORT_CHAT not in (c for c, _ in chosen):
            chosen.insert(0, (ChannelCode.SUPPORT_CHAT, escalation["chat_disabled"]["reason"]))

    # Source guide: if the seller does not answer, go to Ozon support.
    seller_side = {ChannelCode(code) for code in escalation["seller_silent"]["after"]}
    seller_silent = any(a.channel in seller_side and _is_failure(a, now) for a in history)
    if seller_silent:
        chosen = [(c, r) for c, r in chosen if c is not ChannelCode.SUPPORT_CHAT]
        chosen.insert(0, (ChannelCode.SUPPORT_CHAT, escalation["seller_silent"]["reason"]))

    support_silent = [
        a for a in history if a.channel is ChannelCode.SUPPORT_CHAT and _is_failure(a, now)
    ]
    if support_silent:
        notes.setdefault(ChannelCode.SUPPORT_CHAT, []).append(
            reasons[escalation["support_silent"]["reason"]]
        )

    # A channel where sending failed goes last.
    failed = {a.channel for a in history if a.status is AttemptStatus.FAILED}
    if failed:
        keep = [(c, r) for c, r in chosen if c not in failed]
        moved = [(c, r) for c, r in chosen if c in failed]
        chosen = keep + moved
        for code in failed:
            notes.setdefault(code, []).append(reasons[escalation["failed_channel"]["reason"]])

    # Ozon: only orders in status "Получен" can be returned.
    not_received = (OrderStatus.PROCESSING, OrderStatus.IN_TRANSIT, OrderStatus.READY_FOR_PICKUP)
    if order.status in not_received and ChannelCode.RETURN_REQUEST in (c for c, _ in chosen):
        chosen = [(c, r) for c, r in chosen if c is not ChannelCode.RETURN_REQUEST] + [
            (c, r) for c, r in chosen if c is ChannelCode.RETURN_REQUEST
        ]
        notes.setdefault(ChannelCode.RETURN_REQUEST, []).append(reasons["not_received_yet"])

    # A long case: an e-mail gathers the history and attachments in one place.
    long_rule = escalation["long_case"]
    sent = [a for a in history if a.status is not AttemptStatus.DRAFTED]
    started = min((a.at for a in sent), default=now)
    if len(sent) >= long_rule["min_attempts"] or (
        sent and now - started >= timedelta(days=long_rule["min_days"])
    ):
        chosen = [(c, r) for c, r in chosen if c is not ChannelCode.EMAIL]
        chosen.insert(min(1, len(chosen)), (ChannelCode.EMAIL, long_rule["reason"]))

    # Repeated failures: a public post, without personal data, as the last resort.
    public_rule = escalation["public_post"]
    failures = sum(1 for a in history if _is_failure(a, now))
    if failures >= public_rule["min_failures"]:
        chosen.append((ChannelCode.PUBLIC_POST, public_rule["reason"]))

    # Chat rules (Ozon seller API): for FBO only the buyer can start the chat; for FBS and
    # rFBS, more than 72 h after delivery the seller may answer only within 48 h.
    fulfilment = fulfilment_for(order, problem)
    starts = escalation["buyer_starts"]
    if fulfilment in starts["applies_to"] and not any(
        a.channel is ChannelCode.SELLER_CHAT for a in history
    ):
        notes.setdefault(ChannelCode.SELLER_CHAT, []).append(reasons[starts["reason"]])
    window = escalation["seller_window"]
    received = order.received_date
    if (
        received is not None
        and order.status is OrderStatus.RECEIVED
        and fulfilment in window["applies_to"]
    ):
        received_at = datetime(received.year, received.month, received.day, tzinfo=now.tzinfo)
        if now - received_at > timedelta(hours=window["after_delivery_hours"]):
            notes.setdefault(ChannelCode.SELLER_CHAT, []).append(reasons[window["reason"]])

    channels: dict[str, Any] = rules["channels"]
    return [
        ChannelAdvice(
            code=code,
            rank=rank,
            reason=reasons[reason],
            notes=notes.get(code, []),
            how_to=channels[code.value].get("how_to"),
        )
        for rank, (code, reason) in enumerate(chosen, start=1)
    ]
