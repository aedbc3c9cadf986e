// The buyer's settings: one storage key ("settings"), read with their defaults. The
// background owns writing them (settings/set); extension pages may read them here directly,
// which takes no trip through the background (a new tab's panel reads them as it starts).

export const SETTINGS_KEY = "settings";

export const DEFAULT_SETTINGS = {
  sideLang: "", // "" = follow the browser's language: zh -> zh, otherwise en
  uiLang: "", // "" = the browser's
  name: "",
  tone: "formal",
  defaultRemedy: "",
  reminders: true,
};

/**
 * The stored settings laid over the defaults; a stored value that is not a plain object is ignored.
 * @param {Pick<chrome.storage.StorageArea, "get">} [storage]
 * @returns {Promise<typeof DEFAULT_SETTINGS & Record<string, unknown>>}
 */
export async function readSettings(storage = chrome.storage.local) {
  const stored = (await storage.get(SETTINGS_KEY))[SETTINGS_KEY];
  return { ...DEFAULT_SETTINGS, ...(stored && typeof stored === "object" && !Array.isArray(stored) ? stored : {}) };
}

/**
 * The buyer's signature name and tone, as py_core's Profile, from their settings: what the
 * core's advice, drafts and logged contacts are signed and worded with.
 * @param {Record<string, unknown>} settings as readSettings gives them
 * @returns {{name: string | null, tone: "formal" | "neutral"}}
 */
export function profileOf(settings) {
  return { name: settings.name ? String(settings.name).slice(0, 80) : null, tone: settings.tone === "neutral" ? "neutral" : "formal" };
}
