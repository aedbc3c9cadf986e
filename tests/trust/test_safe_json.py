"""py_core._safe_json: depth measured before parsing (Pyodide dies on very deep JSON)."""

from __future__ import annotations

import json

import pytest

from py_core import bridge
from py_core._safe_json import MAX_DEPTH, TooDeep, loads, nesting_depth


def deep(n: int) -> str:
    return '{"a":' * n + "1" + "}" * n


def test_depth_ignores_brackets_inside_strings() -> None:
    assert nesting_depth(json.dumps({"s": "[" * 5000, "b": [1, {"c": '"]'}]})) == 3
    text = json.dumps({"s": "[" * 5000, "t": [[["x"]]]})
    assert loads(text)["t"] == [[["x"]]]


@pytest.mark.parametrize("text", [deep(MAX_DEPTH + 1), deep(20_000), "[" * 50_000, '{"a":' * 9000])
def test_too_deep_is_refused_before_parsing(text: str) -> None:
    with pytest.raises(TooDeep):
        loads(text)


def test_ozon_sized_documents_parse() -> None:
    assert loads(deep(MAX_DEPTH - 1)) is not None
    wide = json.dumps({"items": [{"title": {"text": "x"}, "n": i} for i in range(5000)]})
    assert len(loads(wide)["items"]) == 5000


def test_the_bridge_answers_a_deep_request_with_a_message() -> None:
    answer = json.loads(bridge.handle("advise", deep(20_000)))
    assert answer["ok"] is False and answer["error"]["code"] == "bad_json"
