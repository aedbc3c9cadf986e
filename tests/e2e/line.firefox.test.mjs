// The panel's own line to Python in Firefox (panel/python_line.js, issue 9, M2), in real
// Firefox ESR with the built extension: Python runs in the background page there, which a
// panel frame inside a web page cannot reach; the panel hands one end of a MessageChannel
// over through the extension's shared worker (background/line_broker.js), and its py_core
// requests other than the extract then go straight to the background page. What the router
// adds to advice and drafts (the order as read, the buyer's profile) must come over the
// line; and a panel whose line cannot be opened must still draft, through the router.
// Run: node --test tests/e2e/line.firefox.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newSitePage, shareOneFirefox, until, waitForOrder } from "./site/firefox.mjs";
import { fixtureIndex } from "./site/site.mjs";

const ORDER_PAGE = "orderdetails_one_parcel.html";

// What the panel sends: runtime messages, and requests and context over its line.
const RECORD = () => {
  window.__sent = [];
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  chrome.runtime.sendMessage = (message, ...rest) => {
    window.__sent.push({ type: message.type, payload: message.payload });
    return send(message, ...rest);
  };
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (message, ...rest) {
    if (message?.method === "call") window.__sent.push({ type: `core/${message.payload.request}`, payload: message.payload.payload, line: true });
    else if (message?.method === "context") window.__sent.push({ type: "line/context", payload: message.payload, line: true });
    return post.call(this, message, ...rest);
  };
};

describe("Firefox: the panel's own line to Python", { timeout: 300_000 }, () => {
  const firefox = shareOneFirefox();

  async function openOrder() {
    const meta = fixtureIndex()[ORDER_PAGE];
    const page = await newSitePage(firefox.browser, () => ({ chatMode: "open" }));
    await page.goto(meta.url);
    const panel = await waitForOrder(page, meta.expect.number);
    return { page, panel, number: meta.expect.number };
  }

  /** A request to the background, from the panel frame (one of the extension's own pages). */
  const ask = (panel, type, payload = {}) =>
    panel.evaluate((type, payload) => chrome.runtime.sendMessage({ target: "background", type, payload }), type, payload).then((answer) => {
      assert.ok(answer?.ok, JSON.stringify(answer));
      return answer.result;
    });
  const lineCalls = async (panel) => (await ask(panel, "host/status")).panel_line_calls ?? 0;

  async function pick(panel, code, pattern) {
    await panel.evaluate(() => {
      document.querySelector('[data-testid="och-draft"]').value = "";
    });
    await panel.click(`[data-testid="och-problem-${code}"]`);
    return until(() => panel.$eval('[data-testid="och-draft"]', (n) => n.value).then((v) => (pattern.test(v) ? v : null)), { timeout: 30_000, what: `a draft for ${code} matching ${pattern}` });
  }

  it("sends picks over the line, with the order as read and the saved profile, each sent once", async () => {
    const { page, panel, number } = await openOrder();
    try {
      assert.equal(await ask(panel, "settings/set", { name: "Ли Мин" }) !== undefined, true);
      await panel.evaluate(RECORD);
      const before = await lineCalls(panel);
      await pick(panel, "complaint", new RegExp(`${number}[\\s\\S]*Ли Мин`));
      const after = await lineCalls(panel);
      assert.ok(after > before, "the pick did not go over the panel's own line");
      // A name changed while the panel is open signs the next draft.
      await ask(panel, "settings/set", { name: "Анна Петрова" });
      await pick(panel, "damaged", new RegExp(number));
      await pick(panel, "complaint", new RegExp(`${number}[\\s\\S]*Анна Петрова`));
      assert.ok((await lineCalls(panel)) > after);
      const sent = await panel.evaluate(() => window.__sent);
      const picks = sent.filter((m) => m.type === "core/advise" || m.type === "core/draft");
      assert.ok(picks.length >= 3 && picks.every((m) => m.line && !("order" in m.payload)), JSON.stringify(sent));
      assert.ok(!sent.some((m) => !m.line && (m.type === "core/advise" || m.type === "core/draft")), "a pick went through the router");
      const contexts = sent.filter((m) => m.type === "line/context").map((m) => m.payload);
      assert.deepEqual(contexts.filter((c) => "order" in c).map((c) => c.order.number), [number]);
      assert.deepEqual(contexts.filter((c) => "profile" in c).map((c) => c.profile.name), ["Ли Мин", "Анна Петрова"]);
    } finally {
      await ask(panel, "settings/set", { name: "" }).catch(() => {});
      await page.close();
    }
  });

  it("keeps the line's broker out of the web page's reach", async () => {
    const { page, panel, number } = await openOrder();
    try {
      const url = await panel.evaluate(() => chrome.runtime.getURL("background/line_broker.js"));
      // The page's own script tries to be the broker's home and to get a line: Firefox
      // refuses to load another origin's worker (an error event), and nothing answers.
      const attempt = await page.evaluate((url) => new Promise((resolve) => {
        try {
          const worker = new SharedWorker(url, { name: "och-python-line" });
          worker.onerror = () => resolve("refused");
          worker.port.onmessage = (event) => resolve(`answered ${JSON.stringify(event.data)}`);
          worker.port.postMessage({ home: true });
          const { port1, port2 } = new MessageChannel();
          port1.onmessage = (event) => resolve(`line ${JSON.stringify(event.data)}`);
          worker.port.postMessage({ line: true }, [port2]);
          setTimeout(() => resolve("no answer, no error"), 3000);
        } catch (err) {
          resolve("refused");
        }
      }), url);
      assert.equal(attempt, "refused");
      // The background page is still the broker's home: the panel's picks go over its line.
      const before = await lineCalls(panel);
      await pick(panel, "damaged", new RegExp(number));
      assert.ok((await lineCalls(panel)) > before, "the pick did not go over the line");
    } finally {
      await page.close();
    }
  });

  // Last: it leaves the broker pointing at a page that never answers, as a background page
  // that went away without a word would.
  it("drafts through the router when the line's far end does not answer", async () => {
    const first = await openOrder();
    // Another of the extension's pages tells the broker it is home, and answers nothing.
    await first.panel.evaluate(() => {
      const broker = new SharedWorker(chrome.runtime.getURL("background/line_broker.js"), { name: "och-python-line" });
      broker.port.postMessage({ home: true });
      window.__keep = broker;
    });
    const { page, panel, number } = await openOrder();
    try {
      await panel.evaluate(RECORD);
      const before = await lineCalls(panel);
      const started = Date.now();
      await pick(panel, "damaged", new RegExp(number));
      assert.ok(Date.now() - started < 15_000);
      assert.equal(await lineCalls(panel), before, "a line was used");
      const sent = await panel.evaluate(() => window.__sent);
      assert.ok(sent.some((m) => !m.line && m.type === "core/advise"), JSON.stringify(sent));
      // And again, at once: no new wait for a line (the panel tries again only later).
      const again = Date.now();
      await pick(panel, "not_delivered", new RegExp(number));
      assert.ok(Date.now() - again < 1500, `the second pick took ${Date.now() - again} ms`);
    } finally {
      await page.close();
      await first.page.close();
    }
  });
});
