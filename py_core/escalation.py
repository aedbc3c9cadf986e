"""The escalation ladder past Ozon: the written claim, Rospotrebnadzor, the bank.

When the seller and Ozon support did not solve a case (the case log shows it, or the buyer
says so), the helper offers, in order: a written pre-trial claim (претензия) to the seller,
printable; a complaint to Rospotrebnadzor (ozon.ru only: it is a Russian authority); and for
payment problems a dispute at the card's bank. Each document is rendered from
``templates/<lang>/claim.j2`` (and ``rospotrebnadzor.j2``, ``bank_dispute.j2``) in Russian,
the language it is filed in, and in the buyer's language for reading on screen. The
templates mark blocks with ``@role`` lines; this module cuts them into blocks a page can lay
out. No I/O happens here; logging a step is `py_core.caselog.record_step`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal, NotRequired, TypedDict, Unpack

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ._data import load_data
from .models import (
    AttemptStatus,
    Case,
    ChannelCode,
    ContactAttempt,
    EscalationStep,
    Language,
    Order,
    Problem,
    Profile,
    Remedy,
)

__all__ = [
    "ClaimResult",
    "EscalationOffer",
    "Letter",
    "Parties",
    "claim_documents",
    "escalation_offer",
    "signing_profile",
]

StepCode = Literal["claim", "rospotrebnadzor", "bank_dispute"]
_SELLER_SIDE = (ChannelCode.SELLER_CHAT, ChannelCode.RETURN_REQUEST)
_SUPPORT_SIDE = (ChannelCode.SUPPORT_CHAT, ChannelCode.EMAIL, ChannelCode.PHONE)
_BLANK = "________________"


class OfferedStep(BaseModel):
    """One rung of the ladder."""

    model_config = ConfigDict(extra="forbid")

    code: StepCode
    label: dict[str, str]
    what: dict[str, str]
    done_at: datetime | None = None


class EscalationOffer(BaseModel):
    """Whether the ladder past Ozon is offered now, why, and its steps."""

    model_config = ConfigDict(extra="forbid")

    offered: bool
    why: dict[str, str] | None
    steps: list[OfferedStep]


class Parties(BaseModel):
    """What the buyer types in for the claim (nothing is guessed; blanks stay blank lines)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    seller_name: str | None = Field(default=None, max_length=300)
    seller_inn: str | None = Field(default=None, max_length=12)
    seller_ogrn: str | None = Field(default=None, max_length=15)
    seller_address: str | None = Field(default=None, max_length=500)
    buyer_name: str | None = Field(default=None, max_length=200)
    buyer_address: str | None = Field(default=None, max_length=500)
    buyer_contact: str | None = Field(default=None, max_length=200)
    card_last4: str | None = Field(default=None, max_length=4)
    payment_date: date | None = None
    rrn: str | None = Field(default=None, pattern=r"^[0-9A-Za-z]{0,40}$")

    @field_validator("seller_inn", "seller_ogrn", "card_last4")
    @classmethod
    def _digits(cls, value: str | None, info: ValidationInfo) -> str | None:
        pattern, message = _DIGITS[info.field_name or ""]
        if value and not re.fullmatch(pattern, value):
            raise ValueError(message)
        return value or None


#: The numbers of `Parties` that are digits only: the pattern, and what to tell the buyer.
_DIGITS = {
    "seller_inn": (r"\d{10}|\d{12}", "an ИНН has 10 digits (a company) or 12 (a sole trader)"),
    "seller_ogrn": (
        r"\d{13}|\d{15}",
        "an ОГРН has 13 digits (a company) or 15 (ОГРНИП, a sole trader)",
    ),
    "card_last4": (r"\d{4}", "type the last 4 digits of the card"),
}


class Letter(TypedDict):
    """What a letter about a case is written with (`claim_documents`, the escalation draft).

    ``side_lang`` is the buyer's language beside the Russian, ``today`` the date written on
    it, ``now`` the time that judges which replies are overdue, ``profile`` the signature
    the request gave (see `signing_profile`).
    """

    side_lang: Language
    today: date
    now: datetime
    profile: NotRequired[Profile | None]


