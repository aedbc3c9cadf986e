// An in-memory storage area with the async API of chrome.storage.local (get, set, remove,
// clear), for the case store's unit tests. Values are stored as structured clones, as the
// browser stores them, so a test can never share an object with the code under test.
// `failNextSets(n)` makes the next n writes throw as a full storage does.

export class MemoryStorage {
  constructor(initial = {}) {
    this.items = new Map(Object.entries(structuredClone(initial)));
    this.failures = 0;
    this.writes = 0;
  }

  failNextSets(count, message = "QUOTA_BYTES quota exceeded") {
    this.failures = count;
    this.failureMessage = message;
  }

  /** @param {null | string | string[] | Record<string, any>} keys */
  async get(keys) {
    if (keys === null || keys === undefined) return structuredClone(Object.fromEntries(this.items));
    const defaults = typeof keys === "object" && !Array.isArray(keys) ? keys : {};
    const names = typeof keys === "string" ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
    const found = {};
    for (const name of names) {
      if (this.items.has(name)) found[name] = structuredClone(this.items.get(name));
      else if (name in defaults) found[name] = defaults[name];
    }
    return found;
  }

  async set(values) {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error(this.failureMessage);
    }
    this.writes += 1;
    for (const [key, value] of Object.entries(structuredClone(values))) this.items.set(key, value);
  }

  async remove(keys) {
    for (const key of typeof keys === "string" ? [keys] : keys) this.items.delete(key);
  }

  async clear() {
    this.items.clear();
  }
}
