// The buyer's case log, kept by the background alone so that many tabs never race:
// every change goes through one queue, and each case is its own storage key
// ("case:<id>"), written whole in one storage call. py_core owns the case's shape and
// rules (case_* bridge requests); this module only stores and schedules.

import { DEFAULT_SETTINGS, SETTINGS_KEY, profileOf, readSettings as readStoredSettings } from "../shared/settings.js";

export { DEFAULT_SETTINGS };

const PREFIX = "case:";
const QUARANTINE = "quarantine:";
// A failed write is kept in memory and tried again this often, until it succeeds.
export const RETRY_MS = 2000;
// The largest import accepted (an export of 1,000 long contacts is about 3 MB).
export const MAX_IMPORT_CHARS = 20_000_000;
// Markup that would run or load something if it were ever put into a page as HTML: an
// import holding it did not come from this helper's export of Ozon pages, and is refused.
const ACTIVE_MARKUP = /<\s*(script|iframe|object|embed|img|svg|style|link|meta|base|form)\b|\bon[a-z]+\s*=|javascript:/i;

/** The path of the first string in `value` that holds active markup, or null. */
export function activeMarkupAt(value, path = "") {
  if (typeof value === "string") return ACTIVE_MARKUP.test(value) ? path || "(top)" : null;
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = activeMarkupAt(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

const sameText = (a, b) => String(a ?? "").trim() === String(b ?? "").trim();

/**
 * @param {(request: string, payload: object) => Promise<any>} core calls py_core.bridge,
 *   resolving to its result and throwing its error.
 * @param {{storage?: chrome.storage.StorageArea, onChange?: (kase: any) => void}} [options]
 */
export function createCaseStore(core, { storage = chrome.storage.local, onChange = () => {} } = {}) {
  /** @type {Promise<unknown>} */
  let queue = Promise.resolve();
  // Cases whose write failed (the storage quota, say): kept here, shown as logged, and
  // written again every RETRY_MS until the storage takes them. Nothing is dropped.
  const pending = new Map();
  let retryTimer = null;
  /** Run `fn` after every change queued before it; a failure does not stop the queue.
   * @template T
   * @param {() => Promise<T>} fn
   * @returns {Promise<T>} */
  const serial = (fn) => {
    const run = queue.then(fn);
    queue = run.catch(() => {});
    return run;
  };

  async function allCases() {
    const everything = { ...(await storage.get(null)), ...Object.fromEntries(pending) };
    const cases = [];
    const broken = [];
    for (const [key, value] of Object.entries(everything)) {
      if (!key.startsWith(PREFIX)) continue;
      if (value && typeof value === "object" && value.id && value.order) cases.push(value);
      else broken.push(key);
    }
    cases.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    return { cases, broken };
  }

  /** Every stored case (or one order's) migrated and validated by py_core, newest first, each
   * with its follow-ups: one request. A record that fails is moved aside to
   * "quarantine:<key>" with the reason (kept, never deleted) and the rest load. */
  async function loadCases(orderNumber) {
    const everything = { ...(await storage.get(null)), ...Object.fromEntries(pending) };
    const keys = Object.keys(everything).filter((key) => key.startsWith(PREFIX));
    const { cases, bad } = await core("case_list", { records: keys.map((key) => everything[key]), ...(orderNumber ? { order_number: orderNumber } : {}) });
    const quarantined = [];
    for (const { index, reason } of bad) {
      const key = keys[index];
      quarantined.push({ key, reason });
      await storage.set({ [QUARANTINE + key]: { record: everything[key], reason, at: new Date().toISOString() } });
      await storage.remove(key);
      pending.delete(key);
    }
    const earlier = Object.keys(everything).filter((key) => key.startsWith(QUARANTINE)).length;
    return { cases, quarantined, unreadable: earlier + quarantined.length };
  }

  async function getCase(id) {
    const key = PREFIX + id;
    const found = pending.get(key) ?? (await storage.get(key))[key];
    if (!found) throw Object.assign(new Error(`No case ${id} in the log.`), { code: "not-found" });
    return found;
  }

  async function retryPending() {
    retryTimer = null;
    if (pending.size === 0) return;
    const writes = Object.fromEntries(pending);
    try {
      await storage.set(writes);
    } catch {
      retryTimer = setTimeout(retryPending, RETRY_MS);
      return;
    }
    for (const [key, kase] of Object.entries(writes)) {
      if (pending.get(key) === kase) pending.delete(key);
      onChange(kase);
    }
  }

  const save = async (kase) => {
    const key = PREFIX + kase.id;
    try {
      await storage.set({ [key]: kase });
      pending.delete(key);
    } catch (err) {
      pending.set(key, kase);
      retryTimer ??= setTimeout(retryPending, RETRY_MS);
      throw Object.assign(
        new Error(`The browser refused to save the case log (${err?.message ?? err}). Your contact is kept and will be saved as soon as the browser has room: free some space, or export the log.`),
        { code: "storage-failed" },
      );
    }
    onChange(kase);
    return kase;
  };

  function findOpen(cases, orderNumber, problemCode) {
    return cases.find((c) => c.order?.number === orderNumber && c.problem?.code === problemCode && (c.status ?? "open") === "open");
  }

  /** The buyer's settings over the defaults.
   * @returns {Promise<typeof DEFAULT_SETTINGS & Record<string, unknown>>} */
  function readSettings() {
    return readStoredSettings(storage);
  }

  async function savedProfile() {
    return profileOf(await readSettings());
  }

  return {
    get: getCase,

    /**
     * Log a contact: into the open case for this order and problem, or a new one, in one
     * py_core request. `order` is the order as read from the page (the router adds the
     * tab's), `corrections` what the buyer typed. The same text on the same channel already
     * logged for this order is not logged twice. -> {case, attempt, duplicate}
     */
    record: ({ order, corrections, problem, channel, text, status }) =>
      serial(async () => {
        const number = order?.number || corrections?.number;
        if (!number) throw Object.assign(new Error("The order number is needed to log a contact."), { code: "missing-order" });
        const { cases } = await allCases();
        const logged = cases
          .filter((c) => c.order?.number === number)
          .flatMap((c) => (c.attempts ?? []).map((attempt) => ({ case: c, attempt })))
          .find(({ attempt }) => attempt.channel === channel && sameText(attempt.text, text));
        if (logged) return { ...logged, duplicate: true };
        const kase = findOpen(cases, number, problem?.code);
        // The problem's details and the saved profile go with every message, so later drafts
        // (the escalation, the claim) name what this one named and sign the same way.
        const { case: updated, attempt } = await core("case_record", {
          ...(kase ? { case: kase } : { order, corrections }),
          problem, channel, text, ...(status ? { status } : {}), profile: await savedProfile(),
        });
        await save(updated);
        return { case: updated, attempt, duplicate: false };
      }),

    /** Keep a shop's social-media page with the open case of this order and problem (a new
     * case if none is open yet); py_core's case_link validates the address. */
    link: ({ order, problem, url }) =>
      serial(async () => {
        if (!order?.number) throw Object.assign(new Error("The order number is needed to keep a link."), { code: "missing-order" });
        const { cases } = await allCases();
        const kase = findOpen(cases, order.number, problem?.code) ?? (await core("case_new", { order, problem }));
        return save(await core("case_link", { case: kase, url }));
      }),

    update: ({ caseId, attemptId, status }) =>
      serial(async () => save(await core("case_update", { case: await getCase(caseId), attempt_id: attemptId, status }))),

    setCaseStatus: ({ caseId, status }) =>
      serial(async () => save(await core("case_status", { case: await getCase(caseId), case_status: status }))),

    /** Cases (all, or one order's), each with its follow-ups and which are overdue now. */
    list: (/** @type {{orderNumber?: string}} */ { orderNumber } = {}) =>
      serial(async () => {
        const { cases, quarantined, unreadable } = await loadCases(orderNumber);
        return { cases, unreadable, quarantined, unsaved: pending.size };
      }),

    /** An escalation draft for the case (to `channel`, or the first one advised for its history). */
    escalation: async ({ caseId, lang, channel }) =>
      core("case_escalation", { case: await getCase(caseId), lang, profile: await savedProfile(), ...(channel ? { channel } : {}) }),

    /** Log a step past Ozon (claim, Rospotrebnadzor, bank) in the case, with its date. */
    step: ({ caseId, step }) =>
      serial(async () => save(await core("case_step", { case: await getCase(caseId), step }))),

    /** The buyer's saved signature name and tone, as py_core's Profile. */
    profile: () => savedProfile(),

    exportAll: async (/** @type {{lang?: string}} */ { lang } = {}) => {
      const cases = (await serial(() => loadCases())).cases.map((listed) => listed.case);
      const files = [];
      for (const kase of cases) files.push(await core("case_export", { case: kase, format: "markdown", lang }));
      const settings = await readSettings();
      return {
        json: JSON.stringify({ format: "ozon-contact-helper-export", version: 1, exported_at: new Date().toISOString(), settings, cases }, null, 1),
        markdown: files,
      };
    },

    /** Import an export: every case validated by py_core first; nothing is written unless all are valid. */
    importAll: ({ text }) =>
      serial(async () => {
        if (typeof text !== "string" || text.length > MAX_IMPORT_CHARS) {
          const mb = typeof text === "string" ? Math.round(text.length / 1e6) : 0;
          throw Object.assign(new Error(`This file is too large to be an Ozon Contact Helper export (${mb} MB; an export is at most ${MAX_IMPORT_CHARS / 1e6} MB). Nothing was imported.`), { code: "bad-import" });
        }
        let data;
        try {
          data = JSON.parse(text);
        } catch {
          throw Object.assign(new Error("This file is not an Ozon Contact Helper export (not JSON)."), { code: "bad-import" });
        }
        if (data?.format !== "ozon-contact-helper-export" || !Array.isArray(data.cases)) {
          throw Object.assign(new Error("This file is not an Ozon Contact Helper export."), { code: "bad-import" });
        }
        const markup = activeMarkupAt(data);
        if (markup) {
          throw Object.assign(new Error(`This file holds web page code (in ${markup.slice(0, 80)}); an export of this helper never does. Nothing was imported.`), { code: "bad-import" });
        }
        const checked = [];
        for (const [i, kase] of data.cases.entries()) {
          try {
            checked.push(await core("case_import", { text: JSON.stringify(kase) }));
          } catch (err) {
            throw Object.assign(new Error(`Case ${i + 1} of ${data.cases.length} in this file is not valid (${err.message}). Nothing was imported.`), { code: "bad-import" });
          }
        }
        const writes = Object.fromEntries(checked.map((kase) => [PREFIX + kase.id, kase]));
        if (data.settings && typeof data.settings === "object") writes[SETTINGS_KEY] = { ...DEFAULT_SETTINGS, ...data.settings };
        await storage.set(writes);
        checked.forEach(onChange);
        return { cases: checked.length };
      }),

    deleteAll: () =>
      serial(async () => {
        await storage.clear();
        return true;
      }),

    getSettings: () => readSettings(),
    setSettings: (changes) =>
      serial(async () => {
        const current = await readSettings();
        const next = { ...current };
        for (const key of Object.keys(DEFAULT_SETTINGS)) if (key in changes) next[key] = changes[key];
        await storage.set({ [SETTINGS_KEY]: next });
        return next;
      }),
  };
}
