"""The data the core works on: orders, problems, channels, contact attempts, cases and drafts.

Every model validates strictly (unknown fields are refused) and its error messages are
written for a buyer: the panel shows them as they are. Dates are calendar dates and
times are UTC; the core never needs a time zone database (Pyodide ships none).

The follow-path of the data is: page snapshot -> `Order` -> `Case` (with a `Problem`
and the `ContactAttempt` history) -> channel advice -> `Draft`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

__all__ = [
    "ORDER_NUMBER_RE",
    "POSTING_NUMBER_RE",
    "AttemptStatus",
    "Case",
    "CaseStatus",
    "ChannelCode",
    "ClosingItem",
    "ContactAttempt",
    "DamageKind",
    "DeliveryScheme",
    "Draft",
    "DraftCheck",
    "DraftText",
    "EscalationStep",
    "Language",
    "MessageForm",
    "NoticedWhen",
    "Order",
    "OrderItem",
    "OrderStatus",
    "Parcel",
    "Problem",
    "ProblemCode",
    "Profile",
    "Remedy",
    "ReturnRequest",
]

#: An order number: digits, a dash, four digits. The prefix length varies (8 and 10 seen).
ORDER_NUMBER_RE = re.compile(r"(?<!\d)\d{1,20}-\d{4}(?!\d)")
#: A posting (parcel) number: an order number and ``-N``.
POSTING_NUMBER_RE = re.compile(r"(?<!\d)\d{1,20}-\d{4}-\d{1,6}(?!\d)")

Language = Literal["ru", "en", "zh"]
#: The shape a message takes on its channel (``channels.json``: each channel's ``form``).
MessageForm = Literal["chat", "email", "phone", "public_post", "return_request"]


class ProblemCode(StrEnum):
    """What went wrong, as the buyer picks it in the panel (fixed contract with the extension)."""

    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    MISSING_ITEM = "missing_item"
    NOT_DELIVERED = "not_delivered"
    LATE_DELIVERY = "late_delivery"
    RETURN_REQUEST = "return_request"
    REFUND_MISSING = "refund_missing"
    PRODUCT_QUESTION = "product_question"
    WARRANTY_REPAIR = "warranty_repair"
    PAYMENT_ISSUE = "payment_issue"
    ACCOUNT_ISSUE = "account_issue"
    COMPLAINT = "complaint"


class ChannelCode(StrEnum):
    """Where a message can go (fixed contract with the extension)."""

    SELLER_CHAT = "seller_chat"
    RETURN_REQUEST = "return_request"
    SUPPORT_CHAT = "support_chat"
    EMAIL = "email"
    PHONE = "phone"
    PUBLIC_POST = "public_post"


class DeliveryScheme(StrEnum):
    """Who carries the parcel: Ozon's logistics (FBO, FBS) or the seller itself (rFBS)."""

    OZON = "ozon"
    SELLER = "seller"
    MIXED = "mixed"
    UNKNOWN = "unknown"


class OrderStatus(StrEnum):
    """The order's state, normalised from the Russian labels Ozon shows."""

    CANCELLED = "cancelled"
    PROCESSING = "processing"
    IN_TRANSIT = "in_transit"
    READY_FOR_PICKUP = "ready_for_pickup"
    RECEIVED = "received"
    UNKNOWN = "unknown"


class Remedy(StrEnum):
    """What the buyer wants."""

    REPLACEMENT = "replacement"
    REFUND = "refund"
    PARTIAL_REFUND = "partial_refund"
    REPAIR = "repair"
    INFORMATION = "information"


class DamageKind(StrEnum):
    """What is damaged."""

    PACKAGING = "packaging"
    ITEM = "item"
    BOTH = "both"


class NoticedWhen(StrEnum):
    """When the buyer noticed the problem."""

    AT_PICKUP = "at_pickup"
    AT_UNBOXING = "at_unboxing"
    LATER = "later"


class AttemptStatus(StrEnum):
    """Where a contact attempt stands."""

    DRAFTED = "drafted"
    WAITING = "waiting"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    NO_REPLY = "no_reply"
    FAILED = "failed"


class CaseStatus(StrEnum):
    """Whether the case is still open."""

    OPEN = "open"
    RESOLVED = "resolved"
    ABANDONED = "abandoned"


