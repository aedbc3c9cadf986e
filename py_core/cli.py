"""The command-line tool: ``python -m py_core extract|draft|deadlines|shape|case export|schema``.

It reads saved pages and case files (the only module of the core that touches files) and
prints JSON or text. Errors are one clear line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

__all__ = ["main"]

_DEFAULT_URL = "https://www.ozon.ru/my/orderdetails/"


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


def _fail(message: str) -> NoReturn:
    raise CliError(message)


def _read_text(path: str) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")


def _page_url(path: str, html: str, given: str | None) -> str:
    """Where the page was served: --url, the fixtures' index.json, a canonical link, or a guess."""
    if given:
        return given
    index = Path(path).with_name("index.json")
    if index.is_file():
        try:
            entry = json.loads(index.read_text(encoding="utf-8")).get(Path(path).name)
            if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                return str(entry["url"])
        except (OSError, ValueError):
            pass
    match = re.search(r'<link[^>]+rel="canonical"[^>]+href="([^"]+)"', html) or re.search(
        r'<meta[^>]+property="og:url"[^>]+content="([^"]+)"', html
    )
    return match.group(1) if match else _DEFAULT_URL


def _snapshot(args: argparse.Namespace) -> dict[str, Any]:
    """The snapshot of the saved page ``args.page``, as the content script would take it."""
    from ._html_snapshot import snapshot_from_html

    html = _read_text(args.page)
    if "<" not in html:
        _fail(f"{args.page} is not an HTML page")
    return snapshot_from_html(
        html, _page_url(args.page, html, args.url), captured_at=args.captured_at
    )


def _extract(args: argparse.Namespace) -> Any:
    from .extract import extract_order

    snapshot = _snapshot(args)
    result = extract_order(snapshot, today=args.today)
    if result.order is None:
        _fail(f"{args.page} is not an Ozon order page: {' '.join(result.warnings)}")
    if result.order.number is None and not result.order.parcels and not result.order.items:
        _fail(f"{args.page} does not look like an Ozon order page: no order number or parcel found")
    return result


def _problem(args: argparse.Namespace) -> Any:
    from .models import Problem

    details: dict[str, str] = {}
    for pair in args.detail or []:
        key, sep, value = pair.partition("=")
        if not sep:
            _fail(f"--detail takes key=value, not {pair!r}")
        details[key.strip()] = value.strip()
    return Problem.model_validate({"code": args.problem, **details})


def _advise_request(args: argparse.Namespace, order: Any) -> Any:
    from .api import AdviseRequest

    return AdviseRequest.model_validate(
        {
            "order": order.model_dump(mode="json"),
            "problem": _problem(args).model_dump(mode="json", exclude_none=True),
            "lang": args.lang,
            "channel": getattr(args, "channel", None),
            "today": args.today.isoformat() if args.today else None,
            "note": getattr(args, "note", None),
            "received": args.received.isoformat() if getattr(args, "received", None) else None,
            "profile": {"name": args.name} if getattr(args, "name", None) else {},
        }
    )


def _cmd_extract(args: argparse.Namespace) -> int:
    result = _extract(args)
    print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    return 0


def _cmd_shape(args: argparse.Namespace) -> int:
    from . import __version__
    from .page_shape import shape_report

    snapshot = _snapshot(args)
    print(shape_report(snapshot, version=__version__, today=args.today), end="")
    return 0


