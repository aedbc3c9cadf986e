"""Chromium's driver for the shared journeys (tests/e2e/journeys/*.json): every journey,
for each test chat it names, in the one Chromium of the session with the built extension.
Firefox's driver (journeys.firefox.test.mjs) runs the same files; a step either driver
does not know fails the journey."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, FrameLocator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import Site, panel_frame
from .journeys import PREFILLED, lines, load_journeys
from .saved_site import ROOT, fixture_index

FIXTURES = ROOT / "tests" / "fixtures"
CHAT_PAGE = "https://www.ozon.ru/__och_test__/chat"
EXPORT = "() => chrome.runtime.sendMessage({target: 'background', type: 'log/export', payload: {}}).then((a) => a.result.json)"
CHAT_HOLDS = ("(want) => !!window.__editor && window.__editor.text().trim().split('\\n')"
              ".map((l) => l.trim()).join('\\n') === want")
REMINDER_SHOWN = """async (id) => {
  for (let i = 0; i < 100; i++) {
    if (id in await chrome.notifications.getAll()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Object.keys(await chrome.notifications.getAll());
}"""


class ChromiumDriver:
    """One journey's state: the tab it works in, the panel, the order it read, the last
    draft; one method a step."""

    def __init__(self, context: BrowserContext, site: Site, extension_id: str, chat: str,
                 tmp_path: Path) -> None:
        self.context, self.site, self.extension_id, self.chat = context, site, extension_id, chat
        self.tmp_path = tmp_path
        self.tabs: list[Page] = []
        self.page: Page | None = None
        self.frame: FrameLocator | None = None
        self.meta: dict[str, Any] = {}
        self.draft = ""
        self.exported = ""
        self.options_tab: Page | None = None

    # -- what the steps share
    @property
    def tab(self) -> Page:
        assert self.page is not None, "the journey opens a page first"
        return self.page

    @property
    def panel(self) -> FrameLocator:
        assert self.frame is not None, "the journey opens a page first"
        return self.frame

    @property
    def options(self) -> Page:
        assert self.options_tab is not None, "the journey opens the options page first"
        return self.options_tab

    def fill(self, value: str) -> str:
        number = str(self.meta.get("expect", {}).get("number", ""))
        return value.replace("{number}", number).replace("{draft}", self.draft).replace(
            "{prefilled}", PREFILLED)

    def run(self, step: dict[str, Any]) -> None:
        args = {key: self.fill(value) if isinstance(value, str) else value
                for key, value in step.items() if key != "do"}
        action = getattr(self, f"step_{step['do']}", None)
        if action is None:
            pytest.fail(f"Chromium's driver has no step {step['do']!r}")
        action(**args)

    def close(self) -> None:
        for tab in [*self.tabs, self.options_tab]:
            if tab is not None and not tab.is_closed():
                tab.close()

    def wait_for_order(self) -> None:
        self.frame = panel_frame(self.tab)
        expect(self.panel.get_by_test_id("och-order-number")).to_have_text(
            self.meta["expect"]["number"], timeout=60_000)

    def read_draft(self) -> str:
        self.draft = self.panel.get_by_test_id("och-draft").input_value()
        return self.draft

    def import_file(self, path: Path) -> None:
        self.options.get_by_test_id("och-import").set_input_files(str(path))
        # The first request may start the Python engine: allow for a cold boot.
        expect(self.options.get_by_test_id("och-data-status")).to_contain_text("Imported",
                                                                               timeout=60_000)

    # -- the steps (tests/e2e/journeys/README.md)
    def step_open(self, page: str, chat_mode: str = "open") -> None:
        self.site.chat, self.site.chat_mode = self.chat, chat_mode
        self.meta = fixture_index()[page]
        self.page = self.context.new_page()
        self.tabs.append(self.page)
        self.page.goto(self.meta["url"])
        self.wait_for_order()
        if chat_mode in ("open", "prefilled", "contenteditable"):
            self.page.wait_for_function("() => !!window.__editor")

    def step_reload(self) -> None:
        self.tab.reload()
        self.wait_for_order()

    def step_pick(self, problem: str) -> None:
        button = self.panel.get_by_test_id(f"och-problem-{problem}")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        draft = self.panel.get_by_test_id("och-draft")
        if self.draft:
            expect(draft).not_to_have_value(self.draft, timeout=15_000)
        expect(draft).to_have_value(re.compile(re.escape(self.meta["expect"]["number"])),
                                    timeout=15_000)
        self.read_draft()

    def step_expect_draft(self, contains: str = "", matches: str = "",
                          multiline: bool = False) -> None:
        draft = self.panel.get_by_test_id("och-draft")
        for pattern in (re.escape(contains), matches):
            if pattern:
                expect(draft).to_have_value(re.compile(pattern, re.IGNORECASE), timeout=15_000)
        text = self.read_draft()
        assert not multiline or "\n" in text, f"a draft of several lines: {text!r}"

    def step_expect_side(self, contains: str) -> None:
        expect(self.panel.get_by_test_id("och-draft-side")).to_contain_text(contains)

    def step_expect_advice(self, channels: int, deadlines: int = 0) -> None:
        for selector, least in (("#channels li", channels), ("#deadlines li", deadlines)):
            if least:
                expect(self.panel.locator(selector).nth(least - 1)).to_be_attached()

    def step_choose_channel(self, channel: str) -> None:
        button = self.panel.get_by_test_id(f"och-channel-{channel}")
        expect(button).to_be_visible(timeout=15_000)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(self.panel.get_by_test_id("och-draft")).not_to_have_value(self.draft, timeout=10_000)
        self.read_draft()

    def step_insert(self) -> None:
        self.panel.get_by_test_id("och-insert").click()

    def step_expect_status(self, contains: str) -> None:
        expect(self.panel.get_by_test_id("och-status")).to_contain_text(contains, timeout=10_000)

    def step_expect_replace_question(self) -> None:
        expect(self.panel.get_by_role("alertdialog")).to_be_visible()
        self.tab.wait_for_timeout(200)

    def step_confirm_replace(self) -> None:
        self.panel.get_by_role("button", name=re.compile("Replace")).click()

    def step_expect_chat(self, holds: str) -> None:
        want = lines(holds)
        try:
            self.tab.wait_for_function(CHAT_HOLDS, arg=want, timeout=10_000)
        except PlaywrightTimeout:
            seen = self.tab.evaluate("() => window.__editor && window.__editor.text()")
            pytest.fail(f"the {self.chat} chat box holds {seen!r}, not {want!r}")

    def step_expect_caret_at_end(self) -> None:
        assert self.tab.evaluate("() => window.__editor.caretAtEnd()") is True, \
            "the caret ends after the text"

    def step_undo_in_chat(self) -> None:
        self.tab.evaluate("() => window.__editor.undo()")

    def step_expect_no_send(self) -> None:
        assert self.tab.evaluate("() => [window.__sendPresses, window.__enterPresses]") == [0, 0]

    def step_expect_no_foreign_requests(self) -> None:
        assert self.site.foreign_requests == []

    def step_open_chat(self) -> None:
        self.tab.evaluate("() => window.__openChat()")

    def step_go_to_chat_page(self, chat_mode: str) -> None:
        self.site.chat_mode = chat_mode
        self.tab.goto(CHAT_PAGE)

    def step_expect_review_note(self) -> None:
        expect(self.tab.get_by_test_id("och-review-note")).to_be_visible(timeout=20_000)

    def step_expect_sent_prompt(self) -> None:
        expect(self.panel.get_by_test_id("och-sent-prompt")).to_be_visible(timeout=10_000)

    def step_log_sent(self) -> None:
        self.panel.get_by_test_id("och-log-sent").click()

    def step_mark_answered(self) -> None:
        self.panel.get_by_test_id("och-log-entry").first.get_by_test_id("och-mark-answered").click()

    def step_expect_log(self, count: int, status: str = "") -> None:
        entries = self.panel.get_by_test_id("och-log-entry")
        expect(entries).to_have_count(count, timeout=10_000)
        if status:
            expect(entries.first).to_have_attribute("data-status", status, timeout=10_000)

    def step_escalate(self) -> None:
        entry = self.panel.locator('[data-testid="och-log-entry"][data-overdue="true"]')
        expect(entry).to_have_count(1, timeout=10_000)
        entry.get_by_test_id("och-escalate").click()

    def step_open_options(self) -> None:
        self.options_tab = self.context.new_page()
        self.options_tab.goto(f"chrome-extension://{self.extension_id}/options/options.html")
        expect(self.options_tab.locator("#cases[data-loaded]")).to_be_attached()

    def step_close_options(self) -> None:
        self.options.close()

    def step_expect_options_case(self, order: str) -> None:
        expect(self.options.locator(f'[data-testid="och-case"][data-order="{order}"]')).to_be_visible()

    def step_expect_options_cases(self, count: int) -> None:
        expect(self.options.get_by_test_id("och-case")).to_have_count(count)

    def step_export_log(self) -> None:
        self.exported = str(self.options.evaluate(EXPORT))
        number = self.meta["expect"]["number"]
        assert any(c["order"]["number"] == number for c in json.loads(self.exported)["cases"])

    def step_delete_everything(self) -> None:
        self.options.get_by_test_id("och-delete").click()
        self.options.get_by_test_id("och-delete-confirm").click()

    def step_import_export(self) -> None:
        saved = self.tmp_path / "export.json"
        saved.write_text(self.exported, encoding="utf-8")
        self.import_file(saved)

    def step_expect_log_as_exported(self) -> None:
        def by_id(export: str) -> list[dict[str, Any]]:
            return sorted(json.loads(export)["cases"], key=lambda c: str(c["id"]))
        assert by_id(str(self.options.evaluate(EXPORT))) == by_id(self.exported), \
            "nothing lost, nothing changed"

    def step_import_file(self, file: str) -> None:
        self.import_file(FIXTURES / file)

    def step_expect_reminder(self, file: str) -> None:
        case_id = json.loads((FIXTURES / file).read_text(encoding="utf-8"))["cases"][0]["id"]
        worker = self.context.service_workers[0]
        shown = worker.evaluate(REMINDER_SHOWN, f"och|{case_id}|A1")
        assert shown is True, f"no reminder for {case_id}: {shown}"


JOURNEYS = load_journeys()


@pytest.fixture
def driver(context: BrowserContext, site: Site, extension_id: str, request: pytest.FixtureRequest,
           tmp_path: Path) -> Iterator[ChromiumDriver]:
    _, _, chat = request.param
    journey = ChromiumDriver(context, site, extension_id, chat, tmp_path)
    yield journey
    journey.close()


@pytest.mark.parametrize("driver", JOURNEYS, ids=[run[0] for run in JOURNEYS], indirect=True)
def test_journey(driver: ChromiumDriver, request: pytest.FixtureRequest) -> None:
    _, journey, _ = request.node.callspec.params["driver"]
    for number, step in enumerate(journey["steps"], 1):
        try:
            driver.run(step)
        except BaseException as err:
            err.add_note(f"at step {number}: {json.dumps(step, ensure_ascii=False)}")
            raise
