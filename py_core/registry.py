"""The requests the extension may send, declared once: payload model, answer, result type.

Each request type names one pydantic model whose ``type`` field is a ``Literal`` of the
request types that take that payload, one pure function that answers it, and the type of
its result. One discriminated-union ``TypeAdapter`` over the models validates a payload and
picks its model by ``type``; `answer` then calls the function and turns the result into
JSON data. Errors are the classes of `py_core.exceptions`.

`py_core.bridge` is the thin JSON door in front of this; `py_core.schema` and the README's
request table are generated from `ENDPOINTS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from . import __version__, caselog
from ._data import channel_spec, load_data
from .api import (
    Advice,
    AdviseRequest,
    CaseRequest,
    ExtractRequest,
    advise,
    clock,
    deadlines,
    draft,
    extract,
    list_problems,
    require_number,
)
from .checks import check_draft
from .deadlines import Deadline
from .drafting import warm_up
from .escalation import ClaimResult, Letter, claim_documents
from .exceptions import InvalidFields, MissingField
from .extract import Extraction
from .models import (
    AttemptStatus,
    Case,
    ChannelCode,
    ContactAttempt,
    Draft,
    DraftCheck,
    Language,
    ProblemCode,
    Profile,
    UtcDatetime,
)
from .page_shape import shape_report
from .personal_data import PublicTextCheck, check_public_text
from .product import (
    Product,
    ProductReading,
    QuestionCode,
    QuestionDraft,
    QuestionTarget,
    draft_question,
    question_list,
    read_product,
)
from .tips import Moment, SocialAdvice, Tip, add_case_link, social_channels, tips

__all__ = ["ENDPOINTS", "REQUEST_TYPES", "Endpoint", "answer", "validate"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Loose(BaseModel):
    """A payload whose other fields are ignored (they were never checked)."""

    model_config = ConfigDict(extra="ignore")


# --- payloads that only the bridge takes (the others are in `py_core.api`) ------------------


class PingRequest(_Loose):
    """``ping``: is the core there, and which version."""

    type: Literal["ping"] = "ping"


class WarmRequest(_Loose):
    """``warm``: load the data and compile every template and category pattern now, while idle."""

    type: Literal["warm"] = "warm"


class ShapeRequest(_Loose):
    """``shape``: the page-structure report of a snapshot (no page values)."""

    type: Literal["shape"] = "shape"
    snapshot: Any = None
    version: Any = ""


class ProblemsRequest(_Loose):
    """``problems``: every problem with its labels (all three languages) and questions."""

    type: Literal["problems"] = "problems"


class CheckRequest(_Strict):
    """``check``: checks of a text the buyer edited."""

    type: Literal["check"] = "check"
    text: str = Field(max_length=50_000)
    channel: ChannelCode
    order_number: str | None = None
    subject: str | None = None
    lang: Language = "en"
    names: list[str] = Field(default_factory=list, max_length=10)


class CaseLoadRequest(_Loose):
    """``case_load`` and ``case_list``: the stored cases, each migrated and validated on its own.

    ``case_list`` also gives each case's follow-ups (only the cases of ``order_number``,
    when it is given): the whole log with what is due, in one request.
    """

    type: Literal["case_load", "case_list"] = "case_load"
    records: Any = None
    order_number: str | None = Field(default=None, max_length=40)
    now: UtcDatetime | None = None


class AskProductRequest(_Loose):
    """``ask_product``: read a product page snapshot and list the questions to ask."""

    type: Literal["ask_product"] = "ask_product"
    snapshot: Any = None


class QuestionRequest(_Strict):
    """``question_draft``: a question about a product, in Russian and the buyer's language."""

    type: Literal["question_draft"] = "question_draft"
    product: Product | None = None
    question: QuestionCode
    lang: Language = "en"
    own_text: str | None = Field(default=None, max_length=1000)
    detail: str | None = Field(default=None, max_length=120)
    target: QuestionTarget = "question_form"
    names: list[str] = Field(default_factory=list, max_length=10)