def _cmd_draft(args: argparse.Namespace) -> int:
    from .api import draft

    result = _extract(args)
    request = _advise_request(args, result.order)
    produced = draft(request)
    if args.json:
        print(json.dumps(produced.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    for text in (produced.ru, produced.side) if produced.side.lang != "ru" else (produced.ru,):
        print(f"--- {produced.channel.value} · {text.lang} ---")
        if text.subject:
            print(f"Subject: {text.subject}\n")
        print(text.body)
        print()
    for check in produced.checks:
        print(f"[{check.severity}] {check.code}: {check.message}")
    return 0


def _cmd_deadlines(args: argparse.Namespace) -> int:
    from .api import clock
    from .deadlines import compute_deadlines
    from .locale_text import format_date

    result = _extract(args)
    order = result.order
    if args.received:
        order = order.model_copy(update={"received_date": args.received})
    today, _now = clock(args.today, None)
    from .models import Problem, ProblemCode

    usual = (ProblemCode.RETURN_REQUEST, ProblemCode.DAMAGED, ProblemCode.WARRANTY_REPAIR)
    codes = [args.problem] if args.problem else [code.value for code in usual]
    seen: dict[str, Any] = {}

    for code in codes:
        problem = _problem(args) if args.problem else Problem.model_validate({"code": code})
        for deadline in compute_deadlines(order, problem, today=today, received=args.received):
            seen.setdefault(deadline.code, deadline)
    deadlines = sorted(seen.values(), key=lambda d: (d.date is None, d.date or today))
    if args.json:
        print(
            json.dumps([d.model_dump(mode="json") for d in deadlines], ensure_ascii=False, indent=2)
        )
        return 0
    if order.received_date is None and not args.received:
        print("The page does not show when the order was received: pass --received YYYY-MM-DD.")
    for deadline in deadlines:
        when = format_date(deadline.date, args.lang) if deadline.date else "—"
        print(f"{when:>20}  {deadline.label[args.lang]} [{deadline.state}]")
        if deadline.note:
            print(f"{'':>20}  {deadline.note[args.lang]}")
    return 0


def _cmd_case_export(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from .caselog import export_json, export_markdown, import_case

    text = _read_text(args.file)
    try:
        case = import_case(text)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        _fail(f"{args.file} is not a valid case file ({where}: {first['msg']})")
    if args.format == "json":
        print(export_json(case))
    else:
        print(export_markdown(case, lang=args.lang, today=args.today), end="")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import bridge_schema, replace_request_table

    if args.readme:
        readme = Path(args.readme)
        try:
            readme.write_text(
                replace_request_table(readme.read_text(encoding="utf-8")), encoding="utf-8"
            )
        except (OSError, ValueError) as exc:
            print(f"error: {readme}: {exc}", file=sys.stderr)
            return 1
        print(f"wrote the request table in {readme}", file=sys.stderr)
        return 0

    text = json.dumps(bridge_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if args.out:
        out = Path(args.out)
        target = out / "py_core.schema.json" if out.is_dir() or not out.suffix else out
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {target}: {exc.strerror or exc}")
        print(target)
    else:
        print(text, end="")
    return 0


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-20") from None


def _parser() -> argparse.ArgumentParser:
    from .models import ChannelCode, ProblemCode

    parser = argparse.ArgumentParser(
        prog="python -m py_core",
        description="Ozon Contact Helper core: read an order page, draft a message, list deadlines.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def page_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("page", help="a saved Ozon order page (.html)")
        p.add_argument("--url", help="the address the page was saved from")
        p.add_argument("--today", type=_date, help="today's date (YYYY-MM-DD)")
        p.add_argument("--captured-at", default="", help="capture time (ISO 8601, UTC)")
        p.add_argument("--lang", choices=["ru", "en", "zh"], default="en")

    p_extract = sub.add_parser("extract", help="print the order read from a page as JSON")
    page_args(p_extract)
    p_extract.set_defaults(run=_cmd_extract)

    p_shape = sub.add_parser(
        "shape",
        help="print the page-structure report of a saved page (widget names, key paths, no values)",
    )
    page_args(p_shape)
    p_shape.set_defaults(run=_cmd_shape)

    p_draft = sub.add_parser("draft", help="draft a message about an order")
    page_args(p_draft)
    p_draft.add_argument("--problem", required=True, choices=[c.value for c in ProblemCode])
    p_draft.add_argument("--channel", choices=[c.value for c in ChannelCode])
    p_draft.add_argument(
        "--detail", action="append", metavar="KEY=VALUE", help="a problem detail, e.g. damage=item"
    )
    p_draft.add_argument("--note", help="your own words, kept verbatim")
    p_draft.add_argument("--name", help="signature")
    p_draft.add_argument("--json", action="store_true", help="print the draft as JSON")
    p_draft.set_defaults(run=_cmd_draft)

    p_dead = sub.add_parser("deadlines", help="list the dates that matter for an order")
    page_args(p_dead)
    p_dead.add_argument("--received", type=_date, help="the day you received the order")
    p_dead.add_argument("--problem", choices=[c.value for c in ProblemCode])
    p_dead.add_argument("--detail", action="append", metavar="KEY=VALUE")
    p_dead.add_argument("--json", action="store_true")
    p_dead.set_defaults(run=_cmd_deadlines)

    p_case = sub.add_parser("case", help="work with a case file")
    case_sub = p_case.add_subparsers(dest="case_command", required=True)
    p_export = case_sub.add_parser(
        "export", help="print a case file as Markdown or normalised JSON"
    )
    p_export.add_argument("file")
    p_export.add_argument("--format", choices=["markdown", "json"], default="markdown")
    p_export.add_argument("--lang", choices=["ru", "en", "zh"], default="en")
    p_export.add_argument("--today", type=_date)
    p_export.set_defaults(run=_cmd_case_export)

    p_schema = sub.add_parser("schema", help="write the JSON Schema of the bridge contract")
    p_schema.add_argument("--out", help="a file or folder (default: print it)")
    p_schema.add_argument(
        "--readme", help="instead: rewrite the request table in this README (from the registry)"
    )
    p_schema.set_defaults(run=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - one line, not a traceback
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            message = str(first["msg"]).removeprefix("Value error, ")
            if first["type"] == "extra_forbidden":
                message = "not a known field"
            print(f"error: {where}: {message}" if where else f"error: {message}", file=sys.stderr)
            return 1
        from .exceptions import MissingOrderNumber

        if isinstance(exc, MissingOrderNumber):
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); please report it",
            file=sys.stderr,
        )
        return 70
