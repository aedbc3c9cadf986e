"""The dates that matter now, from ``data/deadlines.json``.

Each rule counts days from an anchor (the day the order was received, the first demand,
the return request ...). Where the sources disagree a rule holds several variants; the one
that fits this order is used (law only where Russian law applies, the order's fulfilment
scheme, Ozon's current rules over an older version, then the cautious one), and the others
are kept as ``other_variants`` so the panel can mention them. Every deadline carries what
the panel needs to write it in the interface language: the date in words, "3 days left" or
"passed 4 days ago", what the buyer can still do, and what an undated row depends on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ._data import load_data
from .models import AttemptStatus, ChannelCode, ContactAttempt, Language, Order, Problem, Remedy
from .rules import CategoryGuess, detect_category, known_category, site_law

__all__ = [
    "Deadline",
    "DeadlineSource",
    "compute_deadlines",
    "days_text",
    "guess_category",
    "resolve_category",
]

_LANGS: tuple[Language, ...] = ("ru", "en", "zh")


class DeadlineSource(BaseModel):
    """Where a rule comes from and when it was last checked."""

    model_config = ConfigDict(extra="forbid")

    days: int | None
    date: dt.date | None
    source: str
    url: str | None = None
    checked: dt.date
    kind: Literal["ozon", "law", "guide"] = "ozon"
    why: dict[str, str] | None = None


class Deadline(BaseModel):
    """One date that matters for the case."""

    model_config = ConfigDict(extra="forbid")

    code: str
    who: Literal["buyer", "seller", "ozon"]
    label: dict[str, str]
    date: dt.date | None
    date_text: dict[str, str] | None = None
    days: int | None
    anchor: str
    anchor_label: dict[str, str]
    anchor_date: dt.date | None
    days_left: int | None
    days_ago: int | None = None
    state: Literal["upcoming", "today", "passed", "unknown", "not_allowed"]
    status_text: dict[str, str]
    still_possible: dict[str, str] | None = None
    depends_on: dict[str, str] | None = None
    category: str
    note: dict[str, str] | None = None
    basis: str | None = None
    chosen: DeadlineSource | None = None
    other_variants: list[DeadlineSource] = []
    sources: list[DeadlineSource]


def guess_category(title: str | None) -> str:
    """The return-rules category of an item, guessed from its title (``general`` if unsure)."""
    return detect_category(title)[0]


def resolve_category(order: Order, problem: Problem, category: str | None = None) -> CategoryGuess:
    """The category assumed for the case: the buyer's choice, else the item's title.

    With no single item the category is "ordinary goods" unless every item has the same one.
    """
    labels = load_data("deadlines")["categories"]
    if category and known_category(category):
        return CategoryGuess(code=category, label=labels[category]["label"], source="request")
    line, title = order.resolve_item(problem.item)
    if line is not None or title:
        code, matched = detect_category(title)
    else:
        found = {detect_category(item.title) for item in order.items}
        codes = {code for code, _ in found}
        code, matched = (
            (found.pop() if len(found) == 1 else ("general", None))
            if len(codes) == 1
            else ("general", None)
        )
    source: Literal["title", "default"] = "title" if matched else "default"
    return CategoryGuess(code=code, label=labels[code]["label"], source=source, matched=matched)


def _plural_ru(n: int, one: str, few: str, many: str) -> str:
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def days_text(n: int, lang: Language) -> str:
    """ "3 дня", "1 day", "3 天"."""
    if lang == "ru":
        return f"{n} {_plural_ru(n, 'день', 'дня', 'дней')}"
    if lang == "en":
        return f"{n} day" if n == 1 else f"{n} days"
    return f"{n} 天"


def _status_text(state: str, left: int | None, depends: dict[str, str] | None) -> dict[str, str]:
    if state == "passed" and left is not None:
        ago = -left
        return {
            "ru": f"срок прошёл {days_text(ago, 'ru')} назад" if ago > 1 else "срок прошёл вчера",
            "en": f"passed {days_text(ago, 'en')} ago" if ago > 1 else "passed yesterday",
            "zh": f"已过期 {days_text(ago, 'zh')}" if ago > 1 else "昨天已过期",
        }
    if state == "today":
        return {
            "ru": "последний день — сегодня",
            "en": "today is the last day",
            "zh": "今天是最后一天",
        }
    if state == "upcoming" and left is not None:
        if left == 1:
            return {
                "ru": "остался 1 день (до завтра)",
                "en": "1 day left (until tomorrow)",
                "zh": "还剩 1 天（至明天）",
            }
        return {
            "ru": f"{_plural_ru(left, 'остался', 'осталось', 'осталось')} {days_text(left, 'ru')}",
            "en": f"{days_text(left, 'en')} left",
            "zh": f"还剩 {days_text(left, 'zh')}",
        }
    if state == "not_allowed":
        return {"ru": "нельзя", "en": "not allowed", "zh": "不可以"}
    if depends:
        return {
            "ru": f"зависит от {depends['ru']}",
            "en": f"depends on {depends['en']}",
            "zh": f"取决于{depends['zh']}",
        }
    return {"ru": "дата неизвестна", "en": "date unknown", "zh": "日期未知"}


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
        "expected": (
            problem.expected_date
            if problem.expected_date
            and not (order.created_date and problem.expected_date < order.created_date)
            else order.expected_date
        ),
        "paid": order.created_date,
    }


_WHY = {
    "scheme": {
        "ru": "этот вариант — для схемы {scheme}, как у этого заказа",
        "en": "this variant is for the {scheme} scheme, as this order is",
        "zh": "此版本适用于 {scheme} 模式，与本订单一致",
    },
    "current": {
        "ru": "действующая версия правил Ozon",
        "en": "the current version of Ozon's rules",
        "zh": "Ozon 现行版本的规则",
    },
    "cautious_earliest": {
        "ru": "источники расходятся; показан более ранний срок, чтобы не опоздать",
        "en": "the sources differ; the earlier date is shown so you are not late",
        "zh": "各来源不一致；显示较早的日期，以免错过",
    },
    "cautious_latest": {
        "ru": "источники расходятся; показан поздний срок: после него стоит действовать",
        "en": "the sources differ; the later date is shown: act after it",
        "zh": "各来源不一致；显示较晚的日期：过了这个日期再采取行动",
    },
    "law": {
        "ru": "срок по закону",
        "en": "the legal term",
        "zh": "法定期限",
    },
}


def _in_force(variant: dict[str, Any], ordered: date | None) -> bool:
    """Whether a variant was in force on the order's date (``since``/``until`` in the data)."""
    if ordered is None:
        return True
    since, until = variant.get("since"), variant.get("until")
    return not (since and ordered < date.fromisoformat(since)) and not (
        until and ordered > date.fromisoformat(until)
    )


