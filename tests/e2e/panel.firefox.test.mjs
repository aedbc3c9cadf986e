// The panel redesigned around the answer (issue 11), in real Firefox ESR with the built
// extension: text at least 14 px, the draft and Insert in view right after a pick at
// 1366x768, only "Sent" logs a contact (once), the title bar drags, Esc folds.
// Run: node --test tests/e2e/panel.firefox.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newSitePage, shareOneFirefox, until, waitForOrder } from "./site/firefox.mjs";
import { fixtureIndex } from "./site/site.mjs";

const ORDER_PAGE = "orderdetails_one_parcel.html";

describe("Firefox: the panel's answer, sizes, log and frame", { timeout: 300_000 }, () => {
  const firefox = shareOneFirefox();

  async function openOrder(name = ORDER_PAGE) {
    const meta = fixtureIndex()[name];
    const page = await newSitePage(firefox.browser, () => ({ chatMode: "open" }));
    await page.setViewport({ width: 1366, height: 768 });
    await page.goto(meta.url);
    const panel = await waitForOrder(page, meta.expect.number);
    return { page, panel, meta };
  }

  async function pick(panel, code, number) {
    await panel.click(`[data-testid="och-problem-${code}"]`);
    return until(() => panel.$eval('[data-testid="och-draft"]', (n) => n.value).then((v) => (v.includes(number) ? v : null)), { timeout: 20_000, what: `a draft for ${code}` });
  }

  const inView = (panel, testid, minHeight) =>
    panel.evaluate(
      (id, need) => {
        const node = document.querySelector(`[data-testid="${id}"]`);
        const r = node.getBoundingClientRect();
        const scroller = node.closest("#body");
        const area = scroller ? scroller.getBoundingClientRect() : { top: 0, bottom: innerHeight };
        const visible = Math.min(r.bottom, area.bottom, innerHeight) - Math.max(r.top, area.top, 0);
        return { visible, need: Math.min(r.height, need), ok: visible >= Math.min(r.height, need) };
      },
      testid,
      minHeight,
    );

  const frameBox = (page) => page.$eval('[data-testid="och-panel"]', (f) => f.getBoundingClientRect().toJSON());
  const logCount = (panel) => panel.$$eval('[data-testid="och-log-entry"]', (items) => items.length);

  it("shows text at 14 px or more, the draft no smaller than the text beside it", async () => {
    const { page, panel, meta } = await openOrder();
    await pick(panel, "damaged", meta.expect.number);
    const sizes = await panel.evaluate(() => {
      const out = [];
      for (const node of document.querySelectorAll("body *")) {
        if (node.closest("[hidden]") || node.closest("details:not([open]) > :not(summary)")) continue;
        const own = [...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
        if (!own && !node.matches("textarea, input, select, button")) continue;
        const rect = node.getBoundingClientRect();
        if (!rect.width || !rect.height) continue;
        out.push({ id: node.id || node.dataset.testid || node.tagName, size: parseFloat(getComputedStyle(node).fontSize) });
      }
      return out;
    });
    assert.ok(sizes.length > 20, JSON.stringify(sizes));
    assert.deepEqual(sizes.filter((s) => s.size < 14), []);
    const [draft, side] = await panel.evaluate(() => ["och-draft", "och-draft-side"].map((id) => parseFloat(getComputedStyle(document.querySelector(`[data-testid="${id}"]`)).fontSize)));
    assert.ok(draft >= 14 && draft >= side, `draft ${draft} px, side ${side} px`);
    await page.close();
  });

  it("has the draft and Insert in view right after a pick, without scrolling", async () => {
    const { page, panel, meta } = await openOrder();
    for (const code of ["damaged", "not_delivered"]) {
      await pick(panel, code, meta.expect.number);
      await new Promise((r) => setTimeout(r, 300));
      const draft = await inView(panel, "och-draft", 80);
      assert.ok(draft.ok, `${code}: draft ${JSON.stringify(draft)}`);
      const insert = await inView(panel, "och-insert", 30);
      assert.ok(insert.ok, `${code}: Insert ${JSON.stringify(insert)}`);
    }
    const box = await frameBox(page);
    assert.ok(box.top >= 0 && box.bottom <= 768 && box.right <= 1366, JSON.stringify(box));
    await page.close();
  });

  it("logs nothing on Insert or Copy, and exactly one contact on Sent", async () => {
    const { page, panel, meta } = await openOrder("orderdetails_seller_delivery.html");
    await pick(panel, "product_question", meta.expect.number);
    await new Promise((r) => setTimeout(r, 500));
    const start = await logCount(panel);
    await panel.click('[data-testid="och-copy"]');
    await panel.click('[data-testid="och-insert"]');
    await until(() => panel.$eval('[data-testid="och-sent-prompt"]', (n) => !n.hidden), { what: "the Did you send it? question" });
    await until(() => panel.$eval('[data-testid="och-next-steps"]', (n) => !n.hidden), { what: "the next steps" });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await logCount(panel), start, "Insert and Copy alone log nothing");
    await panel.click('[data-testid="och-log-sent"]');
    await until(async () => (await logCount(panel)) === start + 1, { what: "one logged contact" });
    await panel.click('[data-testid="och-copy"]');
    await panel.click('[data-testid="och-log-sent"]');
    await until(() => panel.$eval('[data-testid="och-status"]', (n) => /already/.test(n.textContent)), { what: "the already-logged note" });
    assert.equal(await logCount(panel), start + 1, "no duplicate contact");
    await page.close();
  });

  it("moves when its title bar is dragged, and Esc folds it", async () => {
    const { page, panel } = await openOrder();
    const before = await frameBox(page);
    const bar = await panel.$('[data-testid="och-titlebar"]');
    const barBox = await bar.boundingBox();
    const x = barBox.x + 60;
    const y = barBox.y + barBox.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await new Promise((r) => setTimeout(r, 150)); // the page's cover goes up
    await page.mouse.move(x - 150, y - 40, { steps: 8 });
    await page.mouse.up();
    const moved = await until(async () => {
      const box = await frameBox(page);
      return Math.abs(before.left - box.left - 150) < 6 && Math.abs(before.top - box.top - 40) < 6 ? box : null;
    }, { timeout: 5000, what: `the panel 150 px left and 40 px up of ${JSON.stringify(before)}` });
    assert.ok(moved);
    await panel.focus('[data-testid="och-problem-damaged"]');
    await page.keyboard.press("Escape");
    await until(async () => (await frameBox(page)).width <= 60, { what: "the folded panel" });
    assert.equal(await panel.$eval("#expand", (n) => n.hidden), false);
    await panel.evaluate(() => chrome.storage.local.clear());
    await page.close();
  });
});
