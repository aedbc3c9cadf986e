"""Which rule a case rests on: ``data/rules.json`` (problem x situation -> Ozon's rule or the law).

This module only reads the table: the first row of the problem whose ``when`` fits the case
gives the articles, ``by_remedy`` adds those of the remedy asked. On ozon.kz and ozon.by the
Russian law is never cited: its rows are dropped and a note says local law may give more.
It also guesses the item's category (conservatively: whole words, exclusions, "ordinary
goods" when unsure), since the category decides both deadlines and the legal basis.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ._data import load_data
from .models import Order, OrderStatus, Problem, Remedy

__all__ = [
    "Basis",
    "CategoryGuess",
    "SiteLaw",
    "basis_for",
    "category_choices",
    "detect_category",
    "fits_when",
    "site_law",
]

class Basis(BaseModel):
    """One rule the case rests on: an article of the law or one of Ozon's rules."""

    model_config = ConfigDict(extra="forbid")

    code: str
    kind: Literal["law", "ozon", "local"]
    title: dict[str, str]
    gives: dict[str, str]
    term: dict[str, str] | None
    source: str
    url: str | None
    checked: dt.date


class SiteLaw(BaseModel):
    """The site the order is from and whether Russian consumer law applies to it."""

    model_config = ConfigDict(extra="forbid")

    code: str
    country: str | None
    russian_law: bool


class CategoryGuess(BaseModel):
    """The category assumed for the item and why."""

    model_config = ConfigDict(extra="forbid")

    code: str
    label: dict[str, str]
    source: Literal["request", "title", "default"]
    matched: str | None = None


def site_law(order: Order) -> SiteLaw:
    """The order's site (prices in ₸ or BYN mean ozon.kz / ozon.by even if the address was lost)."""
    site = order.site
    by_currency = {currency: host for host, currency in load_data("page")["currencies"].items()}
    if site == "ozon.ru" and order.currency in by_currency:
        site = by_currency[order.currency]
    spec = load_data("rules")["sites"].get(site)
    if spec is None:
        return SiteLaw(code=site, country=None, russian_law=False)
    return SiteLaw(code=site, country=spec["country"], russian_law=spec["russian_law"])


_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]")


def _whole(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_normalise(pattern)})(?![\w-])", re.IGNORECASE)


@cache
def _exclude_all() -> list[re.Pattern[str]]:
    return [_whole(p) for p in load_data("deadlines")["categories"]["exclude_all"]]


@cache
def _compiled() -> list[tuple[str, list[re.Pattern[str]], list[re.Pattern[str]]]]:
    categories: dict[str, Any] = load_data("deadlines")["categories"]
    result = []
    for code in categories["detect_order"]:
        spec = categories[code]
        whole = _whole
        result.append(
            (code, [whole(p) for p in spec["patterns"]], [whole(p) for p in spec["exclude"]])
        )
    return result


def compile_patterns() -> int:
    """Compiles every category pattern now (for idle time after boot).

    ``detect_category`` needs them on an order's first advice: ~280 regular expressions,
    ~200 ms to compile in Chromium's Python (250-400 ms in Node).

    Returns:
        How many patterns there are.
    """
    return len(_exclude_all()) + sum(len(p) + len(x) for _, p, x in _compiled())


def _normalise(title: str) -> str:
    return " ".join(title.replace("ё", "е").replace("Ё", "Е").split())


# One advice asks for the same titles' categories several times (the deadlines, the draft,
# the category line): ~1000 pattern searches each, so the answers are kept.
@lru_cache(maxsize=512)
def detect_category(title: str | None) -> tuple[str, str | None]:
    """The category of an item from its title, and the words that decided it.

    Only whole words count, a title that also names an excluded thing (a bowl for food,
    a case for a phone) does not count, and ``general`` (ordinary goods) is the answer
    whenever nothing matches.
    """
    if not title:
        return "general", None
    # A name in quotes («Кофе и книги» on a mug) says nothing about what the thing is.
    text = _normalise(_QUOTED.sub(" ", title))
    if any(x.search(text) for x in _exclude_all()):
        return "general", None
    for code, patterns, excludes in _compiled():
        if any(x.search(text) for x in excludes):
            continue
        for pattern in patterns:
            found = pattern.search(text)
            if found:
                return code, found.group(0)
    return "general", None


def category_choices() -> list[dict[str, Any]]:
    """The categories a buyer can pick, in display order."""
    categories: dict[str, Any] = load_data("deadlines")["categories"]
    return [{"code": code, "label": categories[code]["label"]} for code in categories["order"]]


def known_category(code: str | None) -> bool:
    """Whether ``code`` is a category of the data."""
    return bool(code) and code in load_data("deadlines")["categories"]["order"]


def fits_when(when: dict[str, list[str]], known: dict[str, Any], problem: Problem) -> bool:
    """Whether a data rule's ``when`` holds: each key's value (from ``known``, else the
    problem's field of that name) is one of those allowed."""
    for key, allowed in when.items():
        if key in known:
            value = known[key]
        else:
            value = getattr(problem, key, None)
            value = getattr(value, "value", value)
        if value not in allowed:
            return False
    return True


def _fits(when: dict[str, list[str]], problem: Problem, order: Order, category: str) -> bool:
    return fits_when(when, {"category": category, "order_status": order.status.value}, problem)


def basis_codes(order: Order, problem: Problem, category: str) -> list[str]:
    """The codes of the rules this case rests on, best first (site law applied)."""
    data = load_data("rules")
    remedy = problem.remedy or Remedy(
        load_data("problems")["problems"][problem.code.value]["default_remedy"]
    )
    codes: list[str] = []
    for row in data["table"]:
        if row["problem"] != problem.code.value:
            continue
        if not _fits(row.get("when", {}), problem, order, category):
            continue
        codes = [*row["basis"], *row.get("by_remedy", {}).get(remedy.value, [])]
        break
    if problem.code.value == "refund_missing" and order.status is OrderStatus.CANCELLED:
        codes = [c for c in codes if c != "art_22"]
    if not site_law(order).russian_law:
        codes = [c for c in codes if data["basis"][c]["kind"] != "law"] + ["local_law"]
    return list(dict.fromkeys(codes))


def basis_for(order: Order, problem: Problem, category: str) -> list[Basis]:
    """The rules this case rests on, best first, each with its source and date checked."""
    data = load_data("rules")
    site = site_law(order).code
    result = []
    for code in basis_codes(order, problem, category):
        spec = data["basis"][code]
        gives = {lang: text.replace("{site}", site) for lang, text in spec["gives"].items()}
        result.append(
            Basis(
                code=code,
                kind=spec["kind"],
                title=spec["title"],
                gives=gives,
                term=spec["term"],
                source=spec["source"],
                url=spec["url"],
                checked=dt.date.fromisoformat(spec["checked"]),
            )
        )
    return result
