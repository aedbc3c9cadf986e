"""The panel's own line to Python (panel/python_line.js, issue 9, M2): in Chrome, a panel's
py_core requests other than the extract go straight to the Python worker of the offscreen document, not through
the service worker. What the background adds to advice and drafts (the order as read, the
buyer's profile), must reach the worker over the line; and when the host's document closes, a pick
must still be drafted (through the background, which makes the host again), after which
the panel opens a new line."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from .conftest import open_order, panel_frame_object
from .test_escalation_names import RECORD_MESSAGES

STATUS_JS = ("() => chrome.runtime.sendMessage({target: 'background', type: 'host/status', payload: {}})"
             ".then(a => a.result)")
SET_JS = ("(payload) => chrome.runtime.sendMessage({target: 'background', type: 'settings/set', payload})"
          ".then(a => a.ok)")
CLOSE_JS = ("() => chrome.runtime.sendMessage({target: 'python-host-admin', type: 'host/close', payload: {}})"
            ".then(a => a.ok)")
OFFSCREEN_JS = "() => chrome.runtime.getContexts({contextTypes: ['OFFSCREEN_DOCUMENT']}).then(c => c.length)"


def _line_calls(admin: Page) -> int:
    return int(admin.evaluate(STATUS_JS).get("panel_line_calls", 0))


def _pick(panel: Any, code: str, expected: re.Pattern[str]) -> None:
    panel.get_by_test_id(f"och-problem-{code}").click()
    expect(panel.get_by_test_id("och-draft")).to_have_value(expected, timeout=30_000)


def test_advice_over_the_panels_line_carries_the_order_and_the_profile(
        context: BrowserContext, page: Page, extension_id: str) -> None:
    admin = context.new_page()
    admin.goto(f"chrome-extension://{extension_id}/options/options.html")
    try:
        assert admin.evaluate(SET_JS, {"name": "Ли Мин"})
        panel, meta = open_order(page)
        panel_frame_object(page).evaluate(RECORD_MESSAGES)
        before = _line_calls(admin)
        number = re.escape(meta["expect"]["number"])
        # The order number comes from the order as read, the name from the saved profile.
        _pick(panel, "complaint", re.compile(rf"{number}[\s\S]*Ли Мин"))
        after = _line_calls(admin)
        assert after > before, "the pick did not go over the panel's own line"
        # A name changed while the panel is open signs the next draft.
        assert admin.evaluate(SET_JS, {"name": "Анна Петрова"})
        _pick(panel, "damaged", re.compile(number))
        _pick(panel, "complaint", re.compile(rf"{number}[\s\S]*Анна Петрова"))
        assert _line_calls(admin) > after
        # Each pick carries only the buyer's choices; the order went over the line once and
        # the profile once per name.
        sent = panel_frame_object(page).evaluate("() => window.__sent")
        picks = [m for m in sent if m["type"] in ("core/advise", "core/draft")]
        assert len(picks) >= 3 and all(m.get("line") and "order" not in m["payload"] for m in picks), sent
        contexts = [m["payload"] for m in sent if m["type"] == "line/context"]
        assert [c["order"]["number"] for c in contexts if "order" in c] == [meta["expect"]["number"]], contexts
        assert [c["profile"]["name"] for c in contexts if "profile" in c] == ["Ли Мин", "Анна Петрова"], contexts
    finally:
        admin.evaluate(SET_JS, {"name": ""})
        admin.close()


def test_a_pick_after_the_host_closed_is_drafted_and_the_line_opens_again(
        context: BrowserContext, page: Page, extension_id: str) -> None:
    admin = context.new_page()
    admin.goto(f"chrome-extension://{extension_id}/options/options.html")
    try:
        panel, meta = open_order(page)
        number = re.compile(re.escape(meta["expect"]["number"]))
        _pick(panel, "complaint", number)
        assert _line_calls(admin) > 0
        assert admin.evaluate(CLOSE_JS)
        assert admin.evaluate(OFFSCREEN_JS) == 0
        # The line is gone with the document: this pick goes through the background, which
        # makes the host again (the new worker counts line calls from zero).
        panel_frame_object(page).evaluate("() => { document.querySelector('[data-testid=\"och-draft\"]').value = ''; }")
        _pick(panel, "damaged", number)
        assert admin.evaluate(OFFSCREEN_JS) == 1
        calls = _line_calls(admin)
        _pick(panel, "late_delivery", number)
        assert _line_calls(admin) > calls, "the panel did not open a new line to the new host"
    finally:
        admin.close()
