// M6 (Chromium): the JS heap of the thread that runs Python, the offscreen document's
// Python worker. A dedicated worker has no heap figure of its own to give (Chromium's
// performance.memory is a window's), so this asks DevTools: it connects to the browser
// the benchmark started with a remote-debugging port, finds the offscreen document and
// its worker, and prints {used_bytes, total_bytes} (Runtime.getHeapUsage), or {} if the
// worker is not there.
//     node benchmarks/js/worker_heap.mjs PORT
import puppeteer from "puppeteer-core";

const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${process.argv[2]}`, defaultViewport: null });
try {
  const home = browser.targets().find((target) => target.url().endsWith("/offscreen/offscreen.html"));
  const page = home ? await home.asPage() : null;
  const worker = page?.workers().find((w) => w.url().endsWith("/offscreen/python_worker.js"));
  const heap = worker ? await worker.client.send("Runtime.getHeapUsage") : null;
  console.log(JSON.stringify(heap ? { used_bytes: heap.usedSize, total_bytes: heap.totalSize } : {}));
} finally {
  await browser.disconnect();
}
