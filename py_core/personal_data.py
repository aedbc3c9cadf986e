"""Finding personal data in a text that everyone will read.

A product question on Ozon is public, and so is a comment under a shop's post. This
module says which kinds of personal data a text seems to carry (a phone number, an
e-mail, a card or order number, an address, a name), so the buyer can take them out
before sending. The patterns are data (``data/personal_data.json``) and err on the side
of flagging: a false alarm costs the buyer a glance, a miss costs their privacy.

It never stores or returns the matched text itself, only its kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ._data import load_data
from .models import Language

__all__ = ["PERSONAL_KINDS", "PublicTextCheck", "check_public_text", "find_personal_data"]

PersonalKind = Literal["phone", "email", "card", "order_number", "address", "name"]

#: Every kind, in the order findings are reported.
PERSONAL_KINDS: tuple[PersonalKind, ...] = (
    "phone",
    "email",
    "card",
    "order_number",
    "address",
    "name",
)


class PublicTextCheck(BaseModel):
    """One finding about a public text, with its message in the requested language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Literal["personal_data", "empty"]
    severity: Literal["error", "warning", "info"]
    message: str
    kinds: list[PersonalKind] = []


@cache
def _patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    raw = load_data("personal_data")["patterns"]
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for kind in PERSONAL_KINDS:
        spec = raw[kind]
        items = spec if isinstance(spec, list) else [spec]
        compiled[kind] = tuple(re.compile(item) for item in items)
    return compiled


def find_personal_data(text: str, names: Sequence[str] = ()) -> list[PersonalKind]:
    """The kinds of personal data ``text`` seems to contain, in `PERSONAL_KINDS` order.

    Args:
        text: Any text; the buyer's own words included.
        names: Names known to be the buyer's (their settings), looked for as whole words.
    """
    found: list[PersonalKind] = []
    lowered = text.lower()
    for kind, patterns in _patterns().items():
        hit = any(pattern.search(text) for pattern in patterns)
        if kind == "name" and not hit:
            for name in names:
                clean = name.strip().lower()
                if len(clean) >= 2 and re.search(rf"(?<!\w){re.escape(clean)}(?!\w)", lowered):
                    hit = True
                    break
        if hit:
            found.append(kind)  # type: ignore[arg-type]
    return found


def check_public_text(
    text: str, *, lang: Language = "en", names: Sequence[str] = ()
) -> list[PublicTextCheck]:
    """Findings about a text that will be public: empty, or carrying personal data."""
    spec = load_data("personal_data")
    if not text.strip():
        empty = spec["messages"]["empty"]
        return [PublicTextCheck(code="empty", severity=empty["severity"], message=empty[lang])]
    kinds = find_personal_data(text, names)
    if not kinds:
        return []
    # A Chinese list takes the enumeration comma 、, not ", ".
    what = ("、" if lang == "zh" else ", ").join(spec["kinds"][kind][lang] for kind in kinds)
    message = spec["messages"]["personal_data"]
    return [
        PublicTextCheck(
            code="personal_data",
            severity=message["severity"],
            message=message[lang].format(what=what),
            kinds=kinds,
        )
    ]
