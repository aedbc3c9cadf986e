// The case store (extension/background/case_store.js) over an in-memory storage area with
// chrome.storage.local's API, calling the real py_core in Pyodide (the built bundle) for
// every case_* request. Run: node --test tests/unit_js/   (after `python build.py`)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_SETTINGS, MAX_IMPORT_CHARS, RETRY_MS, activeMarkupAt, createCaseStore } from "../../extension/background/case_store.js";
import { MemoryStorage } from "./memory_storage.mjs";
import { ROOT, bootCore } from "./python_core.mjs";

// The order py_core reads from tests/fixtures/pages/orderdetails_one_parcel.html.
const ORDER = JSON.parse(readFileSync(join(ROOT, "tests", "unit_js", "order.json"), "utf8"));
const DAMAGED = { code: "damaged", fault: "трещина на экране" };

let core;
let calls;
before(async () => {
  ({ core, calls } = await bootCore());
});

/** The py_core requests that `fn` makes. */
async function requestsOf(fn) {
  const start = calls.length;
  const result = await fn();
  return { result, requests: calls.slice(start) };
}

function storeWith(initial = {}) {
  const storage = new MemoryStorage(initial);
  const changed = [];
  const store = createCaseStore(core, { storage, onChange: (kase) => changed.push(kase.id) });
  return { store, storage, changed };
}

const caseKeys = (storage) => [...storage.items.keys()].filter((key) => key.startsWith("case:"));

describe("logging contacts", () => {
  it("opens one case per order and problem, and logs each contact in it", async () => {
    const { store, storage, changed } = storeWith();
    const first = await store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "Здравствуйте!" });
    assert.equal(first.case.order.number, "46206571-0591");
    assert.equal(first.attempt.status, "waiting");
    assert.ok(first.attempt.follow_up_due, "py_core sets when to follow up");
    const second = await store.record({ order: ORDER, problem: DAMAGED, channel: "support_chat", text: "Добрый день" });
    assert.equal(second.case.id, first.case.id);
    assert.deepEqual(second.case.attempts.map((a) => a.channel), ["seller_chat", "support_chat"]);
    assert.deepEqual(caseKeys(storage), [`case:${first.case.id}`]);
    assert.deepEqual(changed, [first.case.id, first.case.id]);
    const other = await store.record({ order: ORDER, problem: { code: "wrong_item" }, channel: "seller_chat", text: "x" });
    assert.notEqual(other.case.id, first.case.id);
    assert.equal(caseKeys(storage).length, 2);
  });

  it("logs contacts made at the same moment into one case, one after the other", async () => {
    const { store, storage } = storeWith();
    const texts = ["один", "два", "три"];
    const results = await Promise.all(texts.map((text) => store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text })));
    assert.equal(new Set(results.map((r) => r.case.id)).size, 1);
    const [key] = caseKeys(storage);
    assert.deepEqual(storage.items.get(key).attempts.map((a) => a.text), texts);
  });

  it("refuses a contact without an order number and writes nothing", async () => {
    const { store, storage } = storeWith();
    await assert.rejects(store.record({ order: { ...ORDER, number: null }, problem: DAMAGED, channel: "seller_chat", text: "x" }), { code: "missing-order" });
    assert.equal(storage.writes, 0);
  });

  it("passes py_core's own error on (a channel py_core does not know)", async () => {
    const { store, storage } = storeWith();
    await assert.rejects(store.record({ order: ORDER, problem: DAMAGED, channel: "pigeon", text: "x" }), { code: "invalid_payload" });
    assert.equal(caseKeys(storage).length, 0);
  });

  it("keeps a contact the storage refused and writes it once the storage takes it", async () => {
    const { store, storage, changed } = storeWith();
    storage.failNextSets(1);
    await assert.rejects(store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "x" }), { code: "storage-failed" });
    assert.equal(caseKeys(storage).length, 0);
    const listed = await store.list();
    assert.equal(listed.unsaved, 1, "the refused case is still shown");
    assert.equal(listed.cases.length, 1);
    await sleep(RETRY_MS + 300);
    assert.equal(caseKeys(storage).length, 1, "written by the retry");
    assert.equal(changed.length, 1);
    assert.equal((await store.list()).unsaved, 0);
  });
});

