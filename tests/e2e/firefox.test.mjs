// The buyer's journey in real Firefox ESR with the built extension, driven by
// puppeteer-core over WebDriver BiDi (Playwright cannot load extensions into Firefox).
// Run: node --test tests/e2e/firefox.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { launchFirefoxWithExtension, newSitePage, until } from "./site/firefox.mjs";
import { fixtureIndex, panelFrame } from "./site/site.mjs";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const ORDER_PAGE = "orderdetails_one_parcel.html";

describe("Firefox: order page -> panel -> draft -> React chat box", { timeout: 240_000 }, () => {
  let browser;
  const foreign = [];
  let chatMode = "open";

  before(async () => {
    browser = await launchFirefoxWithExtension();
  });

  after(async () => {
    await browser?.close();
  });

  async function openOrder(name = ORDER_PAGE) {
    const meta = fixtureIndex()[name];
    const page = await newSitePage(browser, () => ({ chatMode }), foreign);
    await page.goto(meta.url);
    const panel = await until(() => panelFrame(page), { what: "the panel frame" });
    const number = await until(
      () => panel.$eval('[data-testid="och-order-number"]', (n) => n.textContent).then((t) => (t === meta.expect.number ? t : null)),
      { timeout: 90_000, what: "the order number in the panel" },
    );
    assert.equal(number, meta.expect.number);
    return { page, panel, meta };
  }

  async function pickProblem(panel, code) {
    await panel.click(`[data-testid="och-problem-${code}"]`);
    return until(() => panel.$eval('[data-testid="och-draft"]', (n) => n.value), { timeout: 20_000, what: `a draft for ${code}` });
  }

  const reactState = (page) => page.$eval('[data-testid="page-react-state"]', (n) => JSON.parse(n.textContent));

  it("finds the order, drafts, and Insert fills React's state without pressing Send", async () => {
    chatMode = "open";
    const { page, panel, meta } = await openOrder();
    const draft = await pickProblem(panel, "damaged");
    assert.ok(draft.includes(meta.expect.number), draft);
    assert.match(draft, /[а-яё]/i);
    await panel.click('[data-testid="och-insert"]');
    await until(() => panel.$eval('[data-testid="och-status"]', (n) => n.textContent.includes("Send")), { what: "the inserted status" });
    const state = await reactState(page);
    assert.equal(state.text, draft, "React's state holds exactly the draft, once");
    assert.deepEqual(state.sent, []);
    assert.deepEqual(await page.evaluate(() => [window.__sendPresses, window.__enterPresses]), [0, 0]);
    assert.deepEqual(foreign, []);
    await page.close();
  });

  it("drafts for every problem, with the advice and deadlines shown", async () => {
    chatMode = "open";
    const { page, panel, meta } = await openOrder();
    const codes = ["damaged", "wrong_item", "missing_item", "not_delivered", "late_delivery", "return_request", "refund_missing", "product_question", "warranty_repair", "payment_issue", "account_issue", "complaint"];
    let previous = "";
    let withDeadlines = 0;
    for (const code of codes) {
      await panel.click(`[data-testid="och-problem-${code}"]`);
      const draft = await until(
        () => panel.$eval('[data-testid="och-draft"]', (n) => n.value).then((v) => (v && v !== previous && v.includes(meta.expect.number) ? v : null)),
        { timeout: 20_000, what: `a new draft for ${code}` },
      );
      previous = draft;
      const channels = await panel.$$eval("#channels li", (items) => items.length);
      assert.ok(channels >= 1, `${code}: at least one channel advised`);
      if ((await panel.$$eval("#deadlines li", (items) => items.length)) > 0) withDeadlines += 1;
    }
    assert.ok(withDeadlines >= 6, `deadlines shown for ${withDeadlines} of 12 problems`);
    await page.close();
  });

  it("logs the contact, marks it answered, and exports, deletes and re-imports the log", async () => {
    chatMode = "open";
    const { page, panel, meta } = await openOrder("orderdetails_several_parcels.html");
    await pickProblem(panel, "late_delivery");
    await panel.click('[data-testid="och-insert"]');
    // Insert alone logs nothing (issue 11): "Sent" does, once.
    await until(() => panel.$eval('[data-testid="och-sent-prompt"]', (n) => !n.hidden), { what: "the Did you send it? question" });
    assert.equal((await panel.$$('[data-testid="och-log-entry"]')).length, 0);
    await panel.click('[data-testid="och-log-sent"]');
    await until(() => panel.$eval('[data-testid="och-log-entry"]', (n) => n.dataset.status === "waiting"), { what: "the logged contact" });
    await panel.click('[data-testid="och-mark-answered"]');
    await until(() => panel.$eval('[data-testid="och-log-entry"]', (n) => n.dataset.status === "answered"), { what: "the answered status" });

    // WebDriver BiDi may not navigate to moz-extension:// addresses: the panel's link opens it.
    await panel.click('[data-testid="och-open-options"]');
    const options = await until(async () => {
      for (const candidate of await browser.pages()) {
        const href = await candidate.evaluate(() => location.href).catch(() => "");
        if (href.includes("/options/options.html")) return candidate;
      }
      return null;
    }, { what: "the options page" });
    await until(() => options.$(`[data-testid="och-case"][data-order="${meta.expect.number}"]`), { what: "the case on the options page" });
    const exported = await options.evaluate(() =>
      chrome.runtime.sendMessage({ target: "background", type: "log/export", payload: {} }).then((a) => a.result.json),
    );
    const before = JSON.parse(exported);
    assert.ok(before.cases.some((c) => c.order.number === meta.expect.number));

    await options.click('[data-testid="och-delete"]');
    await options.click('[data-testid="och-delete-confirm"]');
    await until(async () => (await options.$$('[data-testid="och-case"]')).length === 0, { what: "an empty log" });

    const file = join(mkdtempSync(join(tmpdir(), "och-")), "export.json");
    writeFileSync(file, exported);
    const input = await options.$('[data-testid="och-import"]');
    await input.uploadFile(file);
    await until(() => options.$eval('[data-testid="och-data-status"]', (n) => /Imported/.test(n.textContent)), { what: "the import" });
    const after = JSON.parse(
      await options.evaluate(() => chrome.runtime.sendMessage({ target: "background", type: "log/export", payload: {} }).then((a) => a.result.json)),
    );
    const byId = (list) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(byId(after.cases), byId(before.cases), "nothing lost, nothing changed");
    await options.close();
    await page.close();
  });

  it("reminds about an overdue contact and drafts the escalation", async () => {
    // A log whose contact was made on 2026-11-15: its follow-up time is long past.
    const exported = JSON.parse(readFileSync(join(FIXTURES, "overdue_export.json"), "utf8"));
    const kase = exported.cases[0];
    const { page, panel } = await openOrder("orderdetails_several_sellers.html");
    await panel.click('[data-testid="och-open-options"]');
    const options = await until(async () => {
      for (const candidate of await browser.pages()) {
        const href = await candidate.evaluate(() => location.href).catch(() => "");
        if (href.includes("/options/options.html")) return candidate;
      }
      return null;
    }, { what: "the options page" });
    // Headless Firefox closes a notification as soon as it is shown, so getAll() may miss
    // it: listen for it being shown (or closed) instead.
    await options.evaluate(() => {
      window.__notifications = [];
      const seen = (id) => window.__notifications.push(id);
      browser.notifications.onShown.addListener(seen);
      browser.notifications.onClosed.addListener(seen);
    });
    const input = await options.$('[data-testid="och-import"]');
    await input.uploadFile(join(FIXTURES, "overdue_export.json"));
    await until(() => options.$eval('[data-testid="och-data-status"]', (n) => /Imported/.test(n.textContent)), { what: "the import" });
    const shown = await until(
      () => options.evaluate(async () => [...window.__notifications, ...Object.keys(await browser.notifications.getAll())].find((id) => id.startsWith("och|"))),
      { what: "the reminder notification" },
    );
    assert.equal(shown, `och|${kase.id}|A1`);
    await options.close();

    await page.reload();
    const reloaded = await until(() => panelFrame(page), { what: "the panel frame" });
    await until(() => reloaded.$('[data-testid="och-log-entry"][data-overdue="true"] [data-testid="och-escalate"]'), { what: "the overdue contact" });
    await reloaded.click('[data-testid="och-log-entry"][data-overdue="true"] [data-testid="och-escalate"]');
    const draft = await until(() => reloaded.$eval('[data-testid="och-draft"]', (n) => n.value).then((v) => (v.includes(kase.order.number) ? v : null)), { what: "the escalation draft" });
    assert.match(draft, /15 ноября 2026/);
    await page.close();
  });

  it("holds the draft until a chat box appears", async () => {
    chatMode = "later";
    const { page, panel } = await openOrder();
    const draft = await pickProblem(panel, "late_delivery");
    await panel.click('[data-testid="och-insert"]');
    await until(() => panel.$eval('[data-testid="och-status"]', (n) => n.textContent.includes("10 minutes")), { what: "the held status" });
    await page.evaluate(() => window.__openChat());
    await until(() => page.$('[data-testid="och-review-note"]'), { what: "the review note" });
    await until(async () => (await reactState(page)).text === draft, { what: "the held draft in React's state" });
    assert.equal(await page.evaluate(() => window.__sendPresses), 0);
    await page.close();
  });
});
