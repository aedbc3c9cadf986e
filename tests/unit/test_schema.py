"""The contract's generated copies: the JSON Schema and the README's request table."""

from __future__ import annotations

from pathlib import Path

import pytest

from py_core.registry import ENDPOINTS, REQUEST_TYPES
from py_core.schema import (
    README_END,
    README_START,
    bridge_schema,
    replace_request_table,
    request_table,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_request_table_is_the_generated_one() -> None:
    text = README.read_text(encoding="utf-8")
    assert replace_request_table(text) == text, (
        "README.md's request table is stale: run .venv/bin/python -m py_core schema --readme README.md"
    )


def test_the_table_names_every_request_with_a_summary() -> None:
    rows = [line for line in request_table().splitlines() if line.startswith("| `")]
    named = [row.split("`")[1] for row in rows]
    assert named[: len(REQUEST_TYPES)] == list(REQUEST_TYPES)
    for row in rows[: len(REQUEST_TYPES)]:
        summary = row.rstrip(" |").rsplit("|", 1)[1].strip()
        assert summary[:1].isupper(), row


def test_a_stale_table_is_replaced_and_a_missing_block_is_an_error() -> None:
    stale = f"# x\n{README_START}\n| `ping` | old |\n{README_END}\nafter\n"
    fresh = replace_request_table(stale)
    assert "| old |" not in fresh and fresh.endswith(f"{README_END}\nafter\n")
    assert "`case_escalation`" in fresh
    with pytest.raises(ValueError, match="no"):
        replace_request_table("# a README without the block\n")


def test_the_schema_has_each_request_payload_and_result() -> None:
    schema = bridge_schema()
    assert list(schema["requests"]) == list(REQUEST_TYPES)
    defs = schema["$defs"]
    for name, parts in schema["requests"].items():
        ref = parts["payload"]["$ref"].rsplit("/", 1)[1]
        assert ref == ENDPOINTS[name].model.__name__
        assert name in str(defs[ref]["properties"]["type"])
        assert parts["result"], name
    assert defs["CheckRequest"]["required"] == ["text", "channel"]
    assert schema["codes"]["errors"][-1] == "internal"
