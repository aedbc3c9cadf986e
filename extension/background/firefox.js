// Firefox: no offscreen documents and no extension service workers; the background
// page itself hosts Python. Content scripts of open Ozon tabs keep it awake.
import { createPythonHost } from "../python_host/host.js";
import { serveLine } from "../python_host/line.js";
import { serve } from "../shared/messages.js";
import { startRouter } from "./router.js";

const host = createPythonHost({ baseUrl: chrome.runtime.getURL("pyodide/") });
// When Firefox starts (or the extension is installed or updated), Python is set up before
// any Ozon page opens: its two wasm modules compiled and the runtime instantiated; the
// remaining 35 MB (python_stdlib.zip, snapshot.bin) are fetched on the first ask
// (host.prepare). Compiling the wasm is the largest fixed cost of a cold start in Firefox
// (0.5-0.9 s, issue 9); doing it here means an Ozon page opened soon after finds it done.
// This background page is an event page: if no Ozon page comes, Firefox suspends it once
// it has been idle for ~30 s, and the ~105 MB go with it. Other wake-ups (a reminder's
// alarm, the context menu) do not start this preparation.
const prepare = () => host.prepare({ fetch: true });
chrome.runtime.onStartup.addListener(prepare);
chrome.runtime.onInstalled.addListener(prepare);
let panelCalls = 0; // requests that came over panels' own lines (in the status: for tests and the benchmark)

startRouter({
  keepalive: true,
  boot: (opts) => host.boot(opts ?? {}),
  status: async () => ({ ...host.status(), panel_line_calls: panelCalls }),
  call: (request, payload, options) => host.call(request, payload, options),
});

// Panels' own lines (panel/python_line.js): a panel frame inside a web page cannot reach
// this page's window, so each sends one end of a MessageChannel through a shared worker
// of this extension (line_broker.js), and its py_core requests then come here straight,
// without runtime messaging's trips through Firefox's parent process or the router's
// storage reads (issue 9, M2). Each line is answered {ready: true} first: the panel
// then knows this page has it. Without shared workers, panels ask through the router.
try {
  const broker = new SharedWorker(chrome.runtime.getURL("background/line_broker.js"), { name: "och-python-line" });
  broker.port.onmessage = ({ data, ports }) => {
    const [line] = ports;
    if (data?.line !== true || !line) return;
    serveLine(line, (request, payload) => host.call(request, payload, { packed: true }), () => (panelCalls += 1));
    line.postMessage({ ready: true });
  };
  broker.port.postMessage({ home: true });
} catch (err) {
  console.warn("[ozon-contact-helper] panels' lines to Python are off", err);
}

// Firefox suspends this event page (and frees Python) once no Ozon tab holds its keepalive
// port; nothing else is needed to give the memory back. For the benchmark and tests:
// drop the Python now, and read its memory figures.
serve("python-host-admin", {
  "host/close": () => host.close(),
  "host/memory": () => host.memory(),
});