def _order_number(value: str) -> str:
    value = value.strip()
    if not ORDER_NUMBER_RE.fullmatch(value):
        raise ValueError("an order number looks like 46206571-0591: digits, a dash and four digits")
    return value


def _posting_number(value: str) -> str:
    value = value.strip()
    if not POSTING_NUMBER_RE.fullmatch(value):
        raise ValueError(
            "a parcel number looks like 46206571-0591-1: the order number, a dash and a digit"
        )
    return value


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("a time must say its time zone (for example 2026-11-22T10:00:00Z)")
    return value.astimezone(UTC)


OrderNumber = Annotated[str, AfterValidator(_order_number)]
PostingNumber = Annotated[str, AfterValidator(_posting_number)]
UtcDatetime = Annotated[datetime, AfterValidator(_utc)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]


_MONEY_TYPED = re.compile(
    r"^\s*(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?\s*(?:₽|₸|руб\.?|RUB|KZT)?\s*$"
)


def _typed_money(value: object) -> object:
    """An amount as a person types or copies it: "5 990", "5\u00a0990 ₽", "14 990,50".

    The thousands space (plain, no-break or narrow) is a separator, never the end of the
    number: "5 990" is 5990, not 990 or an error.
    """
    if not isinstance(value, str):
        return value
    match = _MONEY_TYPED.match(value)
    if not match:
        return value
    digits = re.sub(r"\D", "", match.group(1))
    return f"{digits}.{match.group(2)}" if match.group(2) else digits


Money = Annotated[
    Decimal, BeforeValidator(_typed_money), Field(ge=0, max_digits=14, decimal_places=2)
]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=True,
        use_enum_values=False,
    )


class OrderItem(_Model):
    """One product line of an order."""

    title: ShortText
    sku: str | None = Field(default=None, pattern=r"^\d{1,20}$", description="Ozon SKU")
    quantity: int = Field(default=1, ge=1, le=10_000)
    price: Money | None = Field(default=None, description="Price of the line, as shown")
    seller: str | None = Field(default=None, max_length=200)
    parcel: PostingNumber | None = Field(default=None, description="Posting number")
    shipment_id: str | None = Field(
        default=None, pattern=r"^\d{1,20}$", description="The parcel's shipmentId on the page"
    )
    variant: str | None = Field(default=None, max_length=200, description="Colour, size, ...")


class Parcel(_Model):
    """One posting (shipment) of an order: Ozon splits orders by seller and warehouse."""

    number: PostingNumber | None = None
    status: OrderStatus = OrderStatus.UNKNOWN
    status_label: str | None = Field(default=None, max_length=100)
    delivery_scheme: DeliveryScheme = DeliveryScheme.UNKNOWN
    fulfilment: Literal["FBO", "FBS", "rFBS"] | None = Field(
        default=None,
        description="Ozon's scheme: FBO (Ozon's warehouse), FBS, rFBS (seller delivers)",
    )
    seller: str | None = Field(default=None, max_length=200)
    expected_date: date | None = None
    received_date: date | None = None
    tracking: str | None = Field(default=None, max_length=100)
    shipment_id: str | None = Field(
        default=None, pattern=r"^\d{1,20}$", description="Ozon's shipmentId of the parcel"
    )
    sellers: list[str] = Field(
        default_factory=list, max_length=20, description="Every seller in this parcel"
    )


class ReturnRequest(_Model):
    """One return as the returns pages show it (/my/returns, /my/returnDetails)."""

    number: str | None = Field(default=None, pattern=r"^[0-9A-Za-z-]{3,40}$")
    created_date: date | None = None
    status_label: str | None = Field(default=None, max_length=200)
    status: Literal["refund_sent", "pending", "approved", "rejected", "in_transit", "cancelled", "unknown"] = "unknown"
    amount: Money | None = None
    items: list[str] = Field(default_factory=list, max_length=100)


