// Issue 14's social-media section in real Firefox ESR with the built extension: for a
// seller problem the private message comes first and the public comment second, Ozon's
// own accounts are links from channels.json, the blocked networks are named, and a shop's
// link the buyer found is refused unless it is an https page on VK, Telegram or OK, kept
// with the case otherwise and shown again after a reload.
// Run: node --test tests/e2e/social.firefox.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launchFirefoxWithExtension, newSitePage, until } from "./site/firefox.mjs";
import { fixtureIndex, panelFrame } from "./site/site.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const ORDER_PAGE = "orderdetails_one_parcel.html";
const SOCIAL = JSON.parse(readFileSync(join(ROOT, "py_core", "data", "channels.json"), "utf8")).social_media;
const texts = (value) => ["ru", "en", "zh"].map((lang) => value[lang]);

describe("Firefox: social media for a seller, and a shop's link kept with the case", { timeout: 300_000 }, () => {
  let browser;
  let page;
  const meta = fixtureIndex()[ORDER_PAGE];

  before(async () => {
    browser = await launchFirefoxWithExtension();
    page = await newSitePage(browser, () => ({ chatMode: "open" }));
    await page.setViewport({ width: 1366, height: 768 });
  });

  after(async () => {
    await browser?.close();
  });

  async function openSocial() {
    await page.goto(meta.url);
    const panel = await until(() => panelFrame(page), { what: "the panel frame" });
    await until(
      () => panel.$eval('[data-testid="och-order-number"]', (n) => n.textContent).then((text) => text === meta.expect.number),
      { timeout: 90_000, what: "the order number in the panel" },
    );
    await panel.click('[data-testid="och-problem-wrong_item"]');
    await until(() => panel.$eval('[data-testid="och-social"]', (n) => !n.hidden), { timeout: 20_000, what: "the social section" });
    await panel.click('[data-testid="och-social"] > summary');
    // Opening the section asks py_core for the texts (core/social): wait for them.
    await until(() => panel.$('[data-testid="och-social-private"] strong'), { timeout: 20_000, what: "the social texts" });
    return panel;
  }

  const text = (panel, testid) => panel.$eval(`[data-testid="${testid}"]`, (n) => n.innerText.trim());
  const status = (panel) => panel.$eval('[data-testid="och-social-link-status"]', (n) => [n.className, n.textContent]);

  it("offers the private message first, then the public comment, with Ozon's accounts and the blocked networks", async () => {
    const panel = await openSocial();
    const tops = await panel.evaluate(() =>
      ["och-social-private", "och-social-public", "och-social-ozon", "och-social-blocked"].map((id) => document.querySelector(`[data-testid="${id}"]`).getBoundingClientRect().top),
    );
    assert.deepEqual(tops, [...tops].sort((a, b) => a - b));
    const label = await panel.$eval('[data-testid="och-social-private"] strong', (n) => n.textContent.trim());
    assert.ok(texts(SOCIAL.private_message.label).includes(label), label);
    const body = await text(panel, "och-social-private-text");
    assert.ok(body.includes(`№ ${meta.expect.number}`), body);
    const links = await panel.$$eval('[data-testid="och-social-ozon"] a', (as) => as.map((a) => [a.getAttribute("href"), a.target, a.rel]));
    assert.deepEqual(links.map(([href]) => href), SOCIAL.ozon_accounts.map((a) => a.url));
    for (const [, target, rel] of links) assert.ok(target === "_blank" && rel.includes("noopener"));
    assert.ok(texts(SOCIAL.not_usable_note).includes(await text(panel, "och-social-blocked")));

    await panel.click('[data-testid="och-social-public-draft"]');
    await until(() => panel.$eval('[data-testid="och-insert"]', (n) => n.hidden), { timeout: 20_000, what: "the public comment (Copy, no Insert)" });
    const draft = await panel.$eval('[data-testid="och-draft"]', (n) => n.value);
    assert.ok(draft && !draft.includes(meta.expect.number), "a public comment names no order number");
  });

  it("refuses a blocked network's link, keeps a VK link with the case and shows it after a reload", async () => {
    let panel = await openSocial();
    const add = async (url) => {
      await panel.$eval('[data-testid="och-social-link-input"]', (n, value) => {
        n.value = value;
      }, url);
      await panel.click('[data-testid="och-social-link-add"]');
    };
    await add("https://www.instagram.com/technomir");
    await until(() => status(panel).then(([kind]) => kind === "error"), { timeout: 20_000, what: "the refusal" });
    assert.match((await status(panel))[1], /https:\/\//);
    assert.equal(await panel.$$eval('[data-testid="och-social-link"]', (items) => items.length), 0);

    await add("https://vk.com/technomir_shop");
    await until(() => status(panel).then(([kind]) => kind === "ok"), { timeout: 20_000, what: "the link kept" });
    await until(() => panel.$$eval('[data-testid="och-log-link"] a', (as) => as.map((a) => a.getAttribute("href")).join()).then((h) => h === "https://vk.com/technomir_shop"), { timeout: 20_000, what: "the link in the log" });

    panel = await openSocial();
    const shown = await until(
      () => panel.$$eval('[data-testid="och-social-link"]', (items) => items.map((li) => [li.dataset.network, li.dataset.found, li.querySelector("a").getAttribute("href")])).then((rows) => (rows.length ? rows : null)),
      { timeout: 20_000, what: "the kept link after a reload" },
    );
    assert.deepEqual(shown, [["vk", "buyer", "https://vk.com/technomir_shop"]]);
    assert.equal(await panel.$$eval('[data-testid="och-log-link"]', (items) => items.length), 1);
  });
});