class Block(BaseModel):
    """One block of a printable document."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["to", "from", "title", "para", "list", "date", "sign"]
    text: str
    items: list[str] | None = None


class DocumentText(BaseModel):
    """A document in one language."""

    model_config = ConfigDict(extra="forbid")

    lang: Language
    title: str
    blocks: list[Block]
    text: str


class Document(BaseModel):
    """One escalation document, in Russian and in the buyer's language."""

    model_config = ConfigDict(extra="forbid")

    kind: StepCode
    label: dict[str, str]
    ru: DocumentText
    side: DocumentText
    how_to_file: dict[str, str]
    links: list[dict[str, Any]]
    done_at: datetime | None = None


class ClaimField(BaseModel):
    """A field the buyer fills in, and where to find its value."""

    model_config = ConfigDict(extra="forbid")

    code: str
    label: dict[str, str]
    where: dict[str, str]
    value: str | None
    required: bool


class ClaimResult(BaseModel):
    """The result of the ``claim`` request."""

    model_config = ConfigDict(extra="forbid")

    case_id: str
    site: str
    russian_law: bool
    fields: list[ClaimField]
    documents: list[Document]


def signing_profile(case: Case, profile: Profile | None) -> Profile:
    """How a later letter about the case signs: the profile the request gave when it has a
    name (or the case keeps none), else the one the case kept from its first message."""
    if profile is not None and (profile.name or case.profile is None):
        return profile
    return case.profile or Profile()


def _failed(attempt: ContactAttempt, now: datetime) -> bool:
    from .advice import follow_up_due

    if attempt.status in (AttemptStatus.NO_REPLY, AttemptStatus.FAILED):
        return True
    due = attempt.follow_up_due or follow_up_due(attempt)
    return attempt.status is AttemptStatus.WAITING and due <= now


def _steps_for(order: Order, problem: Problem) -> list[StepCode]:
    from .rules import site_law

    data = load_data("rules")["escalation"]
    steps: list[StepCode] = ["claim"]
    if site_law(order).russian_law:
        steps.append("rospotrebnadzor")
    if problem.code.value in data["bank_problems"]:
        steps.append("bank_dispute")
    return steps


def escalation_offer(
    order: Order,
    problem: Problem,
    history: Sequence[ContactAttempt],
    steps: Sequence[EscalationStep] = (),
    *,
    escalate: bool = False,
    now: datetime,
) -> EscalationOffer:
    """Whether to offer the ladder past Ozon: the seller's side and Ozon support both failed.

    A failure is a message marked "no reply" or "failed", or one still waiting past its
    follow-up time. ``escalate`` is the buyer saying so when the log does not show it.
    """
    data = load_data("rules")["escalation"]
    seller_failed = any(a.channel in _SELLER_SIDE and _failed(a, now) for a in history)
    support_failed = any(a.channel in _SUPPORT_SIDE and _failed(a, now) for a in history)
    offered = escalate or (seller_failed and support_failed) or bool(steps)
    done = {step.code: step.at for step in steps}
    return EscalationOffer(
        offered=offered,
        why=data["why"] if offered else None,
        steps=[
            OfferedStep(
                code=code,
                label=data["steps"][code]["label"],
                what=data["steps"][code]["what"],
                done_at=done.get(code),
            )
            for code in _steps_for(order, problem)
        ],
    )


