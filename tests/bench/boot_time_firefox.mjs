// Firefox half of tests/bench/boot_time.py: N runs, each a fresh Firefox profile with
// dist/firefox installed; prints one JSON line of samples. Usage: node boot_time_firefox.mjs 5
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { fixtureIndex, panelFrame, respond } from "../e2e/site/site.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const runs = Number(process.argv[2] ?? 5);
const meta = fixtureIndex()["orderdetails_one_parcel.html"];
const samples = [];

for (let i = 0; i < runs; i++) {
  const browser = await puppeteer.launch({
    browser: "firefox", executablePath: "/usr/bin/firefox-esr", headless: true,
    extraPrefsFirefox: { "extensions.originControls.grantByDefault": true },
  });
  try {
    await browser.installExtension(join(ROOT, "dist", "firefox"));
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      if (!/^https?:/.test(req.url())) return req.continue();
      const answer = respond(req.url(), { chatMode: "none" });
      if (!answer) return req.abort();
      return req.respond({ status: answer.status, contentType: answer.contentType, body: answer.body, headers: answer.headers ?? {} });
    });
    const t0 = performance.now();
    page.goto(meta.url).catch(() => {});
    let panel;
    for (;;) {
      panel ??= await panelFrame(page);
      const text = panel ? await panel.$eval('[data-testid="och-order-number"]', (n) => n.textContent).catch(() => "") : "";
      if (text === meta.expect.number) break;
      if (performance.now() - t0 > 120_000) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = performance.now() - t0;
    const status = await panel.evaluate(() => chrome.runtime.sendMessage({ target: "background", type: "host/status", payload: {} }).then((a) => a.result));
    const timings = Object.fromEntries(Object.entries(status.timings).filter(([k]) => k.endsWith("_ms")));
    samples.push({ page_to_order_ms: elapsed, ...timings });
  } finally {
    await browser.close();
  }
}
console.log(JSON.stringify(samples));
