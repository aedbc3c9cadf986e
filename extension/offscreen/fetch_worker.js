// Chrome: fetches the first boot's files (bundle.js) the moment the offscreen document
// starts it, on a thread that does nothing else, and hands each to the Python worker over
// the port the document sends (one message, with the port), then closes.
import { fetchBundle, forwardBundle } from "../python_host/bundle.js";

const bundle = fetchBundle(new URL("../pyodide/", import.meta.url).href);

self.onmessage = ({ ports }) => {
  const [port] = ports;
  if (!port) return;
  // Every part handed over: this worker has nothing left to do, and goes.
  forwardBundle(bundle, (message, transfer) => port.postMessage(message, transfer)).then(() => self.close());
};
