// Feature: Insert. The draft goes into the chat box the buyer used last, else the best one
// on the page; with none on the page, it is held (HELD_DRAFT_MS, also in the background across
// a navigation) for the first empty chat box that appears, with a note to review it.
import { HELD_DRAFT_MS } from "../shared/contract.js";
import { request } from "../shared/messages.js";
import { fillComposer, findComposers, isEmptyComposer } from "./composer.js";
import { log, onPanel, postToPanel, shared, whenReady } from "./hub.js";

const state = {
  lastFocusedComposer: null,
  held: null, // {text, until}
  observer: null,
  checkTimer: null,
  expiry: null,
};

export async function startHeldDraft() {
  onPanel("insert", async (message) => {
    postToPanel({ type: "insert-result", id: message.id, ...(await insertDraft(String(message.text ?? ""), !!message.replace)) });
  });
  // Remember the chat box the buyer last used, so Insert goes there.
  document.addEventListener(
    "focusin",
    (event) => {
      const el = event.target;
      if (el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable)) state.lastFocusedComposer = el;
    },
    true,
  );
  await whenReady();
  // A draft held in this tab before a navigation still waits for its chat box.
  try {
    const held = await request("draft/held");
    if (held && !state.held) {
      state.held = held;
      watchForComposer();
    }
  } catch (err) {
    log("no held draft", err);
  }
}

async function insertDraft(text, replace) {
  if (!text.trim()) return { status: "failed", message: "The draft is empty." };
  const preferred = shared.targetComposer?.isConnected ? shared.targetComposer : state.lastFocusedComposer;
  const [composer] = findComposers(document, { preferred });
  if (composer) {
    // A draft held earlier is superseded by this one.
    if (state.held) {
      stopWatching();
      state.held = null;
      request("draft/clear").catch(() => {});
    }
    return fillComposer(composer, text, { replace });
  }
  await holdDraft({ text, until: Date.now() + HELD_DRAFT_MS });
  return { status: "held", until: state.held.until };
}

async function holdDraft(held) {
  state.held = held;
  try {
    await request("draft/hold", held);
  } catch (err) {
    log("could not keep the draft in the background", err);
  }
  watchForComposer();
}

function watchForComposer() {
  if (state.observer) return;
  const check = async () => {
    if (!state.held) return;
    if (Date.now() > state.held.until) return stopWatching();
    const [composer] = findComposers(document).filter(isEmptyComposer);
    if (!composer) return;
    const { text } = state.held;
    stopWatching();
    state.held = null;
    const result = await fillComposer(composer, text);
    if (result.status === "inserted") {
      showReviewNote(composer);
      request("draft/clear").catch(() => {});
      postToPanel({ type: "insert-result", id: "held", status: "inserted", late: true });
    }
  };
  state.observer = new MutationObserver(() => {
    clearTimeout(state.checkTimer);
    state.checkTimer = setTimeout(check, 50);
  });
  state.observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["style", "class", "hidden", "contenteditable"] });
  state.expiry = setTimeout(stopWatching, Math.max(0, state.held.until - Date.now()));
  check();
}

function stopWatching() {
  state.observer?.disconnect();
  state.observer = null;
  clearTimeout(state.expiry);
  clearTimeout(state.checkTimer);
}

/** A visible note beside a chat box we filled on our own: the buyer must review it. */
function showReviewNote(composer) {
  const note = document.createElement("div");
  note.setAttribute("role", "status");
  note.setAttribute("data-testid", "och-review-note");
  note.textContent = chrome.i18n.getMessage("reviewNote") || "Ozon Contact Helper put a draft here. Read it and press Send yourself.";
  const rect = composer.getBoundingClientRect();
  Object.assign(note.style, {
    position: "fixed",
    left: `${Math.max(8, rect.left)}px`,
    top: `${Math.max(8, rect.top - 40)}px`,
    maxWidth: `${Math.max(240, rect.width)}px`,
    padding: "6px 10px",
    font: "14px/1.35 system-ui, sans-serif",
    color: "#001a34",
    background: "#fff7d6",
    border: "1px solid #f1c40f",
    borderRadius: "8px",
    zIndex: "2147483645",
  });
  document.documentElement.appendChild(note);
  // Never over the chat box's first line: the note's bottom edge sits above the box, or,
  // with no room above, its top edge below it.
  const height = note.getBoundingClientRect().height;
  note.style.top = `${rect.top - height - 6 >= 4 ? rect.top - height - 6 : Math.min(rect.bottom + 6, innerHeight - height - 4)}px`;
  const remove = () => note.remove();
  setTimeout(remove, 20_000);
  composer.addEventListener("input", remove, { once: true });
}