class PublicCheckRequest(_Strict):
    """``public_check``: personal data in a text that will be public."""

    type: Literal["public_check"] = "public_check"
    text: str = Field(max_length=20_000)
    lang: Language = "en"
    names: list[str] = Field(default_factory=list, max_length=10)


class SocialRequest(_Strict):
    """``social``: the seller's social-media route (private message first)."""

    type: Literal["social"] = "social"
    order_number: str = Field(max_length=40)
    problem: ProblemCode
    lang: Language = "en"
    item: str | None = Field(default=None, max_length=500)
    tried_order_chat: bool = False
    links: list[str] = Field(default_factory=list, max_length=10)
    page_links: list[str] = Field(default_factory=list, max_length=10)


class TipsRequest(_Strict):
    """``tips``: the tips for a moment, a problem or a case."""

    type: Literal["tips"] = "tips"
    moment: Moment | None = None
    problem: ProblemCode | None = None
    case: Case | None = None
    now: UtcDatetime | None = None


class CaseLinkRequest(_Strict):
    """``case_link``: keep a shop's social-media page with the case."""

    type: Literal["case_link"] = "case_link"
    case: Case
    url: str = Field(max_length=300)
    now: UtcDatetime | None = None


# --- results that are not models of the core ------------------------------------------------


class Pong(BaseModel):
    """The result of ``ping``."""

    version: str


class Warmed(BaseModel):
    """The result of ``warm``: how many templates were compiled, in how many ms."""

    templates: int
    ms: float


class ShapeReport(BaseModel):
    """The result of ``shape``."""

    report: str


class ProductQuestions(ProductReading):
    """The result of ``ask_product``: the reading, the questions, where to ask, notices."""

    questions: list[dict[str, Any]]
    targets: dict[str, Any]
    notices: dict[str, Any]


class LoadedCases(BaseModel):
    """The result of ``case_load``: the valid cases, and for each bad record why."""

    cases: list[Case]
    bad: list[dict[str, Any]]


class FollowUp(BaseModel):
    """One attempt still waiting for a reply (``case_due``)."""

    attempt_id: str
    channel: str
    due: str
    overdue: bool


class ListedCase(BaseModel):
    """One case of ``case_list`` with its contacts still waiting for a reply."""

    case: Case
    due: list[FollowUp]


class CaseListing(BaseModel):
    """The result of ``case_list``: the cases, newest first, each with what is due; the bad records."""

    cases: list[ListedCase]
    bad: list[dict[str, Any]]


class RecordedAttempt(BaseModel):
    """The result of ``case_record``."""

    case: Case
    attempt: ContactAttempt


class ExportedCase(BaseModel):
    """The result of ``case_export``: a file for the buyer to keep."""

    format: Literal["json", "markdown"]
    filename: str
    text: str


# --- the registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One request type: its payload model, the function that answers it, its result type."""

    name: str
    model: type[BaseModel]
    answer: Callable[[Any], Any]
    result: Any


#: Every request type, in the order the extension's contract lists them.
ENDPOINTS: dict[str, Endpoint] = {}


def _answers[R: BaseModel](
    name: str, model: type[R], result: Any
) -> Callable[[Callable[[R], Any]], Callable[[R], Any]]:
    """Registers the decorated function as the answer to ``name`` (a ``type`` of ``model``)."""
    if name not in get_args(model.model_fields["type"].annotation):  # pragma: no cover
        raise AssertionError(f"{model.__name__}.type does not list {name!r}")

    def register(function: Callable[[R], Any]) -> Callable[[R], Any]:
        ENDPOINTS[name] = Endpoint(name, model, function, result)
        return function

    return register


@_answers("ping", PingRequest, Pong)
def _ping(request: PingRequest) -> Pong:
    """Is the core there, and its version."""
    return Pong(version=__version__)


