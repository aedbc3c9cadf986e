"""Dates and money as people write them: parsing Ozon's Russian page text, and writing them
back in the buyer's language (ru, en, zh).

One home for the month names, currency signs and number formats that reading a page and
drafting a message both need. Month names and currency words read from a page are data
(``data/page.json``, with their sources); the forms we write are below.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from ._data import load_data
from .models import Language

__all__ = ["currency_in", "format_date", "format_money", "parse_money", "parse_ru_date"]

# --- writing ---------------------------------------------------------------------------------

_MONTHS = {
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_CURRENCY_SIGNS = {"RUB": "₽", "KZT": "₸"}
_CURRENCY_WORDS_ZH = {"RUB": "卢布", "KZT": "坚戈", "BYN": "白俄罗斯卢布"}


def format_date(value: date, lang: Language) -> str:
    """A date as a person writes it in ``lang``: "20 ноября 2026 г.", "20 November 2026", "2026年11月20日"."""
    if lang == "ru":
        return f"{value.day} {_MONTHS['ru'][value.month - 1]} {value.year} г."
    if lang == "en":
        return f"{value.day} {_MONTHS['en'][value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


def format_money(amount: Decimal, currency: str, lang: Language) -> str:
    """An amount with its currency: "5 990 ₽" in Russian, "5,990 ₽" in English, "5990 卢布" in Chinese.

    Chinese writes the amount without a thousands comma and names the currency.
    """
    whole = int(amount)
    cents = amount - whole
    if lang == "zh":
        digits = str(whole) + (f"{cents:.2f}"[1:] if cents else "")
        return f"{digits} {_CURRENCY_WORDS_ZH.get(currency, currency)}"
    digits = f"{whole:,}".replace(",", " " if lang == "ru" else ",")
    if cents:
        digits += ("," if lang == "ru" else ".") + f"{cents:.2f}"[2:]
    sign = _CURRENCY_SIGNS.get(currency, currency)
    return f"{digits} {sign}"


# --- reading Ozon's page text ----------------------------------------------------------------

_MONTHS_RE_CACHE: list[re.Pattern[str]] = []


def _date_re() -> re.Pattern[str]:
    if not _MONTHS_RE_CACHE:
        months = "|".join(load_data("page")["months"])
        _MONTHS_RE_CACHE.append(
            re.compile(
                rf"(\d{{1,2}})(?:\s*[–—-]\s*(\d{{1,2}}))?\s+({months})(?:\s+(\d{{4}}))?",
                re.IGNORECASE,
            )
        )
    return _MONTHS_RE_CACHE[0]


_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_ru_date(text: str, reference: date, past: bool = True) -> date | None:
    """The first date written in ``text`` ("20 ноября", "17 сентября 2025", "20.11.2026").

    Without a year, the year is the one that puts the date nearest ``reference``, never in
    the future when ``past`` (order and delivery dates). A range ("24–26 ноября") gives its
    last day, the cautious one for a delivery promise.
    """
    match = _date_re().search(text)
    if match:
        day = int(match.group(2) or match.group(1))
        month = load_data("page")["months"][match.group(3).lower()]
        if match.group(4):
            return _safe_date(int(match.group(4)), month, day)
        candidates = [
            d
            for y in (reference.year - 1, reference.year, reference.year + 1)
            if (d := _safe_date(y, month, day)) is not None
        ]
        if past:
            candidates = [d for d in candidates if d <= reference] or candidates
        return min(candidates, key=lambda d: abs((d - reference).days)) if candidates else None
    numeric = _NUMERIC_DATE.search(text)
    if numeric:
        if numeric.group(1):
            return _safe_date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
        return _safe_date(int(numeric.group(4)), int(numeric.group(5)), int(numeric.group(6)))
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_MONEY_RE = re.compile(r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?")


def parse_money(value: object) -> Decimal | None:
    """A price from "5 990 ₽", "2 × 390 ₽" (the unit price, 390), 5990 or "5990.50"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return None
        return amount if amount >= 0 and amount.is_finite() else None
    if not isinstance(value, str):
        return None
    text = value.split("×")[-1] if "×" in value else value
    match = _MONEY_RE.search(text)
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group(1))
    if len(digits) > 12:
        return None
    amount = Decimal(digits)
    if match.group(2):
        amount += Decimal(match.group(2)) / (10 ** len(match.group(2)))
    return amount


def currency_in(value: str) -> str | None:
    """The currency code of the first currency sign or word in a page text (``data/page.json``)."""
    for sign, code in load_data("page")["currency_signs"].items():
        if sign in value:
            return str(code)
    return None