class Order(_Model):
    """An Ozon order as read from its page (or typed in by the buyer).

    Every field but the number may be unknown; the extraction reports which ones.
    """

    number: OrderNumber | None = None
    site: str = Field(default="ozon.ru", pattern=r"^ozon\.[a-z]{2,3}$")
    url: str | None = Field(default=None, max_length=2000)
    created_date: date | None = None
    status: OrderStatus = OrderStatus.UNKNOWN
    status_label: str | None = Field(default=None, max_length=100)
    payment_status: str | None = Field(default=None, max_length=100)
    currency: str = Field(default="RUB", pattern=r"^[A-Z]{3}$")
    total: Money | None = None
    items: list[OrderItem] = Field(default_factory=list, max_length=500)
    sellers: list[str] = Field(default_factory=list, max_length=100)
    parcels: list[Parcel] = Field(default_factory=list, max_length=100)
    delivery_scheme: DeliveryScheme = DeliveryScheme.UNKNOWN
    expected_date: date | None = Field(default=None, description="Delivery or pickup date")
    received_date: date | None = None
    tracking: str | None = Field(default=None, max_length=100)
    payment_method: str | None = Field(default=None, max_length=100, description="e.g. Ozon Банк")
    delivery_kind: Literal["pickup", "door"] | None = Field(
        default=None, description="Where the parcel goes (never the address itself)"
    )
    returns: list[ReturnRequest] = Field(default_factory=list, max_length=200)

    def resolve_item(self, wanted: str | None) -> tuple[OrderItem | None, str | None]:
        """The order line a problem is about and the title to show.

        Args:
            wanted: What the buyer named (``Problem.item``): a SKU, a title or part of one.
                Without it, the order's only line, if it has one line.
        """
        if wanted:
            for line in self.items:
                if wanted in (line.sku, line.title):
                    return line, line.title
            lowered = wanted.lower()
            for line in self.items:
                if lowered in line.title.lower():
                    return line, line.title
            return None, wanted
        if len(self.items) == 1:
            return self.items[0], self.items[0].title
        return None, None


_PROBLEM_FIELDS: dict[str, frozenset[str]] = {
    "damaged": frozenset({"item", "damage", "noticed", "noticed_on", "remedy", "amount", "fault"}),
    "wrong_item": frozenset({"item", "noticed", "noticed_on", "remedy", "received_item"}),
    "missing_item": frozenset({"item", "noticed", "noticed_on", "remedy", "amount"}),
    "not_delivered": frozenset({"item", "expected_date", "remedy"}),
    "late_delivery": frozenset({"item", "expected_date", "actual_date", "remedy"}),
    "return_request": frozenset({"item", "return_reason", "return_number", "remedy", "fault"}),
    "refund_missing": frozenset(
        {"item", "return_number", "refund_promised_on", "amount", "remedy"}
    ),
    "product_question": frozenset({"item", "question", "remedy"}),
    "warranty_repair": frozenset({"item", "noticed_on", "warranty_months", "remedy", "fault"}),
    "payment_issue": frozenset({"payment_kind", "amount", "remedy"}),
    "account_issue": frozenset({"account_kind", "remedy"}),
    "complaint": frozenset({"complaint_about", "remedy", "item", "fault"}),
}

_DETAIL_FIELDS = frozenset().union(*_PROBLEM_FIELDS.values())


class Problem(_Model):
    """What went wrong, with the details that matter for this kind of problem.

    Only the details that make sense for the chosen `code` are accepted.
    """

    code: ProblemCode
    item: str | None = Field(default=None, max_length=300, description="Which item: title or SKU")
    damage: DamageKind | None = None
    noticed: NoticedWhen | None = None
    noticed_on: date | None = None
    received_item: str | None = Field(
        default=None, max_length=300, description="What arrived instead (wrong item)"
    )
    expected_date: date | None = None
    actual_date: date | None = None
    return_reason: Literal["changed_mind", "did_not_fit", "defect", "not_as_described"] | None = (
        None
    )
    return_number: str | None = Field(default=None, pattern=r"^[0-9A-Za-z-]{3,40}$")
    refund_promised_on: date | None = None
    question: Literal["compatibility", "size", "completeness", "usage", "other"] | None = None
    warranty_months: int | None = Field(default=None, ge=0, le=600)
    payment_kind: (
        Literal["charged_twice", "paid_but_unpaid", "wrong_amount", "card_hold"] | None
    ) = None
    account_kind: Literal["cannot_log_in", "blocked", "chat_disabled", "points"] | None = None
    complaint_about: Literal["seller", "courier", "pickup_point", "fake_item", "support"] | None = (
        None
    )
    remedy: Remedy | None = None
    amount: Money | None = None
    fault: str | None = Field(
        default=None,
        max_length=500,
        description="What exactly is wrong, in the buyer's words (put in the draft verbatim)",
    )

    @model_validator(mode="after")
    def _details_fit_the_problem(self) -> Self:
        allowed = _PROBLEM_FIELDS[self.code.value]
        given = {name for name in _DETAIL_FIELDS if getattr(self, name) is not None}
        extra = sorted(given - allowed)
        if extra:
            raise ValueError(
                f"these details do not apply to the problem {self.code.value!r}: "
                + ", ".join(extra)
            )
        if self.expected_date and self.actual_date and self.actual_date < self.expected_date:
            raise ValueError(
                "the actual delivery date is before the expected one: that is not a late delivery"
            )
        return self


