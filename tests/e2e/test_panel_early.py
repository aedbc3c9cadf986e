"""The panel frame loads while the page is still being parsed (issue 9, M3).

On Ozon a page's own scripts hold its DOMContentLoaded back for a long time. The content
script makes the panel frame at document_start, so the frame's own load (~60-110 ms) is
done by the time the page is parsed, and the order shows right after the page is ready.
Here the saved order page gets a parser-blocking script answered 1.5 s late; the panel
must have been made, and have loaded, before the page's DOMContentLoaded, and then show
the order.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, Route, expect

from .conftest import panel_frame
from .saved_site import fixture_index, respond

SLOW_MS = 1500
ORDER_PAGE = "orderdetails_one_parcel.html"
LATE_SCRIPT = "/__och_test__/late.js"

TIMES_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return {origin: performance.timeOrigin, dcl: performance.timeOrigin + nav.domContentLoadedEventStart};
}"""


def test_the_panel_loads_while_a_slow_page_is_parsed(page: Page) -> None:
    meta = fixture_index()[ORDER_PAGE]
    held: list[Route] = []

    saved = respond(meta["url"], "none")
    assert saved is not None
    html = saved.body.replace("</body>", f'<script src="{LATE_SCRIPT}"></script></body>')

    def order_page(route: Route) -> None:
        route.fulfill(status=200, content_type=saved.content_type, body=html, headers=saved.headers)

    page.route(meta["url"], order_page)
    page.route(f"**{LATE_SCRIPT}", lambda route: held.append(route))  # answered SLOW_MS late
    page.goto(meta["url"], wait_until="commit")
    page.wait_for_timeout(SLOW_MS)
    assert len(held) == 1, "the page never asked for its late script"
    held[0].fulfill(status=200, content_type="text/javascript", body="/* a page script that came late */")
    panel = panel_frame(page)
    expect(panel.get_by_test_id("och-order-number")).to_have_text(meta["expect"]["number"], timeout=60_000)

    times = page.evaluate(TIMES_JS)
    handle = page.query_selector('[data-testid="och-panel"]')
    frame = handle.content_frame() if handle else None
    assert frame is not None
    panel_times: dict[str, Any] = frame.evaluate(TIMES_JS)
    # The page was held SLOW_MS; its panel was made, and had loaded, well before that.
    assert times["dcl"] - times["origin"] >= SLOW_MS * 0.9
    assert panel_times["origin"] < times["dcl"] - 500, (panel_times, times)
    assert panel_times["dcl"] < times["dcl"], (panel_times, times)
