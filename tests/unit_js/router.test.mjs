// The background's router (extension/background/router.js) with the real py_core in Pyodide:
// the panel sends only the buyer's choices and corrections; the router keeps each tab's
// order as core/extract read it (storage.session) and adds it, with the saved profile, to
// core/advise, core/draft and log/record. py_core's envelope is passed on unopened.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { MemoryStorage } from "./memory_storage.mjs";
import { ROOT, bootCore } from "./python_core.mjs";

const ID = "abcdefghijklmnopabcdefghijklmnop";
const OWN = `chrome-extension://${ID}/`;
const PANEL = { id: ID, tab: { id: 7 }, frameId: 3, url: `${OWN}panel/panel.html` };
const OPTIONS = { id: ID, url: `${OWN}options/options.html` };
const listeners = () => ({ addListener() {} });

/** The snapshot of a saved page, as the content script would take it (py_core's helper). */
function snapshotOf(page) {
  const script = [
    "import json, sys",
    "from tests.unit.conftest import page_snapshot",
    "print(json.dumps(page_snapshot(sys.argv[1])))",
  ].join("\n");
  return JSON.parse(execFileSync(join(ROOT, ".venv", "bin", "python"), ["-c", script, page], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 }));
}

let handlers;
let session;
let local;
const sentToPython = [];

before(async () => {
  const { host } = await bootCore();
  session = new MemoryStorage();
  local = new MemoryStorage({ settings: { name: "Ли Вэй", tone: "neutral" } });
  globalThis.chrome = {
    runtime: { id: ID, getURL: (path) => OWN + path, onMessage: listeners(), onConnect: listeners(), onInstalled: listeners() },
    storage: { session, local },
    tabs: { onRemoved: listeners() },
  };
  const { startRouter } = await import("../../extension/background/router.js");
  handlers = startRouter({
    keepalive: true,
    boot: async () => ({ state: "ready" }),
    status: async () => ({ state: "ready" }),
    call: (request, payload, options) => {
      sentToPython.push({ request, payload, options });
      return host.call(request, payload, options);
    },
  });
});

/** What a handler sends: py_core's envelope (or its JSON text, packed), or the handler's result. */
async function sent(type, payload, sender = PANEL) {
  const reply = await handlers[type](payload, sender);
  return reply?.__envelope ? reply.envelope : { ok: true, result: reply };
}

/** A handler's answer as the sender opens it (shared/messages.js unwrap parses a packed one). */
async function answer(type, payload, sender = PANEL) {
  const reply = await sent(type, payload, sender);
  return typeof reply?.packed === "string" ? JSON.parse(reply.packed) : reply;
}

