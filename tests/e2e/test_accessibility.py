"""axe-core (npm) on the panel, inside a saved order page with a draft shown, and on the
options page: no serious or critical findings. The extension's pages allow only their own
scripts, so axe goes in through the DevTools protocol (as a console would), not a tag."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import BrowserContext, Frame, Page, expect

from .saved_site import ROOT
from .test_chromium_journey import open_order
from .test_options import options_page

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
RUN = """axe.run(document, {resultTypes: ["violations"]}).then((r) => JSON.stringify({
  href: location.href, passes: r.passes.length,
  violations: r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                               nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5)}))}))"""


def axe_findings(context: BrowserContext, target: Page | Frame) -> list[dict[str, Any]]:
    """axe's violations in `target`, after checking that axe really ran there."""
    session = context.new_cdp_session(target)
    try:
        session.send("Runtime.evaluate", {"expression": AXE})
        result = session.send("Runtime.evaluate",
                              {"expression": RUN, "awaitPromise": True, "returnByValue": True})
    finally:
        session.detach()
    if "exceptionDetails" in result:
        raise AssertionError(result["exceptionDetails"])
    report = json.loads(result["result"]["value"])
    assert report["href"] == target.url, (report["href"], target.url)
    assert report["passes"] > 10, "axe checked almost nothing"
    return report["violations"]


def serious(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["impact"] in ("serious", "critical")]


def test_the_panel_has_no_serious_accessibility_findings(context: BrowserContext,
                                                        page: Page) -> None:
    panel, _ = open_order(page)
    panel.get_by_test_id("och-problem-damaged").click()
    expect(panel.get_by_test_id("och-draft")).not_to_have_value("", timeout=15_000)
    panel.get_by_test_id("och-insert").click()
    # The "Did you send it?" question and the next steps are checked too, then the log.
    expect(panel.get_by_test_id("och-sent-prompt")).to_be_visible(timeout=10_000)
    frame = page.query_selector('[data-testid="och-panel"]').content_frame()
    assert frame is not None
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert serious(axe_findings(context, frame)) == [], scheme
    panel.get_by_test_id("och-log-sent").click()
    expect(panel.get_by_test_id("och-log-entry").first).to_be_visible(timeout=10_000)
    frame = page.query_selector('[data-testid="och-panel"]').content_frame()
    assert frame is not None
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert serious(axe_findings(context, frame)) == [], scheme


def test_the_options_page_has_no_serious_accessibility_findings(context: BrowserContext,
                                                               extension_id: str) -> None:
    options = options_page(context, extension_id)
    try:
        for scheme in ("light", "dark"):
            options.emulate_media(color_scheme=scheme)
            assert serious(axe_findings(context, options)) == [], scheme
    finally:
        options.close()


def test_axe_finds_what_it_should(context: BrowserContext, page: Page) -> None:
    """The check can fail: a button with no name on the page is a critical finding."""
    page.goto("https://www.ozon.ru/my/orderdetails/?order=46206571-0591")
    page.evaluate("() => document.body.append(document.createElement('button'))")
    assert any(f["id"] == "button-name" for f in serious(axe_findings(context, page)))