_FIELD_WHERE: dict[str, dict[str, Any]] = {
    "seller_name": {
        "required": True,
        "label": {
            "ru": "Продавец (юридическое название)",
            "en": "Seller (legal name)",
            "zh": "卖家（法定名称）",
        },
        "where": {
            "ru": "На Ozon: нажмите на название продавца на странице товара или заказа; юридическое название и ОГРН указаны в сведениях о магазине.",
            "en": "On Ozon: tap the seller's name on the product or order page; the legal name and OGRN are in the shop's details.",
            "zh": "在 Ozon 上：点击商品页或订单页上的卖家名称；法定名称和 OGRN 在店铺信息中。",
        },
    },
    "seller_inn": {
        "required": False,
        "label": {
            "ru": "ИНН продавца",
            "en": "Seller's INN (tax number)",
            "zh": "卖家 INN（税号）",
        },
        "where": {
            "ru": "В сведениях о магазине на Ozon или в выписке ЕГРЮЛ/ЕГРИП по ОГРН (egrul.nalog.ru).",
            "en": "In the shop's details on Ozon, or in the state register by OGRN (egrul.nalog.ru).",
            "zh": "在 Ozon 店铺信息中，或凭 OGRN 在国家登记簿中查询（egrul.nalog.ru）。",
        },
    },
    "seller_ogrn": {
        "required": False,
        "label": {
            "ru": "ОГРН (ОГРНИП) продавца",
            "en": "Seller's OGRN (registration number)",
            "zh": "卖家 OGRN（注册号）",
        },
        "where": {
            "ru": "В сведениях о магазине на Ozon (13 цифр у компании, 15 — у ИП).",
            "en": "In the shop's details on Ozon (13 digits for a company, 15 for a sole trader).",
            "zh": "在 Ozon 店铺信息中（公司为 13 位，个体经营者为 15 位）。",
        },
    },
    "seller_address": {
        "required": False,
        "label": {"ru": "Адрес продавца", "en": "Seller's address", "zh": "卖家地址"},
        "where": {
            "ru": "Юридический адрес — в выписке ЕГРЮЛ/ЕГРИП (egrul.nalog.ru); без него отправьте претензию в чат заказа.",
            "en": "The registered address is in the state register (egrul.nalog.ru); without it, send the claim in the order's chat.",
            "zh": "注册地址见国家登记簿（egrul.nalog.ru）；没有地址时，请在订单聊天中发送索赔函。",
        },
    },
    "buyer_name": {
        "required": True,
        "label": {"ru": "Ваши фамилия, имя, отчество", "en": "Your full name", "zh": "您的全名"},
        "where": {
            "ru": "Как в паспорте, по-русски или латиницей.",
            "en": "As in your passport, in Cyrillic or Latin letters.",
            "zh": "与护照一致，可用西里尔字母或拉丁字母。",
        },
    },
    "buyer_address": {
        "required": False,
        "label": {
            "ru": "Ваш адрес для ответа",
            "en": "Your address for the answer",
            "zh": "您的回复地址",
        },
        "where": {
            "ru": "Куда продавец пришлёт ответ; можно указать e-mail.",
            "en": "Where the seller sends the answer; an e-mail address is fine.",
            "zh": "卖家寄送答复的地址；也可填写电子邮箱。",
        },
    },
    "buyer_contact": {
        "required": False,
        "label": {"ru": "Телефон или e-mail", "en": "Phone or e-mail", "zh": "电话或电子邮箱"},
        "where": {"ru": "Ваш контакт.", "en": "Your contact.", "zh": "您的联系方式。"},
    },
}
_BANK_FIELDS: dict[str, dict[str, Any]] = {
    "card_last4": {
        "required": False,
        "label": {
            "ru": "Последние 4 цифры карты",
            "en": "Last 4 digits of the card",
            "zh": "银行卡后 4 位",
        },
        "where": {
            "ru": "На карте или в приложении банка.",
            "en": "On the card or in your banking app.",
            "zh": "在银行卡上或银行 App 中。",
        },
    },
    "payment_date": {
        "required": False,
        "label": {"ru": "Дата операции", "en": "Date of the payment", "zh": "交易日期"},
        "where": {
            "ru": "В выписке по карте.",
            "en": "In your card statement.",
            "zh": "在银行卡流水中。",
        },
    },
    "rrn": {
        "required": False,
        "label": {
            "ru": "Номер операции (RRN или ARN)",
            "en": "Transaction number (RRN or ARN)",
            "zh": "交易编号（RRN 或 ARN）",
        },
        "where": {
            "ru": "В деталях операции в приложении банка; для возврата — спросите у поддержки Ozon.",
            "en": "In the transaction details in your banking app; for a refund, ask Ozon support.",
            "zh": "在银行 App 的交易详情中；如是退款，请向 Ozon 客服索取。",
        },
    },
}


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    role: str | None = None
    lines: list[str] = []

    def close() -> None:
        body = "\n".join(line.rstrip() for line in lines).strip()
        if role is None or not body:
            return
        if role == "list":
            items = [line.strip().lstrip("—-").strip() for line in body.split("\n") if line.strip()]
            blocks.append(Block(role="list", text=body, items=items))
        else:
            blocks.append(Block(role=role, text=body))  # type: ignore[arg-type]

    for line in text.split("\n"):
        if line.startswith("@") and line[1:].strip().isalpha():
            close()
            role, lines = line[1:].strip(), []
        else:
            lines.append(line)
    close()
    return blocks


