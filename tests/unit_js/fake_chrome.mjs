// The parts of the extension API that reminders.js and i18n.js use, for node --test: i18n
// from the extension's real _locales catalogues (as the browser reads them), runtime.getURL
// to the extension's files on disk (read by fetch, tests/pyodide/disk_fetch.mjs), and
// alarms and notifications that record what they were asked to do.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fetchFilesFromDisk } from "../pyodide/disk_fetch.mjs";
import { ROOT } from "./python_core.mjs";

export const EXTENSION = join(ROOT, "extension");

export function catalogue(folder) {
  return JSON.parse(readFileSync(join(EXTENSION, "_locales", folder, "messages.json"), "utf8"));
}

/** chrome.i18n.getMessage over one catalogue: $NAME$ placeholders, then $1..$9. */
function getMessage(messages, key, substitutions = []) {
  const entry = messages[key];
  if (!entry) return "";
  const subs = [].concat(substitutions).map(String);
  const fill = (text) => text.replace(/\$(\d)/g, (_, n) => subs[Number(n) - 1] ?? "");
  const named = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, spec]) => [name.toLowerCase(), fill(spec.content)]));
  return fill(entry.message.replace(/\$([a-z_]+)\$/gi, (whole, name) => named[name.toLowerCase()] ?? whole));
}

/**
 * Install `globalThis.chrome` for a browser whose language is `browserLanguage`
 * ("en", "ru", "zh-CN" ...). Returns it, with `alarms.created`, `alarms.cleared` and
 * `notifications.created` to read back.
 */
export function installChrome(browserLanguage = "en") {
  fetchFilesFromDisk();
  const folder = browserLanguage.toLowerCase().startsWith("zh") ? "zh_CN" : browserLanguage.slice(0, 2);
  const messages = catalogue(folder);
  const chrome = {
    i18n: { getUILanguage: () => browserLanguage, getMessage: (key, subs) => getMessage(messages, key, subs) },
    runtime: { getURL: (path) => join(EXTENSION, path) },
    alarms: {
      created: new Map(),
      cleared: [],
      async create(name, info) {
        this.created.set(name, info);
      },
      async clear(name) {
        this.cleared.push(name);
        return this.created.delete(name);
      },
    },
    notifications: {
      created: [],
      async create(id, options) {
        this.created.push({ id, ...options });
        return id;
      },
    },
  };
  globalThis.chrome = chrome;
  return chrome;
}
