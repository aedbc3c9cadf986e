// Firefox half of tests/bench/boot_time.py: N runs, each a fresh Firefox profile with
// dist/firefox installed; prints one JSON line of samples. Usage: node boot_time_firefox.mjs 5
import { launchFirefoxWithExtension, newSitePage } from "../e2e/site/firefox.mjs";
import { fixtureIndex, panelFrame } from "../e2e/site/site.mjs";

const runs = Number(process.argv[2] ?? 5);
const meta = fixtureIndex()["orderdetails_one_parcel.html"];
const samples = [];

for (let i = 0; i < runs; i++) {
  const browser = await launchFirefoxWithExtension();
  try {
    const page = await newSitePage(browser, () => ({ chatMode: "none" }));
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
    samples.push({ page_to_order_ms: elapsed, boot_path: status.boot_path, snapshot_error: status.snapshot_error, ...timings });
  } finally {
    await browser.close();
  }
}
console.log(JSON.stringify(samples));
