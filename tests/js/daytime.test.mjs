// Reminders fall in daytime (10:00-20:00 local): extension/shared/daytime.js under Node,
// in a fixed time zone so that "local" means the same on every machine.
process.env.TZ = "Europe/Moscow";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nextDaytime, reminderTime } from "../../extension/shared/daytime.js";

const local = (text) => new Date(text).getTime(); // "YYYY-MM-DDTHH:MM" without a zone is local

describe("daytime reminders", () => {
  it("keeps a time between 10:00 and 20:00", () => {
    assert.equal(nextDaytime(local("2026-11-28T10:00")), local("2026-11-28T10:00"));
    assert.equal(nextDaytime(local("2026-11-28T19:59")), local("2026-11-28T19:59"));
  });
  it("moves a night-time follow-up (03:41) to 10:00 the same morning", () => {
    assert.equal(nextDaytime(local("2026-11-28T03:41")), local("2026-11-28T10:00"));
  });
  it("moves an evening follow-up to 10:00 the next morning, across a month's end", () => {
    assert.equal(nextDaytime(local("2026-11-30T20:00")), local("2026-12-01T10:00"));
    assert.equal(nextDaytime(local("2026-11-30T23:30")), local("2026-12-01T10:00"));
  });
  it("reminds at once of a follow-up already past, and never before a second from now", () => {
    const now = local("2026-11-28T02:00");
    assert.equal(reminderTime(new Date(local("2026-11-27T15:00")).toISOString(), now), now + 1000);
    assert.equal(reminderTime(new Date(local("2026-11-28T03:41")).toISOString(), now), local("2026-11-28T10:00"));
    assert.equal(reminderTime("not a date", now), null);
  });
});
