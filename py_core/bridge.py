"""The one entry point the extension calls through Pyodide: ``handle(request_type, payload_json)``.

It always returns a JSON string and never raises::

    {"ok": true, "result": ...}
    {"ok": false, "error": {"code": "...", "message": "<one sentence, English>", "details": ...}}

Error codes: ``bad_json`` (the payload is not a JSON object), ``unknown_request``,
``invalid_payload`` (details: a list of ``{"field", "problem"}``), ``missing_order_number``,
``not_found`` (a case attempt or checklist point that does not exist), ``internal``
(a bug of ours; details carry the exception type and message).

Requests (payload -> result):

``ping``  ``{}`` -> ``{"version": str}``

``warm``  ``{}`` -> ``{"templates": int, "ms": float}``: loads models, data and compiles every
    template, so the first real draft is fast (call it once when the panel is idle)

``extract``  ``{"snapshot": {url, title, lang, widgets: [{widget, id, state, container}], text,
             links: [{text, href, container}], parcels: [{id, text}], delivery, captured_at}}``
    -> ``{"page_kind": "order_details"|"returns"|"return_details"|"unknown", "order": Order|null,
    "missing": [str], "warnings": [str]}``

``shape``  ``{"snapshot", "version"?}`` -> ``{"report": str}``: the page-structure report
    (widget names, key paths and value types; no page values)

``problems``  ``{"lang"?: "en"}`` (labels always come in all three languages)
    -> ``[{"code", "label": {ru,en,zh}, "default_remedy",
    "questions": [{"field", "type": "choice"|"date"|"text"|"item"|"money"|"number", "label",
    "choices"?: [{"value", "label"}], "default"?}]}]``

``advise``  ``{"order", "problem": {"code", ...details}, "history"?: [ContactAttempt],
    "lang"?: "en"|"zh"|"ru", "channel"?, "today"?: "YYYY-MM-DD", "now"?: ISO UTC time,
    "received"?: "YYYY-MM-DD", "category"?, "note"?, "profile"?: {"name", "tone"}}``
    -> ``{"channels": [{"code", "rank", "reason": {ru,en,zh}, "notes": [{ru,en,zh}], "how_to"}],
    "deadlines": [Deadline], "evidence": [{"code", "label"}], "help_links": [{"code", "url",
    "title", "source", "checked"}], "closing_checklist": [{"code", "label"}], "draft": Draft}``

``draft``  same payload as ``advise`` -> ``Draft`` = ``{"channel", "form", "ru": {"lang",
    "subject", "body"}, "side": {"lang", "subject", "body"}, "max_length", "checks":
    [{"code", "severity", "message"}]}``

``Deadline`` = ``{"code", "who": "buyer"|"seller"|"ozon", "label": {ru,en,zh}, "date":
    "YYYY-MM-DD"|null, "days", "anchor", "anchor_label", "anchor_date", "days_left", "state":
    "upcoming"|"today"|"passed"|"unknown"|"not_allowed", "category", "note": {ru,en,zh}|null,
    "sources": [{"days", "date", "source", "url", "checked"}]}`` (soonest first, undated last)

New in issue 10 (all additive; language maps are ``{ru,en,zh}``):

``advise`` also takes ``"escalate"?: bool`` (the buyer says seller and support failed),
    ``"steps"?: [case steps]`` (fills ``done_at``) and ``problem.fault`` (what exactly is wrong,
    verbatim in the draft; ``problems`` lists it as a text question), and also returns
    ``"category": {"code", "label", "source": "request"|"title"|"default", "matched"}``,
    ``"categories": [{"code", "label"}]`` (choices; sending ``category`` redrafts and
    recomputes the deadlines), ``"basis": [{"code", "kind": "law"|"ozon"|"local", "title",
    "gives", "term"|null, "source", "url"|null, "checked"}]``, ``"site": {"code", "country",
    "russian_law"}``, ``"tips": [{"code", "text"}]`` and ``"escalation": {"offered", "why"|null,
    "steps": [{"code": "claim"|"rospotrebnadzor"|"bank_dispute", "label", "what", "done_at"}]}``.

``Deadline`` also has ``"date_text"`` (the date in words, per language), ``"days_ago"``
    (passed ones), ``"status_text"`` ("3 days left", "passed 4 days ago", "depends on ..."),
    ``"still_possible"`` (passed ones: what the buyer can still do), ``"depends_on"`` (undated
    ones), ``"chosen"`` (the variant that fits this order, with ``"why"``), ``"other_variants"``,
    ``"basis"`` (a ``basis`` code); every source has ``"kind": "ozon"|"law"|"guide"`` and
    ``"why"`` (on ``chosen``: why this variant fits the order). ``tips`` codes:
    ``refuse_at_pickup``, ``bank_route``, ``ask_bank_rrn``, ``login_first``, ``fake_item``.

``claim``  ``{"case", "lang"?, "today"?, "now"?, "profile"?, "parties"?: {"seller_name",
    "seller_inn", "seller_ogrn", "seller_address", "buyer_name", "buyer_address",
    "buyer_contact", "card_last4", "payment_date", "rrn"}}`` (ИНН 10/12 digits, ОГРН 13/15)
    -> ``{"case_id", "site", "russian_law", "fields": [{"code", "label",
    "where", "value", "required"}], "documents": [{"kind": "claim"|"rospotrebnadzor"|
    "bank_dispute", "label", "ru": {"title", "blocks": [{"role", "text", "items"?}], "text"},
    "side": {same, in lang}, "how_to_file", "links": [{"title", "url"}], "done_at"}]}``
    (the escalation ladder past Ozon: the written pre-trial claim, Rospotrebnadzor, the bank)

``case_step``  ``{"case", "step": "claim"|"rospotrebnadzor"|"bank_dispute", "now"?, "note"?}``
    -> ``Case`` (the step is logged in ``case.steps`` with its date)

``case_record`` also takes ``"problem"?`` and ``"profile"?``: they replace the case's, so the
    escalation draft and the claim name what the first draft named and sign with the saved name.

``check``  ``{"text", "channel", "order_number"?, "subject"?, "lang"?, "names"?: [str]}``
    -> ``[{"code", "severity", "message"}]`` (for text the buyer edited)

``deadlines``  same payload as ``advise`` -> ``[Deadline]``

``case_new``  ``{"order", "problem", "now"?}`` -> ``Case``
``case_record``  ``{"case", "channel", "text", "status"?: "waiting", "reference"?, "now"?}``
    -> ``{"case": Case, "attempt": ContactAttempt}`` (``follow_up_due`` is set)
``case_update``  ``{"case", "attempt_id", "status"?, "reference"?, "reply_summary"?, "now"?}`` -> ``Case``
``case_confirm``  ``{"case", "code", "value"?, "now"?}`` -> ``Case`` (closing checklist point)
``case_status``  ``{"case", "case_status": "open"|"resolved"|"abandoned"}`` -> ``Case``
``case_due``  ``{"case", "now"?}`` -> ``[{"attempt_id", "channel", "due", "overdue"}]``
``case_export``  ``{"case", "format": "json"|"markdown", "lang"?, "today"?}``
    -> ``{"format", "filename", "text"}``
``case_import``  ``{"text": "<a case_export json text>"}`` -> ``Case``
``case_escalation``  ``{"case", "lang"?, "channel"?, "today"?, "now"?, "note"?, "profile"?}`` -> ``Draft``

Product pages and the guides' last channels and tips (issue 14; ``py_core.product``,
``py_core.personal_data``, ``py_core.tips``):

``ask_product``  ``{"snapshot": {...as for extract...}}``
    -> ``{"page_kind": "product"|"unknown", "product": Product|null, "missing": [str],
    "warnings": [str], "questions": [{"code", "label": {ru,en,zh}, "detail": {"field",
    "label", "max_length", "from_variant"}|null}], "targets": {code: {"public", "label"}},
    "notices": {"public": {ru,en,zh}, "private": {ru,en,zh}}}``
    ``Product`` = ``{"url", "site", "sku", "title", "seller", "seller_link", "price",
    "card_price", "amount", "currency", "available", "variants": [{"name", "value"}],
    "social_links": [str]}`` (page text only)

``question_draft``  ``{"product"?: Product, "question": "size"|"compatibility"|"included"|
    "authenticity"|"delivery"|"own", "lang"?: "en", "own_text"?: str (for own, kept
    verbatim), "detail"?: str (size or device), "target"?: "question_form"|"seller_chat",
    "names"?: [str]}`` -> ``{"code", "target", "public": bool, "ru": {"lang", "subject",
    "body"}, "side": {...}, "notice": {ru,en,zh}, "checks": [{"code", "severity",
    "message", "kinds"}]}``

``public_check``  ``{"text", "lang"?, "names"?: [str]}`` -> ``[{"code": "personal_data"|
    "empty", "severity", "message", "kinds": ["phone"|"email"|"card"|"order_number"|
    "address"|"name"]}]`` (for a public text the buyer edited)

``social``  ``{"order_number", "problem": code, "lang"?, "item"?, "tried_order_chat"?:
    bool, "links"?: [url], "page_links"?: [url]}`` -> ``{"order": ["private_message",
    "public_comment"], "private_message": {"label", "max_length", "reply_hours", "ru",
    "side", "checks"}, "public_comment": {"channel": "public_post", "label"},
    "seller_links": [{"url", "network", "usable_in_russia", "found_by"}],
    "seller_links_note", "networks", "not_usable", "not_usable_note", "ozon_accounts":
    [{"network", "url", "title", "kind", "note", "sources", "checked"}], "help_centre"}``

``case_link``  ``{"case", "url", "now"?}`` -> ``Case`` with ``links: [{"url", "network":
    "vk"|"telegram"|"facebook"|"instagram"|"twitter"|null, "added_at"}]`` (a shop's
    social-media page the buyer found, kept with the case; an address already kept is
    not added twice)

``tips``  ``{"moment"?: "problem_picked"|"support_overdue"|"case_resolved", "problem"?:
    code, "case"?: Case, "now"?}`` -> ``[{"code": "faq"|"off_peak"|"rate", "moment",
    "text": {ru,en,zh}, "url"?, "hours"?: [{"from", "to"}], "timezone"?, "where"?,
    "assumption": bool, "source", "checked"}]`` (with a case and no moment: the tips
    that apply to it now)

Importing this module is cheap: pydantic models, data files and templates are loaded on
the first request that needs them.
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
