// Chrome's home for the shared Python: an offscreen document lives as long as the
// browser needs it, unlike the service worker, which Chrome stops after ~30 s idle.
import { createPythonHost } from "../python_host/host.js";
import { envelope, serve } from "../shared/messages.js";

const host = createPythonHost({ baseUrl: chrome.runtime.getURL("pyodide/") });

serve("python-host", {
  "python/boot": (payload) => host.boot(payload),
  "python/status": () => host.status(),
  "python/memory": () => host.memory(),
  "python/call": async ({ request, payload }) => envelope(await host.call(request, payload)),
});

host.boot();
