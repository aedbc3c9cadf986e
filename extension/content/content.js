// The content script: the extension's hands on an Ozon page. One file per feature, each
// started here by one call; a feature that fails (throws or rejects) is logged and never
// stops the others. Nothing here puts page text into the DOM as HTML or presses Send.
//
//   python_boot.js     start Python early; keep the Firefox background awake
//   panel_frame.js     the panel iframe: mount, size, fold, stay across navigation
//   snapshot_watch.js  the order snapshot (snapshot.js) for the panel, re-read on change
//   held_draft.js      Insert into the chat box, or hold the draft until one appears
//   context_menu.js    right-click "Draft message"
//   product_ask.js     product pages: the folded "Ask the seller" button and its question
// Shared between them: hub.js (the panel's port, services, navigation), selectors.js.
import { startContextMenu } from "./context_menu.js";
import { startHeldDraft } from "./held_draft.js";
import { log } from "./hub.js";
import { startPanelFrame } from "./panel_frame.js";
import { startProductAsk } from "./product_ask.js";
import { startPythonBoot } from "./python_boot.js";
import { startSnapshotWatch } from "./snapshot_watch.js";

/** @type {Array<[string, () => unknown]>} */
const FEATURES = [
  ["python boot", startPythonBoot],
  ["snapshot", startSnapshotWatch],
  ["held draft", startHeldDraft],
  ["context menu", startContextMenu],
  ["panel frame", startPanelFrame],
  ["product ask", startProductAsk],
];

for (const [name, start] of FEATURES) {
  try {
    Promise.resolve(start()).catch((err) => log(`${name} failed`, err));
  } catch (err) {
    log(`${name} failed`, err);
  }
}
