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

/** The host's whole answer envelope: {ok, result} or {ok: false, error}. */
async function askHost(type, payload) {
  await ensureOffscreen();
  const answer = await chrome.runtime.sendMessage({ target: "python-host", type, payload });
  if (!answer) throw Object.assign(new Error("The Python host did not answer."), { code: "host-silent" });
  return answer;
}

async function hostResult(type, payload) {
  const answer = await askHost(type, payload);
  if (!answer.ok) throw Object.assign(new Error(answer.error?.message), answer.error);
  return answer.result;
}

startRouter({
  keepalive: false,
  boot: (opts) => hostResult("python/boot", opts ?? {}),
  status: () => hostResult("python/status", {}),
  // python/call answers with py_core's own envelope, passed on as it is.
  call: (request, payload) => askHost("python/call", { request, payload }),
});