def _pick(
    variants: list[dict[str, Any]],
    fulfilment: str | None,
    cautious: str,
    ordered: date | None = None,
) -> tuple[dict[str, Any], dict[str, str] | None]:
    """The variant that fits the order, and why it was chosen over the others."""
    pool = [v for v in variants if _in_force(v, ordered)] or variants
    why: dict[str, str] | None = None
    if fulfilment:
        fits = [v for v in pool if fulfilment in v.get("schemes", [])]
        if fits:
            pool = fits
            why = {k: t.format(scheme=fulfilment) for k, t in _WHY["scheme"].items()}
        else:
            pool = [v for v in pool if not v.get("schemes")] or pool
    else:
        general = [v for v in pool if not v.get("schemes")]
        pool = general or pool
    if len(pool) > 1:
        current = [v for v in pool if v.get("version", "current") == "current"]
        if current and len(current) < len(pool):
            pool = current
            why = why or _WHY["current"]
    dated = [v for v in pool if v["days"] is not None]
    if len(pool) > 1 and dated:
        pick = min if cautious == "earliest" else max
        chosen = pick(dated, key=lambda v: v["days"])
        if len({v["days"] for v in dated}) > 1:
            why = why or _WHY[f"cautious_{cautious}"]
        return chosen, why
    chosen = pool[0] if not dated else dated[0]
    if why is None and chosen.get("kind") == "law":
        why = _WHY["law"]
    return chosen, why


def _source(
    v: dict[str, Any], anchor_date: date | None, why: dict[str, str] | None = None
) -> DeadlineSource:
    return DeadlineSource(
        days=v["days"],
        date=anchor_date + timedelta(days=v["days"])
        if anchor_date and v["days"] is not None
        else None,
        source=v["source"],
        url=v.get("url"),
        checked=date.fromisoformat(v["checked"]),
        kind=v.get("kind", "ozon"),
        why=why,
    )


