// Feature: start Python as soon as an Ozon page opens, before the buyer reaches for the
// panel, and keep the Firefox background (which hosts Python) awake while the tab is open.
import { request } from "../shared/messages.js";
import { log } from "./hub.js";

export function startPythonBoot() {
  // Chrome's idle check asks each tab that booted Python whether it is still an Ozon page.
  chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (message?.target !== "content" || message.type !== "host/still-there") return false;
    sendResponse({ ok: true, result: true });
    return false;
  });
  // For the benchmark's timeline: the page's performance clock starts at navigation.
  performance.mark("och-content-start");
  request("host/boot", { asked_at: performance.timeOrigin + performance.now() })
    .catch((err) => ({ state: "failed", error: { message: err.message } }))
    .then((status) => {
      if (status?.keepalive) keepBackgroundAwake();
    });
}

// Firefox suspends an idle background page, and Python with it. While an Ozon tab is
// open, a port and a ping every 20 s keep it awake; if it went away all the same (an
// update, a crash), boot it again so the buyer does not wait when opening the panel.
function keepBackgroundAwake() {
  const port = chrome.runtime.connect({ name: "keepalive" });
  const timer = setInterval(() => port.postMessage("ping"), 20_000);
  port.onDisconnect.addListener(() => {
    clearInterval(timer);
    setTimeout(() => {
      request("host/boot")
        .then((status) => status?.keepalive && keepBackgroundAwake())
        .catch((err) => log("could not restart the Python host", err));
    }, 1000);
  });
}
