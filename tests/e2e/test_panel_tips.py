"""Issue 14's tips in the panel: the help-centre (FAQ) line shown when a problem is picked.

The expected link and words come from the core under CPython (py_core.tips), so the test
checks that the panel shows what the core answers, in the buyer's interface language.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from py_core.tips import tips

from .test_panel_layout import inner, pick


def faq(problem: str) -> tuple[str, dict[str, str]]:
    found = [tip for tip in tips(moment="problem_picked", problem=problem) if tip.code == "faq"]
    assert found and found[0].url, f"the core has no FAQ line for {problem}"
    return found[0].url, found[0].text


def test_picking_a_problem_shows_its_faq_line_above_the_channels(page: Page) -> None:
    panel, _meta = pick(page, "damaged")
    line = panel.get_by_test_id("och-tip-faq")
    expect(line).to_be_visible(timeout=15_000)
    url, text = faq("damaged")
    link = line.locator("a")
    expect(link).to_have_attribute("href", url)
    expect(link).to_have_attribute("target", "_blank")
    assert "noopener" in (link.get_attribute("rel") or "")
    shown = link.inner_text().strip()
    assert shown in {text["en"], text["ru"], text["zh"]}, shown
    # Above the channels: the line comes first in the answer.
    above = inner(page).evaluate(
        """() => {
          const tip = document.querySelector('[data-testid="och-tip-faq"]').getBoundingClientRect();
          const channels = document.getElementById('channels').getBoundingClientRect();
          return tip.bottom <= channels.top + 1;
        }""")
    assert above

    # Another problem: the line follows it.
    panel.locator("#change-problem").click()
    panel.get_by_test_id("och-problem-refund_missing").click()
    url2, text2 = faq("refund_missing")
    assert url2 != url
    expect(link).to_have_attribute("href", url2, timeout=15_000)
    assert link.inner_text().strip() in {text2["en"], text2["ru"], text2["zh"]}

    # Back to the first: its line again (the panel keeps each problem's tips once asked).
    panel.locator("#change-problem").click()
    panel.get_by_test_id("och-problem-damaged").click()
    expect(link).to_have_attribute("href", url, timeout=15_000)
    expect(line).to_be_visible()


def test_marking_a_contact_resolved_shows_where_to_rate(page: Page) -> None:
    panel, _meta = pick(page, "late_delivery")
    tip = panel.get_by_test_id("och-tip-rate")
    expect(tip).to_be_hidden()
    panel.get_by_test_id("och-insert").click()
    expect(panel.get_by_test_id("och-sent-prompt")).to_be_visible(timeout=10_000)
    panel.get_by_test_id("och-log-sent").click()
    entry = panel.get_by_test_id("och-log-entry").first
    expect(entry).to_have_attribute("data-status", "waiting", timeout=10_000)
    expect(tip).to_be_hidden()
    entry.get_by_test_id("och-mark-resolved").click()
    expect(tip).to_be_visible(timeout=10_000)
    text = next(t for t in tips(moment="case_resolved") if t.code == "rate").text
    assert tip.inner_text().strip() in {text["en"], text["ru"], text["zh"]}
