"""The one entry point the extension calls through Pyodide: ``handle(request_type, payload_json)``.

It always returns a JSON string and never raises::

    {"ok": true, "result": ...}
    {"ok": false, "error": {"code": "...", "message": "<one sentence, English>", "details": ...}}

The requests (payload model, answering function, result type) are declared once, in
`py_core.registry`; the error codes are the classes of `py_core.exceptions`. The README's
request table and ``python -m py_core schema`` are generated from the registry.

Importing this module is cheap: pydantic, the registry, data files and templates are loaded
on the first request.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry import REQUEST_TYPES

__all__ = ["REQUEST_TYPES", "handle"]


def handle(request_type: str, payload_json: str) -> str:
    """Answers one request from the extension. Never raises; always returns JSON text.

    Args:
        request_type: One of `REQUEST_TYPES` (the keys of `py_core.registry.ENDPOINTS`).
        payload_json: The request's payload, a JSON object.
    """
    from .exceptions import BadJson, UnknownRequest, error_reply

    try:
        from . import registry
        from ._safe_json import loads

        if not isinstance(request_type, str) or request_type not in registry.ENDPOINTS:
            raise UnknownRequest(request_type, registry.REQUEST_TYPES)
        try:
            payload = loads(payload_json) if payload_json not in (None, "") else {}
        except (TypeError, ValueError, RecursionError) as exc:
            reason = str(exc)[:200]
            raise BadJson("The request could not be read (it is not valid JSON).", reason) from exc
        if not isinstance(payload, dict):
            raise BadJson("The request could not be read (it is not a JSON object).")
        result = registry.answer(request_type, payload)
        return json.dumps({"ok": True, "result": result}, ensure_ascii=False)
    except Exception as exc:  # noqa: BLE001 - the bridge must answer, whatever happened
        return error_reply(exc)


def __getattr__(name: str) -> Any:
    # REQUEST_TYPES comes from the registry, which imports pydantic: only when asked for.
    if name == "REQUEST_TYPES":
        from .registry import REQUEST_TYPES

        return REQUEST_TYPES
    raise AttributeError(f"module 'py_core.bridge' has no attribute {name!r}")
