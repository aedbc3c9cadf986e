"""Data that survives, in real Chromium with the built extension on one profile:

- 1,000 contacts logged from 5 tabs at once are all there after the browser is closed and
  reopened, and after the extension reloads;
- export -> delete all -> import gives back exactly the same cases;
- a hostile import (50 MB, web page code in fields, the wrong schema) is refused whole with
  a clear message, and nothing changes;
- a corrupted record is quarantined with its reason and the rest load;
- a write the browser refuses (the storage quota) is reported and retried: nothing dropped.

The contacts are logged with the background's own `log/record` request from extension
pages (as the panel's Sent button does)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e.conftest import EXTENSION
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from .conftest import Outside, TrustSite, ask, extension_id_of, extension_page, launch, panel_of
from .hostile_pages import make_page

TABS = 5
PER_TAB = 200
ORDERS_PER_TAB = 20

LOG_MANY = """async ([tab, count, orders]) => {
  const jobs = [];
  for (let i = 0; i < count; i++) {
    const number = `${String(40000000 + tab * 100 + (i % orders)).padStart(8, '0')}-0001`;
    jobs.push(chrome.runtime.sendMessage({target: 'background', type: 'log/record', payload: {
      order: {number, site: 'ozon.ru'}, problem: {code: 'not_delivered'}, channel: 'support_chat',
      text: `Здравствуйте! Заказ № ${number}. Contact ${tab}-${i}: 你好 <b>не HTML</b>`}}));
  }
  const answers = await Promise.all(jobs);
  return answers.map((a) => a.ok ? 'ok' : a.error.message);
}"""


def all_texts(page: Page) -> list[str]:
    listing = ask(page, "log/list")
    assert listing["ok"], listing
    return [a["text"] for item in listing["result"]["cases"] for a in item["case"]["attempts"]]


def expected_texts() -> set[str]:
    out = set()
    for tab in range(TABS):
        for i in range(PER_TAB):
            number = f"{40000000 + tab * 100 + (i % ORDERS_PER_TAB):08d}-0001"
            out.add(f"Здравствуйте! Заказ № {number}. Contact {tab}-{i}: 你好 <b>не HTML</b>")
    return out


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("trust-storage-profile")


@pytest.fixture(scope="module")
def storage_site() -> TrustSite:
    return TrustSite()


@pytest.fixture(scope="module")
def extension_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built extension, copied where a test may update it (the same path keeps its id)."""
    if not (EXTENSION / "manifest.json").exists():
        pytest.fail("dist/chrome is missing: run `python build.py` first")
    target = tmp_path_factory.mktemp("trust-extension") / "chrome"
    shutil.copytree(EXTENSION, target)
    return target


@pytest.fixture(scope="module")
def browser(playwright: Playwright, profile: Path, outside: Outside, storage_site: TrustSite,
            extension_copy: Path) -> Iterator[dict[str, Any]]:
    """The browser on the module's profile; tests may close and reopen it."""

    def start() -> BrowserContext:
        return launch(playwright, profile, outside, storage_site, extension_copy)

    holder: dict[str, Any] = {"ctx": start()}
    holder["reopen"] = lambda: holder.__setitem__("ctx", start())
    holder["extension"] = extension_copy
    yield holder
    holder["ctx"].close()


def ext(ctx: BrowserContext) -> str:
    return extension_id_of(ctx)


def test_1000_contacts_from_5_tabs_survive_closing_the_browser_and_an_update(browser: dict[str, Any]) -> None:
    ctx: BrowserContext = browser["ctx"]
    ext_id = ext(ctx)
    tabs = [extension_page(ctx, ext_id) for _ in range(TABS)]
    started = time.monotonic()
    # Start all five at once, then collect: the tabs log concurrently.
    for n, tab in enumerate(tabs):
        tab.evaluate(f"() => {{ window.__logged = ({LOG_MANY})([{n}, {PER_TAB}, {ORDERS_PER_TAB}]); }}")
    results = [tab.evaluate("() => window.__logged") for tab in tabs]
    written = sum(r == "ok" for rs in results for r in rs)
    failures = [r for rs in results for r in rs if r != "ok"]
    elapsed = time.monotonic() - started
    assert failures == [], failures[:3]
    assert written == TABS * PER_TAB == 1000
    assert sorted(all_texts(tabs[0])) == sorted(expected_texts())
    for tab in tabs:
        tab.close()

    # Close the browser, open it again on the same profile.
    ctx.close()
    browser["reopen"]()
    ctx = browser["ctx"]
    page = extension_page(ctx, ext(ctx))
    after_reopen = all_texts(page)
    assert sorted(after_reopen) == sorted(expected_texts()), "lost on closing the browser"

    page.close()

    # Update the extension: the same extension, a newer version, on the same profile.
    ctx.close()
    manifest_path = browser["extension"] / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["version"] = "99.0.0"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    browser["reopen"]()
    ctx = browser["ctx"]
    page = extension_page(ctx, ext(ctx))
    assert page.evaluate("() => chrome.runtime.getManifest().version") == "99.0.0"
    reloaded = all_texts(page)
    page.close()
    lost = len(expected_texts() - set(reloaded))
    print(f"\n1,000 contacts from {TABS} tabs: {written} written in {elapsed:.0f} s; lost after "
          f"closing the browser: {1000 - len(set(after_reopen))}, after updating the extension: {lost}")
    assert lost == 0 and len(reloaded) == 1000


