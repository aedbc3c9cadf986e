// What the content script's features share, and nothing else: the panel's port (with one
// handler per message type), a few values one feature sets and another reads, and the
// address watch. Each feature file registers here; none imports another feature.

export function log(...args) {
  console.debug("[ozon-contact-helper]", ...args);
}

export function whenReady() {
  if (document.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
}

/** Values shared between features. */
export const shared = {
  targetComposer: null, // the box right-clicked for "Draft message" (context menu -> held draft)
  context: null, // {selection, editable} from the context menu (context menu -> snapshot)
};

// ----- the panel's private port (made by panel_frame.js)

let port = null;
const handlers = new Map();

/** One handler per message type from the panel; a handler's failure is logged, not thrown. */
export function onPanel(type, handler) {
  handlers.set(type, handler);
}

export function postToPanel(message) {
  port?.postMessage(message);
}

let portCount = 0;
const portListeners = [];

/** How many ports the panel has had: a new number for each frame mounted. */
export const portGeneration = () => portCount;

/** cb() runs each time a new panel port is attached (a frame was just mounted). */
export function onPortAttached(cb) {
  portListeners.push(cb);
}

export function attachPort(newPort) {
  port = newPort;
  portCount += 1;
  port.onmessage = (event) => {
    const message = event.data;
    if (!message || typeof message !== "object") return;
    const handler = handlers.get(message.type);
    if (!handler) return log("unknown panel message", message.type);
    Promise.resolve()
      .then(() => handler(message))
      .catch((err) => log(`panel message ${message.type} failed`, err));
  };
  for (const listener of portListeners) {
    try {
      listener();
    } catch (err) {
      log("port listener failed", err);
    }
  }
}

// ----- services one feature offers to the others (set by the owner, used by the rest)

/** @type {{openPanel: () => Promise<boolean>, isCollapsed: () => Promise<boolean>, sendSnapshot: (extra?: object) => void}} */
const services = {
  /** panel_frame.js: mount (or show) the panel; resolves to true if it was mounted just now. */
  openPanel: async () => false,
  /** panel_frame.js: whether the panel is folded on this site. */
  isCollapsed: async () => false,
  /** snapshot_watch.js: post a fresh snapshot of the page to the panel, with extra fields. */
  sendSnapshot: (_extra) => {},
};

export function provide(name, fn) {
  services[name] = fn;
}

export const openPanel = () => services.openPanel();
export const isCollapsed = () => services.isCollapsed();
/** @param {object} [extra] */
export const sendSnapshot = (extra) => services.sendSnapshot(extra);

// ----- Ozon moves between pages without reloading: one watch on the address for everyone

const navListeners = [];
let navTimer = null;

/** cb(url) runs after the address changed (checked every `everyMs`). */
export function onNavigate(cb, everyMs = 1000) {
  navListeners.push(cb);
  if (navTimer) return;
  let last = location.href;
  navTimer = setInterval(() => {
    if (location.href === last) return;
    last = location.href;
    for (const listener of navListeners) {
      try {
        listener(last);
      } catch (err) {
        log("navigation listener failed", err);
      }
    }
  }, everyMs);
}
