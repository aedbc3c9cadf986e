"""Every error the core reports to the extension, one class per kind, each with its code.

The bridge maps an exception to its reply by class, never by message text: an instance of
`CoreError` carries its ``code``, its one-sentence ``message`` and its ``details``; pydantic's
``ValidationError`` becomes `InvalidFields`; anything else is an ``internal`` error (a bug of
ours) reported with its type and message. `error_reply` makes the reply.

Codes: ``bad_json``, ``unknown_request``, ``invalid_payload``, ``missing_order_number``,
``not_found``, ``internal``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

__all__ = [
    "ERROR_CODES",
    "BadJson",
    "CaseItemNotFound",
    "CoreError",
    "InternalError",
    "InvalidFields",
    "InvalidPayload",
    "MissingField",
    "MissingOrderNumber",
    "UnknownRequest",
    "error_reply",
]


class CoreError(Exception):
    """An error the extension is told about: ``{"code", "message", "details"}``."""

    code: ClassVar[str] = "internal"

    @property
    def message(self) -> str:
        """One sentence in English, shown to the buyer."""
        return str(self)

    @property
    def details(self) -> Any:
        """What a program (or a bug report) needs: a field, a list of problems, ..."""
        return None


class InternalError(CoreError):
    """A bug of ours: the exception's type and message go with the reply."""

    code = "internal"

    def __init__(self, exc: BaseException) -> None:
        super().__init__("Something went wrong inside the helper; please report it.")
        self.cause = exc

    @property
    def details(self) -> Any:
        return {"type": type(self.cause).__name__, "message": str(self.cause)[:500]}


class BadJson(CoreError):
    """The payload is not a JSON object."""

    code = "bad_json"

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason

    @property
    def details(self) -> Any:
        return self.reason


class UnknownRequest(CoreError):
    """The extension asked for a request type the core does not have."""

    code = "unknown_request"

    def __init__(self, request_type: object, known: Sequence[str]) -> None:
        super().__init__(
            "The extension asked for something the core does not know "
            f"({str(request_type)[:60]!r})."
        )
        self.known = list(known)

    @property
    def details(self) -> Any:
        return {"known": self.known}


class InvalidPayload(CoreError, ValueError):
    """A value the buyer typed is not valid; the message says why."""

    code = "invalid_payload"


class MissingField(InvalidPayload):
    """The request lacks a field that this request type needs."""

    def __init__(self, what: str) -> None:
        super().__init__(f"The request lacks {what}.")
        self.what = what

    @property
    def details(self) -> Any:
        return {"missing": self.what}


_FIELD_NAMES = {
    "number": "order number",
    "code": "problem",
    "lang": "language",
    "today": "date",
    "now": "time",
    "seller_inn": "seller's ИНН",
    "seller_ogrn": "seller's ОГРН",
    "card_last4": "card's last 4 digits",
    "rrn": "transaction number (RRN/ARN)",
}


class InvalidFields(InvalidPayload):
    """Fields that failed validation; details list each as ``{"field", "problem"}``."""

    def __init__(self, errors: Sequence[Mapping[str, Any]]) -> None:
        """Args:
        errors: pydantic's error dicts (``type``, ``loc``, ``msg``), first one first.
        """
        self.problems = [
            {
                "field": ".".join(str(part) for part in error["loc"]),
                "problem": str(error["msg"]).removeprefix("Value error, "),
            }
            for error in errors
        ]
        first = self.problems[0] if self.problems else {"field": "", "problem": "it is not valid"}
        kind = errors[0]["type"] if errors else ""
        last = first["field"].split(".")[-1] if first["field"] else ""
        name = _FIELD_NAMES.get(last, last.replace("_", " ")) if last and not last.isdigit() else ""
        if kind == "extra_forbidden":
            message = f"The request has a field the helper does not know: {first['field']!r}."
        elif kind == "missing" and name:
            message = f"The {name} is missing ({first['field']})."
        elif name:
            message = f"The {name} is not valid: {first['problem']}."
        else:
            message = f"The request is not valid: {first['problem']}."
        super().__init__(message.replace("..", "."))

    @property
    def details(self) -> Any:
        return self.problems


class MissingOrderNumber(CoreError, ValueError):
    """The order has no number, so no message can name it."""

    code = "missing_order_number"

    @property
    def details(self) -> Any:
        return {"field": "order.number"}


class CaseItemNotFound(CoreError, LookupError):
    """A contact attempt or checklist point that the case does not have."""

    code = "not_found"

    @property
    def message(self) -> str:
        text = str(self)
        return f"{text[:1].upper()}{text[1:]}."


#: Every code a reply can carry.
ERROR_CODES = (
    "bad_json",
    "unknown_request",
    "invalid_payload",
    "missing_order_number",
    "not_found",
    "internal",
)


def _as_core_error(exc: Exception) -> CoreError:
    if isinstance(exc, CoreError):
        return exc
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        return InvalidFields(
            exc.errors(include_url=False, include_context=False, include_input=False)
        )
    return InternalError(exc)


def error_reply(exc: Exception) -> str:
    """The bridge's JSON reply for an exception: mapped by its class, never by its text."""
    try:
        error = _as_core_error(exc)
    except Exception as failure:  # noqa: BLE001 - a reply must come out, whatever happened
        error = InternalError(failure)
    return json.dumps(
        {
            "ok": False,
            "error": {"code": error.code, "message": error.message, "details": error.details},
        },
        ensure_ascii=False,
        default=str,
    )
