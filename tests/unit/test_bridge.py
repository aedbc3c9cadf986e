"""The bridge the extension calls: JSON in, JSON out, never an exception."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest

from py_core import __version__
from py_core.bridge import REQUEST_TYPES, handle


def call(request_type: str, payload: Any) -> dict[str, Any]:
    raw = handle(request_type, payload if isinstance(payload, str) else json.dumps(payload))
    assert isinstance(raw, str)
    reply: dict[str, Any] = json.loads(raw)
    return reply


def ok(request_type: str, payload: Any) -> Any:
    reply = call(request_type, payload)
    assert reply["ok"], reply
    return reply["result"]


def test_ping() -> None:
    assert ok("ping", {}) == {"version": __version__}


def test_import_is_light() -> None:
    code = "import sys, py_core.bridge; print(sorted(m for m in ('pydantic', 'jinja2') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_extract_one_parcel(snapshot_of: Any) -> None:
    result = ok("extract", {"snapshot": snapshot_of("orderdetails_one_parcel.html")})
    assert result["page_kind"] == "order_details"
    assert result["order"]["number"] == "46206571-0591"
    assert result["missing"] == []


def test_problems_lists_every_code() -> None:
    result = ok("problems", {"lang": "en"})
    assert [p["code"] for p in result] == [
        "damaged",
        "wrong_item",
        "missing_item",
        "not_delivered",
        "late_delivery",
        "return_request",
        "refund_missing",
        "product_question",
        "warranty_repair",
        "payment_issue",
        "account_issue",
        "complaint",
    ]
    for problem in result:
        assert set(problem["label"]) == {"ru", "en", "zh"}
        for question in problem["questions"]:
            assert question["field"] and set(question["label"]) == {"ru", "en", "zh"}


def test_advise_gives_a_russian_chat_draft(one_parcel_order: dict[str, Any]) -> None:
    result = ok(
        "advise",
        {
            "order": one_parcel_order,
            "problem": {"code": "damaged"},
            "lang": "zh",
            "channel": "support_chat",
            "today": "2026-11-22",
        },
    )
    assert [c["rank"] for c in result["channels"]] == list(range(1, len(result["channels"]) + 1))
    body = result["draft"]["ru"]["body"]
    assert "46206571-0591" in body
    assert body.startswith("Здравствуйте!")
    assert "{{" not in body and "<" not in body
    assert result["draft"]["side"]["lang"] == "zh"
    assert result["evidence"] and result["help_links"] and result["closing_checklist"]
    assert result["deadlines"]


def test_draft_defaults_to_first_advised_channel(one_parcel_order: dict[str, Any]) -> None:
    advice = ok("advise", {"order": one_parcel_order, "problem": {"code": "product_question"}})
    draft = ok("draft", {"order": one_parcel_order, "problem": {"code": "product_question"}})
    assert draft["channel"] == advice["channels"][0]["code"] == "seller_chat"


@pytest.mark.parametrize(
    ("request_type", "payload", "code"),
    [
        ("nope", "{}", "unknown_request"),
        ("extract", "{not json", "bad_json"),
        ("extract", "[1, 2]", "bad_json"),
        ("advise", {"order": {}, "problem": {"code": "damaged"}}, "missing_order_number"),
        ("advise", {"order": {"number": "123"}, "problem": {"code": "damaged"}}, "invalid_payload"),
        (
            "advise",
            {"order": {"number": "46206571-0591"}, "problem": {"code": "broken"}},
            "invalid_payload",
        ),
        (
            "draft",
            {
                "order": {"number": "46206571-0591"},
                "problem": {"code": "damaged", "question": "size"},
            },
            "invalid_payload",
        ),
    ],
)
def test_errors_are_reported_not_raised(request_type: str, payload: Any, code: str) -> None:
    reply = call(request_type, payload)
    assert reply["ok"] is False
    assert reply["error"]["code"] == code
    message = reply["error"]["message"]
    assert message.endswith(".") and "\n" not in message and len(message) < 300


def test_internal_errors_carry_the_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from py_core import registry

    def broken(request: Any) -> Any:
        raise ZeroDivisionError("boom")

    ping = registry.ENDPOINTS["ping"]
    monkeypatch.setitem(registry.ENDPOINTS, "ping", replace(ping, answer=broken))
    reply = call("ping", {})
    assert reply["error"]["code"] == "internal"
    assert reply["error"]["details"] == {"type": "ZeroDivisionError", "message": "boom"}


@pytest.mark.parametrize("request_type", REQUEST_TYPES)
@pytest.mark.parametrize("payload", ["", "null", "{}", '{"snapshot": 5}', '{"case": "x"}', "\x00"])
def test_no_request_type_raises_on_junk(request_type: str, payload: str) -> None:
    reply = json.loads(handle(request_type, payload))
    assert set(reply) == {"ok", "result"} or set(reply) == {"ok", "error"}
    if not reply["ok"]:
        assert reply["error"]["code"] != "internal", reply
        assert re.match(r"^[A-Z]", reply["error"]["message"])