@_answers("warm", WarmRequest, Warmed)
def _warm(request: WarmRequest) -> Warmed:
    """Load the data and compile every template and category pattern now (once, while idle)."""
    started = time.perf_counter()
    templates = warm_up()
    return Warmed(templates=templates, ms=round((time.perf_counter() - started) * 1000, 1))


_answers("extract", ExtractRequest, Extraction)(extract)


@_answers("shape", ShapeRequest, ShapeReport)
def _shape(request: ShapeRequest) -> ShapeReport:
    """The page-structure report of a snapshot: widget names, key paths and value types, no page values."""
    version = request.version if isinstance(request.version, str) else ""
    return ShapeReport(report=shape_report(request.snapshot, version=version))


@_answers("problems", ProblemsRequest, list[dict[str, Any]])
def _problems(request: ProblemsRequest) -> list[dict[str, Any]]:
    """Every problem with its labels (ru, en, zh) and follow-up questions."""
    return list_problems()


_answers("advise", AdviseRequest, Advice)(advise)
_answers("draft", AdviseRequest, Draft)(draft)


_answers("deadlines", AdviseRequest, list[Deadline])(deadlines)


@_answers("check", CheckRequest, list[DraftCheck])
def _check(request: CheckRequest) -> list[DraftCheck]:
    """The checks of a text the buyer edited (length, order number, personal data ...)."""
    spec = channel_spec(request.channel.value)
    asked = request.model_dump(include={"subject", "order_number", "names", "lang"})
    return check_draft(request.text, form=spec.form, max_length=spec.max_length, **asked)


@_answers("ask_product", AskProductRequest, ProductQuestions)
def _ask_product(request: AskProductRequest) -> ProductQuestions:
    """A product page read: the product, the questions to ask, where to ask, the notices."""
    texts = load_data("product_questions")
    return ProductQuestions(
        **dict(read_product(request.snapshot)),
        questions=question_list(),
        targets=texts["targets"],
        notices=texts["notices"],
    )


@_answers("question_draft", QuestionRequest, QuestionDraft)
def _question_draft(request: QuestionRequest) -> QuestionDraft:
    """A question about the product in Russian and the buyer's language (``own`` keeps the text verbatim)."""
    try:
        return draft_question(
            request.product,
            request.question,
            lang=request.lang,
            own_text=request.own_text,
            detail=request.detail,
            target=request.target,
            names=request.names,
        )
    except ValueError as exc:  # the «own» kind without its text
        raise MissingField("own_text") from exc


@_answers("public_check", PublicCheckRequest, list[PublicTextCheck])
def _public_check(request: PublicCheckRequest) -> list[PublicTextCheck]:
    """Personal data in a text that will be public."""
    return check_public_text(request.text, lang=request.lang, names=request.names)


@_answers("social", SocialRequest, SocialAdvice)
def _social(request: SocialRequest) -> SocialAdvice:
    """The seller's social-media route: private message first, public comment next."""
    return social_channels(
        order_number=request.order_number,
        problem=request.problem.value,
        lang=request.lang,
        item=request.item,
        tried_order_chat=request.tried_order_chat,
        links=request.links,
        page_links=request.page_links,
    )


@_answers("tips", TipsRequest, list[Tip])
def _tips(request: TipsRequest) -> list[Tip]:
    """The tips for a moment, a problem or (with only a case) what applies to it now."""
    _today, now = clock(None, request.now)
    problem = request.problem.value if request.problem else None
    return tips(moment=request.moment, problem=problem, case=request.case, now=now)


@_answers("case_link", CaseLinkRequest, Case)
def _case_link(request: CaseLinkRequest) -> Case:
    """The case keeping a shop's social-media page (an address already kept is not added twice)."""
    _today, now = clock(None, request.now)
    return add_case_link(request.case, request.url, now=now)


# The case log. Every case request but ``case_new`` and ``case_import`` works on a case.


