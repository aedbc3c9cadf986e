"""The core's requests and results as models, and the functions that answer them.

`py_core.bridge` turns JSON into these requests and the results back into JSON; the CLI
and the tests call these functions directly. No I/O happens here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ._data import load_data
from .advice import ChannelAdvice, recommend_channels
from .deadlines import Deadline, compute_deadlines, resolve_category
from .drafting import render_draft
from .escalation import EscalationOffer, Parties, escalation_offer
from .exceptions import MissingOrderNumber
from .extract import Extraction, extract_order
from .models import (
    AttemptStatus,
    Case,
    CaseStatus,
    ChannelCode,
    ContactAttempt,
    DeliveryScheme,
    Draft,
    EscalationStep,
    Language,
    Order,
    OrderNumber,
    OrderStatus,
    Problem,
    ProblemCode,
    Profile,
    UtcDatetime,
)
from .rules import Basis, CategoryGuess, SiteLaw, basis_for, category_choices, site_law

__all__ = [
    "Advice",
    "AdviseRequest",
    "CaseRequest",
    "ExtractRequest",
    "OrderCorrections",
    "advise",
    "deadlines",
    "draft",
    "extract",
    "list_problems",
    "require_number",
]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ExtractRequest(_Request):
    """Payload of ``extract``: the page snapshot, as the content script sends it."""

    type: Literal["extract"] = "extract"
    snapshot: Any = None
    today: date | None = None


class OrderCorrections(_Request):
    """What the buyer typed or chose where the page did not show it.

    The panel sends only these; the background adds the order as read from the page (it
    keeps that read per tab), and the core puts the two together (`corrected`). So a click
    carries a few bytes, and a restarted Python host loses nothing.
    """

    number: OrderNumber | None = Field(
        default=None, description="Typed or selected; used only when the page showed none"
    )
    created_date: date | None = None
    received_date: date | None = None
    expected_date: date | None = None
    status: OrderStatus | None = None
    delivery_scheme: DeliveryScheme | None = None
    sellers: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(
        default=None, max_length=100
    )
    item: str | None = Field(
        default=None, min_length=1, max_length=300, description="The item, when none was read"
    )


def corrected(order: Order | None, corrections: OrderCorrections | None) -> Order | None:
    """The order as read with the buyer's corrections on top (None when there is neither)."""
    if corrections is None:
        return order
    changes = corrections.model_dump(exclude_none=True, exclude={"number", "item"})
    if corrections.item is not None:
        changes["items"] = [{"title": corrections.item}]
    base = order.model_dump() if order is not None else {}
    if corrections.number is not None and not base.get("number"):
        changes["number"] = corrections.number
    if not base and not changes:
        return None
    return Order.model_validate({**base, **changes})


class _OrderedRequest(_Request):
    """A request about an order: the order as read (or none) and the buyer's corrections."""

    order: Order | None = None
    corrections: OrderCorrections | None = None

    @model_validator(mode="after")
    def _apply_corrections(self) -> Self:
        if self.corrections is not None:
            self.order = corrected(self.order, self.corrections)
            self.corrections = None
        return self


class AdviseRequest(_OrderedRequest):
    """Payload of ``advise``, ``draft`` and ``deadlines``.

    ``order`` is the order as read (the background adds it), ``corrections`` what the
    buyer typed; without either the request is refused for want of an order number.
    """

    type: Literal["advise", "draft", "deadlines"] = "advise"
    problem: Problem
    history: list[ContactAttempt] = Field(default_factory=list, max_length=500)
    lang: Language = "en"
    channel: ChannelCode | None = None
    today: date | None = None
    now: UtcDatetime | None = None
    received: date | None = Field(default=None, description="When the page did not show it")
    category: str | None = Field(default=None, pattern=r"^[a-z_]{2,40}$")
    note: str | None = Field(default=None, max_length=2000)
    profile: Profile = Field(default_factory=Profile)
    escalate: bool = Field(default=False, description="The buyer says seller and support failed")
    steps: list[EscalationStep] = Field(default_factory=list, max_length=50)


class EvidenceItem(BaseModel):
    """Something to prepare before writing."""

    code: str
    label: dict[str, str]


class HelpLink(BaseModel):
    """A help-centre page worth reading first."""

    code: str
    url: str
    title: dict[str, str]
    source: str
    checked: date


class ClosingPoint(BaseModel):
    """Something to confirm before ending the chat."""

    code: str
    label: dict[str, str]


class Tip(BaseModel):
    """Extra advice for this case (refuse at the pickup point, the bank route ...)."""

    code: str
    text: dict[str, str]


class Advice(BaseModel):
    """The result of ``advise``."""

    channels: list[ChannelAdvice]
    deadlines: list[Deadline]
    evidence: list[EvidenceItem]
    help_links: list[HelpLink]
    closing_checklist: list[ClosingPoint]
    draft: Draft
    category: CategoryGuess
    categories: list[dict[str, Any]]
    basis: list[Basis]
    site: SiteLaw
    tips: list[Tip]
    escalation: EscalationOffer


