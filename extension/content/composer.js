// Finding the page's chat box and putting a draft into it so that the page's own
// framework (React, Lexical, ProseMirror, ...) sees the change. We never press Send:
// nothing here clicks, submits or dispatches Enter.

import { COMPOSER as COMPOSER_SELECTOR } from "./selectors.js";

// Words that mark a box as a chat composer rather than, say, a review form.
const CHAT_HINT = /сообщен|напиш|чат|message|write|chat|消息/i;

/** The element our own UI lives in; never a composer. */
let ownRoot = null;
export function setOwnRoot(el) {
  ownRoot = el;
}

function isVisible(el) {
  if (!el.isConnected) return false;
  const rects = el.getClientRects();
  if (rects.length === 0) return false;
  const style = getComputedStyle(el);
  return style.visibility !== "hidden" && style.display !== "none";
}

function isEditable(el) {
  if (el instanceof HTMLTextAreaElement) return !el.disabled && !el.readOnly;
  return el.isContentEditable;
}

function hintOf(el) {
  return [el.getAttribute("placeholder"), el.getAttribute("aria-label"), el.getAttribute("data-placeholder"), el.getAttribute("name")]
    .filter(Boolean)
    .join(" ");
}

/** Visible, editable chat boxes on the page, best first. */
export function findComposers(doc = document, { preferred = null } = {}) {
  const found = [];
  for (const el of doc.querySelectorAll(COMPOSER_SELECTOR)) {
    // A contenteditable nested in another counts once, as its outermost editable root.
    if (!(el instanceof HTMLTextAreaElement) && el.parentElement?.isContentEditable) continue;
    if (ownRoot && ownRoot.contains(el)) continue;
    if (!isEditable(el) || !isVisible(el)) continue;
    found.push(el);
  }
  const score = (el) => (el === preferred ? 4 : 0) + (el === doc.activeElement ? 2 : 0) + (CHAT_HINT.test(hintOf(el)) ? 1 : 0);
  return found.sort((a, b) => score(b) - score(a));
}

export function readComposer(el) {
  if (el instanceof HTMLTextAreaElement) return el.value;
  return (el.innerText ?? el.textContent ?? "").replace(/\u200b/g, "");
}

function normalise(text) {
  return text.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ").replace(/\n+$/, "").trim();
}

/** The text's non-empty lines, trimmed. Editors show line breaks differently (a <br>, a
 * paragraph per line, blank lines as empty paragraphs), and innerText renders those
 * differently again; the words and their order per line are what must match. */
function contentLines(text) {
  return normalise(text)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** True when the box shows exactly `text`, once. */
function holdsExactly(el, text) {
  const shown = contentLines(readComposer(el));
  const wanted = contentLines(text);
  return shown.length === wanted.length && shown.every((line, i) => line === wanted[i]);
}

const nextTick = () => new Promise((resolve) => setTimeout(resolve, 0));
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

function setTextareaValueNatively(el, text) {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
  setter.call(el, text);
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

async function fillTextarea(el, text) {
  el.focus({ preventScroll: false });
  el.setSelectionRange(0, el.value.length);
  // insertText goes through the browser's editing path: trusted input events that React
  // and others listen to, and one step on the undo stack.
  let done = false;
  try {
    done = document.execCommand("insertText", false, text);
  } catch {
    done = false;
  }
  await nextTick();
  if (!done || el.value !== text) {
    // React swallows a plain `el.value = ...`; the prototype's setter plus an input event is what it sees.
    setTextareaValueNatively(el, text);
    await nextTick();
  }
  el.setSelectionRange(el.value.length, el.value.length);
  return el.value === text;
}

function selectContents(el) {
  const selection = el.ownerDocument.getSelection();
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  selection.removeAllRanges();
  selection.addRange(range);
}

function placeCaretAtEnd(el) {
  const selection = el.ownerDocument.getSelection();
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  range.collapse(false);
  selection.removeAllRanges();
  selection.addRange(range);
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Select everything in `el` and let the page's editor see that selection: editors such
 * as Lexical and ProseMirror copy the DOM selection into their own state on
 * `selectionchange`, which fires on a later task, and act on their own copy. (Lexical
 * ignores input until it has seen a selection inside its root.) */
async function selectAllAndSettle(el) {
  selectContents(el);
  await nextFrame();
  selectContents(el);
  await nextFrame();
}

/**
 * A synthetic paste: the way into editors that keep their own document model (Lexical,
 * ProseMirror/TipTap, Slate, Draft.js). They all handle `paste` themselves, from
 * `clipboardData`, as ONE undoable step that replaces the selection, and cancel the
 * event when they took it. A box without such code ignores it (a synthetic paste has no
 * default action), so `defaultPrevented` tells whether anyone took it.
 *
 * The text/html flavour carries the line breaks as <br>: plain-text paste into
 * ProseMirror makes a paragraph per line and drops blank lines; <br> (a hard break,
 * what Shift+Enter types in a chat box) keeps every line. Editors that read only
 * text/plain (Lexical's plain-text mode) keep line breaks from that.
 */
function pasteText(el, text) {
  text = text.replace(/\r\n?/g, "\n");
  const data = new DataTransfer();
  data.setData("text/plain", text);
  data.setData("text/html", text.split("\n").map(escapeHtml).join("<br>"));
  const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
  el.dispatchEvent(event);
  return event.defaultPrevented;
}

async function fillContentEditable(el, text) {
  el.focus({ preventScroll: false });
  await selectAllAndSettle(el);
  const taken = pasteText(el, text);
  await nextFrame();
  if (!holdsExactly(el, text)) {
    if (taken) {
      // An editor that took the paste may render it a little later.
      await nextFrame();
    }
    if (!holdsExactly(el, text)) {
      // Second way in, for boxes with no paste handling of their own (a bare or
      // React-controlled contenteditable): the browser's own editing, which fires the
      // trusted beforeinput/input events such code listens to. Everything is selected
      // again first, so whatever the paste left is replaced, never doubled.
      await selectAllAndSettle(el);
      try {
        document.execCommand("insertText", false, text);
      } catch {
        /* verified below */
      }
      await nextFrame();
    }
  }
  placeCaretAtEnd(el);
  return holdsExactly(el, text);
}

/**
 * Put `text` into `el`, replacing what is there only when `replace` is true.
 * @returns {Promise<{status: "inserted" | "needs-confirm" | "failed", existing?: string, message?: string}>}
 */
export async function fillComposer(el, text, { replace = false } = {}) {
  const existing = readComposer(el);
  if (normalise(existing) && normalise(existing) !== normalise(text) && !replace) {
    return { status: "needs-confirm", existing: existing.slice(0, 2000) };
  }
  const ok = el instanceof HTMLTextAreaElement ? await fillTextarea(el, text) : await fillContentEditable(el, text);
  if (ok) return { status: "inserted" };
  return {
    status: "failed",
    message: "The chat box did not accept the text. Use Copy and paste it yourself.",
  };
}

export function isEmptyComposer(el) {
  return normalise(readComposer(el)) === "";
}
