"""Turning a saved HTML page into the snapshot the content script would send.

This mirrors the extension's content script (for the CLI and the tests): the ``data-state``
of every element whose id starts with ``state-``, with the ``data-widget`` name of its
closest widget ancestor, and the visible text of ``#layoutPage`` (or of ``<body>``).
It is not on the bridge's path.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

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
_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title"})


class _SnapshotParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title_parts: list[str] = []
        self.widgets: list[dict[str, str]] = []
        self._stack: list[tuple[str, str | None, bool]] = []  # tag, widget, is layout root
        self._hidden = 0
        self._in_title = False
        self._layout_depth = 0
        self.layout_text: list[str] = []
        self.body_text: list[str] = []

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
        if element_id.startswith("state-") and "data-state" in values:
            self.widgets.append(
                {
                    "widget": widget or self._widget(),
                    "id": element_id,
                    "state": values["data-state"],
                }
            )
        if tag in _BLOCK:
            self._text("\n")
        if tag in _VOID:
            return
        is_root = element_id == "layoutPage"
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
    text = _tidy(parser.layout_text) or _tidy(parser.body_text)
    return {
        "url": url,
        "title": " ".join("".join(parser.title_parts).split()),
        "lang": parser.lang,
        "widgets": parser.widgets,
        "text": text[:200_000],
        "captured_at": captured_at,
    }
