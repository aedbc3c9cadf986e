// Insert into the chat boxes real pages use, in real Firefox ESR with the built extension
// (puppeteer-core over WebDriver BiDi, one browser for every case): Lexical, ProseMirror
// (both from npm), a bare <textarea> and a React-controlled one. Each time the EDITOR'S
// OWN state (window.__editor, see site/chat_harness.js) must hold exactly the draft, once,
// line by line; the caret ends after it; one step of the editor's own undo takes it out;
// Send is never pressed; text already in the box is replaced only after the buyer agrees.
// Run: node --test tests/e2e/editors.firefox.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { fixtureIndex, panelFrame, respond } from "./site/site.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const EXTENSION = join(process.env.OCH_DIST || join(ROOT, "dist"), "firefox");
const ORDER_PAGE = "orderdetails_one_parcel.html";
const EDITORS = ["lexical", "prosemirror", "plain", "react"];
const PREFILLED = "Здравствуйте, у меня вопрос"; // site/chat_harness.js and react_chat.jsx

function firefoxPath() {
  for (const candidate of ["/usr/bin/firefox-esr", "/usr/bin/firefox"]) if (existsSync(candidate)) return candidate;
  throw new Error("Firefox is not installed: apt-get install -y firefox-esr");
}

async function until(fn, { timeout = 30_000, interval = 100, what = "condition" } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

const lines = (text) =>
  text
    .trim()
    .split("\n")
    .map((line) => line.trim());

describe("Firefox: Insert into Lexical, ProseMirror and textareas", { timeout: 600_000 }, () => {
  let browser;
  const foreign = [];
  let chat = "react";
  let chatMode = "open";

  before(async () => {
    assert.ok(existsSync(join(EXTENSION, "manifest.json")), "dist/firefox is missing: run `python build.py` first");
    execFileSync("node", [join(ROOT, "tests/e2e/site/build_site.mjs")]);
    browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: firefoxPath(),
      headless: true,
      extraPrefsFirefox: { "extensions.originControls.grantByDefault": true },
    });
    await browser.installExtension(EXTENSION);
  });

  after(async () => {
    await browser?.close();
  });

  async function openWithDraft(problem) {
    const meta = fixtureIndex()[ORDER_PAGE];
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const url = req.url();
      if (!/^https?:/.test(url)) return req.continue();
      const answer = respond(url, { chatMode, chat });
      if (!answer) {
        foreign.push(url);
        return req.abort();
      }
      return req.respond({ status: answer.status, contentType: answer.contentType, body: answer.body, headers: answer.headers ?? {} });
    });
    await page.goto(meta.url);
    const panel = await until(() => panelFrame(page), { what: "the panel frame" });
    await until(
      () => panel.$eval('[data-testid="och-order-number"]', (n, want) => n.textContent === want, meta.expect.number),
      { timeout: 90_000, what: "the order number in the panel" },
    );
    await until(() => page.evaluate(() => !!window.__editor), { what: `the ${chat} chat box` });
    await panel.click(`[data-testid="och-problem-${problem}"]`);
    const draft = await until(
      () => panel.$eval('[data-testid="och-draft"]', (n) => n.value).then((v) => (v.includes(meta.expect.number) ? v : null)),
      { timeout: 20_000, what: `a draft for ${problem}` },
    );
    assert.ok(draft.includes("\n"), "the draft has several lines: line breaks are part of the test");
    return { page, panel, draft };
  }

  const editorText = (page) => page.evaluate(() => window.__editor.text());
  const caretAtEnd = (page) => page.evaluate(() => window.__editor.caretAtEnd());
  const presses = (page) => page.evaluate(() => [window.__sendPresses, window.__enterPresses]);
  const status = (panel) => panel.$eval('[data-testid="och-status"]', (n) => n.textContent);

  for (const editor of EDITORS) {
    it(`${editor}: Insert fills the editor's own state once, caret at the end, one undo takes it out`, async () => {
      chat = editor;
      chatMode = "open";
      const { page, panel, draft } = await openWithDraft("damaged");
      assert.equal((await editorText(page)).trim(), "");
      await panel.click('[data-testid="och-insert"]');
      await until(async () => (await status(panel)).includes("Send"), { what: `the inserted status (status: ${await status(panel)})` });
      assert.deepEqual(lines(await editorText(page)), lines(draft), `${editor} holds exactly the draft, once`);
      assert.equal(await caretAtEnd(page), true, "the caret ends after the text");
      assert.deepEqual(await presses(page), [0, 0], "Send is never pressed");
      await page.evaluate(() => window.__editor.undo());
      await until(async () => (await editorText(page)).trim() === "", { timeout: 2_000, what: `one undo in ${editor} to remove the draft` });
      assert.deepEqual(await presses(page), [0, 0]);
      assert.deepEqual(foreign, []);
      await page.close();
    });
  }

  for (const editor of EDITORS) {
    it(`${editor}: text already in the box is replaced only after asking`, async () => {
      chat = editor;
      chatMode = "prefilled";
      const { page, panel, draft } = await openWithDraft("late_delivery");
      assert.equal(await editorText(page), PREFILLED);
      await panel.click('[data-testid="och-insert"]');
      await until(() => panel.$eval('[role="alertdialog"]', (n) => !n.hidden), { what: "the replace question" });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await editorText(page), PREFILLED, "nothing changes before the buyer agrees");
      await panel.click("#confirm-replace");
      await until(async () => (await status(panel)).includes("Send"), { what: "the inserted status" });
      assert.deepEqual(lines(await editorText(page)), lines(draft), `${editor} holds exactly the draft after Replace`);
      assert.equal(await caretAtEnd(page), true);
      assert.deepEqual(await presses(page), [0, 0]);
      await page.evaluate(() => window.__editor.undo());
      await until(async () => (await editorText(page)) === PREFILLED, { timeout: 2_000, what: `one undo in ${editor} to bring the buyer's text back` });
      await page.close();
    });
  }
});
