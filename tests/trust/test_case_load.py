"""Loading stored cases: each migrated to the current schema and validated by pydantic on
its own; a bad one is reported with why, and the rest load."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from py_core import bridge
from py_core.caselog import CASE_SCHEMA_VERSION, load_cases, new_case, record_attempt
from py_core.models import ChannelCode, Order, Problem, ProblemCode


def stored_case(number: str = "12345678-0001") -> dict[str, Any]:
    case = new_case(Order(number=number), Problem(code=ProblemCode.DAMAGED),
                    now=datetime(2026, 11, 20, 9, tzinfo=UTC))
    case, _ = record_attempt(case, channel=ChannelCode.SUPPORT_CHAT, text="Здравствуйте!",
                             now=datetime(2026, 11, 20, 10, tzinfo=UTC))
    data: dict[str, Any] = case.model_dump(mode="json")
    return data


def test_current_and_unversioned_cases_load() -> None:
    old = stored_case("12345678-0002")
    del old["schema_version"]  # written before the schema carried a version
    good, bad = load_cases([stored_case(), old])
    assert bad == []
    assert [c.order.number for c in good] == ["12345678-0001", "12345678-0002"]
    assert all(c.schema_version == CASE_SCHEMA_VERSION for c in good)


def test_bad_records_are_reported_one_by_one_and_the_rest_load() -> None:
    newer = {**stored_case("12345678-0003"), "schema_version": 99}
    broken = stored_case("12345678-0004")
    broken["attempts"][0]["at"] = "yesterday"
    records: list[object] = ["garbage", None, newer, broken, stored_case("12345678-0005"),
                             {"id": "x"}]
    good, bad = load_cases(records)
    assert [c.order.number for c in good] == ["12345678-0005"]
    assert [b["index"] for b in bad] == [0, 1, 2, 3, 5]
    reasons = {b["index"]: str(b["reason"]) for b in bad}
    assert "not a case" in reasons[0]
    assert "newer version" in reasons[2]
    assert reasons[3].startswith("attempts.0.at")


def test_the_bridge_loads_cases() -> None:
    answer = json.loads(bridge.handle("case_load", json.dumps({"records": [stored_case(), 7]})))
    assert answer["ok"], answer
    assert len(answer["result"]["cases"]) == 1
    assert answer["result"]["bad"][0]["index"] == 1
    missing = json.loads(bridge.handle("case_load", "{}"))
    assert missing["ok"] is False and missing["error"]["code"] == "invalid_payload"
