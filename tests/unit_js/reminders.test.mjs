// Reminders (extension/background/reminders.js): one alarm per contact that waits for a
// reply, in daytime; when it fires, a notification in the buyer's interface language that
// names the order, the channel and what to do next. `remind` is driven directly, as the
// module offers, with the real case store over an in-memory storage area.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createCaseStore, DEFAULT_SETTINGS } from "../../extension/background/case_store.js";
import { remind, scheduleReminders } from "../../extension/background/reminders.js";
import { initI18n } from "../../extension/shared/i18n.js";
import { nextDaytime } from "../../extension/shared/daytime.js";
import { catalogue, installChrome } from "./fake_chrome.mjs";
import { MemoryStorage } from "./memory_storage.mjs";

const HOUR = 3600_000;
const future = (hours) => new Date(Date.now() + hours * HOUR).toISOString();

function aCase(attempts, extra = {}) {
  return {
    id: "46206571-0591-damaged-20261121090000",
    order: { number: "46206571-0591", url: "https://www.ozon.ru/my/orderdetails/?order=46206571-0591" },
    problem: { code: "damaged" },
    status: "open",
    attempts,
    ...extra,
  };
}

/** The real case store; these tests never reach py_core (get and settings only). */
function storeWith(kase, settings = {}) {
  const storage = new MemoryStorage({ settings: { ...DEFAULT_SETTINGS, ...settings }, ...(kase ? { [`case:${kase.id}`]: kase } : {}) });
  return createCaseStore(() => assert.fail("py_core is not needed to remind"), { storage });
}

let chrome;
beforeEach(() => {
  chrome = installChrome("en");
});
afterEach(async () => {
  await initI18n("");
  delete globalThis.chrome;
});

describe("scheduling", () => {
  it("sets one alarm per waiting contact at its follow-up time moved into daytime, and clears the rest", async () => {
    const due = future(30);
    await scheduleReminders(
      aCase([
        { id: "A1", channel: "seller_chat", status: "waiting", follow_up_due: due },
        { id: "A2", channel: "support_chat", status: "answered", follow_up_due: null },
        { id: "A3", channel: "support_chat", status: "waiting", follow_up_due: null },
      ]),
    );
    const name = "due|46206571-0591-damaged-20261121090000|A1";
    assert.deepEqual([...chrome.alarms.created.keys()], [name]);
    assert.equal(chrome.alarms.created.get(name).when, nextDaytime(Date.parse(due)));
    assert.deepEqual(chrome.alarms.cleared.map((n) => n.split("|")[2]), ["A2", "A3"]);
  });

  it("reminds at once of a contact already overdue, and of none once the case is closed", async () => {
    const before = Date.now();
    await scheduleReminders(aCase([{ id: "A1", channel: "seller_chat", status: "waiting", follow_up_due: future(-5) }]));
    const [info] = chrome.alarms.created.values();
    assert.ok(info.when >= before + 1000 && info.when <= Date.now() + 1000, "1 s from now");
    chrome.alarms.created.clear();
    await scheduleReminders(aCase([{ id: "A1", channel: "seller_chat", status: "waiting", follow_up_due: future(5) }], { status: "resolved" }));
    assert.equal(chrome.alarms.created.size, 0);
  });
});

describe("when an alarm fires", () => {
  const waiting = aCase([{ id: "A1", channel: "seller_chat", status: "waiting", follow_up_due: future(-1) }]);
  const alarm = { name: `due|${waiting.id}|A1` };

  it("notifies with the order, the channel and the next step, in the browser's language", async () => {
    const id = await remind(storeWith(waiting), alarm);
    assert.equal(id, `och|${waiting.id}|A1`);
    const [note] = chrome.notifications.created;
    const en = catalogue("en");
    assert.equal(note.title, "Order 46206571-0591: no reply yet");
    assert.ok(note.message.startsWith(`${en.channel_seller_chat.message}: `), note.message);
    assert.ok(note.message.endsWith(en.reminderNext_seller_chat.message), note.message);
    assert.ok(note.iconUrl.endsWith("icons/icon-128.png"));
  });

  it("speaks the interface language chosen in the options, and the default next step for a channel without its own", async () => {
    const phone = aCase([{ id: "A1", channel: "phone", status: "waiting", follow_up_due: future(-1) }]);
    await remind(storeWith(phone, { uiLang: "zh" }), alarm);
    const zh = catalogue("zh_CN");
    const [note] = chrome.notifications.created;
    assert.ok(note.title.includes("46206571-0591") && note.title !== "Order 46206571-0591: no reply yet", note.title);
    assert.ok(note.message.includes(zh.channel_phone.message), note.message);
    assert.ok(note.message.endsWith(zh.reminderNext_default.message), note.message);
  });

  it("points an overdue support-chat contact to the panel's quieter-hours tip, and no other channel", async () => {
    const support = aCase([{ id: "A1", channel: "support_chat", status: "waiting", follow_up_due: future(-1) }]);
    await remind(storeWith(support, { uiLang: "ru" }), alarm);
    await remind(storeWith(waiting), alarm);
    const ru = catalogue("ru");
    const en = catalogue("en");
    const [supportNote, sellerNote] = chrome.notifications.created;
    assert.ok(supportNote.message.includes(ru.channel_support_chat.message), supportNote.message);
    assert.ok(supportNote.message.endsWith(` ${ru.reminderOffPeak_support_chat.message}`), supportNote.message);
    assert.ok(!/\d{2}:\d{2}/.test(supportNote.message), "the hours live in tips.json, not in the reminder");
    assert.ok(!sellerNote.message.includes(en.reminderOffPeak_support_chat.message), sellerNote.message);
  });

  it("stays silent when reminders are off, the case is gone, the contact was answered, or the alarm is not ours", async () => {
    assert.equal(await remind(storeWith(waiting, { reminders: false }), alarm), null);
    assert.equal(await remind(storeWith(null), alarm), null);
    const answered = aCase([{ id: "A1", channel: "seller_chat", status: "answered" }]);
    assert.equal(await remind(storeWith(answered), alarm), null);
    assert.equal(await remind(storeWith(waiting), { name: "och-host-idle" }), null);
    assert.equal(chrome.notifications.created.length, 0);
  });
});