describe("one request each (issue 13)", () => {
  it("logs a contact in one py_core request, with the buyer's corrections, and the same text once", async () => {
    const { store, storage } = storeWith();
    const first = await requestsOf(() =>
      store.record({ order: ORDER, corrections: { received_date: "2026-11-20" }, problem: DAMAGED, channel: "seller_chat", text: "Здравствуйте!" }),
    );
    assert.deepEqual(first.requests, ["case_record"]);
    assert.equal(first.result.duplicate, false);
    assert.equal(first.result.case.order.received_date, "2026-11-20");
    const next = await requestsOf(() => store.record({ order: ORDER, problem: DAMAGED, channel: "support_chat", text: "Добрый день" }));
    assert.deepEqual(next.requests, ["case_record"]);
    assert.equal(next.result.case.id, first.result.case.id);
    const again = await requestsOf(() => store.record({ order: ORDER, problem: { code: "wrong_item" }, channel: "seller_chat", text: " Здравствуйте! " }));
    assert.deepEqual(again.requests, [], "already logged: py_core is not asked");
    assert.equal(again.result.duplicate, true);
    assert.equal(again.result.attempt.id, "A1");
    assert.equal(caseKeys(storage).length, 1);
  });

  it("logs a contact for an order the page did not show, by the number the buyer typed", async () => {
    const { store } = storeWith();
    const { case: kase } = await store.record({ order: null, corrections: { number: "12345678-0001", item: "Чайник" }, problem: { code: "damaged" }, channel: "support_chat", text: "x" });
    assert.equal(kase.order.number, "12345678-0001");
    assert.deepEqual(kase.order.items.map((item) => item.title), ["Чайник"]);
    await assert.rejects(store.record({ corrections: { received_date: "2026-11-20" }, problem: DAMAGED, channel: "seller_chat", text: "y" }), { code: "missing-order" });
  });

  it("lists every case with what is due in one py_core request, however many cases", async () => {
    const { store } = storeWith();
    for (const code of ["damaged", "wrong_item", "late_delivery"]) await store.record({ order: ORDER, problem: { code }, channel: "seller_chat", text: code });
    const listed = await requestsOf(() => store.list());
    assert.deepEqual(listed.requests, ["case_list"]);
    assert.equal(listed.result.cases.length, 3);
    assert.ok(listed.result.cases.every(({ due }) => due.length === 1 && due[0].channel === "seller_chat"));
    const exported = await requestsOf(() => store.exportAll());
    assert.deepEqual(exported.requests.slice(0, 1), ["case_list"]);
    assert.equal(JSON.parse(exported.result.json).cases.length, 3);
  });
});

describe("the buyer's profile and the later drafts", () => {
  it("keeps the saved name and tone with the case, and the escalation names the fault the first draft named", async () => {
    const { store } = storeWith({ settings: { ...DEFAULT_SETTINGS, name: "Ли Вэй", tone: "neutral" } });
    const { case: kase } = await store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "Здравствуйте!" });
    assert.deepEqual(kase.profile, { name: "Ли Вэй", tone: "neutral" });
    assert.equal(kase.problem.fault, DAMAGED.fault);
    const draft = await store.escalation({ caseId: kase.id, lang: "zh" });
    assert.match(draft.ru.body, /46206571-0591/);
    assert.ok(draft.ru.body.includes(DAMAGED.fault), draft.ru.body);
    assert.equal(draft.side.lang, "zh");
  });

  it("reads corrupt settings (not an object) as the defaults, as the panel's own reader does", async () => {
    const { readSettings } = await import("../../extension/shared/settings.js");
    for (const bad of ["uiLang=ru", ["ru"], 7, null]) {
      const { store, storage } = storeWith({ settings: bad });
      assert.deepEqual(await store.getSettings(), DEFAULT_SETTINGS, JSON.stringify(bad));
      assert.deepEqual(await readSettings(storage), DEFAULT_SETTINGS, JSON.stringify(bad));
    }
    const { storage } = storeWith({ settings: { uiLang: "zh", sideLang: "en" } });
    assert.deepEqual(await readSettings(storage), { ...DEFAULT_SETTINGS, uiLang: "zh", sideLang: "en" });
  });

  it("keeps only the settings it knows, with defaults for the rest", async () => {
    const { store } = storeWith();
    assert.deepEqual(await store.getSettings(), DEFAULT_SETTINGS);
    const next = await store.setSettings({ name: "Ann", evil: "<script>", reminders: false });
    assert.equal(next.name, "Ann");
    assert.equal(next.reminders, false);
    assert.ok(!("evil" in next));
    assert.deepEqual(await store.profile(), { name: "Ann", tone: "formal" });
  });
});