_ROLE_MARK = re.compile(r"(?<!\n)@(to|from|title|para|list|date|sign)\n")


def cite(codes: Sequence[str], lang: Language) -> str | None:
    """The articles as one citation: "ст. 18, 22 и 23 Закона РФ «О защите прав потребителей»"."""
    data = load_data("rules")
    by_law: dict[str, list[str]] = {}
    decrees: list[str] = []
    for code in codes:
        spec = data["basis"][code]
        if spec["kind"] != "law":
            continue
        articles = by_law.setdefault(spec["law"], [])
        if spec["article"] not in articles:
            articles.append(spec["article"])
        if spec.get("decree"):
            decrees.append(spec["decree"])
    parts = []
    for law, articles in by_law.items():
        name = data["laws"][law][lang]
        if lang == "ru":
            numbers = (
                ", ".join(articles[:-1]) + " и " + articles[-1]
                if len(articles) > 1
                else articles[0]
            )
            parts.append(f"ст. {numbers} {name}")
        elif lang == "en":
            word = "Articles" if len(articles) > 1 else "Article"
            numbers = (
                ", ".join(articles[:-1]) + " and " + articles[-1]
                if len(articles) > 1
                else articles[0]
            )
            parts.append(f"{word} {numbers} of {name}")
        else:
            parts.append(f"{name}第 {'、'.join(articles)} 条")
    if decrees:
        parts.append(data["laws"]["decree_924"][lang])
    if not parts:
        return None
    joiner = {"ru": " и ", "en": " and ", "zh": "及"}[lang]
    return joiner.join(parts)


def _render(
    kind: StepCode, lang: Language, context: dict[str, Any], fault: str | None
) -> DocumentText:
    from .drafting import FAULT_MARK, plain, template_environment, tidy_text

    raw = template_environment().get_template(f"{lang}/{kind}.j2").render(c=context)
    raw = _ROLE_MARK.sub(lambda m: f"\n@{m.group(1)}\n", raw)
    raw = raw.replace(FAULT_MARK, (plain(fault) or "").rstrip(" .!;"))
    blocks = []
    for block in _blocks(raw):
        text = tidy_text(block.text, lang) if block.role != "list" else block.text
        items = [re.sub(r"\s+", " ", i) for i in block.items] if block.items else None
        blocks.append(Block(role=block.role, text=text, items=items))
    title = next((b.text for b in blocks if b.role == "title"), kind)
    text = "\n\n".join(b.text for b in blocks)
    return DocumentText(lang=lang, title=title, blocks=blocks, text=text)


def _demand_term(codes: list[str]) -> int:
    basis = load_data("rules")["basis"]
    for code in codes:
        days = basis[code].get("days")
        if basis[code]["kind"] == "law" and days and code != "art_18_tc":
            return int(days)
    return int(load_data("rules")["claim_answer_days"]["days"])


