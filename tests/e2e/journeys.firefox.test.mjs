// Firefox's driver for the shared journeys (tests/e2e/journeys/*.json): every journey, for
// each test chat it names, in one Firefox ESR with the built extension (puppeteer-core over
// WebDriver BiDi). Chromium's driver (test_journeys.py) runs the same files; a step either
// driver does not know fails the journey.
// Run: node --test tests/e2e/journeys.firefox.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { PREFILLED, lines, loadJourneys } from "./journeys/journeys.mjs";
import { extensionPage, newSitePage, shareOneFirefox, until, waitForOrder } from "./site/firefox.mjs";
import { CHAT_PAGE_PATH, fixtureIndex } from "./site/site.mjs";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const text = (frame, testid) => frame.$eval(`[data-testid="${testid}"]`, (n) => n.value ?? n.textContent);
const EXPORT = () => chrome.runtime.sendMessage({ target: "background", type: "log/export", payload: {} }).then((a) => a.result.json);
const byId = (exported) => [...JSON.parse(exported).cases].sort((a, b) => a.id.localeCompare(b.id));

/** One journey's state (its tabs, the panel, the order it read, the last draft) and one
 * function a step, named as in the JSON. */
class FirefoxDriver {
  constructor(browser, chat, foreign) {
    Object.assign(this, { browser, chat, foreign, tabs: [], draft: "", meta: {}, site: { chat, chatMode: "open" } });
  }

  fill(value) {
    if (typeof value !== "string") return value;
    return value.replaceAll("{number}", this.meta.expect?.number ?? "").replaceAll("{draft}", this.draft).replaceAll("{prefilled}", PREFILLED);
  }

  async run(step) {
    const action = this[`step_${step.do}`];
    if (typeof action !== "function") throw new Error(`Firefox's driver has no step ${JSON.stringify(step.do)}`);
    const args = Object.fromEntries(Object.entries(step).filter(([key]) => key !== "do").map(([key, value]) => [key, this.fill(value)]));
    await action.call(this, args);
  }

  async close() {
    for (const tab of [...this.tabs, this.options]) await tab?.close().catch(() => {});
  }

  async readDraft(test = () => true, what = "the draft") {
    this.draft = await until(() => text(this.panel, "och-draft").then((v) => (v && test(v) ? v : null)), { timeout: 20_000, what });
    return this.draft;
  }

  async wait(testid, test, what, frame = this.panel, timeout = 10_000) {
    await until(() => frame.$eval(`[data-testid="${testid}"]`, test), { timeout, what });
  }

  logEntries() {
    return this.panel.$$eval('[data-testid="och-log-entry"]', (items) => items.map((n) => n.dataset.status));
  }

  async importFile(path) {
    const input = await this.options.$('[data-testid="och-import"]');
    await input.uploadFile(path);
    await this.wait("och-data-status", (n) => /Imported/.test(n.textContent), "the import", this.options, 60_000);
  }

  // -- the steps (tests/e2e/journeys/README.md)
  async step_open({ page, chat_mode = "open" }) {
    this.site.chatMode = chat_mode;
    this.meta = fixtureIndex()[page];
    this.page = await newSitePage(this.browser, () => this.site, this.foreign);
    this.tabs.push(this.page);
    await this.page.goto(this.meta.url);
    this.panel = await waitForOrder(this.page, this.meta.expect.number);
    if (["open", "prefilled", "contenteditable"].includes(chat_mode)) {
      await until(() => this.page.evaluate(() => !!window.__editor), { what: `the ${this.chat} chat box` });
    }
  }

  async step_reload() {
    await this.page.reload();
    this.panel = await waitForOrder(this.page, this.meta.expect.number);
  }

  async step_pick({ problem }) {
    const before = this.draft;
    await this.panel.click(`[data-testid="och-problem-${problem}"]`);
    await this.wait(`och-problem-${problem}`, (n) => n.getAttribute("aria-pressed") === "true", `${problem} pressed`);
    await this.readDraft((v) => v !== before && v.includes(this.meta.expect.number), `a new draft for ${problem}`);
  }

  async step_expect_draft({ contains = "", matches = "", multiline = false }) {
    const pattern = new RegExp(matches, "i");
    const draft = await this.readDraft((v) => v.includes(contains) && pattern.test(v), `a draft with ${contains} and /${matches}/`);
    assert.ok(!multiline || draft.includes("\n"), `a draft of several lines: ${draft}`);
  }

  async step_expect_side({ contains }) {
    await until(async () => (await text(this.panel, "och-draft-side")).includes(contains), { what: `the side draft with ${contains}` });
  }

  async step_expect_advice({ channels, deadlines = 0 }) {
    for (const [selector, least] of [["#channels li", channels], ["#deadlines li", deadlines]]) {
      const count = await this.panel.$$eval(selector, (items) => items.length);
      assert.ok(count >= least, `${selector}: ${count}, at least ${least} wanted`);
    }
  }

  async step_choose_channel({ channel }) {
    const before = this.draft;
    const testid = `och-channel-${channel}`;
    await this.wait(testid, (n) => !!n.offsetParent, `the ${channel} channel`, this.panel, 15_000);
    await this.panel.click(`[data-testid="${testid}"]`);
    await this.wait(testid, (n) => n.getAttribute("aria-pressed") === "true", `${channel} pressed`);
    await this.readDraft((v) => v !== before, `a draft for ${channel}`);
  }

  async step_insert() {
    await this.panel.click('[data-testid="och-insert"]');
  }

  async step_expect_status({ contains }) {
    await until(async () => (await text(this.panel, "och-status")).includes(contains), { what: `the status "${contains}"` });
  }

