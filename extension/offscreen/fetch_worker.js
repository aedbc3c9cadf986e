// Chrome: fetches the first boot's files (bundle.js) once the offscreen document sends it
// a port (one message, on the first ask for Python), on a thread that does nothing else,
// and hands each to the Python worker over that port as it arrives, then closes.
import { fetchBundle, forwardBundle } from "../python_host/bundle.js";

self.onmessage = ({ ports }) => {
  const [port] = ports;
  if (!port) return;
  const bundle = fetchBundle(new URL("../pyodide/", import.meta.url).href);
  // Every part handed over: this worker has nothing left to do, and goes.
  forwardBundle(bundle, (message, transfer) => port.postMessage(message, transfer)).then(() => self.close());
};
