"""Reading Ozon widget JSON by the key paths and tags written in ``data/page.json``.

A path is ``a.b`` (a key), ``a[]`` (every element of a list) or ``a[0]`` (one element).
A tag is a ``testInfo.automatizationId`` anywhere in the node; tags are tried first, since
they are stable where positions are not. Texts on Ozon's pages are a plain string or a
text atom ``{"text": ...}`` (whose text may itself be an atom): `text_of` reads both.

Everything here takes any JSON value and never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["automatization_id", "find_tag", "first_text", "resolve", "text_of", "walk"]

_MAX_DEPTH = 40
_STEP = re.compile(r"^([^\[\]]*)(?:\[(\d*)\])?$")


def walk(node: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict inside a JSON value, depth-first, within a safe depth."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value, depth + 1)
    elif isinstance(node, list):
        for value in node[:1000]:
            yield from walk(value, depth + 1)


def text_of(value: object, depth: int = 0) -> str | None:
    """The text of a plain string or a text atom (``{"text": ...}``, nested or not)."""
    if depth > 5:
        return None
    if isinstance(value, str):
        clean = " ".join(value.split())
        return clean or None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        for key in ("text", "name", "title", "value"):
            if key in value:
                found = text_of(value[key], depth + 1)
                if found:
                    return found
    return None


def resolve(node: object, path: str) -> list[Any]:
    """Every value at ``path`` under ``node`` (an empty list when there is none)."""
    current: list[Any] = [node]
    for step in path.split("."):
        match = _STEP.match(step)
        if match is None:
            return []
        key, index = match.group(1), match.group(2)
        following: list[Any] = []
        for value in current:
            if key:
                if not isinstance(value, dict) or key not in value:
                    continue
                value = value[key]
            if index is None:
                following.append(value)
            elif not isinstance(value, list):
                continue
            elif index == "":
                following.extend(value[:1000])
            elif int(index) < len(value):
                following.append(value[int(index)])
        current = following
        if not current:
            return []
    return current


def automatization_id(node: object) -> str | None:
    """A node's own ``testInfo.automatizationId`` (also under ``common``)."""
    if not isinstance(node, dict):
        return None
    for holder in (node, node.get("common")):
        if isinstance(holder, dict):
            info = holder.get("testInfo")
            if isinstance(info, dict) and isinstance(info.get("automatizationId"), str):
                return str(info["automatizationId"])
    return None


def find_tag(node: object, tag: str, prefix: bool = False) -> list[dict[str, Any]]:
    """Every dict under ``node`` tagged ``tag`` (or with a tag starting with it)."""
    found = []
    for inner in walk(node):
        ident = automatization_id(inner)
        if ident is not None and (ident.startswith(tag) if prefix else ident == tag):
            found.append(inner)
    return found


def _from_entry(node: object, entry: dict[str, Any]) -> list[Any]:
    if "tag" in entry:
        tagged = find_tag(node, str(entry["tag"]), bool(entry.get("prefix")))
        if entry.get("prefix"):
            return [
                ident[len(entry["tag"]) :]
                for inner in tagged
                if (ident := automatization_id(inner)) is not None
            ]
        return list(tagged)
    path = entry.get("path")
    if isinstance(path, str) and not path.startswith("#"):
        return resolve(node, path)
    return []


def values(node: object, entries: list[dict[str, Any]]) -> tuple[list[Any], dict[str, Any] | None]:
    """The values of the first entry that finds any, and that entry."""
    for entry in entries:
        found = [value for value in _from_entry(node, entry) if value is not None]
        if found:
            return found, entry
    return [], None


def first_text(node: object, entries: list[dict[str, Any]]) -> str | None:
    """The first text found by the entries, tried in order."""
    for entry in entries:
        for value in _from_entry(node, entry):
            text = text_of(value)
            if text:
                return text
    return None
