"""JSON from pages and files, refused when nested too deep to parse safely.

CPython's ``json`` recurses once per level of nesting. Under CPython a very deep document
ends in a ``RecursionError``, but in Pyodide the WebAssembly stack runs out first and the
whole Python runtime dies ("Pyodide has suffered a fatal error"), for every Ozon tab at
once. A page can hold any ``data-state`` it likes, so the depth is measured before parsing:
strings are set aside, and the brackets that remain give the depth.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_DEPTH", "TooDeep", "loads", "nesting_depth"]

#: Deeper than any Ozon widget state (they nest about 15 levels) and far below the depth
#: that exhausts Pyodide's stack (about 2,000-5,000 levels, depending on the browser).
MAX_DEPTH = 200

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class TooDeep(ValueError):
    """The document nests deeper than ``MAX_DEPTH``."""


def nesting_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """How deep ``text`` nests its arrays and objects: exact above ``limit`` (counting stops
    at ``limit + 1``), at most the number of opening brackets below it."""
    if text.count("{") + text.count("[") <= limit:
        return text.count("{") + text.count("[")
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        else:
            depth = max(0, depth - 1)
    return deepest


def loads(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads``, refusing documents nested deeper than ``max_depth`` with `TooDeep`."""
    if nesting_depth(text, max_depth) > max_depth:
        raise TooDeep(f"the JSON is nested more than {max_depth} levels deep")
    return json.loads(text)
