// The page's own way to a channel: where the order page shows a button or link for it
// (return an item, write to the seller), the panel offers "Open …" next to its action,
// and pressing it presses the page's own button (never a Send button). Where the page has
// none, the panel shows the path instead. Started by panel_frame.js.
import { onPanel, postToPanel } from "./hub.js";

/**
 * Exact labels of the page's buttons, per channel. Source: the buyer guides behind the
 * advice's how-to paths (py_core/data/channels.json `how_to_source`, checked 2026-11-27);
 * not yet seen on a live page, so only an exact, visible match counts.
 */
export const WAY_LABELS = {
  return_request: ["Вернуть товар"],
  seller_chat: ["Написать продавцу", "Связаться с продавцом"],
};

const SEND_WORDS = /отправить|send/i;

function visible(node) {
  const rect = node.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0 && getComputedStyle(node).visibility !== "hidden";
}

/** The page's element for `channel`, if the page shows one.
 * @returns {HTMLElement | null} */
export function findWay(channel, doc = document) {
  const labels = WAY_LABELS[channel];
  if (!labels) return null;
  for (const node of doc.querySelectorAll('a[href], button, [role="button"]')) {
    const text = (node.textContent ?? "").replace(/\s+/g, " ").trim();
    if (labels.includes(text) && !SEND_WORDS.test(text) && visible(node)) return /** @type {HTMLElement} */ (node);
  }
  return null;
}

let last = "";
function report() {
  const ways = Object.fromEntries(Object.keys(WAY_LABELS).filter((code) => findWay(code)).map((code) => [code, true]));
  const key = JSON.stringify(ways);
  if (key === last) return;
  last = key;
  postToPanel({ type: "ways", ways });
}

export function startPageWays() {
  onPanel("open-way", ({ channel }) => {
    const node = findWay(String(channel ?? ""));
    if (!node) return;
    node.scrollIntoView({ block: "center" });
    node.click();
  });
  // Say it again whenever the panel (re)connects, then watch for the page changing.
  onPanel("ways?", () => {
    last = "";
    report();
  });
  setInterval(report, 1500);
}