class CaseRequest(_OrderedRequest):
    """Payload of the ``case_*`` requests and ``claim`` (each uses the fields it needs)."""

    type: Literal[
        "case_new",
        "case_record",
        "case_update",
        "case_confirm",
        "case_status",
        "case_due",
        "case_export",
        "case_import",
        "case_escalation",
        "case_step",
        "claim",
    ] = "case_new"
    case: Case | None = None
    problem: Problem | None = None
    channel: ChannelCode | None = None
    text: str | None = Field(default=None, max_length=20_000)
    status: AttemptStatus | None = None
    case_status: CaseStatus | None = None
    attempt_id: str | None = None
    reference: str | None = Field(default=None, max_length=80)
    reply_summary: str | None = Field(default=None, max_length=2000)
    code: str | None = None
    value: str | None = Field(default=None, max_length=200)
    format: Literal["json", "markdown"] = "json"
    step: Literal["claim", "rospotrebnadzor", "bank_dispute"] | None = None
    parties: Parties | None = None
    lang: Language = "en"
    today: date | None = None
    now: UtcDatetime | None = None
    note: str | None = Field(default=None, max_length=2000)
    profile: Profile = Field(default_factory=Profile)


def clock(today: date | None, now: datetime | None) -> tuple[date, datetime]:
    """Today's date and the current UTC time, from what the request gave."""
    if now is not None:
        return (today or now.date()), now
    if today is not None:
        return today, datetime.combine(today, time(12, 0), tzinfo=UTC)
    current = datetime.now(UTC)
    return current.date(), current


def extract(request: ExtractRequest) -> Extraction:
    """Answers ``extract``: the page kind, the order read from the snapshot, what was missing."""
    return extract_order(request.snapshot, today=request.today)


def list_problems() -> list[dict[str, Any]]:
    """Answers ``problems``: every problem with its labels and follow-up questions (chips).

    Labels come in all three languages; the panel picks the one it shows.
    """
    data = load_data("problems")
    shared = data["shared_questions"]
    result = []
    for code in ProblemCode:
        spec = data["problems"][code.value]
        questions = []
        for question in spec["questions"]:
            if question == "remedy":
                questions.append(
                    {
                        **data["remedy_question"],
                        "choices": [
                            {"value": r, "label": data["remedy_labels"][r]}
                            for r in spec["remedies"]
                        ],
                        "default": spec["default_remedy"],
                    }
                )
            elif isinstance(question, str):
                questions.append(shared[question])
            else:
                questions.append(question)
        result.append(
            {
                "code": code.value,
                "label": spec["label"],
                "default_remedy": spec["default_remedy"],
                "questions": questions,
            }
        )
    return result


def require_number(order: Order | None) -> Order:
    """The order, or `MissingOrderNumber` when it has no number (no message can name it)."""
    if order is None or order.number is None:
        raise MissingOrderNumber(
            "The order number is missing: type it in from the order page (it looks like 46206571-0591)."
        )
    return order


def draft(request: AdviseRequest, channel: ChannelCode | None = None) -> Draft:
    """Answers ``draft``: the message for the requested (or the first advised) channel."""
    order = require_number(request.order)
    today, now = clock(request.today, request.now)
    chosen = channel or request.channel
    if chosen is None:
        advice = recommend_channels(order, request.problem, request.history, now=now)
        chosen = advice[0].code
    return render_draft(
        order,
        request.problem,
        channel=chosen,
        side_lang=request.lang,
        today=today,
        note=request.note,
        profile=request.profile,
        history=request.history,
        category=request.category,
        escalation=request.escalate,
    )


def tips_for(order: Order, problem: Problem) -> list[Tip]:
    """The extra advice (``rules.json`` tips) that fits this case."""
    tips = []
    for code, spec in load_data("rules")["tips"].items():
        if code == "about":
            continue
        fits = True
        for key, allowed in spec["when"].items():
            value = problem.code.value if key == "problem" else getattr(problem, key, None)
            if getattr(value, "value", value) not in allowed:
                fits = False
        if fits:
            tips.append(Tip(code=code, text=spec["text"]))
    return tips


def deadlines(request: AdviseRequest) -> list[Deadline]:
    """Answers ``deadlines``: every deadline of the case, soonest first."""
    today, _now = clock(request.today, request.now)
    return compute_deadlines(
        request.order or Order(),
        request.problem,
        request.history,
        today=today,
        received=request.received,
        category=request.category,
    )


def advise(request: AdviseRequest) -> Advice:
    """Answers ``advise``: channels, deadlines, evidence, help links, closing checklist, draft."""
    order = require_number(request.order)
    _today, now = clock(request.today, request.now)
    channels = recommend_channels(order, request.problem, request.history, now=now)
    data = load_data("problems")
    spec = data["problems"][request.problem.code.value]
    guess = resolve_category(order, request.problem, request.category)
    return Advice(
        category=guess,
        categories=category_choices(),
        basis=basis_for(order, request.problem, guess.code),
        site=site_law(order),
        tips=tips_for(order, request.problem),
        escalation=escalation_offer(
            order,
            request.problem,
            request.history,
            request.steps,
            escalate=request.escalate,
            now=now,
        ),
        channels=channels,
        deadlines=deadlines(request),
        evidence=[EvidenceItem(code=c, label=data["evidence"][c]) for c in spec["evidence"]],
        help_links=[HelpLink(code=c, **data["help_links"][c]) for c in spec["help_links"]],
        closing_checklist=[ClosingPoint(code=c, label=data["closing"][c]) for c in spec["closing"]],
        draft=draft(request, request.channel or channels[0].code),
    )
