// Reminders fall in daytime hours: a follow-up that comes due at night is moved to the
// next morning. Shared by the background's alarms and the times the panel shows.
export const DAY_START_HOUR = 10;
export const DAY_END_HOUR = 20; // exclusive: 20:00 is evening

/**
 * The first moment at or after `time` (ms since the epoch) that falls between 10:00 and
 * 20:00 in the browser's local time zone.
 */
export function nextDaytime(time) {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return time;
  const hour = date.getHours();
  if (hour >= DAY_START_HOUR && hour < DAY_END_HOUR) return date.getTime();
  const morning = new Date(date);
  if (hour >= DAY_END_HOUR) morning.setDate(morning.getDate() + 1);
  morning.setHours(DAY_START_HOUR, 0, 0, 0);
  return morning.getTime();
}

/**
 * When to remind about a follow-up due at `due` (ISO) seen at `now` (ms): a future time is
 * moved into daytime; one already past is reminded of at once (the buyer is at the
 * browser now, e.g. just imported the log), but never before 1 s from now.
 */
export function reminderTime(due, now = Date.now()) {
  const at = Date.parse(due);
  if (!Number.isFinite(at)) return null;
  if (at <= now) return now + 1000;
  return Math.max(nextDaytime(at), now + 1000);
}
