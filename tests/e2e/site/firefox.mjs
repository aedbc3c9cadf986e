// What every Firefox suite needs (tests/e2e/*.firefox.test.mjs, tests/trust/ and
// tests/bench/boot_time_firefox.mjs): Firefox ESR with the built extension installed,
// over WebDriver BiDi (puppeteer-core), and pages whose requests the saved site answers.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import puppeteer from "puppeteer-core";
import { panelFrame, respond } from "./site.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const EXTENSION = join(process.env.OCH_DIST || join(ROOT, "dist"), "firefox");

function firefoxPath() {
  for (const candidate of ["/usr/bin/firefox-esr", "/usr/bin/firefox"]) if (existsSync(candidate)) return candidate;
  throw new Error("Firefox is not installed: apt-get install -y firefox-esr");
}

/** A fresh Firefox (new profile) with dist/firefox installed and the test site's scripts built. */
export async function launchFirefoxWithExtension() {
  if (!existsSync(join(EXTENSION, "manifest.json"))) throw new Error("dist/firefox is missing: run `python build.py` first");
  execFileSync("node", [join(ROOT, "tests/e2e/site/build_site.mjs")]);
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: firefoxPath(),
    headless: true,
    // MV3 host permissions are opt-in in Firefox; a test profile grants them up front.
    extraPrefsFirefox: { "extensions.originControls.grantByDefault": true },
  });
  await browser.installExtension(EXTENSION);
  return browser;
}

/** Call inside a node:test `describe`: one Firefox with the extension for all its tests,
 * started before the first and closed after the last. `.browser` is set once started. */
export function shareOneFirefox() {
  const shared = { browser: null };
  before(async () => {
    shared.browser = await launchFirefoxWithExtension();
  });
  after(async () => {
    await shared.browser?.close();
  });
  return shared;
}

/**
 * A new tab whose http(s) requests the saved site answers. `options()` is read at each
 * request ({chatMode, chat}); addresses the site does not know are refused and pushed
 * onto `foreign`.
 */
export async function newSitePage(browser, options = () => ({}), foreign = []) {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    const url = req.url();
    if (!/^https?:/.test(url)) return req.continue();
    const answer = respond(url, options());
    if (!answer) {
      foreign.push(url);
      return req.abort();
    }
    return req.respond({ status: answer.status, contentType: answer.contentType, body: answer.body, headers: answer.headers ?? {} });
  });
  return page;
}

/** Poll `fn` until it returns something truthy; fail with `what` after `timeout` ms. */
export async function until(fn, { timeout = 30_000, interval = 100, what = "condition" } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

/** The panel's frame of `page` once it shows the order `number` (the first read may wait
 * for a cold Python engine). */
export async function waitForOrder(page, number) {
  const panel = await until(() => panelFrame(page), { what: "the panel frame" });
  await until(() => panel.$eval('[data-testid="och-order-number"]', (n, want) => n.textContent === want, number), {
    timeout: 90_000,
    what: `the order number ${number} in the panel`,
  });
  return panel;
}

/** The open tab of the extension's own page whose address contains `path`
 * (BiDi may not navigate to moz-extension:// addresses: the extension opens it). */
export function extensionPage(browser, path) {
  return until(async () => {
    for (const candidate of await browser.pages()) {
      const href = await candidate.evaluate(() => location.href).catch(() => "");
      if (href.startsWith("moz-extension://") && href.includes(path)) return candidate;
    }
    return null;
  }, { what: `the extension page ${path}` });
}
