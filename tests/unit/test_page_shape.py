"""The page-structure report: widget names and key paths with types, never a page value."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from py_core import __version__
from py_core.bridge import handle
from py_core.cli import main
from py_core.page_shape import shape_report

from .conftest import INDEX, PAGES, page_snapshot


def _values_and_keys(node: object, values: set[str], keys: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            keys.add(str(key))
            if key == "automatizationId":
                continue  # Ozon's names for parts of the page: kept, digits masked
            _values_and_keys(value, values, keys)
    elif isinstance(node, list):
        for value in node:
            _values_and_keys(value, values, keys)
    elif isinstance(node, str | int | float) and not isinstance(node, bool):
        values.add(str(node))


def page_values(name: str, snap: dict[str, Any]) -> set[str]:
    """Every value the page holds: JSON leaves, visible lines, links, the address's query."""
    values: set[str] = set()
    keys: set[str] = set()
    for widget in snap["widgets"]:
        try:
            _values_and_keys(json.loads(widget["state"]), values, keys)
        except ValueError:
            values.add(widget["state"])
    values.update(line.strip() for line in snap["text"].splitlines())
    for link in snap["links"]:
        values.update((link["text"], link["href"]))
    for box in snap["parcels"]:
        values.update(line.strip() for line in box["text"].splitlines())
    for found in parse_qs(urlsplit(snap["url"]).query).values():
        values.update(found)
    values.update(INDEX[name]["expect"].get("absent", []))
    # Words that are also key names are the page's structure, not its data ("text", "textIcon").
    return {v for v in values if len(v) >= 3 and v not in keys}


@pytest.mark.parametrize("name", sorted(INDEX))
def test_no_page_value_appears_in_the_report(name: str) -> None:
    snap = page_snapshot(name)
    report = shape_report(snap, version=__version__, today=date(2026, 11, 28))
    values = page_values(name, snap)
    assert len(values) >= 3, "the test must have values to look for"
    words = set(re.findall(r"\w+", report))
    # Short values count as whole words ("live" is no leak in "delivery").
    leaked = sorted(v for v in values if (v in words if len(v) < 6 else v in report))
    assert leaked == []
    # No long number passes (ids, prices, order numbers): only counts, the version, the date.
    assert re.findall(r"\d{4,}", report.replace("2026-11-28", "")) == []


def test_the_report_names_widgets_and_paths_with_types() -> None:
    report = shape_report(page_snapshot("live_two_parcels_mixed.html"), version="0.1.0")
    assert "- shipmentWidget (id state-shipmentWidget-N-default-N, container idN)" in report
    assert "    items[].sellers[].products[].title.name.text: str" in report
    assert 'header[].textIcon.text.testInfo.automatizationId: tag "shipment-status"' in report
    assert "- addressBookBarWeb" in report and "site header, not read" in report
    assert "version: 0.1.0" in report and "not read: -" in report


def test_what_could_not_be_read_is_named() -> None:
    report = shape_report(page_snapshot("orderdetails_broken_state.html"))
    assert "not read: items" in report
    assert "JSON not readable" in report


def test_cli_prints_the_same_report_as_the_bridge(capsys: pytest.CaptureFixture[str]) -> None:
    name = "live_three_parcels.html"
    status = main(["shape", str(PAGES / name)])
    out, err = capsys.readouterr()
    assert status == 0, err
    reply = json.loads(
        handle("shape", json.dumps({"snapshot": page_snapshot(name), "version": __version__}))
    )
    assert reply["ok"], reply
    assert out == reply["result"]["report"]


@pytest.mark.parametrize("snapshot", [None, 5, {}, {"url": "https://www.ozon.ru/my/orderdetails/"}])
def test_any_snapshot_gives_a_report(snapshot: Any) -> None:
    reply = json.loads(handle("shape", json.dumps({"snapshot": snapshot})))
    assert reply["ok"] and reply["result"]["report"].startswith("Ozon Contact Helper")
