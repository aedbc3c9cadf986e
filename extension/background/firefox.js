// Firefox: no offscreen documents and no extension service workers; the background
// page itself hosts Python. Content scripts of open Ozon tabs keep it awake.
import { createPythonHost } from "../python_host/host.js";
import { serveLine } from "../python_host/line.js";
import { serve } from "../shared/messages.js";
import { startRouter } from "./router.js";

const host = createPythonHost({ baseUrl: chrome.runtime.getURL("pyodide/") });
// When Firefox starts (or the extension is installed or updated), Python is set up ahead of
// any Ozon page: its two wasm modules compiled and the runtime instantiated; the last
// 35 MB of files come with the first ask (host.prepare). Firefox's floor on a cold start is
// compiling the wasm (0.5-0.8 s, issue 9); done here, an Ozon page opened soon after finds
// it done. If none comes, Firefox suspends this event page ~30 s later, and the memory
// (~100 MB) goes with it. Other wakes (a reminder's alarm, a context menu) do not prepare.
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
