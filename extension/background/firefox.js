// Firefox: no offscreen documents and no extension service workers; the background
// page itself hosts Python. Content scripts of open Ozon tabs keep it awake.
import { createPythonHost } from "../python_host/host.js";
import { startRouter } from "./router.js";

const host = createPythonHost({ baseUrl: chrome.runtime.getURL("pyodide/") });

startRouter({
  keepalive: true,
  boot: (opts) => host.boot(opts ?? {}),
  status: async () => host.status(),
  call: (request, payload) => host.call(request, payload),
});
