// DOM helpers shared by the panel and the options page. Page text only ever reaches the
// DOM through text nodes (el's children) or textContent, never as HTML.
import { t, uiLanguage } from "./i18n.js";

/** The element with this id. */
/** The element of our own page with this id, of whichever kind the page made it (input,
 * textarea, button, div): callers use its own properties, so it is typed loosely.
 * @param {string} id
 * @returns {any} */
export const $ = (id) => document.getElementById(id);

/**
 * A new element: `props` are set as properties where the element has them (onclick,
 * hidden, value...), `dataset` is merged, anything else becomes an attribute; children
 * are nodes or text.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Show or hide a node. */
export function show(node, visible) {
  node.hidden = !visible;
  return node;
}

/** The BCP 47 tag of the interface language, for Intl. */
export function localeTag() {
  const lang = uiLanguage();
  return lang === "zh" ? "zh-CN" : lang;
}

/** A {ru, en, zh} map (or a plain string) in the interface language. */
export function localText(value, lang = uiLanguage()) {
  if (value == null) return "";
  if (typeof value === "string") return value;
  return value[lang] ?? value.en ?? value.ru ?? "";
}

const formats = new Map();
function format(options) {
  const key = `${localeTag()}|${JSON.stringify(options)}`;
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(localeTag(), options));
  return formats.get(key);
}

/** A moment (ISO time) as date and time in the interface language. */
export function when(iso) {
  if (!iso) return "";
  const date = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : format({ dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** A calendar day ("YYYY-MM-DD") in words in the interface language. */
export function day(isoDate, style = "long") {
  if (!isoDate) return "";
  const date = new Date(`${String(isoDate).slice(0, 10)}T12:00:00`);
  return Number.isNaN(date.getTime()) ? String(isoDate) : format({ dateStyle: style }).format(date);
}

const pluralRules = new Map();
/**
 * A message with a count, in the right plural form of the interface language
 * (Intl.PluralRules): the catalogue has `<key>_one`, `<key>_few`, `<key>_many`, `<key>_other`
 * as the language needs; `$1` is the count.
 */
export function plural(key, count, more = []) {
  const tag = localeTag();
  if (!pluralRules.has(tag)) pluralRules.set(tag, new Intl.PluralRules(tag));
  const form = pluralRules.get(tag).select(count);
  const subs = [String(count), ...more];
  const text = t(`${key}_${form}`, subs);
  return text === `${key}_${form}` ? t(`${key}_other`, subs) : text;
}

/** Copy text to the clipboard; falls back to selecting `fallbackNode` and execCommand. */
export async function copyText(text, fallbackNode = null) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallbackNode) return false;
    const range = document.createRange();
    if (fallbackNode instanceof HTMLTextAreaElement || fallbackNode instanceof HTMLInputElement) fallbackNode.select();
    else {
      range.selectNodeContents(fallbackNode);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    return document.execCommand("copy");
  }
}