  async step_expect_replace_question() {
    await until(() => this.panel.$eval('[role="alertdialog"]', (n) => !n.hidden), { what: "the replace question" });
    await new Promise((r) => setTimeout(r, 200));
  }

  async step_confirm_replace() {
    await this.panel.click("#confirm-replace");
  }

  async step_expect_chat({ holds }) {
    const want = lines(holds);
    const seen = () => this.page.evaluate(() => window.__editor?.text());
    await until(async () => lines((await seen()) ?? "") === want, { what: `the ${this.chat} chat box holding ${JSON.stringify(want)}` });
  }

  async step_expect_caret_at_end() {
    assert.equal(await this.page.evaluate(() => window.__editor.caretAtEnd()), true, "the caret ends after the text");
  }

  async step_undo_in_chat() {
    await this.page.evaluate(() => window.__editor.undo());
  }

  async step_expect_no_send() {
    assert.deepEqual(await this.page.evaluate(() => [window.__sendPresses, window.__enterPresses]), [0, 0]);
  }

  async step_expect_no_foreign_requests() {
    assert.deepEqual(this.foreign, []);
  }

  async step_open_chat() {
    await this.page.evaluate(() => window.__openChat());
  }

  async step_go_to_chat_page({ chat_mode }) {
    this.site.chatMode = chat_mode;
    await this.page.goto(`https://www.ozon.ru${CHAT_PAGE_PATH}`);
  }

  async step_expect_review_note() {
    await until(() => this.page.$('[data-testid="och-review-note"]'), { what: "the review note" });
  }

  async step_expect_sent_prompt() {
    await this.wait("och-sent-prompt", (n) => !n.hidden, "the Did you send it? question");
  }

  async step_log_sent() {
    await this.panel.click('[data-testid="och-log-sent"]');
  }

  async step_mark_answered() {
    await this.panel.click('[data-testid="och-log-entry"] [data-testid="och-mark-answered"]');
  }

  async step_expect_log({ count, status = "" }) {
    const entries = await until(async () => {
      const seen = await this.logEntries();
      return seen.length === count && (!status || seen[0] === status) ? seen : null;
    }, { what: `${count} logged contact(s) ${status}` }).catch(async (err) => {
      throw new Error(`${err.message}; the log shows ${JSON.stringify(await this.logEntries())}`);
    });
    assert.equal(entries.length, count);
  }

  async step_escalate() {
    const button = '[data-testid="och-log-entry"][data-overdue="true"] [data-testid="och-escalate"]';
    await until(() => this.panel.$(button), { what: "the overdue contact" });
    await this.panel.click(button);
  }

  async step_open_options() {
    // WebDriver BiDi may not navigate to moz-extension:// addresses: the panel's link opens it.
    await this.panel.click('[data-testid="och-open-options"]');
    this.options = await extensionPage(this.browser, "/options/options.html");
    await until(() => this.options.$("#cases[data-loaded]"), { what: "the options page's cases" });
    // Headless Firefox closes a notification as soon as it is shown, so getAll() may miss
    // it: listen for it being shown (or closed) as well.
    await this.options.evaluate(() => {
      window.__notifications = [];
      const seen = (id) => window.__notifications.push(id);
      browser.notifications.onShown.addListener(seen);
      browser.notifications.onClosed.addListener(seen);
    });
  }

  async step_close_options() {
    await this.options.close();
  }

  async step_expect_options_case({ order }) {
    await until(() => this.options.$(`[data-testid="och-case"][data-order="${order}"]`), { what: `the case of ${order} on the options page` });
  }

  async step_expect_options_cases({ count }) {
    await until(async () => (await this.options.$$('[data-testid="och-case"]')).length === count, { what: `${count} cases on the options page` });
  }

  async step_export_log() {
    this.exported = await this.options.evaluate(EXPORT);
    assert.ok(JSON.parse(this.exported).cases.some((c) => c.order.number === this.meta.expect.number));
  }

  async step_delete_everything() {
    await this.options.click('[data-testid="och-delete"]');
    await this.options.click('[data-testid="och-delete-confirm"]');
  }

  async step_import_export() {
    const file = join(mkdtempSync(join(tmpdir(), "och-")), "export.json");
    writeFileSync(file, this.exported);
    await this.importFile(file);
  }

  async step_expect_log_as_exported() {
    assert.deepEqual(byId(await this.options.evaluate(EXPORT)), byId(this.exported), "nothing lost, nothing changed");
  }

  async step_import_file({ file }) {
    await this.importFile(join(FIXTURES, file));
  }

  async step_expect_reminder({ file }) {
    const id = `och|${JSON.parse(readFileSync(join(FIXTURES, file), "utf8")).cases[0].id}|A1`;
    const shown = () => this.options.evaluate(async () => [...window.__notifications, ...Object.keys(await browser.notifications.getAll())]);
    await until(async () => (await shown()).includes(id), { what: `the reminder ${id}` });
  }
}

describe("Firefox: the shared journeys", { timeout: 900_000 }, () => {
  const firefox = shareOneFirefox();
  const foreign = [];

  for (const { id, journey, chat } of loadJourneys()) {
    it(`${id}: ${journey.about}`, async () => {
      const driver = new FirefoxDriver(firefox.browser, chat, foreign);
      try {
        for (const [number, step] of journey.steps.entries()) {
          await driver.run(step).catch((err) => {
            err.message += `\n  at step ${number + 1}: ${JSON.stringify(step)}`;
            throw err;
          });
        }
      } finally {
        await driver.close();
      }
    });
  }
});
