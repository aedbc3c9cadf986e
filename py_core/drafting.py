"""Rendering a message from the jinja2 templates in ``py_core/templates/<lang>/<form>.j2``.

Every language has a ``blocks.j2`` of paragraphs (greeting, what was ordered, what
happened, history, evidence, the request and by when, legal basis, the buyer's note,
thanks and signature) and one template per form (chat, email, phone, public_post,
return_request). The Russian text is the one sent; English or Chinese is rendered from
the same context so the buyer can read it side by side.

Text is plain: templates are not HTML, so autoescaping is off for ``.j2`` and on for any
``.html`` template. The buyer's note is inserted after rendering, verbatim.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from ._data import TEMPLATES_DIR, channel_spec, load_data
from .checks import check_draft
from .locale_text import format_date, format_money
from .models import (
    AttemptStatus,
    ChannelCode,
    ContactAttempt,
    Draft,
    DraftText,
    Language,
    Order,
    Problem,
    Profile,
    Remedy,
    ReturnRequest,
)

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = [
    "FAULT_MARK",
    "draft_context",
    "plain",
    "render_draft",
    "template_environment",
    "tidy_text",
    "warm_up",
]

# Problems about Ozon itself, where naming the seller would only confuse support.
_NO_SELLER = frozenset({"payment_issue", "account_issue"})
_NOTE_MARK = "\u2063NOTE\u2063"
_DEFECT_EVIDENCE = ("photo_defect", "video_defect", "photo_parcel_label", "screenshot_product_page")
#: Stands for the buyer's own words about the fault until the template is tidied.
FAULT_MARK = "\u2063FAULT\u2063"

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])|(?<=[。，：；！？」）、]) +")
_DOUBLE_DOT = re.compile(r"(?<!\.)\.\.(?!\.)")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([.,;:!?)])")


_UNSAFE = str.maketrans({"<": "‹", ">": "›", "{": "(", "}": ")"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u2063]")


def plain(text: str | None) -> str | None:
    """Page text made safe to place in a message: no markup look-alikes, no control characters.

    Titles and names come from a page we do not control; a message must never carry
    something that reads as HTML or template syntax.
    """
    if text is None:
        return None
    return " ".join(_CONTROL.sub(" ", text).translate(_UNSAFE).split()) or None


def _oneline(text: str) -> str:
    return " ".join(str(text).split())


@cache
def template_environment() -> Environment:
    """The jinja2 environment of the draft templates (strict; plain text is not escaped)."""
    # jinja2 is imported here so that importing the bridge stays fast.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml"), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,
        keep_trailing_newline=False,
    )
    env.filters["oneline"] = _oneline
    return env


def _first_demand(history: Sequence[ContactAttempt]) -> date | None:
    sent = [a.at.date() for a in history if a.status is not AttemptStatus.DRAFTED]
    return min(sent) if sent else None


def _return_for(order: Order, problem: Problem) -> ReturnRequest | None:
    """The return the problem is about, as read from the returns pages (issue 8)."""
    if problem.code.value not in ("refund_missing", "return_request") or not order.returns:
        return None
    if problem.return_number:
        return next((r for r in order.returns if r.number == problem.return_number), None)
    return order.returns[0] if len(order.returns) == 1 else None


def draft_context(
    order: Order,
    problem: Problem,
    *,
    lang: Language,
    channel: ChannelCode,
    form: str,
    today: date,
    note: str | None,
    profile: Profile,
    history: Sequence[ContactAttempt],
    escalation: bool,
    category: str | None = None,
) -> dict[str, Any]:
    """What the draft templates see: the order, problem, channel and buyer, made plain."""
    from .deadlines import days_text, resolve_category
    from .rules import basis_codes, site_law

    problems = load_data("problems")
    channels = load_data("channels")
    spec = problems["problems"][problem.code.value]
    remedy = problem.remedy or Remedy(spec["default_remedy"])
    line, item = order.resolve_item(problem.item)
    item = plain(item)
    seller = plain(
        (line.seller if line else None) or (order.sellers[0] if len(order.sellers) == 1 else None)
    )
    public = form == "public_post"

    def day(value: date | None) -> str | None:
        return format_date(value, lang) if value else None

    price_value = line.price * line.quantity if line and line.price is not None else None
    if price_value is None and order.total is not None:
        price_value = order.total
    amount_value = problem.amount
    overcharge = None
    if problem.payment_kind == "wrong_amount":
        # The amount typed is what was charged; only the difference is owed back.
        overcharge = (
            problem.amount - price_value
            if problem.amount is not None
            and price_value is not None
            and problem.amount > price_value
            else None
        )
        amount_value = overcharge
    elif amount_value is None and remedy is Remedy.REFUND and line and line.price is not None:
        amount_value = line.price * line.quantity
    amount = format_money(amount_value, order.currency, lang) if amount_value is not None else None
    # A delivery cannot be promised for a day before the order was placed: such a date is a
    # typing slip, and a claim built on it (and a penalty counted from it) would be false.
    expected_date = problem.expected_date
    if expected_date and order.created_date and expected_date < order.created_date:
        expected_date = None

    p: dict[str, Any] = {name: getattr(problem, name) for name in Problem.model_fields}
    p["code"] = problem.code.value
    for name in (
        "damage",
        "noticed",
        "payment_kind",
        "account_kind",
        "complaint_about",
        "return_reason",
        "question",
        "remedy",
    ):
        value = p[name]
        p[name] = value.value if hasattr(value, "value") else value
    p["expected_date"] = expected_date
    for name in ("noticed_on", "expected_date", "actual_date", "refund_promised_on"):
        p[name] = day(p[name])
    p["price"] = (
        format_money(price_value, order.currency, lang) if price_value is not None else None
    )
    p["received_item"] = plain(problem.received_item)
    p["item"] = plain(problem.item)
    p["amount"] = (
        format_money(problem.amount, order.currency, lang) if problem.amount is not None else None
    )
    returned = _return_for(order, problem)
    p["return_number"] = problem.return_number or (returned.number if returned else None)
    p["return_status"] = plain(returned.status_label) if returned else None
    if public:
        p["return_number"] = None
        p["return_status"] = None

    reply_hours = channels["channels"][channel.value]["reply_hours"]
    answer_days = max(
        load_data("deadlines")["ask_by"]["reply_days_min"], math.ceil(reply_hours / 24)
    )
    refund_days = load_data("deadlines")["ask_by"]["refund"]["days"]
    shown_history = [
        {
            "date": format_date(a.at.date(), lang),
            "channel_ru": channels["channel_in_sentence"][a.channel.value][lang],
            "status_ru": channels["attempt_status"][a.status.value][lang],
            "reference": None if public else plain(a.reference),
        }
        for a in history
        if a.status is not AttemptStatus.DRAFTED
    ]
    label = problems["problems"][problem.code.value]["label"][lang]
    guess = resolve_category(order, problem, category)
    law = site_law(order)
    rules = load_data("rules")["basis"]
    codes = basis_codes(order, problem, guess.code)
    legal_codes = [code for code in codes if rules[code]["kind"] == "law"]
    received = order.received_date or next(
        (
            parcel.received_date
            for parcel in order.parcels
            if line and parcel.number == line.parcel and parcel.received_date
        ),
        None,
    )
    tc_window_open = bool(received and (today - received).days <= 15)
    first_demand = _first_demand(history)
    refund_due = (first_demand or today) + timedelta(days=refund_days)
    refund_overdue = bool(first_demand and refund_due < today)
    promised_passed = bool(problem.refund_promised_on and problem.refund_promised_on < today)
    delivered = problem.code.value == "late_delivery" and bool(
        problem.actual_date or order.status.value == "received"
    )
    days_late = (
        (problem.actual_date or today) - expected_date
        if problem.code.value in ("late_delivery", "not_delivered") and expected_date
        else None
    )
    prepaid = order.total if order.total is not None else (
        line.price * line.quantity if line and line.price is not None else None
    )
    penalty = None
    if days_late is not None and days_late.days > 0 and prepaid is not None:
        penalty = format_money(
            (prepaid * Decimal("0.005") * days_late.days).quantize(Decimal("0.01")),
            order.currency,
            lang,
        )
    statuses = load_data("channels").get("order_status", {})
    status_side = (
        statuses.get(order.status.value, {}).get(lang)
        if order.status.value != "unknown" and lang != "ru"
        else None
    )
    evidence_names = problems["evidence_in_message"]
    tracking = plain(order.tracking) or next(
        (plain(p.tracking) for p in order.parcels if p.tracking), None
    )
    return {
        "site_russian_law": law.russian_law,
        "law": legal_codes,
        "category": guess.code,
        "tc_window_open": tc_window_open,
        "first_demand": day(first_demand),
        "refund_overdue": refund_overdue,
        "promised_passed": promised_passed,
        "delivered_late": delivered,
        "days_late": days_text(days_late.days, lang)
        if days_late is not None and days_late.days > 0
        else None,
        "penalty": penalty,
        "fault": None if public or not problem.fault else FAULT_MARK,
        "cancelled": order.status.value == "cancelled",
        "account_only": problem.code.value == "account_issue"
        and problem.account_kind in ("cannot_log_in", "blocked"),
        "lang": lang,
        "form": form,
        "channel": channel.value,
        "recipient": "seller" if channel is ChannelCode.SELLER_CHAT else "support",
        "tone": profile.tone,
        "name": None if public else plain(profile.name),
        "order": {
            "number": None if public else order.number,
            "created": day(order.created_date),
            "status_label": plain(order.status_label),
            "status_side": status_side,
            "received": order.status.value == "received",
            "tracking": None if public else tracking,
        },
        "item": item,
        "item_sku": line.sku if line and not public else None,
        "seller": None if public or problem.code.value in _NO_SELLER else seller,
        "story_names_item": public,
        "problem": p,
        "problem_label": label
        if lang == "zh" or label.startswith("I ")
        else label[:1].lower() + label[1:],
        "remedy": remedy.value,
        "amount": amount,
        "refund_by": format_date(refund_due, lang),
        "answer_by": (
            format_date(today + timedelta(days=answer_days), lang)
            if form in ("chat", "email") and problem.code.value != "product_question"
            else None
        ),
        "history": shown_history,
        "escalation": escalation or bool(shown_history),
        "with_legal": bool(shown_history) or escalation,
        "mention_evidence": bool(
            spec["mention_evidence"]
            or (
                problem.code.value == "return_request"
                and problem.return_reason in ("defect", "not_as_described")
            )
        ),
        "evidence": [
            evidence_names["names"][code][lang]
            for code in (
                # A defect is shown by the defect itself, not by tags and packaging.
                _DEFECT_EVIDENCE
                if problem.code.value == "return_request"
                and problem.return_reason in ("defect", "not_as_described")
                else spec["evidence"]
            )
            if code not in evidence_names["optional"]
        ],
        "note": None if public or not note else _NOTE_MARK,
    }


def tidy_text(text: str, lang: Language) -> str:
    """A rendered template with blank runs, stray spaces and empty note lines tidied."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    tidy: list[str] = []
    for line in lines:
        if _NOTE_MARK not in line:
            line = re.sub(r"[ \t]{2,}", " ", line).strip()
            line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
            line = _DOUBLE_DOT.sub(".", line)
            if lang == "zh":
                line = _CJK_GAP.sub("", line)
        tidy.append(line)
    joined = "\n".join(tidy)
    joined = re.sub(r"\n{3,}", "\n\n", joined).strip()
    return joined


