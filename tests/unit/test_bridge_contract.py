"""The bridge's replies, pinned: the exact JSON text the extension gets for a set of requests.

The extension and its browser tests read these replies, so a refactoring of py_core must not
change one byte of them. `tests/fixtures/contract/bridge_replies.json` holds, for each call,
the request type, the payload text and the reply text as recorded; this test replays every
call and compares the reply text exactly. The calls cover every request type with a valid
payload (a whole case's life included) and every error code the bridge can give.

A change of a reply that is meant (a new field, a new request) is recorded again with
``RECORD_BRIDGE_REPLIES=1 .venv/bin/python -m pytest tests/unit/test_bridge_contract.py``;
the diff of the fixture then shows exactly what the extension will see differently.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from py_core.bridge import handle

from .conftest import page_snapshot

RECORD = Path(__file__).resolve().parents[1] / "fixtures" / "contract" / "bridge_replies.json"
NOW = "2026-11-21T09:00:00Z"
LATER = "2026-11-22T10:00:00Z"
JUNK = ["", "null", "{}", '{"snapshot": 5}', '{"case": "x"}', "\x00", "[1]", "{not json"]


def _stable(request_type: str, reply: str) -> str:
    """The reply with the values that depend on the machine fixed: how long warming took,
    and the day a page-structure report was made (the report dates itself today)."""
    if request_type == "warm":
        return re.sub(r'"ms": ?[0-9.e+-]+', '"ms": 0', reply)
    if request_type == "shape":
        return re.sub(r"\\ndate: [0-9]{4}-[0-9]{2}-[0-9]{2}\\n", r"\\ndate: (today)\\n", reply)
    return reply


def _calls() -> list[tuple[str, str]]:
    """Every call to replay, made by running a case's life through the bridge."""
    calls: list[tuple[str, str]] = []

    def call(request_type: str, payload: Any) -> Any:
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        calls.append((request_type, text))
        reply = json.loads(handle(request_type, text))
        return reply.get("result")

    snapshot = page_snapshot("orderdetails_one_parcel.html")
    call("ping", {})
    call("warm", {})
    order = call("extract", {"snapshot": snapshot})["order"]
    call("shape", {"snapshot": snapshot, "version": "1.2"})
    call("shape", {"snapshot": snapshot, "version": 5})
    call("problems", {"lang": "en"})
    base = {"order": order, "today": "2026-11-22", "now": LATER}
    for problem in ({"code": "damaged"}, {"code": "not_delivered"}, {"code": "refund_missing"}):
        call("advise", {**base, "problem": problem, "lang": "zh"})
    call(
        "advise",
        {
            **base,
            "problem": {"code": "damaged", "fault": "cracked screen"},
            "lang": "en",
            "escalate": True,
            "note": "box crushed",
            "profile": {"name": "Li Wei", "tone": "formal"},
        },
    )
    call("draft", {**base, "problem": {"code": "wrong_item"}, "channel": "seller_chat"})
    call("draft", {**base, "problem": {"code": "product_question"}})
    call("deadlines", {**base, "problem": {"code": "return_request"}})
    call("check", {"text": "  Здравствуйте!  ", "channel": "seller_chat", "order_number": "1-2"})
    call("check", {"text": "", "channel": "support_chat", "lang": "zh", "names": ["Li"]})
    case = call("case_new", {"order": order, "problem": {"code": "damaged"}, "now": NOW})
    recorded = call(
        "case_record",
        {"case": case, "channel": "seller_chat", "text": "Здравствуйте!", "now": NOW},
    )
    case = recorded["case"]
    call(
        "case_record",
        {
            "case": case,
            "channel": "support_chat",
            "text": " x ",
            "now": NOW,
            "problem": {"code": "damaged", "fault": "dent"},
            "profile": {"name": "Ann"},
        },
    )
    case = call(
        "case_update",
        {"case": case, "attempt_id": "A1", "status": "no_reply", "now": LATER},
    )
    case = call(
        "case_confirm", {"case": case, "code": "return_number", "value": "R-1", "now": LATER}
    )
    call("case_due", {"case": case, "now": NOW})
    call("case_due", {"case": case, "now": LATER})
    exported = call("case_export", {"case": case, "format": "json"})
    call("case_export", {"case": case, "format": "markdown", "lang": "zh", "today": "2026-11-22"})
    call("case_import", {"text": exported["text"]})
    call("case_import", {"text": "{broken"})
    call("case_import", {"text": '{"id": 1}'})
    call("case_escalation", {"case": case, "lang": "zh", "today": "2026-11-22", "now": LATER})
    call("case_escalation", {"case": case, "now": LATER, "profile": {"name": "Ann"}, "note": "n"})
    stepped = call("case_step", {"case": case, "step": "claim", "now": LATER, "note": "sent"})
    call("claim", {"case": stepped, "lang": "en", "today": "2026-11-22", "now": LATER})
    call(
        "claim",
        {"case": case, "now": LATER, "parties": {"seller_inn": "123"}},
    )
    call("case_status", {"case": case, "case_status": "resolved"})
    call("case_load", {"records": [case, 7, {"schema_version": 9}, {"id": "x"}]})
    call("case_link", {"case": case, "url": "https://vk.com/shop", "now": LATER})
    call("case_link", {"case": case, "url": "ftp://x"})
    call("tips", {"case": case, "now": LATER})
    call("tips", {"moment": "problem_picked", "problem": "damaged", "now": LATER})
    product = call("ask_product", {"snapshot": snapshot})
    call("question_draft", {"question": "size", "detail": "42", "lang": "zh"})
    call("question_draft", {"product": product["product"], "question": "own"})
    call("public_check", {"text": "call me +7 912 345-67-89", "lang": "en"})
    call("social", {"order_number": "46206571-0591", "problem": "damaged", "lang": "zh"})
    call("social", {"order_number": "12", "problem": "damaged"})
    # Errors: every code and the common shapes of a bad payload.
    call("nope", "{}")
    call("advise", {"order": {}, "problem": {"code": "damaged"}})
    call("advise", {"order": {"number": "123"}, "problem": {"code": "damaged"}})
    call("advise", {"order": {"number": "46206571-0591"}, "problem": {"code": "broken"}})
    call("advise", {"order": {"number": "46206571-0591"}, "problem": {"code": "damaged"}, "x": 1})
    call("draft", {"order": {"number": "46206571-0591"}})
    call("case_new", {"order": {}, "problem": {"code": "damaged"}})
    call("case_new", {"now": NOW})
    call("case_record", {"case": case})
    call("case_update", {"case": case, "attempt_id": "A9"})
    call("case_confirm", {"case": case, "code": "nope"})
    call("case_step", {"case": case})
    call("check", {"text": "x", "channel": "pigeon"})
    call("tips", {"moment": "never"})
    call("case_load", {"records": "all"})
    call("advise", {**base, "problem": {"code": "damaged"}, "profile": {"tone": "firm"}})
    # A payload that names a type of its own: the request type comes from the first argument.
    call("ping", {"type": "advise"})
    call("check", {"type": "check", "text": "x", "channel": "seller_chat"})
    call("case_load", {"type": "x", "records": []})
    # Payloads that carry only what changed (issue 13): the buyer's corrections beside the
    # order as read, a contact logged in one call, the whole log with what is due in one.
    fixes = {"number": "46206571-0591", "received_date": "2026-11-20", "item": "Чайник"}
    call("advise", {"problem": {"code": "damaged"}, "corrections": fixes, "now": LATER})
    call(
        "draft",
        {**base, "problem": {"code": "late_delivery"}, "corrections": {"status": "in_transit"}},
    )
    call("advise", {"problem": {"code": "damaged"}, "corrections": {"number": "1-2"}})
    call("advise", {"problem": {"code": "damaged"}, "corrections": {"sellers": [""]}})
    call("advise", {"problem": {"code": "damaged"}})
    call(
        "case_record",
        {
            "order": order,
            "corrections": {"received_date": "2026-11-20"},
            "problem": {"code": "damaged", "fault": "dent"},
            "channel": "seller_chat",
            "text": "Здравствуйте!",
            "now": NOW,
            "profile": {"name": "Ann", "tone": "neutral"},
        },
    )
    call("case_record", {"problem": {"code": "damaged"}, "channel": "seller_chat", "text": "x"})
    call("case_list", {"records": [case, stepped, 7], "now": NOW})
    call("case_list", {"records": [case], "order_number": "1-1", "now": LATER})
    call("case_list", {"records": None})
    from py_core.bridge import REQUEST_TYPES

    for request_type in REQUEST_TYPES:
        for junk in JUNK:
            call(request_type, junk)
    return calls


def _record() -> list[dict[str, str]]:
    return [
        {
            "type": request_type,
            "payload": payload,
            "reply": _stable(request_type, handle(request_type, payload)),
        }
        for request_type, payload in _calls()
    ]


if os.environ.get("RECORD_BRIDGE_REPLIES") == "1":  # pragma: no cover - run by hand
    RECORD.write_text(json.dumps(_record(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

RECORDED: list[dict[str, str]] = json.loads(RECORD.read_text(encoding="utf-8"))


def test_every_request_type_and_error_code_is_pinned() -> None:
    types = {entry["type"] for entry in RECORDED}
    from py_core.bridge import REQUEST_TYPES

    assert set(REQUEST_TYPES) <= types
    codes = {json.loads(entry["reply"]).get("error", {}).get("code") for entry in RECORDED}
    assert codes >= {
        "bad_json",
        "unknown_request",
        "invalid_payload",
        "missing_order_number",
        "not_found",
    }


@pytest.mark.parametrize("entry", RECORDED, ids=lambda e: e["type"])
def test_the_reply_is_the_recorded_one(entry: dict[str, str]) -> None:
    reply = _stable(entry["type"], handle(entry["type"], entry["payload"]))
    assert reply == entry["reply"]
