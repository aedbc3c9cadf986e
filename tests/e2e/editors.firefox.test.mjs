// Insert into the chat boxes real pages use, in real Firefox ESR with the built extension
// (puppeteer-core over WebDriver BiDi, one browser for every case): Lexical, ProseMirror
// (both from npm), a bare <textarea> and a React-controlled one. Each time the EDITOR'S
// OWN state (window.__editor, see site/chat_harness.js) must hold exactly the draft, once,
// line by line; the caret ends after it; one step of the editor's own undo takes it out;
// Send is never pressed; text already in the box is replaced only after the buyer agrees.
// Run: node --test tests/e2e/editors.firefox.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { launchFirefoxWithExtension, newSitePage, until } from "./site/firefox.mjs";
import { fixtureIndex, panelFrame } from "./site/site.mjs";

const ORDER_PAGE = "orderdetails_one_parcel.html";
const EDITORS = ["lexical", "prosemirror", "plain", "react"];
const PREFILLED = "Здравствуйте, у меня вопрос"; // site/chat_harness.js and react_chat.jsx

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
    browser = await launchFirefoxWithExtension();
  });

  after(async () => {
    await browser?.close();
  });

  async function openWithDraft(problem) {
    const meta = fixtureIndex()[ORDER_PAGE];
    const page = await newSitePage(browser, () => ({ chatMode, chat }), foreign);
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
      await until(async () => (await status(panel)).includes("yourself"), { what: `the inserted status (status: ${await status(panel)})` });
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
      await until(async () => (await status(panel)).includes("yourself"), { what: "the inserted status" });
      assert.deepEqual(lines(await editorText(page)), lines(draft), `${editor} holds exactly the draft after Replace`);
      assert.equal(await caretAtEnd(page), true);
      assert.deepEqual(await presses(page), [0, 0]);
      await page.evaluate(() => window.__editor.undo());
      await until(async () => (await editorText(page)) === PREFILLED, { timeout: 2_000, what: `one undo in ${editor} to bring the buyer's text back` });
      await page.close();
    });
  }
});
