// Firefox: the go-between for panels' own lines to Python (issue 9, M2). A shared worker
// of the extension's own origin, which only the extension's pages can reach: the
// background page (which hosts Python in Firefox) says it is home, and a panel frame,
// which cannot reach the background page's window from inside a web page, sends one end
// of a MessageChannel, handed on to the home. The home answers on that port itself
// ({ready: true}, python_host/line.js); with no home, the port gets {ready: false} here.
// Nothing else passes through this worker.

/** @type {MessagePort | null} the background page's port; a new background page replaces it */
let home = null;

/** @param {MessageEvent} event */
globalThis.onconnect = (event) => {
  const [port] = event.ports;
  port.onmessage = ({ data, ports }) => {
    if (data?.home === true) {
      home = port;
      return;
    }
    const [line] = ports;
    if (data?.line !== true || !line) return;
    if (home) home.postMessage({ line: true }, [line]);
    else line.postMessage({ ready: false });
  };
};
