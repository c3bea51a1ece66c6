// Unit tests for static/reminders.js: when the next reminder is due.
import test from 'node:test';
import assert from 'node:assert/strict';

// The module offers the permission button on the settings page when it
// loads; elsewhere there is no #reminder-notify and it does nothing.
process.env.TZ = 'America/New_York';
globalThis.document = { getElementById: () => null };
const { nextReminder, keyBytes } = await import('../../crates/web/static/reminders.js');

/** A local wall-clock time on this device (TZ above). */
const local = (y, mo, d, h, mi, s = 0) => new Date(y, mo - 1, d, h, mi, s);

test('the next reminder later today', () => {
  const now = local(2026, 11, 26, 7, 30);
  const next = nextReminder([{ time: '09:00', label: 'morning' }, { time: '20:15', label: 'evening' }], now);
  assert.equal(next.reminder.label, 'morning');
  assert.equal(next.at.getTime(), local(2026, 11, 26, 9, 0).getTime());
  assert.equal(next.at.toISOString(), '2026-11-26T14:00:00.000Z', 'local 09:00 in New York');
});

test('a time already past today comes tomorrow; exactly now counts as past', () => {
  const now = local(2026, 11, 26, 9, 0);
  const next = nextReminder([{ time: '09:00', label: 'a' }, { time: '08:59', label: 'b' }], now);
  assert.equal(next.reminder.label, 'b');
  assert.equal(next.at.getTime(), local(2026, 11, 27, 8, 59).getTime());
});

test('the earliest wins whatever the order of the list', () => {
  const now = local(2026, 11, 26, 12, 0);
  const next = nextReminder([{ time: '23:00', label: 'late' }, { time: '7:05', label: 'tomorrow' }, { time: '12:01', label: 'soon' }], now);
  assert.equal(next.reminder.label, 'soon');
  assert.equal(next.at.getTime(), local(2026, 11, 26, 12, 1).getTime());
});

test('across the change to summer time the wall-clock time is kept', () => {
  // New York springs forward on 2026-03-08 at 02:00.
  const now = local(2026, 3, 7, 22, 0);
  const next = nextReminder([{ time: '08:00' }], now);
  assert.equal(next.at.toISOString(), '2026-03-08T12:00:00.000Z', '08:00 EDT, not 08:00 EST');
});

test('malformed times are passed over; none left means null', () => {
  const now = local(2026, 11, 26, 7, 30);
  assert.equal(nextReminder([], now), null);
  assert.equal(nextReminder([{ time: '9am' }, { time: '' }, {}, { time: '09:0' }], now), null);
  const next = nextReminder([{ time: 'soon' }, { time: '10:30', label: 'ok' }], now);
  assert.equal(next.reminder.label, 'ok');
});

test('the time given is not changed', () => {
  const now = local(2026, 11, 26, 7, 30);
  const before = now.getTime();
  nextReminder([{ time: '06:00' }], now);
  assert.equal(now.getTime(), before);
});

test('the server key is read from base64url without padding, as PushManager takes it', () => {
  // 0xfb 0xff 0xbf: the bytes base64 writes with '+' and '/', which base64url writes '-' and '_'.
  assert.deepEqual([...keyBytes('-_-_')], [0xfb, 0xff, 0xbf]);
  assert.deepEqual([...keyBytes('AQID')], [1, 2, 3]);
  assert.deepEqual([...keyBytes('AQIDBA')], [1, 2, 3, 4], 'two padding characters left off');
  assert.deepEqual([...keyBytes('AQIDBAU')], [1, 2, 3, 4, 5], 'one left off');
  assert.equal(keyBytes('B' + 'A'.repeat(86)).length, 65, 'a P-256 public key is 65 bytes');
});
