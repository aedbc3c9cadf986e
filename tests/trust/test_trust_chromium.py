"""Trust in real Chromium with the built extension (one browser for the whole file):

- 30+ hostile pages from the generator: no page text becomes HTML in the page or the panel,
  a pick redrafts within 1 s, Send is never pressed;
- the page's own 10 ms timer loop is not slowed by more than 10 %;
- a hostile page script gets nothing and drives nothing (six attacks);
- the whole journey (open, draft, insert, log, export) fetches nothing but the extension's
  own files, and leaves none of the recipient's data in storage or the export;
- the extension pages' CSP holds in the browser; the background refuses wrong senders.

Figures are printed (pytest -s) and asserted."""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Frame, Page, expect

from .conftest import Outside, TrustSite, ask, extension_page, js_probe, panel_of, record_requests
from .hostile_pages import RECIPIENT, HostilePage

PROBLEMS = ["damaged", "late_delivery", "refund_missing", "not_delivered"]
# The page and panel probes both trust suites run: one copy, in probes.mjs.
INJECTED, PANEL_FOREIGN_NODES, SENDS, REDRAFT_MS, CSP_TRY = (
    js_probe(name) for name in ("INJECTED", "PANEL_FOREIGN_NODES", "SENDS", "REDRAFT_MS", "CSP_TRY"))


def open_hostile(tab: Page, site: TrustSite, page: HostilePage) -> Frame:
    site.serve(page)
    tab.goto(page.url, wait_until="domcontentloaded", timeout=60_000)
    panel = panel_of(tab)
    number = panel.locator('[data-testid="och-order-number"]')
    if page.number:
        expect(number).to_have_text(page.number, timeout=90_000)
    else:
        expect(panel.locator("#order-note")).to_contain_text(
            re.compile("Not found on the page|No order found"), timeout=90_000)
        assert "number" in (panel.locator("#order-note").text_content() or "")
    return panel


def test_hostile_pages_in_chromium(tab: Page, trust_site: TrustSite, sample: list[HostilePage]) -> None:
    assert len(sample) >= 30
    figures: dict[str, Any] = {"pages": 0, "injections": 0, "injected": 0, "redraft_ms": []}
    for page in sample:
        panel = open_hostile(tab, trust_site, page)
        figures["pages"] += 1
        figures["injections"] += page.injections
        if page.number:
            # The first draft, then a pick of another problem must redraft within 1 s.
            assert tab.evaluate("() => 1") == 1
            first = panel.evaluate(REDRAFT_MS, PROBLEMS[0])
            assert first >= 0, f"{page.name}: no draft"
            redraft = panel.evaluate(REDRAFT_MS, PROBLEMS[1 + figures["pages"] % 3])
            assert 0 <= redraft <= 1000, f"{page.name} {page.traits}: redraft took {redraft:.0f} ms"
            figures["redraft_ms"].append(redraft)
            panel.locator('[data-testid="och-insert"]').click()
            expect(panel.locator('[data-testid="och-status"]')).to_contain_text("yourself", timeout=10_000)
            composer = tab.locator('[data-testid="page-composer"]').input_value()
            assert composer == panel.locator('[data-testid="och-draft"]').input_value()
        else:
            panel.locator('[data-testid="och-problem-damaged"]').click()
        page_found = tab.evaluate(INJECTED)
        panel_found = panel.evaluate(INJECTED)
        panel_nodes = panel.evaluate(PANEL_FOREIGN_NODES)
        injected = page_found[0] + page_found[1] + panel_found[0] + panel_found[1] + panel_nodes
        figures["injected"] += injected
        assert injected == 0, (page.name, page_found, panel_found, panel_nodes)
        assert tab.evaluate(SENDS) == [0, 0], page.name
    ms = figures.pop("redraft_ms")
    figures["redraft_ms_median"] = round(statistics.median(ms))
    figures["redraft_ms_max"] = round(max(ms))
    print(f"\nhostile pages in Chromium: {json.dumps(figures)}")
    assert figures["injections"] >= 30
    assert trust_site.foreign == []