def test_export_delete_import_gives_back_the_same_data_and_hostile_imports_are_refused(
        browser: dict[str, Any]) -> None:
    ctx: BrowserContext = browser["ctx"]
    page = extension_page(ctx, ext(ctx))
    if not all_texts(page):
        ask(page, "log/record", {"order": {"number": "40009999-0001"}, "problem": {"code": "damaged"},
                                 "channel": "support_chat", "text": "Здравствуйте!"})
    first = ask(page, "log/export")
    assert first["ok"], first
    before = json.loads(first["result"]["json"])
    assert before["cases"]

    refused = {}
    # 50 MB made in the page (as the options page would read a file), not sent from here.
    refused["50 MB"] = page.evaluate("""() => chrome.runtime.sendMessage({target: 'background',
        type: 'log/import', payload: {text: '{"format": "ozon-contact-helper-export", "cases": ['
        + ' '.repeat(50 * 1024 * 1024) + ']}'}})""")
    html = json.loads(first["result"]["json"])
    html["cases"][0]["order"]["sellers"] = ['<img src=x onerror="alert(1)">']
    refused["web page code"] = ask(page, "log/import", {"text": json.dumps(html)})
    wrong = json.loads(first["result"]["json"])
    wrong["cases"][-1]["attempts"] = "many"
    refused["wrong schema"] = ask(page, "log/import", {"text": json.dumps(wrong)})
    refused["not an export"] = ask(page, "log/import", {"text": json.dumps({"cases": "x"})})
    for name, answer in refused.items():
        assert answer["ok"] is False, name
        assert "Nothing was imported" in answer["error"]["message"] or "not an Ozon Contact Helper export" in answer["error"]["message"], (name, answer)
    unchanged = json.loads(ask(page, "log/export")["result"]["json"])
    assert unchanged["cases"] == before["cases"], "a refused import changed nothing"

    assert ask(page, "log/delete-all")["ok"]
    assert all_texts(page) == []
    imported = ask(page, "log/import", {"text": first["result"]["json"]})
    assert imported["ok"], imported
    after = json.loads(ask(page, "log/export")["result"]["json"])
    assert after["cases"] == before["cases"]
    assert after["settings"] == before["settings"]
    print(f"\nexport -> delete all -> import: {len(after['cases'])} cases back, identical; "
          f"hostile imports refused: {len(refused)} of {len(refused)}")
    page.close()


def test_a_corrupted_record_is_quarantined_and_the_rest_load(browser: dict[str, Any]) -> None:
    ctx: BrowserContext = browser["ctx"]
    page = extension_page(ctx, ext(ctx))
    good = len(all_texts(page))
    assert good > 0
    exported = json.loads(ask(page, "log/export")["result"]["json"])
    newer = {**exported["cases"][0], "id": "from-the-future", "schema_version": 99}
    page.evaluate("""(newer) => chrome.storage.local.set({
        'case:garbage': 'not a case at all',
        'case:half': {id: 'half', order: {number: 'x'}},
        'case:from-the-future': newer})""", newer)
    listing = ask(page, "log/list")
    assert listing["ok"], listing
    quarantined = {q["key"]: q["reason"] for q in listing["result"]["quarantined"]}
    assert set(quarantined) == {"case:garbage", "case:half", "case:from-the-future"}
    assert "newer version" in quarantined["case:from-the-future"]
    assert listing["result"]["unreadable"] == 3
    assert len(all_texts(page)) == good, "the rest load"
    stored = page.evaluate("() => chrome.storage.local.get(null)")
    assert "case:garbage" not in stored and stored["quarantine:case:garbage"]["record"] == "not a case at all"
    # Quarantined once: later loads do not move them again, and still say how many there are.
    again = ask(page, "log/list")["result"]
    assert again["quarantined"] == [] and again["unreadable"] == 3
    page.evaluate("""() => chrome.storage.local.remove(
        ['quarantine:case:garbage', 'quarantine:case:half', 'quarantine:case:from-the-future'])""")
    page.close()


