// What every Firefox suite needs (tests/e2e/*.firefox.test.mjs, firefox.test.mjs and
// tests/bench/boot_time_firefox.mjs): Firefox ESR with the built extension installed,
// over WebDriver BiDi (puppeteer-core), and pages whose requests the saved site answers.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { respond } from "./site.mjs";

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
