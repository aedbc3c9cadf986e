"""An overdue contact: its reminder fires as a browser notification, the panel marks it
overdue and drafts the escalation. The contact is dated two days back (an imported log),
which is the clock moved forward as far as the extension can tell."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from py_core._html_snapshot import snapshot_from_html
from py_core.bridge import handle

from .saved_site import PAGES, fixture_index
from .test_chromium_journey import open_order
from .test_options import options_page

PAGE = "orderdetails_several_sellers.html"


def call(request: str, payload: dict[str, object]) -> dict[str, object]:
    answer = json.loads(handle(request, json.dumps(payload)))
    assert answer["ok"], answer
    return answer["result"]


def overdue_export() -> dict[str, object]:
    meta = fixture_index()[PAGE]
    html = (PAGES / PAGE).read_text(encoding="utf-8")
    order = call("extract", {"snapshot": snapshot_from_html(html, url=meta["url"])})["order"]
    then = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    kase = call("case_new", {"order": order, "problem": {"code": "wrong_item"}, "now": then})
    recorded = call("case_record", {"case": kase, "channel": "seller_chat",
                                    "text": "Здравствуйте! Пришёл не тот товар.", "now": then})
    return {"format": "ozon-contact-helper-export", "version": 1, "settings": {},
            "cases": [recorded["case"]]}


def test_an_overdue_contact_reminds_and_escalates(context: BrowserContext, page: Page,
                                                 extension_id: str, tmp_path: Path) -> None:
    export = overdue_export()
    case_id = export["cases"][0]["id"]  # type: ignore[index]
    saved = tmp_path / "overdue.json"
    saved.write_text(json.dumps(export), encoding="utf-8")
    options = options_page(context, extension_id)
    try:
        options.get_by_test_id("och-import").set_input_files(str(saved))
        # The first request may start the Python engine: allow for a cold boot.
        expect(options.get_by_test_id("och-data-status")).to_contain_text("Imported 1 case.",
                                                                          timeout=60_000)
    finally:
        options.close()

    worker = context.service_workers[0]
    worker.evaluate("""async () => {
        for (let i = 0; i < 100; i++) {
            const shown = await chrome.notifications.getAll();
            if (Object.keys(shown).some((id) => id.startsWith('och|'))) return;
            await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('no reminder notification');
    }""")
    shown = worker.evaluate("() => chrome.notifications.getAll()")
    assert f"och|{case_id}|A1" in shown

    panel, meta = open_order(page, PAGE)
    entry = panel.locator('[data-testid="och-log-entry"][data-overdue="true"]')
    expect(entry).to_have_count(1, timeout=10_000)
    entry.get_by_test_id("och-escalate").click()
    draft = panel.get_by_test_id("och-draft")
    expect(draft).to_have_value(re.compile(re.escape(str(meta["expect"]["number"]))),
                                timeout=10_000)
