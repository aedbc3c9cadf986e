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
from collections.abc import Callable
from typing import Any

from . import __version__

__all__ = ["handle"]

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


def _ok(result: Any) -> str:
    return json.dumps({"ok": True, "result": result}, ensure_ascii=False)


def _error(code: str, message: str, details: Any = None) -> str:
    return json.dumps(
        {"ok": False, "error": {"code": code, "message": message, "details": details}},
        ensure_ascii=False,
        default=str,
    )


def _dump(model: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(model, BaseModel):
        return model.model_dump(mode="json")
    if isinstance(model, list):
        return [_dump(item) for item in model]
    return model


def _validation_error(exc: Any) -> str:
    problems = []
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        location = [str(part) for part in error["loc"]]
        text = str(error["msg"]).removeprefix("Value error, ")
        problems.append({"field": ".".join(location), "problem": text})
    first = problems[0] if problems else {"field": "", "problem": "it is not valid"}
    kind = exc.errors()[0]["type"] if problems else ""
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
    return _error("invalid_payload", message.replace("..", "."), problems)


# --- handlers ------------------------------------------------------------------------------


def _ping(payload: dict[str, Any]) -> Any:
    return {"version": __version__}


def _warm(payload: dict[str, Any]) -> Any:
    import time

    from . import api  # noqa: F401 - defines the pydantic models
    from .drafting import warm_up

    started = time.perf_counter()
    templates = warm_up()
    return {"templates": templates, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _extract(payload: dict[str, Any]) -> Any:
    from .api import ExtractRequest, extract

    return _dump(extract(ExtractRequest.model_validate(payload)))


def _shape(payload: dict[str, Any]) -> Any:
    """The page-structure report (no page values) of ``{"snapshot", "version"?}``."""
    from .page_shape import shape_report

    version = payload.get("version", "")
    return {
        "report": shape_report(
            payload.get("snapshot"), version=version if isinstance(version, str) else ""
        )
    }


def _problems(payload: dict[str, Any]) -> Any:
    from .api import list_problems

    return list_problems()


def _advise(payload: dict[str, Any]) -> Any:
    from .api import AdviseRequest, advise

    return _dump(advise(AdviseRequest.model_validate(payload)))


def _draft(payload: dict[str, Any]) -> Any:
    from .api import AdviseRequest, draft

    return _dump(draft(AdviseRequest.model_validate(payload)))


def _deadlines(payload: dict[str, Any]) -> Any:
    from .api import AdviseRequest, clock
    from .deadlines import compute_deadlines

    request = AdviseRequest.model_validate(payload)
    today, _now = clock(request.today, request.now)
    return _dump(
        compute_deadlines(
            request.order,
            request.problem,
            request.history,
            today=today,
            received=request.received,
            category=request.category,
        )
    )


def _check(payload: dict[str, Any]) -> Any:
    from pydantic import BaseModel, ConfigDict, Field

    from ._data import load_data
    from .checks import check_draft
    from .models import ChannelCode, Language

    class CheckRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        text: str = Field(max_length=50_000)
        channel: ChannelCode
        order_number: str | None = None
        subject: str | None = None
        lang: Language = "en"
        names: list[str] = Field(default_factory=list, max_length=10)

    request = CheckRequest.model_validate(payload)
    spec = load_data("channels")["channels"][request.channel.value]
    return _dump(
        check_draft(
            request.text,
            subject=request.subject,
            form=spec["form"],
            order_number=request.order_number,
            max_length=spec["max_length"],
            names=request.names,
            lang=request.lang,
        )
    )


def _case(payload: dict[str, Any], action: str) -> Any:
    from . import caselog
    from .api import CaseRequest, clock
    from .models import AttemptStatus

    if action == "load":
        records = payload.get("records")
        if not isinstance(records, list) or len(records) > 20_000:
            raise _Missing("records (a list of stored cases)")
        good, bad = caselog.load_cases(records)
        return {"cases": _dump(good), "bad": bad}
    request = CaseRequest.model_validate(payload)
    today, now = clock(request.today, request.now)
    if action == "new":
        if request.order is None or request.problem is None:
            raise _Missing("order and problem")
        from .api import _require_number

        _require_number(request.order)
        return _dump(caselog.new_case(request.order, request.problem, now=now))
    if action == "import":
        if request.text is None:
            raise _Missing("text")
        return _dump(caselog.import_case(request.text))
    case = request.case
    if case is None:
        raise _Missing("case")
    if action == "record":
        if request.channel is None or request.text is None:
            raise _Missing("channel and text")
        updated, attempt = caselog.record_attempt(
            case,
            channel=request.channel,
            text=request.text,
            now=now,
            status=request.status or AttemptStatus.WAITING,
            reference=request.reference,
            problem=request.problem,
            profile=request.profile if "profile" in payload else None,
        )
        return {"case": _dump(updated), "attempt": _dump(attempt)}
    if action == "update":
        if request.attempt_id is None:
            raise _Missing("attempt_id")
        return _dump(
            caselog.update_attempt(
                case,
                request.attempt_id,
                now=now,
                status=request.status,
                reference=request.reference,
                reply_summary=request.reply_summary,
            )
        )
    if action == "confirm":
        if request.code is None:
            raise _Missing("code")
        return _dump(caselog.confirm_item(case, request.code, value=request.value, now=now))
    if action == "status":
        if request.case_status is None:
            raise _Missing("case_status")
        return _dump(caselog.set_case_status(case, request.case_status))
    if action == "due":
        return caselog.due_follow_ups(case, now=now)
    if action == "export":
        stem = f"case-{case.id}"
        if request.format == "json":
            return {"format": "json", "filename": f"{stem}.json", "text": caselog.export_json(case)}
        return {
            "format": "markdown",
            "filename": f"{stem}.md",
            "text": caselog.export_markdown(case, lang=request.lang, today=today),
        }
    if action == "escalation":
        return _dump(
            caselog.escalation_draft(
                case,
                side_lang=request.lang,
                today=today,
                now=now,
                channel=request.channel,
                note=request.note,
                profile=request.profile if "profile" in payload else None,
            )
        )
    if action == "step":
        if request.step is None:
            raise _Missing("step")
        return _dump(caselog.record_step(case, request.step, now=now, note=request.note))
    if action == "claim":
        from .escalation import claim_documents

        return _dump(
            claim_documents(
                case,
                side_lang=request.lang,
                today=today,
                now=now,
                parties=request.parties,
                profile=request.profile if "profile" in payload else None,
            )
        )
    raise AssertionError(action)  # pragma: no cover - the table below lists every action


# --- product pages, social media, tips (issue 14) ------------------------------------------


def _ask_product(payload: dict[str, Any]) -> Any:
    from ._data import load_data
    from .product import question_list, read_product

    reading = read_product(payload.get("snapshot"))
    return {
        **reading.model_dump(mode="json"),
        "questions": question_list(),
        "targets": load_data("product_questions")["targets"],
        "notices": load_data("product_questions")["notices"],
    }


def _question_draft(payload: dict[str, Any]) -> Any:
    from pydantic import BaseModel, ConfigDict, Field

    from .models import Language
    from .product import Product, QuestionCode, QuestionTarget, draft_question

    class QuestionRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        product: Product | None = None
        question: QuestionCode
        lang: Language = "en"
        own_text: str | None = Field(default=None, max_length=1000)
        detail: str | None = Field(default=None, max_length=120)
        target: QuestionTarget = "question_form"
        names: list[str] = Field(default_factory=list, max_length=10)

    request = QuestionRequest.model_validate(payload)
    try:
        draft = draft_question(
            request.product,
            request.question,
            lang=request.lang,
            own_text=request.own_text,
            detail=request.detail,
            target=request.target,
            names=request.names,
        )
    except ValueError as exc:
        raise _Missing("own_text") from exc
    return _dump(draft)


def _public_check(payload: dict[str, Any]) -> Any:
    from pydantic import BaseModel, ConfigDict, Field

    from .models import Language
    from .personal_data import check_public_text

    class PublicCheckRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        text: str = Field(max_length=20_000)
        lang: Language = "en"
        names: list[str] = Field(default_factory=list, max_length=10)

    request = PublicCheckRequest.model_validate(payload)
    return _dump(check_public_text(request.text, lang=request.lang, names=request.names))


def _social(payload: dict[str, Any]) -> Any:
    from pydantic import BaseModel, ConfigDict, Field

    from .models import Language, ProblemCode
    from .tips import social_channels

    class SocialRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        order_number: str = Field(max_length=40)
        problem: ProblemCode
        lang: Language = "en"
        item: str | None = Field(default=None, max_length=500)
        tried_order_chat: bool = False
        links: list[str] = Field(default_factory=list, max_length=10)
        page_links: list[str] = Field(default_factory=list, max_length=10)

    request = SocialRequest.model_validate(payload)
    try:
        advice = social_channels(
            order_number=request.order_number,
            problem=request.problem.value,
            lang=request.lang,
            item=request.item,
            tried_order_chat=request.tried_order_chat,
            links=request.links,
            page_links=request.page_links,
        )
    except ValueError as exc:
        raise _Invalid(str(exc)) from exc
    return _dump(advice)


def _tips(payload: dict[str, Any]) -> Any:
    from pydantic import BaseModel, ConfigDict

    from .api import clock
    from .models import Case, ProblemCode, UtcDatetime
    from .tips import Moment, tips

    class TipsRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        moment: Moment | None = None
        problem: ProblemCode | None = None
        case: Case | None = None
        now: UtcDatetime | None = None

    request = TipsRequest.model_validate(payload)
    _today, now = clock(None, request.now)
    return _dump(
        tips(
            moment=request.moment,
            problem=request.problem.value if request.problem else None,
            case=request.case,
            now=now,
        )
    )


def _case_link(payload: dict[str, Any]) -> Any:
    from pydantic import BaseModel, ConfigDict, Field

    from .api import clock
    from .models import Case, UtcDatetime
    from .tips import add_case_link

    class CaseLinkRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        case: Case
        url: str = Field(max_length=300)
        now: UtcDatetime | None = None

    request = CaseLinkRequest.model_validate(payload)
    _today, now = clock(None, request.now)
    try:
        return _dump(add_case_link(request.case, request.url, now=now))
    except ValueError as exc:
        raise _Invalid(str(exc)) from exc


class _Invalid(Exception):
    """A value the buyer typed is not valid; the message says why."""


class _Missing(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _case_handler(action: str) -> Callable[[dict[str, Any]], Any]:
    return lambda payload: _case(payload, action)


_HANDLERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "ping": _ping,
    "warm": _warm,
    "extract": _extract,
    "shape": _shape,
    "problems": _problems,
    "advise": _advise,
    "draft": _draft,
    "deadlines": _deadlines,
    "check": _check,
    "ask_product": _ask_product,
    "question_draft": _question_draft,
    "public_check": _public_check,
    "social": _social,
    "tips": _tips,
    "case_link": _case_link,
    **{
        f"case_{action}": _case_handler(action)
        for action in (
            "new",
            "record",
            "update",
            "confirm",
            "status",
            "due",
            "export",
            "import",
            "escalation",
            "step",
            "load",
        )
    },
    "claim": _case_handler("claim"),
}

#: The request types ``handle`` understands.
REQUEST_TYPES = tuple(_HANDLERS)


def handle(request_type: str, payload_json: str) -> str:
    """Answers one request from the extension. Never raises; always returns JSON text.

    Args:
        request_type: One of `REQUEST_TYPES`.
        payload_json: The request's payload, a JSON object.
    """
    try:
        handler = _HANDLERS.get(request_type) if isinstance(request_type, str) else None
        if handler is None:
            return _error(
                "unknown_request",
                f"The extension asked for something the core does not know ({str(request_type)[:60]!r}).",
                {"known": list(REQUEST_TYPES)},
            )
        try:
            from ._safe_json import loads as safe_json_loads

            payload = safe_json_loads(payload_json) if payload_json not in (None, "") else {}
        except (TypeError, ValueError, RecursionError) as exc:
            return _error(
                "bad_json", "The request could not be read (it is not valid JSON).", str(exc)[:200]
            )
        if not isinstance(payload, dict):
            return _error(
                "bad_json", "The request could not be read (it is not a JSON object).", None
            )
        return _ok(handler(payload))
    except Exception as exc:  # noqa: BLE001 - the bridge must answer, whatever happened
        return _classify(exc)


def _classify(exc: Exception) -> str:
    try:
        from pydantic import ValidationError

        from .api import MissingOrderNumber
        from .caselog import CaseItemNotFound

        if isinstance(exc, ValidationError):
            return _validation_error(exc)
        if isinstance(exc, MissingOrderNumber):
            return _error("missing_order_number", str(exc), {"field": "order.number"})
        if isinstance(exc, _Missing):
            return _error(
                "invalid_payload", f"The request lacks {exc.what}.", {"missing": exc.what}
            )
        if isinstance(exc, _Invalid):
            return _error("invalid_payload", str(exc), None)
        if isinstance(exc, CaseItemNotFound):
            return _error("not_found", f"{str(exc)[:1].upper()}{str(exc)[1:]}.", None)
        if (
            isinstance(exc, ValueError)
            and "case" in str(exc).lower()
            and "json" in str(exc).lower()
        ):
            return _error("invalid_payload", "The case file could not be read.", str(exc)[:300])
    except Exception:  # noqa: BLE001, S110 - classifying must not fail; fall back to internal
        pass
    return _error(
        "internal",
        "Something went wrong inside the helper; please report it.",
        {"type": type(exc).__name__, "message": str(exc)[:500]},
    )
