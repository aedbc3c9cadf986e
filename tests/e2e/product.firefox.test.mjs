// Ask the seller before buying (issue 14) in real Firefox ESR with the built extension,
// over WebDriver BiDi (tests/e2e/site/firefox.mjs). The saved product pages
// (tests/fixtures/product_pages/) are served at their real Ozon addresses.
// Run: node --test tests/e2e/product.firefox.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { shareOneFirefox, until } from "./site/firefox.mjs";

const PAGES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "product_pages");
const INDEX = JSON.parse(readFileSync(join(PAGES, "index.json"), "utf8"));
const SCRIPT_PATH = "/__och_test__/product-page.js";
const PAGE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'";

describe("Firefox: product page -> Ask the seller -> question form", { timeout: 300_000 }, () => {
  const firefox = shareOneFirefox();
  const foreign = [];

  async function productPage(name) {
    const page = await firefox.browser.newPage();
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const url = req.url();
      if (!/^https?:/.test(url)) return req.continue();
      const { hostname, pathname } = new URL(url);
      if (!/^(www\.)?ozon\.(ru|kz|by)$/.test(hostname)) {
        foreign.push(url);
        return req.abort();
      }
      if (pathname === SCRIPT_PATH) {
        return req.respond({ status: 200, contentType: "text/javascript; charset=utf-8", body: readFileSync(join(PAGES, "product-page.js"), "utf8") });
      }
      const found = Object.entries(INDEX).find(([, meta]) => meta.url === url);
      if (!found) return req.respond({ status: 404, contentType: "text/plain", body: "not saved" });
      return req.respond({ status: 200, contentType: "text/html; charset=utf-8", body: readFileSync(join(PAGES, found[0]), "utf8"), headers: { "content-security-policy": PAGE_CSP } });
    });
    await page.goto(INDEX[name].url);
    return page;
  }

  async function askFrame(page) {
    for (const frame of page.frames()) {
      const href = await frame.evaluate(() => location.href).catch(() => "");
      if (href.startsWith("moz-extension://") && href.includes("/ask/ask.html")) return frame;
    }
    return null;
  }

  async function openAsk(name) {
    const page = await productPage(name);
    await until(() => page.$('[data-testid="och-ask"]'), { what: "the Ask the seller button" });
    await page.click('[data-testid="och-ask"]');
    const frame = await until(() => askFrame(page), { what: "the ask frame" });
    const title = INDEX[name].expect.title;
    await until(() => frame.$eval('[data-testid="och-product-title"]', (n, wanted) => n.textContent === wanted, title), { timeout: 90_000, what: "the product title" });
    return { page, frame };
  }

  const draftOf = (frame, pattern, what) =>
    until(() => frame.$eval('[data-testid="och-draft"]', (n) => n.value).then((v) => (pattern.test(v) ? v : null)), { timeout: 20_000, what });

  it("shows a folded button only, then drafts the size question and inserts it into the question form", async () => {
    const page = await productPage("product_clothing_sizes.html");
    await until(() => page.$('[data-testid="och-ask"]'), { what: "the Ask the seller button" });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await page.$('[data-testid="och-panel"]'), null, "nothing opens by itself");
    await page.close();

    const { page: shop, frame } = await openAsk("product_clothing_sizes.html");
    for (const code of ["size", "compatibility", "included", "authenticity", "delivery", "own"]) {
      assert.ok(await frame.$(`[data-testid="och-question-${code}"]`), code);
    }
    await frame.click('[data-testid="och-question-size"]');
    const draft = await draftOf(frame, /в размере M\?/, "the size question");
    const side = await frame.$eval('[data-testid="och-draft-side"]', (n) => n.textContent);
    assert.match(side, /size M/);
    await frame.click('[data-testid="och-insert"]');
    await until(() => frame.$eval('[data-testid="och-status"]', (n) => n.textContent.includes("Send")), { what: "the inserted status" });
    assert.equal(await shop.$eval('[data-testid="page-question"]', (n) => n.value), draft);
    assert.equal(await shop.evaluate(() => window.__sendPresses), 0);
    // Chinese beside the Russian, chosen in the settings, for the next product.
    await frame.evaluate(async () => {
      const settings = (await chrome.storage.local.get("settings")).settings ?? {};
      await chrome.storage.local.set({ settings: { ...settings, sideLang: "zh" } });
    });
    await shop.close();
  });

  it("keeps an own question in Chinese verbatim and fills a contenteditable question form", async () => {
    const { page, frame } = await openAsk("product_electronics.html");
    const own = "这个耳机支持降噪吗？续航多久？";
    await frame.click('[data-testid="och-question-own"]');
    await frame.$eval('[data-testid="och-own-text"]', (n, value) => {
      n.value = value;
      n.dispatchEvent(new Event("input", { bubbles: true }));
    }, own);
    const draft = await draftOf(frame, new RegExp(own.replace(/[?？]/g, ".")), "the own question");
    assert.ok(draft.includes("Я пишу на китайском языке, а ответить можно по-русски:"), draft);
    const side = await frame.$eval('[data-testid="och-draft-side"]', (n) => n.textContent);
    assert.ok(side.includes(own) && side.startsWith("您好"), side);
    await frame.click('[data-testid="och-insert"]');
    await until(() => frame.$eval('[data-testid="och-status"]', (n) => n.textContent.length > 0), { what: "a status" });
    const shown = await page.$eval('[data-testid="page-question"]', (n) => n.innerText);
    assert.ok(shown.includes(own) && shown.includes("Здравствуйте!"), shown);
    assert.equal(await page.evaluate(() => window.__sendPresses), 0);
    await frame.evaluate(async () => {
      const settings = (await chrome.storage.local.get("settings")).settings ?? {};
      delete settings.sideLang;
      await chrome.storage.local.set({ settings });
    });
    await page.close();
  });

  it("sends the question to the seller chat when the page has no question form", async () => {
    const { page, frame } = await openAsk("product_no_question_form.html");
    await until(() => frame.$eval('[data-testid="och-target-seller_chat"]', (n) => n.getAttribute("aria-pressed") === "true"), { what: "the seller chat chosen" });
    await frame.click('[data-testid="och-question-included"]');
    const draft = await draftOf(frame, /комплект/, "the included question");
    assert.ok(draft.includes("артикул 987654321"), draft);
    await frame.click('[data-testid="och-insert"]');
    await until(() => frame.$eval('[data-testid="och-status"]', (n) => n.textContent.includes("seller chat")), { what: "the inserted status" });
    assert.equal(await page.$eval('[data-testid="page-chat"]', (n) => n.value), draft);
    assert.deepEqual(foreign, []);
    await page.close();
  });
});