def _render_one(
    form: str, lang: Language, context: dict[str, Any], note: str | None, fault: str | None = None
) -> DraftText:
    env = template_environment()
    body = tidy_text(env.get_template(f"{lang}/{form}.j2").render(c=context), lang)
    if fault and FAULT_MARK in body:
        # The buyer's own words, kept as written (one line, no markup look-alikes).
        body = body.replace(FAULT_MARK, (plain(fault) or "").rstrip(" .!;"))
    subject: str | None = None
    if form == "email":
        subject = tidy_text(env.get_template(f"{lang}/subject.j2").render(c=context), lang)
    if note and _NOTE_MARK in body:
        body = body.replace(_NOTE_MARK, note)
    return DraftText(lang=lang, subject=subject, body=body)


def render_draft(
    order: Order,
    problem: Problem,
    *,
    channel: ChannelCode,
    side_lang: Language = "en",
    today: date,
    note: str | None = None,
    profile: Profile | None = None,
    history: Sequence[ContactAttempt] = (),
    escalation: bool = False,
    category: str | None = None,
) -> Draft:
    """The message for ``channel`` in Russian, with its translation in ``side_lang``.

    Args:
        order: The order; its number is required (the bridge checks it).
        problem: The problem with its details.
        channel: Where the message goes; it decides the form (chat, e-mail ...).
        side_lang: The language shown beside the Russian text ("ru" shows it twice).
        today: The date the message is written (for "please answer by").
        note: The buyer's own words, kept verbatim and marked as not translated.
        profile: Signature name and tone.
        history: Earlier contact attempts, summarised when there are any.
        escalation: Write it as a repeated request even without a recorded history.
        category: The item's category as the buyer set it (detected from the title if not).

    Returns:
        The draft with the checker's findings.
    """
    profile = profile or Profile()
    spec = channel_spec(channel.value)
    form = spec.form
    note = note if note and note.strip() else None
    # Everything but the language is the same for the Russian text and the side text.
    context_in = partial(
        draft_context, order, problem, channel=channel, form=form, today=today, note=note,
        profile=profile, history=history, escalation=escalation, category=category,
    )
    texts: dict[str, DraftText] = {}
    for lang in dict.fromkeys(("ru", side_lang)):
        texts[lang] = _render_one(form, lang, context_in(lang=lang), note, problem.fault)
    ru = texts["ru"]
    checks = check_draft(
        ru.body,
        subject=ru.subject,
        form=form,
        order_number=order.number,
        needs_order_number=not _account_only(problem),
        max_length=spec.max_length,
        names=[profile.name] if profile.name else [],
        lang=side_lang if side_lang != "ru" else "en",
    )
    if form == "public_post" and note:
        checks.append(_note_left_out(side_lang))
    return Draft(
        channel=channel,
        form=form,
        ru=ru,
        side=texts[side_lang],
        max_length=spec.max_length,
        checks=checks,
    )


def _account_only(problem: Problem) -> bool:
    """A login or block problem is about the account, not an order."""
    return problem.code.value == "account_issue" and problem.account_kind in (
        "cannot_log_in",
        "blocked",
    )


def _note_left_out(lang: Language) -> Any:
    from .checks import message

    return message("note_left_out", lang)


def warm_up() -> int:
    """Compiles every template and category pattern and loads every data file now (for
    idle time after boot, and before the build's memory snapshot).

    Returns:
        The number of templates compiled.
    """
    from .rules import compile_patterns

    for name in ("channels", "checks", "deadlines", "page", "problems", "rules"):
        load_data(name)
    compile_patterns()
    env = template_environment()
    names = [name for name in env.list_templates(extensions=["j2"])]
    for name in names:
        env.get_template(name)
    return len(names)
