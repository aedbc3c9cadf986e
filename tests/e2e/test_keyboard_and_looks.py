"""Keyboard-only use of the panel, and the README's screenshots (light and dark), made
here so that they always show the current panel on a saved order page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .test_chromium_journey import open_order, react_state

SCREENSHOTS = Path(__file__).parent / "screenshots"


def focused_testid(page: Page) -> str:
    frame = page.query_selector('[data-testid="och-panel"]').content_frame()
    return frame.evaluate("() => document.activeElement?.dataset?.testid ?? document.activeElement?.id ?? ''")


def test_the_whole_flow_works_by_keyboard_alone(page: Page) -> None:
    panel, meta = open_order(page)
    panel.get_by_test_id("och-problem-damaged").focus()
    # Walk to "Return" with Tab, choose it with the space bar.
    for _ in range(10):
        if focused_testid(page) == "och-problem-return_request":
            break
        page.keyboard.press("Tab")
    assert focused_testid(page) == "och-problem-return_request"
    frame = page.query_selector('[data-testid="och-panel"]').content_frame()
    outline = frame.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "keyboard focus must be visible"
    page.keyboard.press("Space")
    expect(panel.get_by_test_id("och-draft")).to_have_value(
        re.compile(re.escape(meta["expect"]["number"])), timeout=15_000)
    for _ in range(80):
        if focused_testid(page) == "och-insert":
            break
        page.keyboard.press("Tab")
    assert focused_testid(page) == "och-insert", "Insert must be reachable by Tab"
    page.keyboard.press("Enter")
    expect(panel.get_by_test_id("och-status")).to_contain_text("Send", timeout=10_000)
    assert react_state(page)["text"] == panel.get_by_test_id("och-draft").input_value()
    assert page.evaluate("() => window.__sendPresses") == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_readme_screenshots(page: Page, scheme: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme=scheme)
    panel, _ = open_order(page)
    panel.get_by_test_id("och-problem-damaged").click()
    expect(panel.get_by_test_id("och-draft")).not_to_have_value("", timeout=15_000)
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"panel-{scheme}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