def _case_of(request: CaseRequest) -> Case:
    return _required(request.case, "case")


def _required[T](value: T | None, what: str) -> T:
    """The value of a field this request type needs (``what`` names it in the error)."""
    if value is None:
        raise MissingField(what)
    return value


def _now(request: CaseRequest) -> datetime:
    return clock(request.today, request.now)[1]


def _profile(request: CaseRequest) -> Profile | None:
    """The profile the request sent, or None (keep the case's) when it sent none."""
    return request.profile if "profile" in request.model_fields_set else None


@_answers("case_new", CaseRequest, Case)
def _case_new(request: CaseRequest) -> Case:
    """A new open case for the order and problem, with its closing checklist."""
    order = require_number(_required(request.order, "order and problem"))
    problem = _required(request.problem, "order and problem")
    return caselog.new_case(order, problem, now=_now(request))


@_answers("case_record", CaseRequest, RecordedAttempt)
def _case_record(request: CaseRequest) -> RecordedAttempt:
    """The case (without ``case``: a new one for ``order`` and ``problem``) with a contact logged (its ``follow_up_due`` set); ``problem`` and ``profile`` replace the case's."""
    updated, attempt = caselog.record_attempt(
        request.case if request.case is not None else _case_new(request),
        channel=_required(request.channel, "channel and text"),
        text=_required(request.text, "channel and text"),
        now=_now(request),
        status=request.status or AttemptStatus.WAITING,
        reference=request.reference,
        problem=request.problem,
        profile=_profile(request),
    )
    return RecordedAttempt(case=updated, attempt=attempt)


@_answers("case_update", CaseRequest, Case)
def _case_update(request: CaseRequest) -> Case:
    """The case with a contact attempt's status, reference or reply changed."""
    return caselog.update_attempt(
        _case_of(request),
        _required(request.attempt_id, "attempt_id"),
        now=_now(request),
        status=request.status,
        reference=request.reference,
        reply_summary=request.reply_summary,
    )


@_answers("case_confirm", CaseRequest, Case)
def _case_confirm(request: CaseRequest) -> Case:
    """The case with a closing checklist point confirmed."""
    case, code = _case_of(request), _required(request.code, "code")
    return caselog.confirm_item(case, code, value=request.value, now=_now(request))


@_answers("case_status", CaseRequest, Case)
def _case_status(request: CaseRequest) -> Case:
    """The case marked open, resolved or abandoned."""
    case = _case_of(request)
    return caselog.set_case_status(case, _required(request.case_status, "case_status"))


@_answers("case_due", CaseRequest, list[FollowUp])
def _case_due(request: CaseRequest) -> list[dict[str, object]]:
    """The contacts still waiting for a reply, soonest due first."""
    return caselog.due_follow_ups(_case_of(request), now=_now(request))


@_answers("case_export", CaseRequest, ExportedCase)
def _case_export(request: CaseRequest) -> ExportedCase:
    """The case as a file: JSON (``case_import`` reads it back) or Markdown."""
    case = _case_of(request)
    stem = f"case-{case.id}"
    if request.format == "json":
        return ExportedCase(format="json", filename=f"{stem}.json", text=caselog.export_json(case))
    today = clock(request.today, request.now)[0]
    text = caselog.export_markdown(case, lang=request.lang, today=today)
    return ExportedCase(format="markdown", filename=f"{stem}.md", text=text)


@_answers("case_import", CaseRequest, Case)
def _case_import(request: CaseRequest) -> Case:
    """A case from its JSON export, validated whole."""
    return caselog.import_case(_required(request.text, "text"))


def _letter(request: CaseRequest) -> Letter:
    """What a letter about the case is written with: languages, dates, the buyer's profile."""
    today, now = clock(request.today, request.now)
    return Letter(side_lang=request.lang, today=today, now=now, profile=_profile(request))


