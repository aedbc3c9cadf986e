"""The panel redesigned around the answer (issue 11), in real Chromium with the built
extension: readable sizes, the draft and Insert in view right after a pick, only "Sent"
logs a contact, the title bar drags, Esc folds, docking and folding leave the order's
number and price uncovered at 800x600."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import EXTENSION, panel_frame
from .test_chromium_journey import open_order

# Every element that shows text of its own, with its computed font size.
FONT_SIZES = """() => {
  const out = [];
  for (const node of document.querySelectorAll('body *')) {
    if (node.closest('[hidden]') || node.closest('details:not([open]) > :not(summary)')) continue;
    const own = [...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
    const control = node.matches('textarea, input, select, button');
    if (!own && !control) continue;
    const rect = node.getBoundingClientRect();
    if (!rect.width || !rect.height) continue;
    out.push({ id: node.id || node.dataset.testid || node.tagName, size: parseFloat(getComputedStyle(node).fontSize) });
  }
  return out;
}"""


def inner(page: Page) -> Any:
    return page.query_selector('[data-testid="och-panel"]').content_frame()


def pick(page: Page, code: str) -> Any:
    panel, meta = open_order(page)
    panel.get_by_test_id(f"och-problem-{code}").click()
    expect(panel.get_by_test_id("och-draft")).to_have_value(
        re.compile(re.escape(meta["expect"]["number"])), timeout=15_000)
    return panel, meta


def in_view(page: Page, testid: str, *, min_height: float = 0) -> dict[str, Any]:
    """Whether the element is inside the panel's scroll area (or its pinned footer) and the
    panel frame is inside the window, without any scrolling."""
    box = inner(page).evaluate(
        """([testid, minHeight]) => {
          const node = document.querySelector(`[data-testid="${testid}"]`);
          const r = node.getBoundingClientRect();
          const scroller = node.closest('#body');
          const area = scroller ? scroller.getBoundingClientRect() : {top: 0, bottom: innerHeight};
          const visible = Math.min(r.bottom, area.bottom, innerHeight) - Math.max(r.top, area.top, 0);
          return {top: r.top, bottom: r.bottom, visible, need: Math.min(r.height, Math.max(minHeight, 1)), frameHeight: innerHeight};
        }""", [testid, min_height])
    frame = page.eval_on_selector('[data-testid="och-panel"]', "f => f.getBoundingClientRect().toJSON()")
    size = page.viewport_size or {"width": 0, "height": 0}
    box["frame_inside"] = frame["top"] >= 0 and frame["bottom"] <= size["height"] and frame["left"] >= 0 and frame["right"] <= size["width"]
    box["ok"] = box["visible"] >= box["need"] and box["frame_inside"]
    return box


def test_text_is_at_least_14px_and_the_draft_no_smaller_than_the_side_text(page: Page) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    pick(page, "damaged")
    frame = inner(page)
    sizes = frame.evaluate(FONT_SIZES)
    assert len(sizes) > 20, sizes
    small = [s for s in sizes if s["size"] < 14]
    assert small == [], f"text under 14 px: {small}"
    draft = frame.evaluate("() => parseFloat(getComputedStyle(document.querySelector('[data-testid=och-draft]')).fontSize)")
    side = frame.evaluate("() => parseFloat(getComputedStyle(document.querySelector('[data-testid=och-draft-side]')).fontSize)")
    assert draft >= 14 and draft >= side, (draft, side)


@pytest.mark.parametrize("code", ["damaged", "not_delivered", "product_question"])
def test_after_a_pick_the_draft_and_insert_are_in_view_without_scrolling(page: Page, code: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    panel, _ = pick(page, code)
    expect(panel.get_by_test_id("och-where")).not_to_be_empty()
    draft = in_view(page, "och-draft", min_height=80)
    assert draft["ok"], draft
    insert = in_view(page, "och-insert", min_height=30)
    assert insert["ok"], insert
    copy = in_view(page, "och-copy", min_height=30)
    assert copy["ok"], copy
    # The optional questions redraft below the draft: it stays where it was. (The chip is
    # pressed without Playwright's scrolling it into view first.)
    before = in_view(page, "och-draft")["top"]
    chips = panel.locator("#questions button")
    if chips.count():
        chips.first.dispatch_event("click")
        expect(chips.first).to_have_attribute("aria-pressed", "true")
        page.wait_for_timeout(1000)
        assert abs(in_view(page, "och-draft")["top"] - before) < 2


def drag(page: Page, x: float, y: float, dx: float, dy: float, *, steps: int) -> None:
    """Press at (x, y), move by (dx, dy), release, as a person drags."""
    page.mouse.move(x, y)
    page.mouse.down()
    page.wait_for_timeout(150)  # the page's cover goes up (a person is slower)
    page.mouse.move(x + dx, y + dy, steps=steps)
    page.mouse.up()
    page.wait_for_timeout(300)


def log_count(panel: Any) -> int:
    return panel.get_by_test_id("och-log-entry").count()


def test_only_sent_logs_a_contact_and_only_once(page: Page) -> None:
    # The browser is shared by the suite: count from what this order's log holds already.
    panel, _ = open_order(page, "orderdetails_ozon_kz.html")
    panel.get_by_test_id("och-problem-payment_issue").click()
    expect(panel.get_by_test_id("och-draft")).not_to_have_value("", timeout=15_000)
    page.wait_for_timeout(500)
    start = log_count(panel)
    panel.get_by_test_id("och-copy").click()
    expect(panel.get_by_test_id("och-sent-prompt")).to_be_visible()
    panel.get_by_test_id("och-insert").click()
    expect(panel.get_by_test_id("och-status")).to_contain_text("yourself", timeout=10_000)
    expect(panel.get_by_test_id("och-next-steps")).to_be_visible()
    page.wait_for_timeout(500)
    assert log_count(panel) == start, "Insert and Copy alone log nothing"
    panel.get_by_test_id("och-log-not-yet").click()
    expect(panel.get_by_test_id("och-sent-prompt")).to_be_hidden()
    assert log_count(panel) == start
    panel.get_by_test_id("och-insert").click()
    expect(panel.get_by_test_id("och-sent-prompt")).to_be_visible(timeout=10_000)
    panel.get_by_test_id("och-log-sent").click()
    expect(panel.get_by_test_id("och-log-entry")).to_have_count(start + 1, timeout=10_000)
    expect(panel.get_by_test_id("och-log-entry").first).to_have_attribute("data-status", "waiting")
    # The same text sent again (Copy, then Sent) is not a second contact.
    panel.get_by_test_id("och-copy").click()
    panel.get_by_test_id("och-log-sent").click()
    expect(panel.get_by_test_id("och-status")).to_contain_text("already", timeout=10_000)
    assert log_count(panel) == start + 1


def test_the_title_bar_drags_the_panel_and_esc_folds_it(page: Page) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    panel, _ = open_order(page)
    before = page.eval_on_selector('[data-testid="och-panel"]', "f => f.getBoundingClientRect().toJSON()")
    bar = page.frame_locator('[data-testid="och-panel"]').get_by_test_id("och-titlebar")
    box = bar.bounding_box()
    assert box
    x, y = box["x"] + 60, box["y"] + box["height"] / 2
    drag(page, x, y, -150, -40, steps=8)
    after = page.eval_on_selector('[data-testid="och-panel"]', "f => f.getBoundingClientRect().toJSON()")
    assert abs((before["left"] - after["left"]) - 150) < 6, (before, after)
    assert abs((before["top"] - after["top"]) - 40) < 6, (before, after)
    # Remembered on this site.
    page.reload()
    panel = panel_frame(page)
    expect(panel.get_by_test_id("och-problem-damaged")).to_be_visible(timeout=30_000)
    again = page.eval_on_selector('[data-testid="och-panel"]', "f => f.getBoundingClientRect().toJSON()")
    assert abs(again["left"] - after["left"]) < 2 and abs(again["top"] - after["top"]) < 2
    # Esc folds it.
    panel.get_by_test_id("och-problem-damaged").focus()
    page.keyboard.press("Escape")
    expect(panel.get_by_role("button", name="Open the contact helper")).to_be_visible()
    assert page.eval_on_selector('[data-testid="och-panel"]', "f => f.getBoundingClientRect().width") <= 60
    panel.get_by_role("button", name="Open the contact helper").click()
    expect(panel.get_by_test_id("och-problem-damaged")).to_be_visible()
    # Back to the corner for the other tests.
    page.evaluate("() => 0")
    inner(page).evaluate("() => chrome.storage.local.clear()")


def covered(page: Page, selector: str) -> bool:
    """Whether the panel frame lies over the centre or the corners of the element."""
    return bool(page.evaluate(
        """(selector) => {
          const r = document.querySelector(selector).getBoundingClientRect();
          const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 1, r.top + 1], [r.right - 1, r.bottom - 1]];
          return points.some(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid=och-panel]'));
        }""", selector))


def order_parts(page: Page) -> dict[str, str]:
    """CSS paths of the order number and the price on the saved page (found by their text)."""
    return page.evaluate(
        """() => {
          const find = (re) => [...document.querySelectorAll('body *')].find((n) => n.children.length === 0 && re.test(n.textContent) && !n.closest('[data-testid=och-panel]'));
          const mark = (node, name) => { node.setAttribute('data-och-probe', name); return `[data-och-probe=${name}]`; };
          return { number: mark(find(/№\\s*\\d+-\\d+/), 'number'), price: mark(find(/\\d[\\d\\s]*₽/), 'price') };
        }""")


@pytest.mark.parametrize("how", ["dock-left", "dock-right", "fold"])
def test_at_800x600_docked_or_folded_the_number_and_price_are_not_covered(page: Page, how: str) -> None:
    page.set_viewport_size({"width": 800, "height": 600})
    panel, _ = open_order(page)
    parts = order_parts(page)
    if how == "fold":
        panel.get_by_role("button", name="Collapse the panel").click()
        expect(panel.get_by_role("button", name="Open the contact helper")).to_be_visible()
    else:
        panel.get_by_test_id(f"och-{how}").click()
        page.wait_for_timeout(300)
        # Still usable: the problems and, after a pick, the draft and Insert.
        panel.get_by_test_id("och-problem-damaged").click()
        expect(panel.get_by_test_id("och-draft")).not_to_have_value("", timeout=15_000)
        assert in_view(page, "och-insert", min_height=30)["ok"]
        assert in_view(page, "och-draft", min_height=60)["ok"]
    page.wait_for_timeout(300)
    for name, selector in parts.items():
        page.locator(selector).scroll_into_view_if_needed()
        assert not covered(page, selector), f"{how}: the {name} is covered by the panel"
    inner(page).evaluate("() => chrome.storage.local.clear()")


def frame_box(page: Page) -> dict[str, float]:
    return page.eval_on_selector('[data-testid="och-panel"]', "f => f.getBoundingClientRect().toJSON()")


def test_the_corner_grip_resizes_the_panel(page: Page) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    panel, _ = open_order(page)
    before = frame_box(page)
    grip = panel.get_by_test_id("och-resize").bounding_box()
    assert grip
    x, y = grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2
    drag(page, x, y, -100, -80, steps=6)
    after = frame_box(page)
    assert abs(after["width"] - before["width"] - 100) < 6, (before, after)
    assert abs(before["height"] - after["height"] - 80) < 6, (before, after)
    inner(page).evaluate("() => chrome.storage.local.clear()")


def test_the_panel_moves_aside_when_the_chat_box_opens_under_it(page: Page, site: Any) -> None:
    site.chat_mode = "later"
    page.set_viewport_size({"width": 1366, "height": 768})
    panel, _ = open_order(page)
    # Drag the panel over the left of the page, where the chat box will open.
    bar = panel.get_by_test_id("och-titlebar").bounding_box()
    assert bar
    x, y = bar["x"] + 60, bar["y"] + bar["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.wait_for_timeout(150)  # the page's cover goes up (a person is slower)
    page.mouse.move(x - bar["x"], y, steps=8)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert frame_box(page)["left"] < 10
    page.evaluate("() => window.__openChat()")
    composer = page.get_by_test_id("page-composer")
    expect(composer).to_be_visible(timeout=10_000)
    page.wait_for_function("""() => {
        const f = document.querySelector('[data-testid=och-panel]').getBoundingClientRect();
        const c = document.querySelector('[data-testid=page-composer]').getBoundingClientRect();
        return f.left >= c.right || f.right <= c.left || f.top >= c.bottom || f.bottom <= c.top;
    }""", timeout=5_000)
    inner(page).evaluate("() => chrome.storage.local.clear()")


def test_the_shortcut_message_folds_only_its_own_tab(page: Page, context: Any) -> None:
    """The manifest's command reaches the panel as panel/toggle with the tab's id."""
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["commands"]["toggle-panel"]["suggested_key"]["default"] == "Alt+Shift+O"
    panel, _ = open_order(page)
    worker = context.service_workers[0]
    hello = inner(page).evaluate(
        "() => chrome.runtime.sendMessage({target: 'background', type: 'panel/hello', payload: {}})")
    tab_id = hello["result"]["tabId"]
    toggle = """async (tabId) => {
        await chrome.runtime.sendMessage({target: 'panel', type: 'panel/toggle', payload: {tabId}}).catch(() => {});
    }"""
    worker.evaluate(toggle, tab_id + 100_000)
    page.wait_for_timeout(500)
    assert frame_box(page)["width"] > 100, "another tab's shortcut leaves this panel alone"
    worker.evaluate(toggle, tab_id)
    expect(panel.get_by_role("button", name="Open the contact helper")).to_be_visible(timeout=5_000)
    assert frame_box(page)["width"] <= 60
    worker.evaluate(toggle, tab_id)
    expect(panel.get_by_test_id("och-problem-damaged")).to_be_visible(timeout=5_000)
    inner(page).evaluate("() => chrome.storage.local.clear()")



def test_the_review_note_does_not_cover_the_chat_box(page: Page, site: Any) -> None:
    site.chat_mode = "later"
    panel, _ = open_order(page)
    panel.get_by_test_id("och-problem-not_delivered").click()
    expect(panel.get_by_test_id("och-draft")).not_to_have_value("", timeout=15_000)
    panel.get_by_test_id("och-insert").click()
    expect(panel.get_by_test_id("och-status")).to_contain_text("10 minutes")
    # A held draft is not a sent one: nothing asks yet.
    expect(panel.get_by_test_id("och-sent-prompt")).to_be_hidden()
    page.evaluate("() => window.__openChat()")
    note = page.get_by_test_id("och-review-note")
    expect(note).to_be_visible(timeout=10_000)
    n = note.bounding_box()
    c = page.get_by_test_id("page-composer").bounding_box()
    assert n and c
    assert n["y"] + n["height"] <= c["y"] or n["y"] >= c["y"] + c["height"], (n, c)
    # Once it is in the chat box, the panel asks whether it was sent.
    expect(panel.get_by_test_id("och-sent-prompt")).to_be_visible(timeout=10_000)


def test_the_assumed_category_is_shown_and_changing_it_redrafts(page: Page) -> None:
    """Issue 10: the category the helper assumed, in words, with a control to change it.
    (The core gives `category`/`categories` once the advice work is merged; before that the
    control stays hidden and this test says so.)"""
    panel, _ = pick(page, "return_request")
    row = panel.get_by_test_id("och-category")
    expect(row).to_be_visible(timeout=10_000)  # the core now always says which category it assumed
    select = panel.get_by_test_id("och-category-select")
    assert select.input_value() == "general"
    expect(row).to_contain_text("assumed")
    codes = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert "food" in codes, codes  # food cannot be returned: the deadlines change
    other = "food"
    deadlines = panel.locator("#deadlines").text_content()
    draft = panel.get_by_test_id("och-draft").input_value()
    select.select_option(other)
    expect(select).to_have_value(other, timeout=10_000)
    frame = inner(page)
    frame.wait_for_function(
        "([d, t]) => document.querySelector('#deadlines').textContent !== d || document.querySelector('#draft').value !== t",
        arg=[deadlines, draft], timeout=10_000)


def test_status_in_the_interface_language_and_the_side_text_can_be_copied(page: Page) -> None:
    panel, _ = pick(page, "damaged")
    # Ozon's Russian status stays beside the English one.
    expect(panel.get_by_test_id("och-order-status")).to_have_text("· Received («Получен»)")
    panel.get_by_test_id("och-copy-side").click()
    expect(panel.get_by_test_id("och-status")).to_have_text("Translation copied.")
    copied = inner(page).evaluate("() => navigator.clipboard.readText().catch(() => null)")
    if copied is not None:  # reading the clipboard may be refused headless; the status says it was written
        assert copied == panel.get_by_test_id("och-draft-side").text_content()
    # The loading stage box is gone once the order is read.
    expect(panel.get_by_test_id("och-loading")).to_be_hidden()


def test_open_appears_where_the_page_has_the_way_and_presses_it(page: Page) -> None:
    panel, _ = pick(page, "damaged")  # first advice: the return request
    expect(panel.get_by_test_id("och-open-way")).to_be_hidden()
    # The page shows Ozon's own return button (added here: the saved pages have none).
    page.evaluate("""() => {
        window.__returnPressed = 0;
        const b = document.createElement('button');
        b.textContent = 'Вернуть товар';
        b.addEventListener('click', () => { window.__returnPressed += 1; });
        document.querySelector('main, body').prepend(b);
    }""")
    way = panel.get_by_test_id("och-open-way")
    expect(way).to_be_visible(timeout=5_000)
    expect(way).to_have_text("Open the return form")
    assert in_view(page, "och-draft", min_height=80)["ok"], "the extra button must not push the draft away"
    way.click()
    page.wait_for_function("() => window.__returnPressed === 1")
    assert page.evaluate("() => window.__sendPresses") == 0
