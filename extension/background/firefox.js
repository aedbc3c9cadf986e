// Firefox: no offscreen documents and no extension service workers; the background
// page itself hosts Python. Content scripts of open Ozon tabs keep it awake.
import { createPythonHost } from "../python_host/host.js";
import { serve } from "../shared/messages.js";
import { startRouter } from "./router.js";

const host = createPythonHost({ baseUrl: chrome.runtime.getURL("pyodide/") });

startRouter({
  keepalive: true,
  boot: (opts) => host.boot(opts ?? {}),
  status: async () => host.status(),
  call: (request, payload, options) => host.call(request, payload, options),
});

// Firefox suspends this event page (and frees Python) once no Ozon tab holds its keepalive
// port; nothing else is needed to give the memory back. For the benchmark and tests:
// drop the Python now, and read its memory figures.
serve("python-host-admin", {
  "host/close": () => host.close(),
  "host/memory": () => host.memory(),
});
