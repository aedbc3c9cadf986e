// Reminders when a reply is overdue: one alarm per contact that waits for a reply, set
// for the follow-up time py_core computed (per-channel reply expectations, a data file).
// When it fires and the contact still waits, a notification; clicking it opens the order,
// where the panel shows the case and its escalation draft. Reminders fall in daytime
// (10:00-20:00 local, shared/daytime.js) and say what to do next.
import { reminderTime } from "../shared/daytime.js";
import { initI18n, t } from "../shared/i18n.js";

const ALARM_PREFIX = "due|";

function alarmName(caseId, attemptId) {
  return `${ALARM_PREFIX}${caseId}|${attemptId}`;
}

/** (Re)set the alarms of one case from its contacts' follow-up times. */
export async function scheduleReminders(kase) {
  if (!chrome.alarms) return;
  for (const attempt of kase.attempts ?? []) {
    const name = alarmName(kase.id, attempt.id);
    if (attempt.status !== "waiting" || !attempt.follow_up_due || (kase.status ?? "open") !== "open") {
      await chrome.alarms.clear(name);
      continue;
    }
    const when = reminderTime(attempt.follow_up_due);
    if (when !== null) await chrome.alarms.create(name, { when });
  }
}

/** What a due alarm does; exported so tests can drive it without waiting for the clock. */
export async function remind(store, alarm) {
  if (!alarm.name.startsWith(ALARM_PREFIX)) return null;
  const [caseId, attemptId] = alarm.name.slice(ALARM_PREFIX.length).split("|");
  const settings = await store.getSettings();
  if (!settings.reminders) return null;
  let kase;
  try {
    kase = await store.get(caseId);
  } catch {
    return null; // deleted since
  }
  const attempt = (kase.attempts ?? []).find((a) => a.id === attemptId);
  if (!attempt || attempt.status !== "waiting") return null;
  await initI18n(settings.uiLang).catch(() => {});
  const channel = t(`channel_${attempt.channel}`);
  const next = t(`reminderNext_${attempt.channel}`);
  // Support chat is slow at busy hours: point to the panel's quieter-hours tip, whose hours
  // stay in one place (py_core/data/tips.json, off_peak) instead of a copy here.
  const offPeak = t(`reminderOffPeak_${attempt.channel}`);
  const id = `och|${kase.id}|${attempt.id}`;
  await chrome.notifications.create(id, {
    type: "basic",
    iconUrl: chrome.runtime.getURL("icons/icon-128.png"),
    title: t("reminderTitle", [kase.order.number]),
    message: [
      t("reminderBody", [channel]),
      next.startsWith("reminderNext_") ? t("reminderNext_default") : next,
      offPeak.startsWith("reminderOffPeak_") ? "" : offPeak,
    ].filter(Boolean).join(" "),
  });
  return id;
}

export function startReminders(store) {
  chrome.alarms?.onAlarm.addListener((alarm) => {
    remind(store, alarm).catch((err) => console.warn("[ozon-contact-helper] reminder failed", err));
  });
  chrome.notifications?.onClicked.addListener(async (notificationId) => {
    if (!notificationId.startsWith("och|")) return;
    const [, caseId] = notificationId.split("|");
    try {
      const kase = await store.get(caseId);
      if (kase.order?.url) await chrome.tabs.create({ url: kase.order.url });
    } finally {
      chrome.notifications.clear(notificationId);
    }
  });
}
