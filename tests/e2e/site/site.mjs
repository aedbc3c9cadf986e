// The saved Ozon site both browser suites serve at the real https://www.ozon.ru/...
// addresses (Python's twin is tests/e2e/saved_site.py; keep them in step).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const PAGES = join(ROOT, "tests", "fixtures", "pages");
export const SITE_BUILD = join(ROOT, "tests", "e2e", ".site");
// The chat pages bundled by build_site.mjs: /__och_test__/<chat>-chat.js.
export const CHATS = ["react", "lexical", "prosemirror", "plain"];
export const chatScriptPath = (chat = "react") => `/__och_test__/${chat}-chat.js`;
export const CHAT_SCRIPT_PATH = chatScriptPath("react");
const CHAT_SCRIPT = /^\/__och_test__\/([a-z]+)-chat\.js$/;
// A bare Ozon page holding only a chat box: where a buyer lands after following a link
// to a chat (the real chat's address is not known, see shared/OZON.md).
export const CHAT_PAGE_PATH = "/__och_test__/chat";
// A strict CSP like a careful site's: the panel iframe must still load under it.
export const PAGE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'";

export function fixtureIndex() {
  return JSON.parse(readFileSync(join(PAGES, "index.json"), "utf8"));
}

export function fixtureFor(url) {
  for (const [file, meta] of Object.entries(fixtureIndex())) if (meta.url === url) return { file, meta };
  return null;
}

function chatTag(chat, chatMode) {
  if (!CHATS.includes(chat)) throw new Error(`no such test chat: ${chat}`);
  return `<script src="${chatScriptPath(chat)}" data-mode="${chatMode}"></script>`;
}

/** The response for a URL on the saved site, or null when it has none.
 * `chat` picks the chat box the order pages get (react, lexical, prosemirror, plain);
 * `chatMode` its data-mode ("none": no chat box at all). */
export function respond(url, { chatMode = "open", chat = "react" } = {}) {
  const u = new URL(url);
  if (u.pathname === CHAT_PAGE_PATH) {
    const html = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Чат</title></head><body>${chatTag(chat, chatMode)}</body></html>`;
    return { status: 200, contentType: "text/html; charset=utf-8", body: html, headers: { "content-security-policy": PAGE_CSP } };
  }
  const script = CHAT_SCRIPT.exec(u.pathname);
  if (script && CHATS.includes(script[1])) {
    const path = join(SITE_BUILD, `${script[1]}-chat.js`);
    if (!existsSync(path)) throw new Error("tests/e2e/.site is missing: run node tests/e2e/site/build_site.mjs");
    return { status: 200, contentType: "text/javascript; charset=utf-8", body: readFileSync(path, "utf8") };
  }
  const found = fixtureFor(url);
  if (!found) {
    // Another address on Ozon's own hosts (the browser's favicon, say): a plain 404, as
    // the real site would give. Any other host has no answer: the suites refuse it.
    if (/^(www\.)?ozon\.(ru|kz|by)$/.test(u.hostname)) return { status: 404, contentType: "text/plain", body: "not saved" };
    return null;
  }
  let html = readFileSync(join(PAGES, found.file), "utf8");
  if (chatMode !== "none") {
    html = html.replace("</body>", `${chatTag(chat, chatMode)}</body>`);
  }
  return { status: 200, contentType: "text/html; charset=utf-8", body: html, headers: { "content-security-policy": PAGE_CSP } };
}

/** The panel's frame. (Over BiDi, Firefox reports an extension iframe's url() as
 * about:blank, so ask the frame itself where it is.) */
export async function panelFrame(page) {
  for (const frame of page.frames()) {
    const href = await frame.evaluate(() => location.href).catch(() => "");
    if (href.startsWith("moz-extension://") && href.includes("/panel/panel.html")) return frame;
  }
  return null;
}
