// The Firefox half of the benchmark (run.py starts it): Firefox ESR over WebDriver BiDi
// (puppeteer-core), a fresh profile per run, the extension copy that run.py prepared.
//   node benchmarks/firefox.mjs <extension dir> <mode> <runs>
//   mode: cold (M1), cold-settled (M1, the page opened once the browser has settled),
//   full (M1-M3, M6), bare or bare-npm (M4), bare-settled (M4, the page opened once the
//   browser has settled), release (M6 in normal use: the last Ozon tab is closed, then the
//   extension process's RSS is read until 80 MB are back or 150 s have passed)
// Prints one JSON line: the list of samples.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import puppeteer from "puppeteer-core";
import { fixtureIndex, panelFrame, respond } from "../tests/e2e/site/site.mjs";

const [extension, mode = "cold", runsArg = "1"] = process.argv.slice(2);
const UUID = "0c5e7d59-3f3a-4b8e-9d61-5b0e2f6a7c41";
const GECKO_ID = "ozon-contact-helper@och.example";
const BARE_ORIGIN = "https://bench.invalid";
const FIRST = "orderdetails_one_parcel.html";
const SECOND = "orderdetails_several_parcels.html";
const PICKS = ["damaged", "not_delivered", "late_delivery", "complaint", "product_question"];
const EARLY_PICKS = 10; // as common.py EARLY_PICKS and WARM_WAIT_S
const WARM_WAIT_MS = 15_000;
const SETTLE_MS = 2_000; // as common.py SETTLE_S
// The release run waits at most this long after the last Ozon tab is closed (Firefox
// suspends an idle event page after extensions.background.idle.timeout, 30 s by default,
// and frees its memory some time later).
const RELEASE_WAIT_MS = 150_000;
const RELEASE_BYTES = 80e6; // common.py's RELEASE_MB, in bytes
const pickCodes = (n) => Array.from({ length: n }, (_, i) => PICKS[(i + 1) % PICKS.length]);
// The scripts run in the page and the panel, shared with the Chromium half (common.py).
const js = (name) => readFileSync(new URL(`./js/${name}`, import.meta.url), "utf8").trim();
const call = (source, arg) => `(${source})(${JSON.stringify(arg ?? null)})`;
const DRAFT_PICKS = js("draft_picks.js");
const FIRST_PICK = js("first_pick.js");
const PAGE_TIMELINE = js("page_timeline.js");
const FRAME_TIMELINE = js("frame_timeline.js");
const ORDER_SHOWN = js("order_shown.js");
const IN_FRAME_WAIT = js("in_frame_wait.js");

function firefoxPath() {
  for (const candidate of ["/usr/bin/firefox-esr", "/usr/bin/firefox"]) if (existsSync(candidate)) return candidate;
  throw new Error("Firefox is not installed: apt-get install -y firefox-esr");
}

async function launch() {
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: firefoxPath(),
    headless: true,
    extraPrefsFirefox: {
      "extensions.originControls.grantByDefault": true,
      // A fixed moz-extension:// address, so the bare page can be framed by its URL.
      "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: UUID }),
    },
  });
  await browser.installExtension(extension);
  return browser;
}

/** The saved Ozon pages at their addresses, and the page framing the bare runtime (M4). */
function serveBench(req) {
  const url = req.url();
  if (url.startsWith(BARE_ORIGIN)) {
    const stdlib = url.includes("npm") ? "?stdlib=npm" : "";
    const body = `<!doctype html><title>bare</title><iframe src="moz-extension://${UUID}/bench/bare.html${stdlib}"></iframe>`;
    return req.respond({ status: 200, contentType: "text/html", body });
  }
  const answer = url.startsWith("http") ? respond(url, { chatMode: "none" }) : null;
  if (answer) return req.respond({ status: 200, contentType: answer.contentType, body: answer.body, headers: answer.headers ?? {} });
  return url.startsWith("http") ? req.abort() : req.continue();
}

async function sitePage(browser) {
  const page = await browser.newPage();
  page.on("request", serveBench);
  await page.setRequestInterception(true);
  return page;
}

