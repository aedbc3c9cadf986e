// The shared journeys for node (Python's twin: __init__.py): every journey once for each
// test chat it names, and the way both drivers compare a chat box's text.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const PREFILLED = "Здравствуйте, у меня вопрос"; // site/chat_harness.js and site/react_chat.jsx

/** [{id, journey, chat}] for every tests/e2e/journeys/*.json, sorted by file name. */
export function loadJourneys() {
  return readdirSync(HERE)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .flatMap((name) => {
      const journey = JSON.parse(readFileSync(join(HERE, name), "utf8"));
      return (journey.chats ?? ["react"]).map((chat) => ({ id: `${name.slice(0, -5)}[${chat}]`, journey, chat }));
    });
}

/** Each line trimmed, outer blank lines dropped (editors differ only in how a paragraph ends). */
export const lines = (text) =>
  text
    .trim()
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
