"""Insert into the chat boxes real pages use, in real Chromium with the built extension:
a React-controlled <textarea>, Lexical, ProseMirror (all from npm) and a bare <textarea>.
Each time the EDITOR'S OWN state (window.__editor, see site/chat_harness.js) must hold
exactly the draft, once, line by line; the caret ends after it; one step of the editor's
own undo takes it out again; Send is never pressed; a box that already holds text is
replaced only after the buyer agrees."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from .conftest import Site, panel_frame
from .saved_site import fixture_index

ORDER_PAGE = "orderdetails_one_parcel.html"
EDITORS = ["react", "lexical", "prosemirror", "plain"]
PREFILLED = "Здравствуйте, у меня вопрос"  # site/chat_harness.js and react_chat.jsx


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines()]


def editor_text(page: Page) -> str:
    return str(page.evaluate("() => window.__editor.text()"))


def presses(page: Page) -> list[int]:
    return list(page.evaluate("() => [window.__sendPresses, window.__enterPresses]"))


def open_with_draft(page: Page, problem: str) -> tuple[FrameLocator, str]:
    meta = fixture_index()[ORDER_PAGE]
    page.goto(meta["url"])
    panel = panel_frame(page)
    expect(panel.get_by_test_id("och-order-number")).to_have_text(meta["expect"]["number"], timeout=60_000)
    page.wait_for_function("() => !!window.__editor")
    panel.get_by_test_id(f"och-problem-{problem}").click()
    draft = panel.get_by_test_id("och-draft")
    expect(draft).to_have_value(re.compile(re.escape(meta["expect"]["number"])), timeout=15_000)
    text = draft.input_value()
    assert "\n" in text, "the draft has several lines: line breaks are part of the test"
    return panel, text


@pytest.mark.parametrize("editor", EDITORS)
def test_insert_fills_the_editors_own_state_once(page: Page, site: Site, editor: str) -> None:
    site.chat = editor
    panel, text = open_with_draft(page, "damaged")
    assert editor_text(page).strip() == ""

    panel.get_by_test_id("och-insert").click()
    expect(panel.get_by_test_id("och-status")).to_contain_text("yourself", timeout=10_000)

    assert lines(editor_text(page)) == lines(text), f"{editor} must hold exactly the draft, once"
    assert page.evaluate("() => window.__editor.caretAtEnd()") is True, "the caret ends after the text"
    assert presses(page) == [0, 0], "Send is never pressed"

    # One step of the editor's own undo takes the whole draft out again.
    page.evaluate("() => window.__editor.undo()")
    page.wait_for_function("() => window.__editor.text().trim() === ''", timeout=2_000)
    assert presses(page) == [0, 0]
    assert site.foreign_requests == []


@pytest.mark.parametrize("editor", EDITORS)
def test_text_already_there_is_replaced_only_after_asking(page: Page, site: Site, editor: str) -> None:
    site.chat = editor
    site.chat_mode = "prefilled"
    panel, text = open_with_draft(page, "late_delivery")
    assert editor_text(page) == PREFILLED

    panel.get_by_test_id("och-insert").click()
    expect(panel.get_by_role("alertdialog")).to_be_visible()
    page.wait_for_timeout(200)
    assert editor_text(page) == PREFILLED, "nothing changes before the buyer agrees"

    panel.get_by_role("button", name=re.compile("Replace")).click()
    expect(panel.get_by_test_id("och-status")).to_contain_text("yourself", timeout=10_000)
    assert lines(editor_text(page)) == lines(text), f"{editor} holds exactly the draft after Replace"
    assert page.evaluate("() => window.__editor.caretAtEnd()") is True
    assert presses(page) == [0, 0]

    page.evaluate("() => window.__editor.undo()")
    page.wait_for_function("(before) => window.__editor.text() === before", arg=PREFILLED, timeout=2_000)


@pytest.mark.parametrize("editor", ["lexical", "prosemirror"])
def test_a_held_draft_goes_into_an_editor_that_appears_later(page: Page, site: Site, editor: str) -> None:
    site.chat = editor
    site.chat_mode = "later"
    meta = fixture_index()[ORDER_PAGE]
    page.goto(meta["url"])
    panel = panel_frame(page)
    expect(panel.get_by_test_id("och-order-number")).to_have_text(meta["expect"]["number"], timeout=60_000)
    panel.get_by_test_id("och-problem-not_delivered").click()
    expect(panel.get_by_test_id("och-draft")).to_have_value(re.compile(re.escape(meta["expect"]["number"])), timeout=15_000)
    text = panel.get_by_test_id("och-draft").input_value()
    panel.get_by_test_id("och-insert").click()
    expect(panel.get_by_test_id("och-status")).to_contain_text("10 minutes")

    page.evaluate("() => window.__openChat()")
    expect(page.get_by_test_id("och-review-note")).to_be_visible(timeout=10_000)
    page.wait_for_function("() => window.__editor.text().trim().length > 0")
    assert lines(editor_text(page)) == lines(text), f"{editor} holds exactly the held draft, once"
    assert presses(page) == [0, 0]
