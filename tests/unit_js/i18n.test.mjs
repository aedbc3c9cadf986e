// The interface text (extension/shared/i18n.js): the language the buyer chose in the options
// over the browser's, loaded from the same _locales files the browser reads, with the
// browser's own catalogue behind it and the key itself as the last resort.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { UI_LANGUAGES, initI18n, t, uiLanguage } from "../../extension/shared/i18n.js";
import { catalogue, installChrome } from "./fake_chrome.mjs";

afterEach(async () => {
  installChrome("en");
  await initI18n(""); // back to the browser's language for the next test
  delete globalThis.chrome;
});

describe("the interface language", () => {
  it("follows the browser's language when none is chosen: zh, ru, and English for the rest", async () => {
    for (const [browser, expected] of [["zh-CN", "zh"], ["zh-TW", "zh"], ["ru", "ru"], ["ru-RU", "ru"], ["de", "en"], ["en-GB", "en"]]) {
      installChrome(browser.startsWith("zh") || browser.startsWith("ru") ? browser : "en");
      globalThis.chrome.i18n.getUILanguage = () => browser;
      assert.equal(await initI18n(""), expected, browser);
      assert.equal(uiLanguage(), expected, browser);
    }
  });

  it("uses the chosen catalogue over the browser's, with $1 and named placeholders filled", async () => {
    installChrome("en");
    assert.equal(await initI18n("ru"), "ru");
    const ru = catalogue("ru");
    assert.equal(t("copy"), ru.copy.message);
    const title = t("reminderTitle", ["46206571-0591"]);
    assert.ok(title.includes("46206571-0591"), title);
    assert.notEqual(title, catalogue("en").reminderTitle.message.replace("$N$", "46206571-0591"));
    assert.ok(!/\$/.test(title), title);
    assert.equal(await initI18n("zh"), "zh");
    assert.equal(t("copy"), catalogue("zh_CN").copy.message);
  });

  it("falls back to the browser's catalogue, then to the key, for a key the chosen one lacks", async () => {
    installChrome("en");
    await initI18n("ru");
    assert.equal(t("no_such_key_anywhere"), "no_such_key_anywhere");
    await initI18n("");
    assert.equal(t("copy"), catalogue("en").copy.message);
    assert.equal(t("reminderBody", "Seller chat"), "Seller chat: the expected reply time has passed.");
  });

  it("follows the browser when the chosen language is unknown or its file cannot be read", async () => {
    installChrome("ru");
    assert.equal(await initI18n("xx"), "ru");
    const real = globalThis.fetch;
    globalThis.fetch = async () => {
      throw new Error("offline");
    };
    try {
      assert.equal(await initI18n("zh"), "ru");
      assert.equal(t("copy"), catalogue("ru").copy.message);
    } finally {
      globalThis.fetch = real;
    }
  });

  it("has every key of the English catalogue in each language, with the same placeholders", () => {
    const en = catalogue("en");
    // Plural forms differ by language (Intl.PluralRules: ru has few and many, zh only other).
    const PLURAL = /_(zero|one|two|few|many|other)$/;
    for (const folder of Object.values(UI_LANGUAGES)) {
      const other = catalogue(folder);
      for (const [key, entry] of Object.entries(en)) {
        if (PLURAL.test(key)) {
          assert.ok(other[key.replace(PLURAL, "_other")], `${folder} lacks ${key.replace(PLURAL, "_other")}`);
          continue;
        }
        assert.ok(other[key], `${folder} lacks ${key}`);
        const names = (e) => Object.keys(e.placeholders ?? {}).map((n) => n.toLowerCase()).sort();
        assert.deepEqual(names(other[key]), names(entry), `${folder}:${key}`);
      }
    }
  });
});