@_answers("case_escalation", CaseRequest, Draft)
def _case_escalation(request: CaseRequest) -> Draft:
    """A message that escalates the case, naming every contact and what the first draft named."""
    return caselog.escalation_draft(
        _case_of(request), channel=request.channel, note=request.note, **_letter(request)
    )


@_answers("case_step", CaseRequest, Case)
def _case_step(request: CaseRequest) -> Case:
    """The case with a step past Ozon (claim, Rospotrebnadzor, bank dispute) logged."""
    case, step = _case_of(request), _required(request.step, "step")
    return caselog.record_step(case, step, now=_now(request), note=request.note)


def _loaded(request: CaseLoadRequest) -> tuple[list[Case], list[dict[str, Any]]]:
    records = request.records
    if not isinstance(records, list) or len(records) > 20_000:
        raise MissingField("records (a list of stored cases)")
    return caselog.load_cases(records)


@_answers("case_load", CaseLoadRequest, LoadedCases)
def _case_load(request: CaseLoadRequest) -> LoadedCases:
    """The stored cases, each migrated and validated on its own; why each bad one is bad."""
    good, bad = _loaded(request)
    return LoadedCases(cases=good, bad=bad)


@_answers("case_list", CaseLoadRequest, CaseListing)
def _case_list(request: CaseLoadRequest) -> CaseListing:
    """The stored cases (of ``order_number``, if given), newest first, each with its follow-ups; why each bad record is bad."""
    good, bad = _loaded(request)
    now = clock(None, request.now)[1]
    chosen = [c for c in good if request.order_number in (None, c.order.number)]
    chosen.sort(key=lambda c: c.created_at, reverse=True)
    listed = [
        ListedCase(
            case=c, due=[FollowUp.model_validate(d) for d in caselog.due_follow_ups(c, now=now)]
        )
        for c in chosen
    ]
    return CaseListing(cases=listed, bad=bad)


@_answers("claim", CaseRequest, ClaimResult)
def _claim(request: CaseRequest) -> ClaimResult:
    """The written pre-trial claim, the Rospotrebnadzor complaint and the bank dispute text."""
    return claim_documents(_case_of(request), parties=request.parties, **_letter(request))


#: The request types, in the order of `ENDPOINTS`.
REQUEST_TYPES = tuple(ENDPOINTS)

_MODELS = tuple(dict.fromkeys(endpoint.model for endpoint in ENDPOINTS.values()))
_UNION: Any = Annotated[Union[_MODELS], Field(discriminator="type")]  # noqa: UP007 - built at run time
#: One adapter validates every payload; the ``type`` tag picks the model.
PAYLOADS: TypeAdapter[Any] = TypeAdapter(_UNION)


def validate(request_type: str, payload: dict[str, Any]) -> BaseModel:
    """The payload as the model of ``request_type`` (a key of `ENDPOINTS`).

    Raises:
        InvalidFields: the payload does not fit the model. Field paths do not carry the
            tag; a payload that names a ``type`` of its own has an unknown field there,
            as the models forbid unknown fields (the loose ones ignore them).
    """
    errors: list[dict[str, Any]] = []
    request: BaseModel | None = None
    try:
        request = PAYLOADS.validate_python({**payload, "type": request_type})
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_context=False, include_input=False):
            errors.append({**error, "loc": error["loc"][1:]})  # the first part is the tag
    model = ENDPOINTS[request_type].model
    if "type" in payload and model.model_config.get("extra") == "forbid":
        errors.append(
            {"type": "extra_forbidden", "loc": ("type",), "msg": "Extra inputs are not permitted"}
        )
    if errors or request is None:
        raise InvalidFields(errors)
    return request


def _json_data(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_json_data(item) for item in value]
    return value


def answer(request_type: str, payload: dict[str, Any]) -> Any:
    """The JSON data answering one request (``request_type`` must be a key of `ENDPOINTS`)."""
    return _json_data(ENDPOINTS[request_type].answer(validate(request_type, payload)))
