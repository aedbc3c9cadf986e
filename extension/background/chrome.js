// Chrome: the service worker routes; Python lives in an offscreen document, created
// the first time an Ozon page or the panel asks for it.
import { startRouter } from "./router.js";

const OFFSCREEN_URL = "offscreen/offscreen.html";
let creating = null;

async function ensureOffscreen() {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: ["OFFSCREEN_DOCUMENT"],
    documentUrls: [chrome.runtime.getURL(OFFSCREEN_URL)],
  });
  if (contexts.length > 0) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_URL,
      reasons: ["WORKERS"],
      justification: "Runs the extension's Python core (Pyodide) once for all Ozon tabs.",
    })
    .catch((err) => {
      // Another caller created it between our check and our call.
      if (!String(err?.message).includes("single offscreen")) throw err;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

async function toHost(type, payload) {
  await ensureOffscreen();
  const answer = await chrome.runtime.sendMessage({ target: "python-host", type, payload });
  if (!answer) throw Object.assign(new Error("The Python host did not answer."), { code: "host-silent" });
  if (!answer.ok) throw Object.assign(new Error(answer.error?.message), answer.error);
  return answer.result;
}

startRouter({
  keepalive: false,
  boot: (opts) => toHost("python/boot", opts ?? {}),
  status: () => toHost("python/status", {}),
  call: (request, payload) => toHost("python/call", { request, payload }),
});