describe("the tab's order, kept by the background", () => {
  it("keeps the order core/extract read, and adds it and the saved profile to the panel's pick", async () => {
    const extracted = await answer("core/extract", { snapshot: snapshotOf("orderdetails_one_parcel.html") });
    assert.equal(extracted.ok, true);
    const number = extracted.result.order.number;
    assert.deepEqual((await session.get("order:7"))["order:7"], extracted.result.order);

    const pick = { problem: { code: "damaged", fault: "трещина" }, lang: "zh", channel: "support_chat", corrections: { received_date: "2026-11-20" } };
    const advised = await answer("core/advise", pick);
    assert.equal(advised.ok, true, JSON.stringify(advised.error));
    const body = advised.result.draft.ru.body;
    assert.ok(body.includes(number) && body.includes("трещина") && body.includes("Ли Вэй"), body);
    const sent = sentToPython.at(-1).payload;
    assert.deepEqual(sent.order, extracted.result.order, "the router added the order");
    assert.deepEqual(sent.profile, { name: "Ли Вэй", tone: "neutral" });
    assert.deepEqual(sent.corrections, pick.corrections);
    assert.ok(JSON.stringify(pick).length * 5 < JSON.stringify(sent).length, "the pick is a small part of what Python gets");
  });

  it("sends py_core's answers as its own JSON text, except the extract, whose order it keeps", async () => {
    const extracted = await sent("core/extract", { snapshot: snapshotOf("orderdetails_one_parcel.html") });
    assert.equal(extracted.ok, true, "the extract comes parsed");
    assert.equal(extracted.packed, undefined);
    const advised = await sent("core/advise", { problem: { code: "damaged" }, lang: "en" });
    assert.equal(typeof advised.packed, "string", "advice comes as py_core's text");
    assert.ok(JSON.parse(advised.packed).result.draft.ru.body.includes(extracted.result.order.number));
    const problems = await sent("core/problems", {});
    assert.ok(Array.isArray(JSON.parse(problems.packed).result));
    assert.deepEqual(sentToPython.at(-1).options, { packed: true });
  });

  it("logs the panel's contact on the tab's order, and keeps an order an extension page names", async () => {
    const logged = await answer("log/record", { problem: { code: "damaged", item: "Наушники" }, channel: "support_chat", text: "Здравствуйте!" });
    assert.equal(logged.result.case.order.number, "46206571-0591");
    assert.equal(logged.result.case.problem.item, "Наушники");
    const other = await answer("log/record", { order: { number: "12345678-0001" }, problem: { code: "damaged" }, channel: "support_chat", text: "x" }, OPTIONS);
    assert.equal(other.result.case.order.number, "12345678-0001");
  });

  it("passes py_core's error on unopened, and forgets the order when the page holds none", async () => {
    const broken = await answer("core/draft", { problem: { code: "damaged" }, corrections: { number: "12" } });
    assert.equal(broken.ok, false);
    assert.equal(broken.error.code, "invalid_payload");
    const none = await answer("core/extract", { snapshot: { url: "https://www.ozon.ru/", widgets: [] } });
    assert.equal(none.ok, true);
    assert.equal((await session.get("order:7"))["order:7"], undefined);
    const missing = await answer("core/advise", { problem: { code: "damaged" } });
    assert.equal(missing.error.code, "missing_order_number");
    const typed = await answer("core/advise", { problem: { code: "damaged" }, corrections: { number: "87654321-0002" } });
    assert.ok(typed.result.draft.ru.body.includes("87654321-0002"));
  });
});