class Profile(_Model):
    """How the buyer signs and how formal the text is."""

    name: str | None = Field(default=None, max_length=80)
    tone: Literal["formal", "neutral"] = "formal"


class ContactAttempt(_Model):
    """One message the buyer drafted or sent, and what came of it."""

    id: str = Field(pattern=r"^A\d{1,4}$")
    at: UtcDatetime
    channel: ChannelCode
    text: str = Field(max_length=20_000)
    status: AttemptStatus = AttemptStatus.WAITING
    follow_up_due: UtcDatetime | None = None
    reference: str | None = Field(
        default=None, max_length=80, description="Ticket, return or chat number given"
    )
    reply_summary: str | None = Field(default=None, max_length=2000)
    updated_at: UtcDatetime | None = None


class ClosingItem(_Model):
    """One point to confirm before ending a chat, and what the buyer recorded."""

    code: str = Field(pattern=r"^[a-z_]{2,40}$")
    label: dict[str, str]
    value: str | None = Field(default=None, max_length=200)
    confirmed_at: UtcDatetime | None = None


class EscalationStep(_Model):
    """One step past Ozon that the buyer took: the written claim, Rospotrebnadzor, the bank."""

    code: Literal["claim", "rospotrebnadzor", "bank_dispute"]
    at: UtcDatetime
    note: str | None = Field(default=None, max_length=500)


class CaseLink(_Model):
    """A shop's page on a social network that the buyer found and kept with the case."""

    url: str = Field(max_length=300, pattern=r"^https?://")
    network: str | None = Field(default=None, max_length=20)
    added_at: UtcDatetime


class Case(_Model):
    """The buyer's case: the order, the problem and every contact attempt, in order."""

    schema_version: Literal[1] = 1
    id: str = Field(pattern=r"^[0-9A-Za-z_-]{3,80}$")
    created_at: UtcDatetime
    order: Order
    problem: Problem
    status: CaseStatus = CaseStatus.OPEN
    attempts: list[ContactAttempt] = Field(default_factory=list, max_length=500)
    closing: list[ClosingItem] = Field(default_factory=list, max_length=50)
    steps: list[EscalationStep] = Field(default_factory=list, max_length=50)
    profile: Profile | None = Field(
        default=None, description="The buyer's own signature name and tone, for later drafts"
    )
    links: list[CaseLink] = Field(default_factory=list, max_length=20)

    @field_validator("order")
    @classmethod
    def _order_has_number(cls, order: Order) -> Order:
        if order.number is None:
            raise ValueError("the order number is missing: type it in from the order page")
        return order

    @model_validator(mode="after")
    def _attempt_ids_unique(self) -> Self:
        ids = [attempt.id for attempt in self.attempts]
        if len(ids) != len(set(ids)):
            raise ValueError("two contact attempts share the same id")
        return self


class DraftText(_Model):
    """One language version of a message."""

    lang: Language
    subject: str | None = None
    body: str


class DraftCheck(_Model):
    """A problem the draft checker found."""

    code: Literal[
        "no_order_number",
        "no_request",
        "too_long",
        "shouting",
        "personal_data",
        "template_syntax",
        "html",
        "empty",
        "note_left_out",
    ]
    severity: Literal["error", "warning", "info"]
    message: str


class Draft(_Model):
    """A message for one channel: the Russian text to send and a translation beside it."""

    channel: ChannelCode
    form: MessageForm
    ru: DraftText
    side: DraftText
    max_length: int | None = None
    checks: list[DraftCheck] = Field(default_factory=list)