def claim_documents(
    case: Case, *, parties: Parties | None = None, **letter: Unpack[Letter]
) -> ClaimResult:
    """The claim, the Rospotrebnadzor complaint and (for payments) the bank dispute text.

    Args:
        case: The case: its order, problem and every contact so far.
        parties: What the buyer typed in (seller's legal name, ИНН/ОГРН, their own name).
        **letter: The buyer's language (shown beside the Russian on screen), the date
            written on the documents, the current time, and the saved signature (its name
            is used when ``parties`` has no buyer name).
    """
    side_lang, today = letter["side_lang"], letter["today"]
    from .drafting import draft_context
    from .locale_text import format_date, format_money
    from .rules import basis_codes, site_law

    parties = parties or Parties()
    profile = signing_profile(case, letter.get("profile"))
    buyer = parties.buyer_name or profile.name
    law = site_law(case.order)
    steps = _steps_for(case.order, case.problem)
    done = {step.code: step.at for step in case.steps}
    rules = load_data("rules")
    escalation = rules["escalation"]
    documents: list[Document] = []
    from .deadlines import resolve_category

    category = resolve_category(case.order, case.problem).code
    codes = basis_codes(case.order, case.problem, category)
    term = _demand_term(codes)
    remedy = case.problem.remedy or Remedy(
        load_data("problems")["problems"][case.problem.code.value]["default_remedy"]
    )
    claim_step = done.get("claim")
    for kind in steps:
        texts: dict[str, DocumentText] = {}
        for lang in dict.fromkeys(("ru", side_lang)):
            context = draft_context(
                case.order,
                case.problem,
                lang=lang,
                channel=ChannelCode.EMAIL,
                form="email",
                today=today,
                note=None,
                profile=profile,
                history=case.attempts,
                escalation=True,
            )
            names = load_data("problems")["evidence_in_message"]["names"]
            optional = load_data("problems")["evidence_in_message"]["optional"]
            spec = load_data("problems")["problems"][case.problem.code.value]
            price = None
            line = next(
                (i for i in case.order.items if case.problem.item in (i.sku, i.title)), None
            )
            if line is None and len(case.order.items) == 1:
                line = case.order.items[0]
            if line is not None and line.price is not None:
                price = format_money(line.price * line.quantity, case.order.currency, lang)
            context.update(
                {
                    "blank": _BLANK,
                    "parties": {
                        key: (getattr(parties, key) if getattr(parties, key) else None)
                        for key in Parties.model_fields
                    },
                    "payment_date": format_date(parties.payment_date, lang)
                    if parties.payment_date
                    else None,
                    "buyer": buyer,
                    "today": format_date(today, lang),
                    "term": term,
                    "term_text": _days(term, lang),
                    "russian_law": law.russian_law,
                    "site": law.code,
                    "cite": cite(codes, lang),
                    "remedy": remedy.value,
                    "price": price,
                    "total": format_money(case.order.total, case.order.currency, lang)
                    if case.order.total is not None
                    else None,
                    "attachments": [
                        names[code][lang] for code in spec["evidence"] if code not in optional
                    ],
                    "claim_sent": format_date(claim_step.date(), lang) if claim_step else None,
                    # "Not met in time" only once the claim's term has run out; on the day
                    # the claim is written that would be a false statement to a state body.
                    "claim_overdue": bool(claim_step and (today - claim_step.date()).days > term),
                }
            )
            texts[lang] = _render(kind, lang, context, case.problem.fault)
        documents.append(
            Document(
                kind=kind,
                label=escalation["steps"][kind]["label"],
                ru=texts["ru"],
                side=texts[side_lang],
                how_to_file=rules["how_to_file"][kind],
                links=[
                    {**escalation["links"][name], "source": escalation["links_source"]}
                    for name in rules["how_to_file"].get(f"{kind}_links", [])
                ],
                done_at=done.get(kind),
            )
        )
    fields = [
        ClaimField(
            code=code,
            label=spec["label"],
            where=spec["where"],
            value=(str(getattr(parties, code)) if getattr(parties, code) is not None else None)
            if code != "buyer_name"
            else buyer,
            required=spec["required"],
        )
        for code, spec in {
            **_FIELD_WHERE,
            **(_BANK_FIELDS if "bank_dispute" in steps else {}),
        }.items()
    ]
    return ClaimResult(
        case_id=case.id,
        site=law.code,
        russian_law=law.russian_law,
        fields=fields,
        documents=documents,
    )


def _days(n: int, lang: Language) -> str:
    from .deadlines import days_text

    return days_text(n, lang)
