// Interface text from the extension's _locales catalogue. The browser's own
// chrome.i18n follows the browser's language only; the buyer may choose another in the
// options, so the chosen catalogue is loaded from the same files and used instead.
export const UI_LANGUAGES = { en: "en", ru: "ru", zh: "zh_CN" };

let catalogue = null;
let language = null;

/** The interface language in use: "en", "ru" or "zh". */
export function uiLanguage() {
  if (language) return language;
  const browser = (chrome.i18n.getUILanguage() || "en").toLowerCase();
  return browser.startsWith("zh") ? "zh" : browser.startsWith("ru") ? "ru" : "en";
}

/** Load the catalogue of `lang` ("" = follow the browser). */
export async function initI18n(lang) {
  if (!lang || !UI_LANGUAGES[lang]) {
    catalogue = null;
    language = null;
    return uiLanguage();
  }
  try {
    const response = await fetch(chrome.runtime.getURL(`_locales/${UI_LANGUAGES[lang]}/messages.json`));
    catalogue = await response.json();
    language = lang;
  } catch {
    catalogue = null;
    language = null;
  }
  return uiLanguage();
}

/** A message by key, with $1..$9 substitutions, as chrome.i18n.getMessage does. */
export function t(key, substitutions = []) {
  const subs = Array.isArray(substitutions) ? substitutions : [substitutions];
  if (!catalogue) return chrome.i18n.getMessage(key, subs) || key;
  const entry = catalogue[key];
  if (!entry) return chrome.i18n.getMessage(key, subs) || key;
  let text = entry.message;
  for (const [name, spec] of Object.entries(entry.placeholders ?? {})) {
    const value = String(spec.content).replace(/\$(\d)/g, (_, n) => subs[Number(n) - 1] ?? "");
    text = text.replace(new RegExp(`\\$${name}\\$`, "gi"), value);
  }
  return text.replace(/\$(\d)/g, (_, n) => subs[Number(n) - 1] ?? "");
}

/** Fill [data-i18n] text and [data-i18n-label] aria-labels under `root`. */
export function localise(root = document) {
  document.documentElement.lang = uiLanguage() === "zh" ? "zh-CN" : uiLanguage();
  for (const node of root.querySelectorAll("[data-i18n]")) if (node instanceof HTMLElement) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-label]")) {
    if (!(node instanceof HTMLElement)) continue;
    node.setAttribute("aria-label", t(node.dataset.i18nLabel));
    node.title = t(node.dataset.i18nLabel);
  }
}
