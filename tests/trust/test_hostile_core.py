"""Hostile and broken pages through the Python core (CPython, the same code Pyodide runs):
every one of the generated pages gives a draft, or a clear "could not read X"; none crashes
the core (an ``internal`` error is a crash)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from py_core import bridge
from py_core._html_snapshot import snapshot_from_html

from .hostile_pages import RECIPIENT, SHAPES, TRAITS, generate

# The content script's own limits (extension/content/snapshot.js): a data-state is cut at
# 500,000 characters, the text at 200,000, at most 400 widgets.
MAX_STATE = 500_000
MAX_TEXT = 200_000
MAX_WIDGETS = 400

PAGES = generate()


def call(request: str, payload: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(bridge.handle(request, json.dumps(payload, ensure_ascii=False)))
    assert answer["ok"] or answer["error"]["code"] != "internal", answer
    return answer


def as_content_script_sends(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {
        **snapshot,
        "widgets": [{**w, "state": w["state"][:MAX_STATE]} for w in snapshot["widgets"][:MAX_WIDGETS]],
        "text": snapshot["text"][:MAX_TEXT],
    }


def test_the_generator_covers_every_trait_and_shape() -> None:
    assert len(PAGES) >= 300
    assert len({p.name for p in PAGES}) == len(PAGES)
    for trait in TRAITS:
        assert sum(trait in p.traits for p in PAGES) >= 10, trait
    for shape in SHAPES:
        assert sum(p.shape == shape for p in PAGES) >= 50, shape
    assert any(len(p.html.encode()) > 5_000_000 for p in PAGES), "a page with a 5 MB data-state"
    # Seeded: the same pages every run.
    assert [p.html for p in generate(12)] == [p.html for p in PAGES[:12]]


@pytest.mark.parametrize("chunk", range(8))
def test_every_page_drafts_or_says_what_it_could_not_read(chunk: int) -> None:
    tried = crashes = drafted = explained = 0
    for page in PAGES[chunk::8]:
        for snapshot in (snapshot_from_html(page.html, page.url),):
            for sent in (snapshot, as_content_script_sends(snapshot)):
                tried += 1
                answer = call("extract", {"snapshot": sent, "today": "2026-11-28"})
                if not answer["ok"]:
                    crashes += 1
                    continue
                result = answer["result"]
                order = result["order"]
                assert result["page_kind"] == "order_details", (page.name, result["warnings"])
                if page.number is None:
                    # No number on the page: the panel says so and asks for it.
                    assert order["number"] is None, page.name
                    assert "number" in result["missing"], (page.name, result["missing"])
                    explained += 1
                    continue
                assert order["number"] == page.number, (page.name, page.traits, result["warnings"])
                problem = ["damaged", "not_delivered", "refund_missing"][tried % 3]
                drafted_answer = call("draft", {"order": order, "problem": {"code": problem},
                                                "lang": "zh", "today": "2026-11-28"})
                assert drafted_answer["ok"], (page.name, drafted_answer)
                text = json.dumps(drafted_answer["result"], ensure_ascii=False)
                assert page.number in text
                drafted += 1
                # Whatever the page said about the recipient stays out of what Python returns.
                # (Python sees the page text; it must not carry it into the order or the draft.)
                for secret in (RECIPIENT["phone"], RECIPIENT["name"]):
                    assert secret not in text, (page.name, secret)
    assert crashes == 0
    assert drafted + explained == tried