def ticks_per_second(tab: Page, panel: Frame | None, seconds: float = 3.0) -> float:
    start = tab.evaluate("() => [window.__ticks, performance.now()]")
    end_at = time.monotonic() + seconds
    k = 0
    while time.monotonic() < end_at:
        if panel is not None:
            # The buyer works in the panel meanwhile: each pick asks Python for a new draft.
            panel.locator(f'[data-testid="och-problem-{PROBLEMS[k % 4]}"]').click()
            k += 1
        tab.wait_for_timeout(400)
    end = tab.evaluate("() => [window.__ticks, performance.now()]")
    return float((end[0] - start[0]) / ((end[1] - start[1]) / 1000))


def test_the_pages_own_timer_loop_is_not_slowed(tab: Page, trust_site: TrustSite,
                                                sample: list[HostilePage]) -> None:
    page = next(p for p in sample if "rewrite" in p.traits and p.number)
    trust_site.serve(page)
    with_ext: list[float] = []
    without: list[float] = []
    for _ in range(3):
        tab.goto(trust_site.control_url(page), wait_until="load")
        tab.wait_for_timeout(500)
        assert tab.locator('[data-testid="och-panel"]').count() == 0
        without.append(ticks_per_second(tab, None))
        panel = open_hostile(tab, trust_site, page)
        with_ext.append(ticks_per_second(tab, panel))
    ratio = statistics.median(with_ext) / statistics.median(without)
    print(f"\npage timer loop: {statistics.median(without):.1f} ticks/s without the extension, "
          f"{statistics.median(with_ext):.1f} with it and the buyer picking problems (ratio {ratio:.3f})")
    assert ratio >= 0.9, (with_ext, without)
    assert tab.evaluate(SENDS) == [0, 0]


ATTACKS = "\n".join(line for line in (Path(__file__).parent / "page_attacks.js").read_text(
    encoding="utf-8").splitlines() if not line.startswith("//"))

LISTEN = """() => {
  window.__heard = [];
  window.addEventListener('message', (e) => window.__heard.push({data: e.data, ports: e.ports}), true);
}"""


def test_a_hostile_page_script_gets_nothing_and_drives_nothing(
        tab: Page, trust_site: TrustSite, clean_page: HostilePage, ext_id: str) -> None:
    trust_site.serve(clean_page)
    tab.add_init_script(f"({LISTEN})()")
    panel = open_hostile(tab, trust_site, clean_page)
    panel.locator('[data-testid="och-problem-damaged"]').click()
    draft = panel.locator('[data-testid="och-draft"]')
    expect(draft).to_have_value(re.compile(re.escape(str(clean_page.number))), timeout=15_000)
    text = draft.input_value()

    results = tab.evaluate(ATTACKS, [ext_id])
    attacks = {
        "listen to every window message": results["heard"] > 0,
        "read the panel's document": results["read_document"],
        "read the draft": results["read_draft"],
        "post into the panel (connect, snapshot, insert)": results["port_answers"] > 0,
        "fake the content script's messages": results["runtime_reachable"],
        "replay an old port message": results["heard"] > 0,
    }
    # The page-made panel: it never reads an order (it has no port), and shows nothing of ours.
    own = tab.frame_locator("#page-made-panel")
    expect(own.locator('[data-testid="och-problem-damaged"]')).to_be_visible()
    attacks["frame panel.html itself"] = str(clean_page.number) in (
        own.locator("body").text_content() or "")
    # Nothing was driven: the real panel still shows the real order and draft; the forged
    # insert put nothing in the chat box; Send never pressed.
    expect(panel.locator('[data-testid="och-order-number"]')).to_have_text(str(clean_page.number))
    assert draft.input_value() == text
    assert tab.locator('[data-testid="page-composer"]').input_value() == ""
    assert "EVIL" not in (tab.locator("body").text_content() or "")
    assert tab.evaluate(SENDS) == [0, 0]
    successes = [name for name, won in attacks.items() if won]
    print(f"\nisolation in Chromium: {len(attacks)} attacks, {len(successes)} successes {successes}")
    assert successes == []


def test_the_background_refuses_requests_from_the_wrong_sender(trust_context: BrowserContext,
                                                               ext_id: str) -> None:
    options = extension_page(trust_context, ext_id)
    try:
        for request in ("draft/hold", "panel/register", "panel/hello"):
            answer = ask(options, request, {"text": "x", "until": 1, "nonce": "n" * 32})
            assert answer["ok"] is False and answer["error"]["code"] == "forbidden", (request, answer)
        assert ask(options, "settings/get")["ok"] is True
    finally:
        options.close()


