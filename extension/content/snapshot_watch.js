// Feature: the order snapshot. Sends what the page shows (snapshot.js) to the panel when
// it is ready, when it asks again, and after Ozon's in-place navigation.
import { isCollapsed, onNavigate, onPanel, postToPanel, provide, shared } from "./hub.js";
import { isOrderDetails } from "./page_kind.js";
import { takeSnapshot } from "./snapshot.js";

export function startSnapshotWatch() {
  provide("sendSnapshot", sendSnapshot);
  onPanel("ready", async () => sendSnapshot({ collapsed: await isCollapsed(), context: shared.context }));
  onPanel("resnapshot", () => sendSnapshot());
  onNavigate((url) => {
    if (isOrderDetails(url)) sendSnapshot();
  });
}

function sendSnapshot(extra = {}) {
  postToPanel({ type: "snapshot", snapshot: takeSnapshot(), url: location.href, ...extra });
}
