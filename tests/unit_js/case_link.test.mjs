// A shop's social-media page kept with the case (issue 14): the case store's `link`
// (extension/background/case_store.js) over an in-memory storage area, with the real
// py_core in Pyodide validating the address (case_link). Run: node --test tests/unit_js/
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { createCaseStore } from "../../extension/background/case_store.js";
import { MemoryStorage } from "./memory_storage.mjs";
import { ROOT, bootCore } from "./python_core.mjs";

const ORDER = JSON.parse(readFileSync(join(ROOT, "tests", "unit_js", "order.json"), "utf8"));
const DAMAGED = { code: "damaged" };

let core;
before(async () => {
  ({ core } = await bootCore());
});

const stored = (storage) => [...storage.items.entries()].filter(([key]) => key.startsWith("case:")).map(([, value]) => value);

describe("links kept with a case", () => {
  it("keeps the link with the open case of the order and problem, once", async () => {
    const storage = new MemoryStorage();
    const store = createCaseStore(core, { storage });
    const { case: logged } = await store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "Здравствуйте!" });
    const kept = await store.link({ order: ORDER, problem: DAMAGED, url: "https://vk.com/technomir_shop" });
    assert.equal(kept.id, logged.id);
    assert.deepEqual(kept.links.map((l) => [l.url, l.network]), [["https://vk.com/technomir_shop", "vk"]]);
    await store.link({ order: ORDER, problem: DAMAGED, url: "https://vk.com/technomir_shop" });
    await store.link({ order: ORDER, problem: DAMAGED, url: "https://t.me/technomir" });
    const [saved] = stored(storage);
    assert.deepEqual(saved.links.map((l) => l.network), ["vk", "telegram"]);
    assert.equal(saved.attempts.length, 1, "the contact stays as it was");
    const { cases } = await store.list({ orderNumber: ORDER.number });
    assert.equal(cases[0].case.links.length, 2);
  });

  it("opens a case for a link found before any contact was logged", async () => {
    const storage = new MemoryStorage();
    const store = createCaseStore(core, { storage });
    const kept = await store.link({ order: ORDER, problem: DAMAGED, url: "https://ok.ru/group/5512" });
    assert.equal(kept.problem.code, "damaged");
    assert.deepEqual(stored(storage).map((c) => c.links.length), [1]);
  });

  it("refuses an address that is no https page on VK, Telegram or OK, and keeps nothing", async () => {
    const storage = new MemoryStorage();
    const store = createCaseStore(core, { storage });
    await store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "Здравствуйте!" });
    for (const url of ["http://vk.com/shop", "https://www.instagram.com/shop", "javascript:alert(1)", "https://vk.com/a<b>"]) {
      await assert.rejects(store.link({ order: ORDER, problem: DAMAGED, url }), (err) => err.code === "invalid_payload" && /https:\/\//.test(err.message), url);
    }
    assert.deepEqual(stored(storage)[0].links, []);
    await assert.rejects(store.link({ order: {}, problem: DAMAGED, url: "https://vk.com/shop" }), /order number/);
  });
});
