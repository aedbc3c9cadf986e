"""The draft checker: what could stop a message from working, found before it is sent.

It runs on every draft the core renders and on any text the buyer edited (bridge
request ``check``). Findings are short, in the panel's language, and graded: an
``error`` should be fixed before sending, a ``warning`` is advice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._data import load_data
from .models import ORDER_NUMBER_RE, DraftCheck, Language

__all__ = ["check_draft", "message"]

_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_HTML = re.compile(
    r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>|&(?:[a-zA-Z]{2,8}|#\d{1,6});"
)
_PHONE = re.compile(
    r"(?<!\d)(?:\+7|8|\+\d{1,3})[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_CARD = re.compile(r"(?<!\d)(?:\d{4}[ -]?){3}\d{4}(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")


def message(code: str, lang: Language, **values: object) -> DraftCheck:
    """A finding with its message in ``lang``."""
    spec = load_data("checks")["messages"][code]
    return DraftCheck.model_validate(
        {"code": code, "severity": spec["severity"], "message": spec[lang].format(**values)}
    )


def _shouting(text: str) -> bool:
    spec = load_data("checks")
    limits = spec["shouting"]
    repeat = int(limits["max_repeat_marks"]) + 1
    if re.search(rf"[!?]{{{repeat},}}", text):
        return True
    allowed = set(spec["caps_allowed"])
    loud = [
        word
        for word in _WORD.findall(text)
        if len(word) >= limits["min_word_length"] and word.isupper() and word not in allowed
    ]
    return len(loud) > int(limits["max_caps_words"])


def check_draft(
    body: str,
    *,
    form: str,
    order_number: str | None,
    max_length: int | None,
    subject: str | None = None,
    names: Sequence[str] = (),
    lang: Language = "en",
    needs_order_number: bool = True,
) -> list[DraftCheck]:
    """Checks a Russian message for one channel form.

    Args:
        body: The text to send.
        form: The channel's form: chat, email, phone, public_post or return_request.
        order_number: The order's number, which every form but a public post must carry.
        max_length: The channel's length limit, if any.
        subject: The e-mail subject, checked with the body.
        names: Personal names that must not appear in a public post.
        lang: The language of the findings' messages.
        needs_order_number: False for a message about the account (a login problem), which
            names no order.

    Returns:
        The findings, errors first.
    """
    findings: list[DraftCheck] = []
    text = body if subject is None else f"{subject}\n{body}"
    if not body.strip():
        return [message("empty", lang)]
    if _TEMPLATE.search(text):
        findings.append(message("template_syntax", lang))
    if _HTML.search(text):
        findings.append(message("html", lang))
    if form == "public_post":
        found: list[str] = []
        if ORDER_NUMBER_RE.search(text) or (order_number and order_number in text):
            found.append("order_number")
        if _PHONE.search(text):
            found.append("phone")
        if _EMAIL.search(text):
            found.append("email")
        if _CARD.search(text):
            found.append("card")
        if any(name and name.strip() and name.strip().lower() in text.lower() for name in names):
            found.append("name")
        if found:
            kinds = load_data("checks")["personal_kinds"]
            what = ", ".join(kinds[kind][lang] for kind in found)
            findings.append(message("personal_data", lang, what=what))
    elif needs_order_number and (not order_number or order_number not in text):
        findings.append(message("no_order_number", lang))
    if max_length is not None and len(body) > max_length:
        findings.append(message("too_long", lang, limit=max_length, length=len(body)))
    words = load_data("checks")["request_words"]["ru"]
    lowered = body.lower()
    if form != "phone" and not any(word in lowered for word in words):
        findings.append(message("no_request", lang))
    if _shouting(body):
        findings.append(message("shouting", lang))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda finding: order[finding.severity])
