// Unit tests for static/journal/describe.js: the words for records waiting
// in the outbox or refused by the server.
import test from 'node:test';
import assert from 'node:assert/strict';

// The formatter is made when the module loads, in the device's zone.
process.env.TZ = 'Europe/Berlin';
const { when, describe, count } = await import('../../crates/web/static/journal/describe.js');

test('when shows an instant in the device zone, with day and time', () => {
  const s = when('2026-11-26T10:02:00Z');
  assert.match(s, /26/);
  assert.match(s, /11:02/, 'Berlin is an hour ahead of UTC in November');
  assert.doesNotMatch(s, /10:02/);
  assert.equal(when('2026-07-01T10:02:00Z').includes('12:02'), true, 'two hours ahead in summer');
});

test('when is empty for no instant or one it cannot read', () => {
  assert.equal(when(undefined), '');
  assert.equal(when(null), '');
  assert.equal(when(''), '');
  assert.equal(when('not a date'), '');
});

test('describe names a check-in with its time and pain', () => {
  const at = '2026-11-26T09:15:00Z';
  assert.equal(describe({ kind: 'checkin', body: { recorded_at: at, pain: 4 } }), `Check-in from ${when(at)}, pain 4`);
  assert.equal(describe({ kind: 'checkin', body: { recorded_at: at, pain: 0 } }), `Check-in from ${when(at)}, pain 0`, 'pain 0 is said');
  assert.equal(describe({ kind: 'checkin', body: { pain: null }, created: at }), `Check-in from ${when(at)}`, 'the queue time stands in');
  assert.equal(describe({ kind: 'checkin', body: {} }), 'Check-in');
});

test('describe names a session with its time and practice', () => {
  const at = '2026-11-26T21:15:03+01:00';
  assert.equal(
    describe({ kind: 'session', body: { started_at: at, practice: 'body-scan' } }),
    `Practice session from ${when(at)} (body-scan)`,
  );
  assert.equal(describe({ kind: 'session', created: at }), `Practice session from ${when(at)}`);
  assert.equal(describe({ kind: 'session' }), 'Practice session');
});

test('count says how many of each kind wait', () => {
  const c = { kind: 'checkin' };
  const s = { kind: 'session' };
  assert.equal(count([]), '');
  assert.equal(count([c]), '1 check-in');
  assert.equal(count([c, c, c]), '3 check-ins');
  assert.equal(count([s]), '1 practice session');
  assert.equal(count([s, c, s]), '1 check-in and 2 practice sessions');
});
