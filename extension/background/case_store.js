// The buyer's case log, kept by the background alone so that many tabs never race:
// every change goes through one queue, and each case is its own storage key
// ("case:<id>"), written whole in one storage call. py_core owns the case's shape and
// rules (case_* bridge requests); this module only stores and schedules.

const PREFIX = "case:";
const SETTINGS_KEY = "settings";

export const DEFAULT_SETTINGS = {
  sideLang: "", // "" = follow the browser's language: zh -> zh, otherwise en
  uiLang: "", // "" = the browser's
  name: "",
  tone: "formal",
  defaultRemedy: "",
  reminders: true,
};

/**
 * @param {(request: string, payload: object) => Promise<any>} core calls py_core.bridge,
 *   resolving to its result and throwing its error.
 */
export function createCaseStore(core, { storage = chrome.storage.local, onChange = () => {} } = {}) {
  let queue = Promise.resolve();
  /** Run `fn` after every change queued before it; a failure does not stop the queue. */
  const serial = (fn) => {
    const run = queue.then(fn);
    queue = run.catch(() => {});
    return run;
  };

  async function allCases() {
    const everything = await storage.get(null);
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

  async function getCase(id) {
    const key = PREFIX + id;
    const found = (await storage.get(key))[key];
    if (!found) throw Object.assign(new Error(`No case ${id} in the log.`), { code: "not-found" });
    return found;
  }

  const save = async (kase) => {
    await storage.set({ [PREFIX + kase.id]: kase });
    onChange(kase);
    return kase;
  };

  function findOpen(cases, orderNumber, problemCode) {
    return cases.find((c) => c.order?.number === orderNumber && c.problem?.code === problemCode && (c.status ?? "open") === "open");
  }

  async function savedProfile() {
    const settings = { ...DEFAULT_SETTINGS, ...((await storage.get(SETTINGS_KEY))[SETTINGS_KEY] ?? {}) };
    return { name: settings.name ? String(settings.name).slice(0, 80) : null, tone: settings.tone === "neutral" ? "neutral" : "formal" };
  }

  return {
    get: getCase,

    /** Log a contact: into the open case for this order and problem, or a new one. */
    record: ({ order, problem, channel, text, status }) =>
      serial(async () => {
        if (!order?.number) throw Object.assign(new Error("The order number is needed to log a contact."), { code: "missing-order" });
        const { cases } = await allCases();
        let kase = findOpen(cases, order.number, problem?.code);
        if (!kase) kase = await core("case_new", { order, problem });
        // The problem's details and the saved profile go with every message, so later drafts
        // (the escalation, the claim) name what this one named and sign the same way.
        const { case: updated, attempt } = await core("case_record", {
          case: kase, channel, text, ...(status ? { status } : {}), ...(problem ? { problem } : {}), profile: await savedProfile(),
        });
        await save(updated);
        return { case: updated, attempt };
      }),

    update: ({ caseId, attemptId, status }) =>
      serial(async () => save(await core("case_update", { case: await getCase(caseId), attempt_id: attemptId, status }))),

    setCaseStatus: ({ caseId, status }) =>
      serial(async () => save(await core("case_status", { case: await getCase(caseId), case_status: status }))),

    /** Cases (all, or one order's), each with its follow-ups and which are overdue now. */
    list: async ({ orderNumber } = {}) => {
      const { cases, broken } = await allCases();
      const chosen = orderNumber ? cases.filter((c) => c.order?.number === orderNumber) : cases;
      const withDue = [];
      for (const kase of chosen) withDue.push({ case: kase, due: await core("case_due", { case: kase }) });
      return { cases: withDue, unreadable: broken.length };
    },

    escalation: async ({ caseId, lang }) => core("case_escalation", { case: await getCase(caseId), lang, profile: await savedProfile() }),

    /** Log a step past Ozon (claim, Rospotrebnadzor, bank) in the case, with its date. */
    step: ({ caseId, step }) =>
      serial(async () => save(await core("case_step", { case: await getCase(caseId), step }))),

    /** The buyer's saved signature name and tone, as py_core's Profile. */
    profile: () => savedProfile(),

    exportAll: async ({ lang } = {}) => {
      const { cases } = await allCases();
      const files = [];
      for (const kase of cases) files.push(await core("case_export", { case: kase, format: "markdown", lang }));
      const settings = (await storage.get(SETTINGS_KEY))[SETTINGS_KEY] ?? {};
      return {
        json: JSON.stringify({ format: "ozon-contact-helper-export", version: 1, exported_at: new Date().toISOString(), settings, cases }, null, 1),
        markdown: files,
      };
    },

    /** Import an export: every case validated by py_core first; nothing is written unless all are valid. */
    importAll: ({ text }) =>
      serial(async () => {
        let data;
        try {
          data = JSON.parse(text);
        } catch {
          throw Object.assign(new Error("This file is not an Ozon Contact Helper export (not JSON)."), { code: "bad-import" });
        }
        if (data?.format !== "ozon-contact-helper-export" || !Array.isArray(data.cases)) {
          throw Object.assign(new Error("This file is not an Ozon Contact Helper export."), { code: "bad-import" });
        }
        const checked = [];
        for (const kase of data.cases) checked.push(await core("case_import", { text: JSON.stringify(kase) }));
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

    getSettings: async () => ({ ...DEFAULT_SETTINGS, ...((await storage.get(SETTINGS_KEY))[SETTINGS_KEY] ?? {}) }),
    setSettings: (changes) =>
      serial(async () => {
        const current = { ...DEFAULT_SETTINGS, ...((await storage.get(SETTINGS_KEY))[SETTINGS_KEY] ?? {}) };
        const next = { ...current };
        for (const key of Object.keys(DEFAULT_SETTINGS)) if (key in changes) next[key] = changes[key];
        await storage.set({ [SETTINGS_KEY]: next });
        return next;
      }),
  };
}
