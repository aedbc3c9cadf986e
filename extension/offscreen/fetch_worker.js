// Chrome: fetches the first boot's files (bundle.js) once the offscreen document sends it
// a port, on a thread that does nothing else, and hands each to the Python worker over
// that port as it arrives, then closes. The port comes as the document opens, and two
// files are then held until the first ask for Python sends {release: true}. After a
// prepared Python has been dropped, the port comes with the first ask instead, and nothing
// is held.
import { fetchBundle, forwardBundle } from "../python_host/bundle.js";

/** @type {import("../python_host/bundle.js").Bundle | null} */
let bundle = null;
/** @type {MessagePort | null} */
let port = null;
self.onmessage = ({ data, ports }) => {
  if (data?.release) {
    // The first ask for Python: a held bundle fetches its last two files now (and says
    // when, for the benchmark's timeline).
    bundle?.release?.();
    port?.postMessage({ part: "released", at: bundle?.marks?.fetch_released });
    return;
  }
  if (!ports[0] || bundle) return;
  port = ports[0];
  bundle = fetchBundle(new URL("../pyodide/", import.meta.url).href, { hold: data?.hold === true });
  // Every part handed over: this worker has nothing left to do, and goes.
  forwardBundle(bundle, (message, transfer) => port?.postMessage(message, transfer)).then(() => self.close());
};
