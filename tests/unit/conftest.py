"""Shared fixtures: the saved pages and their snapshots, as the content script builds them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from py_core._html_snapshot import snapshot_from_html

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
INDEX: dict[str, dict[str, Any]] = json.loads((PAGES / "index.json").read_text(encoding="utf-8"))
#: The capture time used for every fixture snapshot (dates without a year resolve against it).
CAPTURED_AT = "2026-11-22T10:00:00.000Z"


def page_snapshot(name: str) -> dict[str, Any]:
    """The snapshot of a saved page, taken at its real address."""
    html = (PAGES / name).read_text(encoding="utf-8")
    return snapshot_from_html(html, INDEX[name]["url"], captured_at=CAPTURED_AT)


@pytest.fixture
def snapshot_of() -> Callable[[str], dict[str, Any]]:
    return page_snapshot


@pytest.fixture
def one_parcel_order() -> dict[str, Any]:
    """The order of orderdetails_one_parcel.html, as ``extract`` returns it (JSON)."""
    from py_core.bridge import handle

    reply = json.loads(
        handle("extract", json.dumps({"snapshot": page_snapshot("orderdetails_one_parcel.html")}))
    )
    assert reply["ok"], reply
    order: dict[str, Any] = reply["result"]["order"]
    return order