def _penalty_text(basis: str | None) -> dict[str, str]:
    if basis == "art_23_1":
        return {
            "ru": "0,5 % предоплаты за день, ст. 23.1",
            "en": "0.5 % of the prepayment per day, Art. 23.1",
            "zh": "每天预付款的 0.5%，第 23.1 条",
        }
    return {
        "ru": "1 % цены за день, ст. 23",
        "en": "1 % of the price per day, Art. 23",
        "zh": "每天商品价格的 1%，第 23 条",
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
        order: The order (its received date anchors most rules; its site decides the law).
        problem: The problem (which rules apply; the warranty length).
        history: The contact attempts (the first demand, the return request, the last contact).
        today: Today's date.
        received: The day the buyer received the order, when the page did not show it.
        category: The item's category; detected from its title when not given.
    """
    from .advice import fulfilment_for
    from .locale_text import format_date

    data = load_data("deadlines")
    rules_data = load_data("rules")
    channels = load_data("channels")["channels"]
    guess = resolve_category(order, problem, category)
    categories = [guess.code]
    russian_law = site_law(order).russian_law
    fulfilment = fulfilment_for(order, problem)
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
        if "categories" in rule and guess.code not in rule["categories"]:
            continue
        if (
            rule["code"] == "tc_refund_window"
            and problem.code.value == "return_request"
            and (problem.return_reason not in ("defect", "not_as_described"))
        ):
            continue
        anchor = rule["anchor"]
        anchor_date = anchors.get(anchor)
        basis = rule.get("basis_by_problem", {}).get(problem.code.value) or rule.get("basis")
        variants: list[dict[str, Any]] = []
        for name in categories:
            for variant in rule["by_category"].get(name) or rule["by_category"].get("general", []):
                if variant not in variants:
                    variants.append({**variant, "category": name})
        for variant in variants:
            if variant["source"] == "basis" and basis:
                spec = rules_data["basis"][basis]
                variant["source"] = spec["source"]
                variant["url"] = spec["url"]
                variant["days"] = spec.get("days", variant["days"])
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
                    "kind": "guide",
                }
            ]
        if rule.get("warranty") and problem.warranty_months:
            variants = [
                {
                    "days": _months_in_days(anchor_date, problem.warranty_months),
                    "source": f"The item's warranty: {problem.warranty_months} months (Consumer Protection Law Art. 19)",
                    "category": categories[0],
                    "checked": data["checked"],
                    "kind": "law",
                }
            ]
        if not russian_law:
            variants = [v for v in variants if v.get("kind") != "law"]
            basis = basis if basis and rules_data["basis"][basis]["kind"] != "law" else None
        if not variants:
            continue

        not_allowed = all(v["days"] is None for v in variants)
        chosen, why = _pick(variants, fulfilment, rule["cautious"], order.created_date)
        days = chosen["days"]
        category_used = str(chosen.get("category", categories[0]))
        when = anchor_date + timedelta(days=days) if anchor_date and days is not None else None
        disagree = len({v["days"] for v in variants}) > 1
        note = (rule.get("note_local") or rule.get("note")) if not russian_law else rule.get("note")
        note = note if disagree or not_allowed or rule["code"] in ("replacement_term",) else None
        if not_allowed:
            note = rule.get("not_allowed") or note
        state: Literal["upcoming", "today", "passed", "unknown", "not_allowed"]
        if not_allowed:
            state = "not_allowed"
        elif when is None:
            state = "unknown"
        elif when < today:
            state = "passed"
        elif when == today:
            state = "today"
        else:
            state = "upcoming"
        left = (when - today).days if when else None
        depends = data["anchors"][anchor].get("depends_on") if state == "unknown" else None
        still: dict[str, str] | None = None
        if state == "passed":
            still = (rule.get("still_possible_local") if not russian_law else None) or rule.get(
                "still_possible"
            )
            if still and "{penalty}" in next(iter(still.values())):
                penalty = _penalty_text(basis)
                still = {lang: text.format(penalty=penalty[lang]) for lang, text in still.items()}
        result.append(
            Deadline(
                code=rule["code"],
                who=rule["who"],
                label=rule["label"],
                date=when,
                date_text={lang: format_date(when, lang) for lang in _LANGS} if when else None,
                days=days,
                anchor=anchor,
                anchor_label={lang: data["anchors"][anchor][lang] for lang in _LANGS},
                anchor_date=anchor_date,
                days_left=left,
                days_ago=-left if state == "passed" and left is not None else None,
                state=state,
                status_text=_status_text(state, left, depends),
                still_possible=still,
                depends_on=depends,
                category=category_used,
                note=note,
                basis=basis,
                chosen=_source(chosen, anchor_date, why),
                other_variants=[_source(v, anchor_date) for v in variants if v is not chosen],
                sources=[_source(v, anchor_date) for v in variants],
            )
        )
    result.sort(key=lambda d: (d.date is None, d.date or today))
    return result
