"""Turning a saved HTML page into the snapshot the content script would send.

This mirrors the extension's content script (``extension/content/snapshot.js``, for the
CLI and the tests): the ``data-state`` of every element whose id starts with ``state-``,
with the ``data-widget`` name and id of its closest widget ancestor; the visible text of
``#layoutPage`` (or of ``<body>``); product and seller links; each parcel container's id
and text. The recipient's and address blocks are dropped with their text (only "pickup"
or "door" is kept). It is not on the bridge's path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from ._data import load_data, snapshot_limits

__all__ = ["snapshot_from_html"]

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    ]
)
# The selectors, from data/page.json "snapshot" (the same as extension/content/selectors.js).
_SELECT: dict[str, str] = {
    key: value for key, value in load_data("page")["snapshot"].items() if isinstance(value, str)
}
_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title"})


@dataclass
class _Collector:
    """The text of one element (a widget, a link or a parcel container)."""

    kind: str  # owner, link, parcel
    name: str = ""
    ident: str = ""
    href: str = ""
    parcel: str = ""
    owner: _Collector | None = None
    parts: list[str] = field(default_factory=list)
    open: bool = True


class _SnapshotParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title_parts: list[str] = []
        self.widgets: list[dict[str, str]] = []
        self.owners: list[_Collector | None] = []  # the owner element of each widget
        self.collectors: list[_Collector] = []
        self._open: list[list[_Collector]] = []  # collectors started by each open element
        self._stack: list[tuple[str, str | None, bool]] = []  # tag, widget, is layout root
        self._hidden = 0
        self._in_title = False
        self._layout_depth = 0
        self.layout_text: list[str] = []
        self.body_text: list[str] = []

    def _owner(self) -> _Collector | None:
        for collector in reversed(self.collectors):
            if collector.kind == "owner" and collector.open:
                return collector
        return None

    def _widget(self) -> str:
        for _tag, widget, _root in reversed(self._stack):
            if widget is not None:
                return widget
        return ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "title":
            self._in_title = True
        element_id = values.get("id", "")
        widget = values.get("data-widget")
        if tag in _BLOCK:
            self._text("\n")
        started: list[_Collector] = []
        if any(open_tag == "template" for open_tag, _w, _r in self._stack):
            # Inert content: the browser's querySelectorAll does not see it either.
            if tag not in _VOID:
                self._open.append(started)
                self._stack.append((tag, widget, False))
            return
        if widget is not None and tag not in _VOID:
            started.append(_Collector("owner", name=widget, ident=element_id))
            if widget == _SELECT["parcel_container_widget"]:
                started.append(_Collector("parcel", ident=element_id))
        href = values.get("href", "")
        if tag == "a" and (_SELECT["product_link"] in href or _SELECT["seller_link"] in href):
            parcel = next(
                (c.ident for c in reversed(self.collectors) if c.kind == "parcel" and c.open), ""
            )
            started.append(_Collector("link", href=href, parcel=parcel, owner=self._owner()))
        self.collectors.extend(started)
        if element_id.startswith(_SELECT["state_id_prefix"]) and "data-state" in values:
            owner = started[0] if widget is not None and started else self._owner()
            self.widgets.append(
                {
                    "widget": widget or self._widget(),
                    "id": element_id,
                    "state": values["data-state"],
                    "container": owner.ident if owner else "",
                }
            )
            self.owners.append(owner)
        if tag in _VOID:
            return
        self._open.append(started)
        is_root = element_id == _SELECT["layout_root_id"]
        if is_root:
            self._layout_depth += 1
        if tag in _HIDDEN:
            self._hidden += 1
        self._stack.append((tag, widget, is_root))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if not any(open_tag == tag for open_tag, _w, _r in self._stack):
            return
        while self._stack:
            open_tag, _widget, is_root = self._stack.pop()
            for collector in self._open.pop() if self._open else []:
                collector.open = False
            if is_root:
                self._layout_depth -= 1
            if open_tag in _HIDDEN:
                self._hidden -= 1
            if open_tag == tag:
                break
        if tag in _BLOCK:
            self._text("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._hidden:
            return
        self._text(data)

    def _text(self, data: str) -> None:
        for collector in self.collectors:
            if collector.open:
                collector.parts.append(data)
        self.body_text.append(data)
        if self._layout_depth:
            self.layout_text.append(data)


def _tidy(parts: list[str]) -> str:
    lines = ("".join(parts)).split("\n")
    tidy = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in lines)
    return "\n".join(line for line in tidy if line)


def snapshot_from_html(
    html: str, url: str, captured_at: str = "2026-11-22T10:00:00.000Z"
) -> dict[str, Any]:
    """The snapshot dictionary for a page's HTML, as the content script builds it.

    Args:
        html: The page's HTML.
        url: The address the page was served at.
        captured_at: The capture time to record (UTC, ISO 8601).
    """
    parser = _SnapshotParser()
    parser.feed(html)
    parser.close()
    widgets: list[dict[str, str]] = []
    personal: list[_Collector] = []
    delivery = ""
    for widget, owner in zip(parser.widgets, parser.owners, strict=True):
        kind = _personal_kind(widget["widget"], widget["state"])
        if kind is None:
            widgets.append(widget)
        else:
            if owner is not None:
                personal.append(owner)
            delivery = delivery or kind
    dropped = {line for owner in personal for line in _tidy(owner.parts).split("\n") if line}

    def clean(parts: list[str]) -> str:
        return "\n".join(line for line in _tidy(parts).split("\n") if line not in dropped)

    links = [
        {
            "text": " ".join("".join(c.parts).split())[:500],
            "href": c.href[:1000],
            "container": c.parcel,
        }
        for c in parser.collectors
        if c.kind == "link" and not any(c.owner is p for p in personal)
    ]
    parcels = [
        {"id": c.ident[:200], "text": clean(c.parts)[:20_000]}
        for c in parser.collectors
        if c.kind == "parcel"
    ]
    text = clean(parser.layout_text) or clean(parser.body_text)
    limits = snapshot_limits()
    return {
        "url": url,
        "title": " ".join("".join(parser.title_parts).split()),
        "lang": parser.lang,
        "widgets": widgets,
        "text": text[: limits.text],
        "links": links[: limits.links],
        "parcels": parcels[: limits.parcels],
        "delivery": delivery,
        "captured_at": captured_at,
    }


def _personal_kind(name: str, state: str) -> str | None:
    """None when the widget is not personal; else "pickup", "door" or "" (what may be kept)."""
    from ._data import load_data
    from .extract import delivery_kind_of, is_personal
    from .page_paths import find_tag, first_text

    personal = load_data("page")["personal"]
    if name not in personal["widgets"] and not any(tag in state for tag in personal["tags"]):
        return None
    try:
        data = json.loads(state)
    except (ValueError, RecursionError):
        return ""
    if not is_personal(data):
        return None
    if not find_tag(data, "details-address"):
        return ""
    title = first_text(data, load_data("page")["personal"]["delivery_title"])
    return (delivery_kind_of(title) if title else None) or ""
