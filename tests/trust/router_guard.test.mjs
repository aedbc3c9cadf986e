// The background's sender rule (extension/background/router.js: senderKind, mayAsk) for
// every request in the message map, and for requests other helpers may add. The browsers
// check the same rule end to end (test_trust_chromium.py, trust.firefox.test.mjs); this
// pins it down request by request.
// Run: node --test tests/trust/router_guard.test.mjs
import assert from "node:assert/strict";
import { describe, it } from "node:test";

const ID = "abcdefghijklmnopabcdefghijklmnop";
const OWN = `chrome-extension://${ID}/`;
// The router reads only chrome.runtime.id and getURL when it classifies a sender.
globalThis.chrome = { runtime: { id: ID, getURL: (path) => OWN + path } };
const { mayAsk, senderKind } = await import("../../extension/background/router.js");
const { REQUESTS } = await import("../../extension/shared/messages.js");

const tab = { id: 7 };
const SENDERS = {
  content: { id: ID, tab, frameId: 0, url: "https://www.ozon.ru/my/orderdetails/?order=12345678-0001" },
  panel: { id: ID, tab, frameId: 3, url: `${OWN}panel/panel.html` },
  options: { id: ID, tab, frameId: 0, url: `${OWN}options/options.html` },
  offscreen: { id: ID, url: `${OWN}offscreen/offscreen.html` },
};

describe("the background's sender check", () => {
  it("knows who is asking", () => {
    assert.equal(senderKind(SENDERS.content), "content");
    assert.equal(senderKind(SENDERS.panel), "panel");
    assert.equal(senderKind(SENDERS.options), "page");
    assert.equal(senderKind(SENDERS.offscreen), "page");
    // Not us: another extension, a frame inside the page, another site, plain http.
    assert.equal(senderKind({ ...SENDERS.content, id: "other" }), null);
    assert.equal(senderKind({ ...SENDERS.content, frameId: 5 }), null);
    assert.equal(senderKind({ ...SENDERS.content, url: "https://evil.example/my/orderdetails/" }), null);
    assert.equal(senderKind({ ...SENDERS.content, url: "https://www.ozon.ru.evil.example/" }), null);
    assert.equal(senderKind({ ...SENDERS.content, url: "http://www.ozon.ru/" }), null);
    assert.equal(senderKind({ ...SENDERS.content, tab: undefined }), null);
    assert.equal(senderKind(undefined), null);
  });

  it("lets content scripts send only what the map lists as theirs", () => {
    for (const [type, spec] of Object.entries(REQUESTS)) {
      if (spec.to !== "background") continue;
      const theirs = spec.from.split(",").map((s) => s.trim()).includes("content");
      assert.equal(mayAsk(type, "content"), theirs, type);
    }
    for (const type of ["log/export", "log/import", "log/delete-all", "settings/set", "log/record", "panel/hello"]) {
      assert.equal(mayAsk(type, "content"), false, type);
    }
  });

  it("lets our own pages send all but the content script's own requests", () => {
    for (const type of ["draft/hold", "draft/held", "draft/clear", "panel/register", "order/prefetch"]) {
      assert.equal(mayAsk(type, "panel"), false, type);
      assert.equal(mayAsk(type, "page"), false, type);
    }
    assert.equal(mayAsk("panel/hello", "panel"), true);
    assert.equal(mayAsk("panel/hello", "page"), false);
    for (const type of ["log/record", "log/export", "settings/get", "core/advise", "host/boot", "host/status"]) {
      assert.equal(mayAsk(type, "page"), true, type);
    }
    // A request another page of ours sends (say, an "ask" page): allowed for our pages,
    // refused for content scripts unless the map says so.
    const more = { ...REQUESTS, "core/ask_product": { to: "background", from: "ask", doc: "" } };
    assert.equal(mayAsk("core/ask_product", "page", more), true);
    assert.equal(mayAsk("core/ask_product", "content", more), false);
    assert.equal(mayAsk("anything", null), false);
  });
});
