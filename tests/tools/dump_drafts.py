"""Prints every draft (problem x details x channel) in Russian with its English and Chinese
side texts, plus the escalation documents, to one file for a reader to review.

    .venv/bin/python -m tests.tools.dump_drafts [OUT]   # default: drafts-review.md
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

from py_core import caselog
from py_core.drafting import render_draft
from py_core.escalation import Parties, claim_documents
from py_core.models import ChannelCode, Problem, Profile
from tests.unit.test_drafts import DETAILS, HISTORY, ORDER, TODAY


def _section(lines: list[str], title: str, ru: str, en: str, zh: str) -> None:
    lines += [
        f"### {title}",
        "",
        "**ru**",
        "",
        "```",
        ru,
        "```",
        "",
        "**en**",
        "",
        "```",
        en,
        "```",
    ]
    lines += ["", "**zh**", "", "```", zh, "```", ""]


def render() -> str:
    """The whole review file."""
    lines = ["# Every draft, for review", "", f"Order {ORDER.number}, written on {TODAY}.", ""]
    profile = Profile(name="Ли Вэй")
    for code, variants in DETAILS.items():
        lines += [f"## {code}", ""]
        for index, details in enumerate(variants):
            problem = Problem.model_validate({"code": code, **details})
            # An account problem has nothing to do with a seller: its history is support only.
            own = (
                [a for a in HISTORY if a.channel is not ChannelCode.SELLER_CHAT]
                if code == "account_issue"
                else HISTORY
            )
            for history in ((), own):
                # After earlier messages, only where a repeated request is written.
                channels = (
                    list(ChannelCode)
                    if not history
                    else [ChannelCode.SUPPORT_CHAT, ChannelCode.EMAIL]
                )
                for channel in channels:
                    drafts = {
                        lang: render_draft(
                            ORDER,
                            problem,
                            channel=channel,
                            side_lang=lang,
                            today=TODAY,  # type: ignore[arg-type]
                            profile=profile,
                            history=history,
                        )
                        for lang in ("en", "zh")
                    }

                    def whole(text: object) -> str:
                        subject = getattr(text, "subject", None)
                        body = str(getattr(text, "body", ""))
                        # The subject is its own field in the panel; here it is labelled
                        # in the text's language.
                        label = {"ru": "Тема: ", "en": "Subject: ", "zh": "主题："}[
                            str(getattr(text, "lang", "en"))
                        ]
                        return f"{label}{subject}\n\n{body}" if subject else body

                    title = f"{code} #{index} {details or ''} · {channel.value}" + (
                        " · after earlier messages" if history else ""
                    )
                    _section(
                        lines,
                        title,
                        whole(drafts["en"].ru),
                        whole(drafts["en"].side),
                        whole(drafts["zh"].side),
                    )
    lines += ["## Escalation documents", ""]
    now = datetime(2026, 11, 28, 10, tzinfo=UTC)
    for code, details in (
        ("damaged", {"remedy": "refund", "fault": "не включается"}),
        ("missing_item", {"remedy": "replacement"}),
        # The same facts as the chat drafts (test_drafts.DETAILS): a delivery promised for
        # 20 November, a double charge of the full price (typed as a person types it).
        ("not_delivered", {"expected_date": "2026-11-20", "remedy": "refund"}),
        ("payment_issue", {"payment_kind": "charged_twice", "amount": "5 990"}),
    ):
        problem = Problem.model_validate({"code": code, **details})
        case = caselog.new_case(ORDER, problem, now=now)
        for attempt in HISTORY:
            case, _ = caselog.record_attempt(
                case,
                channel=attempt.channel,
                text="…",
                now=attempt.at,
                status=attempt.status,
                reference=attempt.reference,
            )
        for_lang = {
            lang: claim_documents(
                case,
                side_lang=lang,
                today=date(2026, 11, 28),
                now=now,
                parties=Parties(),
                profile=Profile(name="Ли Вэй"),
            )
            for lang in ("en", "zh")
        }  # type: ignore[arg-type]
        for i, document in enumerate(for_lang["en"].documents):
            _section(
                lines,
                f"{code} · {document.kind}",
                document.ru.text,
                document.side.text,
                for_lang["zh"].documents[i].side.text,
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("drafts-review.md")
    out.write_text(render(), encoding="utf-8")
    print(f"{out}: {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
