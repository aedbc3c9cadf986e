// A shop's VK or Telegram link on the page (issue 14): the panel's first sieve
// (extension/panel/social.js pageSocialLinks) picks social-network addresses out of the
// snapshot's links and widget JSON, and the real py_core in Pyodide (the `social` request)
// keeps the shop's and drops Ozon's own accounts. Run: node --test tests/unit_js/
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { pageSocialLinks } from "../../extension/panel/social.js";
import { bootCore } from "./python_core.mjs";

let core;
before(async () => {
  ({ core } = await bootCore());
});

// The shapes a snapshot has (content/snapshot.js): links {text, href, container} and
// widgets {widget, id, state} with the state as the raw JSON text (slashes escaped or not).
const SNAPSHOT = {
  links: [
    { text: "ТехноМир", href: "https://www.ozon.ru/seller/tehnomir-123/", container: "" },
    { text: "ВКонтакте", href: "https://vk.com/ozon?perehod=footer", container: "" },
  ],
  widgets: [
    { widget: "webCurrentSeller", id: "state-webCurrentSeller-1", state: JSON.stringify({ socials: [{ link: "https://t.me/technomir/" }], logo: "https://cdn1.ozone.ru/s3/x.jpg" }).replaceAll("/", "\\/") },
    { widget: "footer", id: "state-footer-1", state: '{"tg":"https://t.me/ozonhq","ok":"https://ok.ru/group/5512."}' },
  ],
};

describe("a shop's social links on the page", () => {
  it("finds the social-network addresses in links and widget JSON, and nothing else", () => {
    assert.deepEqual(pageSocialLinks(SNAPSHOT), ["https://vk.com/ozon", "https://t.me/technomir", "https://t.me/ozonhq", "https://ok.ru/group/5512"]);
    assert.deepEqual(pageSocialLinks(null), []);
    assert.deepEqual(pageSocialLinks({ links: [{ href: "javascript:alert(1)" }], widgets: [{ state: "not json" }] }), []);
  });

  it("keeps at most 10", () => {
    const many = { links: Array.from({ length: 30 }, (_, i) => ({ href: `https://vk.com/shop${i}` })) };
    assert.equal(pageSocialLinks(many).length, 10);
  });

  it("shows the shop's links as found on the page, without Ozon's own accounts", async () => {
    const advice = await core("social", { order_number: "46206571-0591", problem: "wrong_item", lang: "en", page_links: pageSocialLinks(SNAPSHOT) });
    assert.deepEqual(
      advice.seller_links.map((l) => [l.url, l.network, l.found_by]),
      [["https://t.me/technomir", "telegram", "page"], ["https://ok.ru/group/5512", "ok", "page"]],
    );
  });
});
