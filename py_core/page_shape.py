"""The page-structure report: what a page is made of, with no values in it.

When the helper could not read something, a buyer can send this report with a bug
report; a maintainer turns it into a fixture and a ``data/page.json`` update (README,
"When Ozon changes its page"). It lists each widget's name and every key path in its
JSON with the type of the value (``str``, ``int``, ``list`` ...), the number of product
links, seller links, parcel containers and text lines, what the extraction could and could
not read (field names only), the extension's version and the date.

It carries no values: no titles, names, numbers, prices or addresses. Digits in widget ids,
keys and tags are replaced by ``N``; the page address is reduced to its site and path.
The tags (``testInfo.automatizationId``) are Ozon's own names for parts of the page, not
data, and are kept (digits masked) because they are what a fix needs. The recipient's and
address blocks are named as left out, nothing more.
"""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urlsplit

from ._data import load_data
from .extract import extract_order, is_personal, link_mark, read_snapshot

__all__ = ["shape_report"]

_MAX_PATHS = 300
_MAX_DEPTH = 25
_DIGITS = re.compile(r"\d+")
_SAFE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,60}$")


def _mask(text: str) -> str:
    return _DIGITS.sub("N", text)


def _key(key: str) -> str:
    """A JSON key as it may appear in the report: a name, or ``<key>`` when it looks like data."""
    masked = _mask(key)
    return masked if _SAFE_KEY.match(masked) else "<key>"


def _type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str" if value else "str(empty)"
    if isinstance(value, list):
        return "list" if value else "list(empty)"
    return "object"


def _paths(node: object, prefix: str, out: dict[str, set[str]], depth: int = 0) -> None:
    if depth > _MAX_DEPTH or len(out) > _MAX_PATHS:
        return
    if isinstance(node, dict):
        if prefix:
            out.setdefault(prefix, set()).add("object")
        for key, value in node.items():
            if key == "automatizationId" and isinstance(value, str):
                out.setdefault(f"{prefix}.automatizationId", set()).add(f'tag "{_mask(value)}"')
                continue
            _paths(
                value, f"{prefix}.{_key(str(key))}" if prefix else _key(str(key)), out, depth + 1
            )
    elif isinstance(node, list):
        out.setdefault(prefix, set()).add(_type(node))
        for value in node[:50]:
            _paths(value, f"{prefix}[]", out, depth + 1)
    else:
        out.setdefault(prefix or "(root)", set()).add(_type(node))


def shape_report(raw_snapshot: object, version: str = "", today: date | None = None) -> str:
    """The page-structure report of a page snapshot, as plain text without page values.

    Args:
        raw_snapshot: The snapshot the content script sends (any shape is accepted).
        version: The extension's version.
        today: The report's date (default: today).
    """
    snap, _warnings = read_snapshot(raw_snapshot)
    parts = urlsplit(snap.url) if snap.url.isascii() else urlsplit("")
    result = extract_order(raw_snapshot, today=today)
    ignored = set(load_data("page")["ignore_widgets"]["names"])
    lines = [
        "Ozon Contact Helper: page-structure report (widget names and key paths, no values)",
        f"version: {_mask(version)[:40] if not re.fullmatch(r'[0-9.]{1,20}', version) else version}",
        f"date: {(today or date.today()).isoformat()}",
        f"site: {_mask(parts.hostname or '')[:60]}",
        f"path: {_mask(parts.path)[:100]}",
        f"page kind: {result.page_kind}",
    ]
    if result.order is not None:
        fields = ("number", "created_date", "status", "items", "sellers", "parcels", "total")
        read = [name for name in fields if getattr(result.order, name) not in (None, [])]
        lines.append(f"read: {', '.join(read) or '-'}")
        lines.append(f"not read: {', '.join(result.missing) or '-'}")
        lines.append(
            f"parcels read: {len(result.order.parcels)}; items read: {len(result.order.items)}"
        )
    lines.append(f"warnings: {len(result.warnings)}")
    product_links = sum(1 for link in snap.links if link_mark("product_link") in link.href)
    seller_links = sum(1 for link in snap.links if link_mark("seller_link") in link.href)
    lines.append(f"product links: {product_links}; seller links: {seller_links}")
    lines.append(f"parcel containers: {len(snap.parcels)}")
    lines.append(f"visible text: {len([x for x in snap.text.splitlines() if x.strip()])} lines")
    lines.append(f"delivery: {snap.delivery or '-'}")
    lines.append(f"widgets: {len(snap.widgets)}")
    for widget in snap.widgets:
        name = _key(widget.widget) if widget.widget else "(no name)"
        head = f"- {name} (id {_mask(widget.id)[:80]}"
        head += f", container {_mask(widget.container)[:40]})" if widget.container else ")"
        if widget.widget in ignored:
            lines.append(f"{head}: site header, not read")
            continue
        try:
            data = json.loads(widget.state) if widget.state.strip() else None
        except (ValueError, RecursionError):
            lines.append(f"{head}: JSON not readable ({len(widget.state)} characters)")
            continue
        if data is not None and is_personal(data):
            lines.append(f"{head}: personal block, left out")
            continue
        paths: dict[str, set[str]] = {}
        _paths(data, "", paths)
        lines.append(f"{head}: {len(paths)} paths")
        for path in sorted(paths)[:_MAX_PATHS]:
            lines.append(f"    {path}: {' | '.join(sorted(paths[path]))}")
        if len(paths) > _MAX_PATHS:
            lines.append("    ... (more paths left out)")
    return "\n".join(lines) + "\n"
