"""Bytes the panel sends to the background per problem pick, before and after issue 13.

Before, the panel sent the whole Order back with every pick (``core/advise``); now it sends
the buyer's choices and corrections only, and the background adds the order it kept from
``core/extract``. Run: ``.venv/bin/python -m tests.tools.payload_bytes``.
"""

from __future__ import annotations

import json

from py_core.bridge import handle
from tests.unit.conftest import INDEX, page_snapshot


def _size(payload: object) -> int:
    return len(json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def main() -> None:
    problem = {"code": "damaged", "fault": "трещина на корпусе"}
    print("| page | before (order sent back) | after (choices only) |")
    print("| --- | ---: | ---: |")
    for name, spec in INDEX.items():
        if "orderdetails" not in spec.get("url", ""):
            continue
        reply = json.loads(handle("extract", json.dumps({"snapshot": page_snapshot(name)})))
        order = reply.get("result", {}).get("order")
        if not order:
            continue
        before = {"order": order, "problem": problem, "lang": "zh", "profile": {"tone": "formal"}}
        after = {"problem": problem, "lang": "zh"}
        print(f"| {name} | {_size(before)} | {_size(after)} |")


if __name__ == "__main__":
    main()
