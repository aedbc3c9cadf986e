"""Issue 13 in Chromium: a pick carries only the buyer's choices, a Sent contact is logged
with every detail the buyer chose and the saved name and tone, and the escalation the
background drafts for the case names what the first draft named."""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from .test_chromium_journey import open_order
from .test_options import options_page

PAGE = "orderdetails_several_sellers.html"
FAULT = "порван корешок"

# Every message the panel sends, with its size in bytes (JSON, UTF-8): runtime messages, and
# py_core requests over the panel's own line to Python (panel/python_line.js), and the order
# and profile sent over that line, recorded as "line/context".
RECORD_MESSAGES = """() => {
  window.__sent = [];
  const size = (message) => new TextEncoder().encode(JSON.stringify(message)).length;
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  chrome.runtime.sendMessage = (message, ...rest) => {
    window.__sent.push({type: message.type, payload: message.payload, bytes: size(message)});
    return send(message, ...rest);
  };
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (message, ...rest) {
    if (message?.method === "call") {
      window.__sent.push({type: `core/${message.payload.request}`, payload: message.payload.payload,
                          bytes: size(message), line: true});
    } else if (message?.method === "context") {
      window.__sent.push({type: "line/context", payload: message.payload, bytes: size(message), line: true});
    }
    return post.call(this, message, ...rest);
  };
}"""


def ask(page: Page, request: str, payload: Any = None) -> Any:
    answer = page.evaluate(
        "([type, payload]) => chrome.runtime.sendMessage({target: 'background', type, payload})",
        [request, payload or {}],
    )
    assert answer["ok"], answer
    return answer["result"]


def test_the_escalation_names_what_the_first_draft_named(
    context: BrowserContext, page: Page, extension_id: str
) -> None:
    context.service_workers[0].evaluate("() => chrome.storage.local.clear()")  # an empty log
    options = options_page(context, extension_id)
    ask(options, "settings/set", {"name": "Ли Вэй", "tone": "neutral"})
    try:
        page.bring_to_front()  # the options page opened after it; the order is the tab in use
        panel, meta = open_order(page, PAGE)
        frame = page.frame(url=re.compile(r"/panel/panel\.html"))
        assert frame is not None
        frame.evaluate(RECORD_MESSAGES)
        chip = panel.get_by_test_id("och-problem-damaged")
        chip.click()
        expect(chip).to_have_attribute("aria-pressed", "true", timeout=5_000)
        draft = panel.get_by_test_id("och-draft")
        try:
            expect(draft).to_have_value(re.compile(str(meta["expect"]["number"])), timeout=30_000)
        except AssertionError as exc:  # say what the panel asked, and what it shows
            status = panel.get_by_test_id("och-status").text_content()
            raise AssertionError(
                f"{status!r}; sent {frame.evaluate('() => window.__sent')}"
            ) from exc
        panel.get_by_test_id("och-channel-support_chat").click()
        expect(draft).to_have_value(re.compile("Добрый день"), timeout=10_000)
        items = panel.locator('[data-testid="och-question-item"] button')
        expect(items).to_have_count(2)
        item = str(items.nth(1).get_attribute("data-value"))
        items.nth(1).click()
        expect(draft).to_have_value(re.compile(re.escape(item)), timeout=10_000)
        panel.locator(
            '[data-testid="och-question-noticed"] button[data-value="at_unboxing"]'
        ).click()
        expect(draft).to_have_value(re.compile("при распаковке"), timeout=10_000)
        fault = panel.locator('[data-testid="och-question-fault"] input')
        fault.fill(FAULT)
        fault.press("Tab")
        expect(draft).to_have_value(re.compile(FAULT), timeout=10_000)
        first = draft.input_value()
        assert "Ли Вэй" in first, first
        # The Python host closes when idle; the order the panel no longer sends is not lost.
        closed = options.evaluate(
            "() => chrome.runtime.sendMessage({target: 'python-host-admin', type: 'host/close'})"
        )
        assert closed["ok"] and closed["result"]["closed"], closed
        draft.fill("")
        panel.get_by_test_id("och-channel-support_chat").click()
        expect(draft).to_have_value(first, timeout=60_000)

        panel.get_by_test_id("och-insert").click()
        expect(panel.get_by_test_id("och-status")).to_contain_text("yourself", timeout=10_000)
        panel.get_by_test_id("och-log-sent").click()
        expect(panel.get_by_test_id("och-log-entry")).to_have_count(1, timeout=10_000)

        sent = frame.evaluate("() => window.__sent")
        picks = [m for m in sent if m["type"] in ("core/advise", "core/draft", "log/record")]
        assert picks, sent
        for message in picks:
            assert "order" not in message["payload"], message
        print("bytes per pick:", json.dumps([(m["type"], m["bytes"]) for m in picks]))
        assert max(m["bytes"] for m in picks if m["type"] == "core/advise") < 400
        assert sum(1 for m in sent if m["type"] == "log/record") == 1

        number = str(meta["expect"]["number"])
        listing = ask(options, "log/list", {"orderNumber": number})
        [logged] = [
            c["case"] for c in listing["cases"] if c["case"]["problem"]["code"] == "damaged"
        ]
        assert logged["problem"]["item"] == item and logged["problem"]["fault"] == FAULT
        assert logged["problem"]["noticed"] == "at_unboxing"
        assert logged["profile"] == {"name": "Ли Вэй", "tone": "neutral"}

        # To the channel of the first message (a return comment has no greeting or signature).
        escalation = ask(
            options,
            "log/escalation",
            {"caseId": logged["id"], "lang": "zh", "channel": "support_chat"},
        )
        body = escalation["ru"]["body"]
        for named in (item, "при распаковке", FAULT, "Ли Вэй", "Добрый день", number):
            assert named in first, named
            assert named in body, (named, body)
        claim = ask(options, "claim/get", {"caseId": logged["id"], "lang": "en"})["claim"]
        text = claim["documents"][0]["ru"]["text"]
        assert item in text and "Ли Вэй" in text, text
    finally:
        ask(options, "settings/set", {"name": "", "tone": "formal"})
        options.close()