def test_a_write_the_browser_refuses_is_reported_and_retried(browser: dict[str, Any]) -> None:
    ctx: BrowserContext = browser["ctx"]
    page = extension_page(ctx, ext(ctx))
    # Fill chrome.storage.local up to its quota (10 MB without unlimitedStorage).
    used = page.evaluate("() => chrome.storage.local.getBytesInUse(null)")
    quota = page.evaluate("() => chrome.storage.local.QUOTA_BYTES")
    page.evaluate("(n) => chrome.storage.local.set({filler: 'x'.repeat(n)})", quota - used - 2000)
    payload = {"order": {"number": "40008888-0001"}, "problem": {"code": "refund_missing"},
               "channel": "support_chat", "text": "Здравствуйте! Где мой возврат? " + "ж" * 3000}
    answer = ask(page, "log/record", payload)
    assert answer["ok"] is False and answer["error"]["code"] == "storage-failed", answer
    message = answer["error"]["message"]
    assert "kept" in message and "saved as soon as" in message
    # Not dropped: the log still shows it, and says it is not saved yet.
    listing = ask(page, "log/list", {"orderNumber": "40008888-0001"})["result"]
    assert len(listing["cases"]) == 1 and listing["unsaved"] == 1
    stored = page.evaluate("() => chrome.storage.local.get(null)")
    assert not any(v.get("order", {}).get("number") == "40008888-0001"
                   for k, v in stored.items() if k.startswith("case:"))
    # Room again: the retry writes it.
    page.evaluate("() => chrome.storage.local.remove('filler')")
    deadline = time.monotonic() + 20
    saved = False
    while time.monotonic() < deadline and not saved:
        time.sleep(0.5)
        stored = page.evaluate("() => chrome.storage.local.get(null)")
        saved = any(v.get("order", {}).get("number") == "40008888-0001"
                    for k, v in stored.items() if k.startswith("case:"))
    assert saved, "the refused write was retried"
    assert ask(page, "log/list", {"orderNumber": "40008888-0001"})["result"]["unsaved"] == 0
    print("\na refused write: reported to the caller, kept, and saved by the retry once there was room")
    page.close()


def test_a_refused_write_is_reported_in_the_panel(browser: dict[str, Any], storage_site: TrustSite) -> None:
    ctx: BrowserContext = browser["ctx"]
    order_page = storage_site.serve(make_page(11, clean=True))
    options = extension_page(ctx, ext(ctx))
    used = options.evaluate("() => chrome.storage.local.getBytesInUse(null)")
    quota = options.evaluate("() => chrome.storage.local.QUOTA_BYTES")
    options.evaluate("(n) => chrome.storage.local.set({filler: 'x'.repeat(n)})", quota - used - 500)
    tab = ctx.new_page()
    try:
        tab.goto(order_page.url, wait_until="domcontentloaded")
        panel = panel_of(tab, timeout=60_000)
        expect(panel.locator('[data-testid="och-order-number"]')).to_have_text(str(order_page.number), timeout=90_000)
        panel.locator('[data-testid="och-problem-damaged"]').click()
        expect(panel.locator('[data-testid="och-draft"]')).not_to_have_value("", timeout=15_000)
        panel.locator('[data-testid="och-insert"]').click()
        # The contact is logged on Insert, or on "Sent" where the panel asks for it.
        sent = panel.locator('[data-testid="och-log-sent"]')
        if sent.count():
            expect(sent).to_be_visible(timeout=10_000)
            sent.click()
        expect(panel.locator('[data-testid="och-status"]')).to_contain_text("refused to save", timeout=15_000)
        assert tab.evaluate("() => [window.__sendPresses, window.__enterPresses]") == [0, 0]
    finally:
        options.evaluate("() => chrome.storage.local.remove('filler')")
        tab.close()
    deadline = time.monotonic() + 20
    saved = False
    while time.monotonic() < deadline and not saved:
        time.sleep(0.5)
        stored = options.evaluate("() => chrome.storage.local.get(null)")
        saved = any(v.get("order", {}).get("number") == order_page.number
                    for k, v in stored.items() if k.startswith("case:"))
    options.close()
    assert saved, "the contact the panel logged was saved once there was room"