describe("a new tab's order, read ahead (issue 9, M3)", () => {
  const CONTENT = { id: ID, tab: { id: 9 }, frameId: 0, url: "https://www.ozon.ru/my/orderdetails/?order=46206571-0591" };
  const PANEL9 = { ...PANEL, tab: { id: 9 } };

  it("answers the panel's core/extract of the same snapshot with the content script's reading, once", async () => {
    const snapshot = snapshotOf("orderdetails_one_parcel.html");
    const before = sentToPython.length;
    assert.equal((await answer("order/prefetch", { snapshot }, CONTENT)).result, true);
    assert.equal(sentToPython.length, before + 1);
    assert.equal(sentToPython.at(-1).request, "extract");
    // The panel gets the same snapshot over its port, and the same answer as a fresh read.
    const read = await answer("core/extract", structuredClone({ snapshot }), PANEL9);
    assert.equal(sentToPython.length, before + 1, "no second read");
    assert.equal(read.ok, true);
    assert.equal(read.result.order.number, "46206571-0591");
    assert.deepEqual((await session.get("order:9"))["order:9"], read.result.order, "kept for the tab as a fresh read is");
    // Taken once: the next ask reads again.
    await answer("core/extract", { snapshot }, PANEL9);
    assert.equal(sentToPython.length, before + 2);
  });

  it("reads again when the panel's snapshot is another, or comes from another tab", async () => {
    const snapshot = snapshotOf("orderdetails_one_parcel.html");
    await answer("order/prefetch", { snapshot }, CONTENT);
    const before = sentToPython.length;
    await answer("core/extract", { snapshot: { ...snapshot, captured_at: "2026-11-28T10:00:00.000Z" } }, PANEL9);
    assert.equal(sentToPython.length, before + 1, "a changed snapshot is read afresh");
    await answer("order/prefetch", { snapshot }, CONTENT);
    await answer("core/extract", { snapshot }, PANEL);
    assert.equal(sentToPython.length, before + 3, "tab 7's panel does not get tab 9's reading");
  });

  it("hands the panel's hello the reading once Python answered it, and keeps the tab's order", async () => {
    const snapshot = snapshotOf("orderdetails_one_parcel.html");
    const CONTENT13 = { ...CONTENT, tab: { id: 13 } };
    const PANEL13 = { ...PANEL, tab: { id: 13 } };
    await handlers["panel/register"]({ nonce: "m".repeat(40) }, CONTENT13);
    await answer("order/prefetch", { snapshot }, CONTENT13);
    const hello = await handlers["panel/hello"]({}, PANEL13);
    assert.equal(hello.nonce, "m".repeat(40));
    // What the panel compares with the snapshot its port brings: the same text as here.
    assert.equal(hello.prefetch.text, JSON.stringify(structuredClone({ snapshot })));
    assert.equal(hello.prefetch.result.order.number, "46206571-0591");
    assert.deepEqual((await session.get("order:13"))["order:13"], hello.prefetch.result.order, "kept as core/extract keeps it");
    // Once: a second hello has none, and the panel's core/extract reads again.
    assert.equal((await handlers["panel/hello"]({}, PANEL13)).prefetch, undefined);
    const before = sentToPython.length;
    await answer("core/extract", { snapshot }, PANEL13);
    assert.equal(sentToPython.length, before + 1);
  });

  it("hands no reading to a hello that comes before Python answered it (a cold start); core/extract takes it then", async () => {
    const { startRouter } = await import("../../extension/background/router.js");
    let reply;
    const replied = new Promise((resolve) => (reply = resolve));
    let calls = 0;
    const cold = startRouter({
      keepalive: false,
      boot: async () => ({}),
      status: async () => ({}),
      call: () => {
        calls += 1;
        return replied;
      },
    });
    const CONTENT14 = { ...CONTENT, tab: { id: 14 } };
    const PANEL14 = { ...PANEL, tab: { id: 14 } };
    await cold["panel/register"]({ nonce: "k".repeat(40) }, CONTENT14);
    const prefetching = cold["order/prefetch"]({ snapshot: { text: "x" } }, CONTENT14);
    const hello = await cold["panel/hello"]({}, PANEL14);
    assert.equal(hello.prefetch, undefined);
    const extracting = cold["core/extract"]({ snapshot: { text: "x" } }, PANEL14);
    reply({ ok: true, result: { order: null, missing: [], warnings: [] } });
    await prefetching;
    assert.equal((await extracting).envelope.ok, true);
    assert.equal(calls, 1, "the reading ahead answered the panel's core/extract");
  });

  it("refuses a prefetch with no snapshot or no tab", async () => {
    await assert.rejects(handlers["order/prefetch"]({}, CONTENT), /no snapshot/);
    await assert.rejects(handlers["order/prefetch"]({ snapshot: {} }, { ...CONTENT, tab: undefined }), /no snapshot/);
  });
});

describe("the panel's nonce", () => {
  it("answers the panel's hello while the registration is still being written", async () => {
    const CONTENT = { id: ID, tab: { id: 11 }, frameId: 0, url: "https://www.ozon.ru/my/orderdetails/?order=1" };
    const nonce = "n".repeat(40);
    const registering = handlers["panel/register"]({ nonce }, CONTENT);
    const hello = await handlers["panel/hello"]({}, { ...PANEL, tab: { id: 11 } });
    assert.deepEqual(hello, { nonce, tabId: 11 });
    assert.equal(await registering, true);
    assert.equal((await session.get("nonce:11"))["nonce:11"], nonce, "kept for a restarted worker too");
    await assert.rejects(handlers["panel/hello"]({}, { ...PANEL, tab: { id: 12 } }), /no Ozon Contact Helper page script/);
  });
});