describe("listing and changing cases", () => {
  it("lists each case with what is due, and moves a damaged record aside without losing it", async () => {
    const { store, storage } = storeWith();
    const { case: kase } = await store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "x" });
    storage.items.set("case:broken", { id: "broken", order: { number: 5 } });
    const listed = await store.list();
    assert.equal(listed.cases.length, 1);
    assert.equal(listed.cases[0].case.id, kase.id);
    assert.equal(listed.cases[0].due.length, 1);
    assert.equal(listed.cases[0].due[0].channel, "seller_chat");
    assert.equal(listed.unreadable, 1);
    assert.equal(listed.quarantined[0].key, "case:broken");
    assert.ok(!storage.items.has("case:broken"));
    assert.deepEqual(storage.items.get("quarantine:case:broken").record, { id: "broken", order: { number: 5 } });
    assert.equal((await store.list({ orderNumber: "1-1" })).cases.length, 0);
  });

  it("updates a contact and the case's status through py_core, and says when a case is not there", async () => {
    const { store } = storeWith();
    const { case: kase, attempt } = await store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "x" });
    const updated = await store.update({ caseId: kase.id, attemptId: attempt.id, status: "answered" });
    assert.equal(updated.attempts[0].status, "answered");
    assert.deepEqual((await store.list()).cases[0].due, []);
    await assert.rejects(store.update({ caseId: kase.id, attemptId: "A9", status: "answered" }), { code: "not_found" });
    assert.equal((await store.setCaseStatus({ caseId: kase.id, status: "resolved" })).status, "resolved");
    await assert.rejects(store.get("nope"), { code: "not-found" });
    const stepped = await store.step({ caseId: kase.id, step: "claim" });
    assert.ok(stepped.steps.some((s) => s.code === "claim"));
  });
});

describe("export and import", () => {
  it("exports everything and imports it back into an empty log", async () => {
    const { store } = storeWith({ settings: { ...DEFAULT_SETTINGS, name: "Ann" } });
    await store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "x" });
    const exported = await store.exportAll({ lang: "en" });
    assert.equal(exported.markdown.length, 1);
    assert.match(exported.markdown[0].filename, /\.md$/);
    const fresh = storeWith();
    assert.deepEqual(await fresh.store.importAll({ text: exported.json }), { cases: 1 });
    assert.equal(caseKeys(fresh.storage).length, 1);
    assert.equal((await fresh.store.getSettings()).name, "Ann");
  });

  it("refuses a file that is not an export, holds page code or one bad case, and writes nothing", async () => {
    const { store } = storeWith();
    await store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "x" });
    const good = JSON.parse((await store.exportAll()).json);
    const bad = [
      "not json",
      JSON.stringify({ format: "other", cases: [] }),
      JSON.stringify({ ...good, cases: [{ ...good.cases[0], order: { ...good.cases[0].order, title: "<img src=x onerror=alert(1)>" } }] }),
      JSON.stringify({ ...good, cases: [good.cases[0], { id: 1 }] }),
      "x".repeat(MAX_IMPORT_CHARS + 1),
    ];
    for (const text of bad) {
      const fresh = storeWith();
      await assert.rejects(fresh.store.importAll({ text }), (err) => err.code === "bad-import" && /Nothing|not/.test(err.message));
      assert.equal(fresh.storage.writes, 0, text.slice(0, 40));
    }
  });

  it("finds active markup anywhere in a value, and nothing in plain text", () => {
    assert.equal(activeMarkupAt({ a: [{ b: "<script>x</script>" }] }), "a.0.b");
    assert.equal(activeMarkupAt({ a: "Заказ 46206571-0591 <3", b: 5 }), null);
  });

  it("deletes everything", async () => {
    const { store, storage } = storeWith({ settings: { name: "x" } });
    await store.record({ order: ORDER, problem: DAMAGED, channel: "seller_chat", text: "x" });
    assert.equal(await store.deleteAll(), true);
    assert.equal(storage.items.size, 0);
  });
});