async function poll(fn, what, timeout = 120_000, everyMs = 10) {
  const end = performance.now() + timeout;
  for (;;) {
    const value = await fn().catch(() => null);
    if (value) return value;
    if (performance.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The check `source` ((arg) => value or null), run inside the frame every 4 ms for up to
 * `ms` (js/in_frame_wait.js, shared with chromium.py). */
const inFrame = (source, arg, ms) => `(${IN_FRAME_WAIT})((${source}), ${JSON.stringify(arg ?? null)}, ${ms})`;

/** [the panel frame, the check's answer] once `source` answers in the panel. The panel
 * is looked for every 50 ms, and the check runs inside it (as chromium.py _panel_poll):
 * asking the frame from here every 2 ms took CPU from the start being measured. */
async function panelWait(page, source, arg, what, timeout = 120_000) {
  return poll(async () => {
    const panel = await panelFrame(page);
    if (!panel) return null;
    const value = await panel.evaluate(inFrame(source, arg, 2000));
    return value ? [panel, value] : null;
  }, what, timeout, 50);
}

/** [the panel frame, {at, seen}]: the panel's own clock (epoch ms) when it showed the
 * order number, and when the check saw it (order_shown.js). */
const orderRead = (page, meta) => panelWait(page, ORDER_SHOWN, meta.expect.number, "the order number in the panel");

// (Builds from before issue 9 have no python-host-admin: their answers are null.)
const ask = (frame, target, type) =>
  frame.evaluate((t, ty) => chrome.runtime.sendMessage({ target: t, type: ty, payload: {} }).then((a) => a?.result ?? null, () => null), target, type);

/** Visit pid and its descendants (Linux /proc): visit(pid, rssBytes, commandLine). */
function walkProcesses(pid, visit) {
  const todo = [pid];
  const seen = new Set();
  while (todo.length) {
    const current = todo.pop();
    if (seen.has(current)) continue;
    seen.add(current);
    try {
      visit(current, rssOf(current), readFileSync(`/proc/${current}/cmdline`, "utf8"));
      for (const task of readdirSync(`/proc/${current}/task`)) {
        todo.push(...readFileSync(`/proc/${current}/task/${task}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number));
      }
    } catch {
      // the process ended
    }
  }
}

/** Firefox does not tell a content process's remote type on its command line: the
 * extension's own process is taken to be the largest content process while Python runs. */
function largestContentProcess(pid) {
  let best = null;
  walkProcesses(pid, (current, rss, cmd) => {
    if (cmd.includes("-contentproc") && (!best || rss > best.rss)) best = { pid: current, rss };
  });
  return best;
}

function rssOf(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Seconds (0.1 s steps) until process pid's RSS fell RELEASE_BYTES below `up`, read
 * every second; null if it did not within waitMs (as common.py wait_for_release). */
async function waitForRelease(pid, up, waitMs) {
  const from = performance.now();
  while (performance.now() - from < waitMs) {
    await new Promise((r) => setTimeout(r, 1000));
    if (up - rssOf(pid) >= RELEASE_BYTES) return Math.round((performance.now() - from) / 100) / 10;
  }
  return null;
}

function rssTree(pid) {
  let total = 0;
  walkProcesses(pid, (_pid, rss) => {
    total += rss;
  });
  return total;
}

async function coldRun(full, settle = false) {
  const index = fixtureIndex();
  const meta = index[FIRST];
  const browser = await launch();
  try {
    const page = await sitePage(browser);
    if (settle) await new Promise((r) => setTimeout(r, SETTLE_MS));
    const started = Date.now();
    page.goto(meta.url).catch(() => {});
    const [panel, shown] = await orderRead(page, meta);
    const out = {};
    const nav = await page.evaluate(() => performance.timeOrigin).catch(() => started);
    out.order_read_ms = shown.at - nav;
    out.order_seen_ms = shown.seen - nav;
    // The first pick, clicked and timed inside the panel (as in chromium.py; until session
    // 20, clicked here and then looked for from outside the panel).
    const [clicked, drafted] = await panel.evaluate(call(FIRST_PICK, "damaged"));
    out.first_draft_ms = drafted - nav;
    out.first_pick_ms = drafted - clicked;
    const status = await ask(panel, "background", "host/status");
    out.boot_path = status?.boot_path ?? "normal (before issue 9)";
    out.snapshot_error = status?.snapshot_error ?? null;
    if (status?.timings?.started_at && status?.timings?.total_ms) out.core_ready_ms = status.timings.started_at + status.timings.total_ms - nav;
    // The timeline's raw parts; run.py lays them out (common.timeline).
    out.timeline_parts = { page: await page.evaluate(call(PAGE_TIMELINE)), frame: await panel.evaluate(call(FRAME_TIMELINE)), marks: status?.marks ?? {} };
    out.host = Object.fromEntries(Object.entries(status?.timings ?? {}).filter(([k]) => k.endsWith("_ms")).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    if (!full) return out;
    // M2 as in chromium.py: picks right after the first draft, then 50 once the host's
    // warm-up is done.
    out.pick_early_ms = await panel.evaluate(call(DRAFT_PICKS, pickCodes(EARLY_PICKS)));
    const waitFrom = performance.now();
    out.warm_wait_ms = await poll(async () => ((await ask(panel, "background", "host/status"))?.timings?.warm_drafts_ms !== undefined ? Math.round((performance.now() - waitFrom) * 10) / 10 : null), "the host's warm-up", WARM_WAIT_MS, 100).catch(() => null);
    const lineCalls = async () => (await ask(panel, "background", "host/status"))?.panel_line_calls ?? 0;
    const lineBefore = await lineCalls();
    out.pick_ms = await panel.evaluate(call(DRAFT_PICKS, pickCodes(50)));
    out.panel_line_calls = (await lineCalls()) - lineBefore; // as chromium.py (Firefox: none before session 13)
    const pid = browser.process()?.pid;
    out.memory = {
      ...(await ask(panel, "python-host-admin", "host/memory")),
      browser_rss_bytes: pid ? rssTree(pid) : null,
    };
    const hostProcess = pid ? largestContentProcess(pid) : null;
    out.memory.extension_rss_bytes = hostProcess?.rss ?? null;
    const meta2 = index[SECOND];
    const tab = await sitePage(browser);
    const started2 = Date.now();
    tab.goto(meta2.url).catch(() => {});
    const [panel2, shown2] = await orderRead(tab, meta2);
    const nav2 = await tab.evaluate(() => performance.timeOrigin).catch(() => started2);
    out.second_tab_ms = shown2.at - nav2;
    out.second_tab_seen_ms = shown2.seen - nav2;
    out.second_tab_timeline_parts = { page: await tab.evaluate(call(PAGE_TIMELINE)), frame: await panel2.evaluate(call(FRAME_TIMELINE)), marks: {} };
    await tab.close();
    // As common.wait_for_release: until the process gave back 80 MB, or 30 s (read before
    // the close: the memory can go within the moment the close takes).
    const up = hostProcess ? rssOf(hostProcess.pid) : 0;
    const closed = await ask(panel, "python-host-admin", "host/close");
    out.memory.returned_after_s = hostProcess ? await waitForRelease(hostProcess.pid, up, 30_000) : null;
    out.memory.closed = Boolean(closed?.closed);
    out.memory.wasm_bytes_after_close = (await ask(panel, "python-host-admin", "host/memory"))?.wasm_bytes ?? null;
    out.memory.browser_rss_after_close_bytes = pid ? rssTree(pid) : null;
    out.memory.extension_rss_after_close_bytes = hostProcess ? rssOf(hostProcess.pid) : null;
    return out;
  } finally {
    await browser.close();
  }
}

/**
 * M6 as Firefox frees the memory in normal use. In Firefox, the extension has no idle timer
 * of its own that closes Python: the Ozon tabs' content scripts keep the background page
 * (and Python in it) awake, and once the last Ozon tab closes, Firefox suspends the idle
 * page and frees its memory. So the run reads an order, makes a draft and closes the last
 * Ozon tab (a blank tab keeps Firefox open). It then reads the RSS of the extension's
 * process (taken to be the largest content process, as in coldRun) every second, until
 * the RSS has dropped by RELEASE_BYTES or RELEASE_WAIT_MS have passed.
 */
async function releaseRun() {
  const meta = fixtureIndex()[FIRST];
  const browser = await launch();
  try {
    const page = await sitePage(browser);
    page.goto(meta.url).catch(() => {});
    const [panel] = await orderRead(page, meta);
    await panel.evaluate(call(FIRST_PICK, "damaged"));
    await new Promise((r) => setTimeout(r, 2000));
    const pid = browser.process()?.pid;
    const hostProcess = pid ? largestContentProcess(pid) : null;
    if (!hostProcess) throw new Error("no content process found");
    const out = { extension_rss_bytes: rssOf(hostProcess.pid) };
    await browser.newPage();
    await page.close();
    out.returned_after_s = await waitForRelease(hostProcess.pid, out.extension_rss_bytes, RELEASE_WAIT_MS);
    // (Read the RSS again 5 s later: Firefox frees the rest of the page's memory in steps.)
    await new Promise((r) => setTimeout(r, 5000));
    out.extension_rss_after_bytes = rssOf(hostProcess.pid);
    return out;
  } finally {
    await browser.close();
  }
}

async function bareRun(npm, settle = false) {
  const browser = await launch();
  try {
    const page = await sitePage(browser);
    if (settle) await new Promise((r) => setTimeout(r, SETTLE_MS));
    page.goto(`${BARE_ORIGIN}/${npm ? "npm" : "shipped"}`).catch(() => {});
    const result = await poll(async () => {
      for (const frame of page.frames()) {
        const done = await frame.evaluate(() => (location.href.includes("/bench/bare.html") ? window.benchDone ?? null : null)).catch(() => null);
        if (done) return done;
      }
      return null;
    }, "bare loadPyodide");
    if (result.error) throw new Error(`bare loadPyodide failed: ${result.error}`);
    return result;
  } finally {
    await browser.close();
  }
}

const samples = [];
for (let i = 0; i < Number(runsArg); i++) {
  if (mode === "release") samples.push(await releaseRun());
  else if (mode.startsWith("bare")) samples.push(await bareRun(mode === "bare-npm", mode === "bare-settled"));
  else samples.push(await coldRun(mode === "full", mode === "cold-settled"));
}
console.log(JSON.stringify(samples));