def test_extension_pages_csp_blocks_inline_script_and_remote_sources(
        trust_context: BrowserContext, ext_id: str, outside: Outside) -> None:
    options = extension_page(trust_context, ext_id)
    try:
        result = options.evaluate(CSP_TRY)
    finally:
        options.close()
    assert result["inline"] == 0 and not result["fetched"], result
    assert any(v.startswith("script-src") for v in result["violations"]), result
    assert any(v.startswith(("connect-src", "default-src")) for v in result["violations"]), result
    assert outside.leaks() == [], outside.seen


def storage_dump(page: Page) -> str:
    return str(page.evaluate("""async () => JSON.stringify({
        local: await chrome.storage.local.get(null),
        session: await chrome.storage.session.get(null)})"""))


def recipient_hits(text: str) -> list[str]:
    needles = [RECIPIENT["name"], RECIPIENT["phone"], RECIPIENT["address"], "Воздвиженка", "555-01-23",
               "Аглая", "Ярославцева", "Получатель"]
    return [needle for needle in needles if needle in text]


def test_the_journey_fetches_only_the_extensions_files_and_stores_no_recipient_data(
        trust_context: BrowserContext, tab: Page, trust_site: TrustSite, clean_page: HostilePage,
        ext_id: str, outside: Outside) -> None:
    seen, listener = record_requests(trust_context)
    before = len(outside.seen)
    try:
        # open, draft, insert (which logs the contact), mark it answered, export
        panel = open_hostile(tab, trust_site, clean_page)
        panel.locator('[data-testid="och-problem-not_delivered"]').click()
        expect(panel.locator('[data-testid="och-draft"]')).to_have_value(
            re.compile(re.escape(str(clean_page.number))), timeout=15_000)
        panel.locator('[data-testid="och-insert"]').click()
        expect(panel.locator('[data-testid="och-status"]')).to_contain_text("yourself", timeout=10_000)
        options = extension_page(trust_context, ext_id)
        logged = ask(options, "log/record", {
            "order": {"number": clean_page.number, "site": "ozon.ru"}, "problem": {"code": "not_delivered"},
            "channel": "support_chat", "text": tab.locator('[data-testid="page-composer"]').input_value()})
        assert logged["ok"], logged
        exported = ask(options, "log/export")
        assert exported["ok"], exported
        dump = storage_dump(options)
        worker = trust_context.service_workers[0]
        worker_fetches = worker.evaluate("() => performance.getEntriesByType('resource').map((e) => e.name)")
        panel_fetches = panel.evaluate("() => performance.getEntriesByType('resource').map((e) => e.name)")
        options.close()
    finally:
        trust_context.remove_listener("request", listener)
    assert clean_page.number in dump, "the case is in storage"
    assert RECIPIENT["name"] in (tab.locator("body").text_content() or ""), "the page shows the recipient"
    assert trust_site.foreign == []
    assert tab.evaluate(SENDS) == [0, 0]

    own = f"chrome-extension://{ext_id}/"
    outside_requests = [u for u in seen if not u.startswith(own) and not u.startswith(clean_page.url)
                        and u not in ("https://www.ozon.ru/favicon.ico", "https://www.ozon.kz/favicon.ico")]
    outside_requests += [u for u in worker_fetches + panel_fetches if not u.startswith(own)]
    outside_requests += outside.leaks(before)
    export_text = exported["result"]["json"] + "".join(f["text"] for f in exported["result"]["markdown"])
    hits = recipient_hits(dump) + recipient_hits(export_text)
    print(f"\nthe journey: {len(seen)} requests seen, {len(outside_requests)} outside the extension "
          f"and the page; recipient data in storage/export: {len(hits)}")
    assert outside_requests == []
    assert hits == []


def test_the_content_script_takes_the_context_menu_only_from_the_background(
        tab: Page, trust_site: TrustSite, clean_page: HostilePage) -> None:
    panel = open_hostile(tab, trust_site, clean_page)
    # An extension page in the tab (here the panel itself) is not the background: refused.
    answer = panel.evaluate("""async () => {
        const hello = await chrome.runtime.sendMessage({target: 'background', type: 'panel/hello'});
        return chrome.tabs.sendMessage(hello.result.tabId, {target: 'content', type: 'context/draft',
            payload: {editable: false, selection: '99999999-0001'}});
    }""")
    assert answer["ok"] is False and answer["error"]["code"] == "forbidden", answer
    expect(panel.locator('[data-testid="och-order-number"]')).to_have_text(str(clean_page.number))
