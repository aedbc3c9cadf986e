"""The case log: every drafted or sent message as a ContactAttempt, follow-ups, export.

The core keeps no state: the extension stores the case (as the JSON of `Case`) and passes
it back with each request; every function here returns a new `Case`. Export to JSON
round-trips exactly (`import_case(export_json(case)) == case`); the Markdown export is a
readable case file for the buyer (or a lawyer, or a public post's author).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Unpack

from pydantic import ValidationError

from ._data import load_data
from .advice import follow_up_due, recommend_channels
from .deadlines import compute_deadlines
from .drafting import render_draft
from .escalation import Letter, signing_profile
from .exceptions import CaseItemNotFound
from .locale_text import format_date
from .models import (
    AttemptStatus,
    Case,
    CaseStatus,
    ChannelCode,
    ClosingItem,
    ContactAttempt,
    Draft,
    EscalationStep,
    Language,
    Order,
    Problem,
    Profile,
)

__all__ = [
    "CASE_SCHEMA_VERSION",
    "CaseItemNotFound",
    "confirm_item",
    "due_follow_ups",
    "escalation_draft",
    "export_json",
    "export_markdown",
    "import_case",
    "load_cases",
    "migrate_case",
    "new_case",
    "record_attempt",
    "record_step",
    "set_case_status",
    "update_attempt",
]


def new_case(order: Order, problem: Problem, *, now: datetime) -> Case:
    """A new open case for the order and problem, with its closing checklist."""
    data = load_data("problems")
    closing = [
        ClosingItem(code=code, label=data["closing"][code])
        for code in data["problems"][problem.code.value]["closing"]
    ]
    number = order.number or "order"
    case_id = f"{number}-{problem.code.value}-{now:%Y%m%d%H%M%S}"
    return Case(id=case_id, created_at=now, order=order, problem=problem, closing=closing)


def _copy(case: Case, **changes: object) -> Case:
    return Case.model_validate({**case.model_dump(), **changes})


def record_attempt(
    case: Case,
    *,
    channel: ChannelCode,
    text: str,
    now: datetime,
    status: AttemptStatus = AttemptStatus.WAITING,
    reference: str | None = None,
    problem: Problem | None = None,
    profile: Profile | None = None,
) -> tuple[Case, ContactAttempt]:
    """Adds a drafted or sent message to the case, with its follow-up time.

    ``problem`` and ``profile``, when given, replace the case's: the details the buyer
    chose for this message and the saved signature are what later drafts (the escalation,
    the claim) must repeat.
    """
    if problem is not None and problem.code is case.problem.code:
        case = _copy(case, problem=_merge_problem(case.problem, problem).model_dump())
    if profile is not None:
        case = _copy(case, profile=profile.model_dump())
    number = 1 + max((int(a.id[1:]) for a in case.attempts), default=0)
    attempt = ContactAttempt(
        id=f"A{number}", at=now, channel=channel, text=text, status=status, reference=reference
    )
    if status is AttemptStatus.WAITING:
        attempt = attempt.model_copy(update={"follow_up_due": follow_up_due(attempt)})
    updated = _copy(case, attempts=[*(a.model_dump() for a in case.attempts), attempt.model_dump()])
    return updated, updated.attempts[-1]


def _merge_problem(old: Problem, new: Problem) -> Problem:
    """The newer details win; a detail the newer message left empty keeps its old value."""
    merged = old.model_dump()
    merged.update({k: v for k, v in new.model_dump().items() if v is not None})
    return Problem.model_validate(merged)


def record_step(case: Case, code: str, *, now: datetime, note: str | None = None) -> Case:
    """Logs a step past Ozon (the claim, Rospotrebnadzor, the bank) with its date.

    A step taken again is logged again: the dates show what was done when.
    """
    step = EscalationStep.model_validate({"code": code, "at": now, "note": note})
    return _copy(case, steps=[*(s.model_dump() for s in case.steps), step.model_dump()])


def update_attempt(
    case: Case,
    attempt_id: str,
    *,
    now: datetime,
    status: AttemptStatus | None = None,
    reference: str | None = None,
    reply_summary: str | None = None,
) -> Case:
    """Records what came of an attempt: a reply, a ticket number, a resolution."""
    if not any(a.id == attempt_id for a in case.attempts):
        raise CaseItemNotFound(f"there is no contact attempt {attempt_id!r} in this case")
    attempts = []
    for attempt in case.attempts:
        if attempt.id == attempt_id:
            changes: dict[str, object] = {"updated_at": now}
            if status is not None:
                changes["status"] = status
                if status is AttemptStatus.WAITING:
                    changes["follow_up_due"] = follow_up_due(attempt)
                elif status is not AttemptStatus.DRAFTED:
                    changes["follow_up_due"] = None
                if status is AttemptStatus.DRAFTED:
                    changes["follow_up_due"] = None
            if reference is not None:
                changes["reference"] = reference
            if reply_summary is not None:
                changes["reply_summary"] = reply_summary
            attempt = ContactAttempt.model_validate({**attempt.model_dump(), **changes})
        attempts.append(attempt.model_dump())
    status_after = case.status
    if status is AttemptStatus.RESOLVED:
        status_after = CaseStatus.RESOLVED
    return _copy(case, attempts=attempts, status=status_after)


def confirm_item(case: Case, code: str, *, value: str | None, now: datetime) -> Case:
    """Records a closing-checklist point (the refund date, the ticket number ...)."""
    if not any(item.code == code for item in case.closing):
        raise CaseItemNotFound(f"there is no closing checklist point {code!r} in this case")
    closing = [
        {**item.model_dump(), "value": value, "confirmed_at": now}
        if item.code == code
        else item.model_dump()
        for item in case.closing
    ]
    return _copy(case, closing=closing)


def set_case_status(case: Case, status: CaseStatus) -> Case:
    """Marks the case open, resolved or abandoned."""
    return _copy(case, status=status)


def due_follow_ups(case: Case, *, now: datetime) -> list[dict[str, object]]:
    """The attempts still waiting for a reply, soonest due first."""
    result: list[dict[str, object]] = []
    for attempt in case.attempts:
        if attempt.status is not AttemptStatus.WAITING:
            continue
        due = attempt.follow_up_due or follow_up_due(attempt)
        result.append(
            {
                "attempt_id": attempt.id,
                "channel": attempt.channel.value,
                "due": due.isoformat().replace("+00:00", "Z"),
                "overdue": due <= now,
            }
        )
    result.sort(key=lambda item: str(item["due"]))
    return result


def export_json(case: Case) -> str:
    """The case as JSON; `import_case` reads it back to an equal `Case`."""
    return json.dumps(case.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)


def import_case(text: str) -> Case:
    """A case from its JSON export (validated: a damaged file is refused, not guessed)."""
    return Case.model_validate_json(text)


_MD_LABELS: dict[str, dict[str, str]] = {
    "title": {
        "ru": "Обращение по заказу № {n}",
        "en": "Case file: order No. {n}",
        "zh": "订单 {n} 的维权记录",
    },
    "problem": {"ru": "Проблема", "en": "Problem", "zh": "问题"},
    "status": {"ru": "Статус дела", "en": "Case status", "zh": "处理状态"},
    "opened": {"ru": "Открыто", "en": "Opened", "zh": "开始时间"},
    "order": {"ru": "Заказ", "en": "Order", "zh": "订单"},
    "items": {"ru": "Товары", "en": "Items", "zh": "商品"},
    "sellers": {"ru": "Продавцы", "en": "Sellers", "zh": "卖家"},
    "history": {"ru": "Обращения", "en": "Contact history", "zh": "联系记录"},
    "none": {"ru": "Обращений пока нет.", "en": "No contacts yet.", "zh": "暂无联系记录。"},
    "deadlines": {"ru": "Сроки", "en": "Deadlines", "zh": "期限"},
    "closing": {"ru": "Что подтвердить", "en": "To confirm before closing", "zh": "结束前需确认"},
    "links": {"ru": "Страницы магазина в соцсетях", "en": "The shop's social media pages", "zh": "店铺的社交媒体页面"},
    "steps": {"ru": "Шаги после Ozon", "en": "Steps past Ozon", "zh": "Ozon 之外的步骤"},
    "reference": {"ru": "номер", "en": "reference", "zh": "编号"},
    "reply": {"ru": "Ответ", "en": "Reply", "zh": "回复"},
    "follow_up": {"ru": "Напомнить", "en": "Follow up", "zh": "跟进时间"},
    "open": {"ru": "открыто", "en": "open", "zh": "处理中"},
    "resolved": {"ru": "решено", "en": "resolved", "zh": "已解决"},
    "abandoned": {"ru": "закрыто без решения", "en": "closed unresolved", "zh": "未解决即关闭"},
}


def _md_escape(text: str) -> str:
    # Markdown is plain text here; only neutralise what would turn into markup.
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def export_markdown(case: Case, *, lang: Language = "en", today: date | None = None) -> str:
    """A readable case file: order, problem, every contact with its text, deadlines, checklist."""
    labels = {key: value[lang] for key, value in _MD_LABELS.items()}
    problems = load_data("problems")
    channels = load_data("channels")
    order = case.order
    lines = [f"# {labels['title'].format(n=order.number)}", ""]
    lines.append(
        f"- **{labels['problem']}:** {problems['problems'][case.problem.code.value]['label'][lang]}"
    )
    lines.append(f"- **{labels['status']}:** {labels[case.status.value]}")
    lines.append(f"- **{labels['opened']}:** {_when(case.created_at)}")
    if order.url:
        lines.append(f"- **{labels['order']}:** <{order.url}>")
    if order.created_date:
        lines.append(
            f"- **{labels['order']}:** {order.number}, {format_date(order.created_date, lang)}"
        )
    if order.sellers:
        lines.append(f"- **{labels['sellers']}:** {_md_escape(', '.join(order.sellers))}")
    if order.items:
        lines += ["", f"## {labels['items']}", ""]
        for item in order.items:
            sku = f" (SKU {item.sku})" if item.sku else ""
            lines.append(f"- {_md_escape(item.title)}{sku} × {item.quantity}")
    lines += ["", f"## {labels['history']}", ""]
    if not case.attempts:
        lines.append(labels["none"])
    for attempt in case.attempts:
        channel = channels["channels"][attempt.channel.value]["label"][lang]
        status = channels["attempt_status"][attempt.status.value][lang]
        head = f"### {attempt.id} · {_when(attempt.at)} · {channel} · {status}"
        if attempt.reference:
            head += f" · {labels['reference']} {_md_escape(attempt.reference)}"
        lines += [head, ""]
        lines += ["> " + _md_escape(line) if line else ">" for line in attempt.text.splitlines()]
        if attempt.reply_summary:
            lines += ["", f"**{labels['reply']}:** {_md_escape(attempt.reply_summary)}"]
        if attempt.follow_up_due and attempt.status is AttemptStatus.WAITING:
            lines += ["", f"**{labels['follow_up']}:** {_when(attempt.follow_up_due)}"]
        lines.append("")
    deadlines = compute_deadlines(
        order, case.problem, case.attempts, today=today or case.created_at.date()
    )
    if deadlines:
        lines += [f"## {labels['deadlines']}", ""]
        for deadline in deadlines:
            when = format_date(deadline.date, lang) if deadline.date else "—"
            lines.append(f"- {deadline.label[lang]}: {when}")
        lines.append("")
    if case.links:
        lines += [f"## {labels['links']}", ""]
        lines += [f"- {_when(link.added_at)} · <{link.url}>" for link in case.links]
        lines.append("")
    if case.steps:
        escalation = load_data("rules")["escalation"]["steps"]
        lines += [f"## {labels['steps']}", ""]
        for step in case.steps:
            note = f": {_md_escape(step.note)}" if step.note else ""
            lines.append(f"- {_when(step.at)} · {escalation[step.code]['label'][lang]}{note}")
        lines.append("")
    if case.closing:
        lines += [f"## {labels['closing']}", ""]
        for point in case.closing:
            mark = "x" if point.confirmed_at else " "
            value = f": {_md_escape(point.value)}" if point.value else ""
            lines.append(f"- [{mark}] {point.label[lang]}{value}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def escalation_draft(
    case: Case,
    *,
    channel: ChannelCode | None = None,
    note: str | None = None,
    **letter: Unpack[Letter],
) -> Draft:
    """A message that escalates the case, summarising every contact with its date.

    Without a channel it goes to the first channel advised for the case's history
    (usually Ozon support once the seller has not answered). It names what the first
    draft named (the case keeps the problem's details) and signs as `signing_profile` says.
    """
    now = letter["now"]
    if channel is None:
        advice = recommend_channels(case.order, case.problem, case.attempts, now=now)
        channel = advice[0].code if advice else ChannelCode.SUPPORT_CHAT
    return render_draft(
        case.order,
        case.problem,
        channel=channel,
        side_lang=letter["side_lang"],
        today=letter["today"],
        note=note,
        profile=signing_profile(case, letter.get("profile")),
        history=case.attempts,
        escalation=True,
    )


# --- Loading stored cases: schema versions and migrations ---------------------------------

#: The case schema this code writes (``Case.schema_version``).
CASE_SCHEMA_VERSION = 1


def _v0_to_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """Cases stored before the schema carried a version: the same fields, now version 1."""
    return {**raw, "schema_version": 1}


#: For each old version, the step that lifts a stored case to the next version.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate_case(raw: object) -> dict[str, Any]:
    """A stored case lifted to `CASE_SCHEMA_VERSION` (not yet validated).

    Raises:
        ValueError: The record is not a case, or a newer version of the helper wrote it.
    """
    if not isinstance(raw, dict):
        raise ValueError("the record is not a case")  # noqa: TRY004 - caught with the others
    version = raw.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ValueError("its schema version is not a number")
    if version > CASE_SCHEMA_VERSION:
        raise ValueError(
            f"a newer version of the helper wrote it (schema {version}, this one reads "
            f"{CASE_SCHEMA_VERSION})"
        )
    while version < CASE_SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version = raw["schema_version"]
    return raw


def load_cases(records: list[object]) -> tuple[list[Case], list[dict[str, object]]]:
    """Stored cases, each migrated and validated on its own.

    Returns:
        The cases that are valid, and for each record that is not its index and why.
    """
    good: list[Case] = []
    bad: list[dict[str, object]] = []
    for index, raw in enumerate(records):
        try:
            good.append(Case.model_validate(migrate_case(raw)))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "the case"
            bad.append({"index": index, "reason": f"{where}: {first['msg']}"[:300]})
        except ValueError as exc:
            bad.append({"index": index, "reason": str(exc)[:300]})
    return good, bad
