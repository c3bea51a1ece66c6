// Unit tests for static/player/session.js: the session record the player
// sends, and what each answer of the server means for the person.
import test from 'node:test';
import assert from 'node:assert/strict';

process.env.TZ = 'Europe/Berlin';

// A page's cookies (local mode: no account).
globalThis.document ??= { cookie: '' };

import './fake-indexeddb.mjs';

const { isoWithOffset, draft, keep, send, replace } = await import('../../crates/web/static/player/session.js');
const { pending } = await import('../../crates/web/static/outbox.js');

/** Answers fetch with `answers` in turn and records each request. */
function serve(...answers) {
  const asked = [];
  globalThis.fetch = async (url, init) => {
    asked.push({ url, method: init.method, body: JSON.parse(init.body), keepalive: init.keepalive ?? false });
    const a = answers.shift();
    if (a instanceof Error) throw a;
    return a;
  };
  return asked;
}

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });

/** A form as the player's `before`/`after` forms look to draft(). */
function form(values, { regions = [], note } = {}) {
  const elements = {};
  for (const [k, v] of Object.entries(values)) elements[k] = { value: v };
  if (note !== undefined) elements.note = { value: note };
  return {
    elements,
    querySelectorAll: (sel) => (sel === 'input[name="regions"]:checked' ? regions.map((value) => ({ value })) : []),
  };
}

test('isoWithOffset writes the local time with its offset', () => {
  assert.equal(isoWithOffset(new Date('2026-11-26T21:15:03Z')), '2026-11-26T22:15:03+01:00');
  assert.equal(isoWithOffset(new Date('2026-07-01T23:30:00.900Z')), '2026-07-02T01:30:00+02:00', 'next local day, summer time, no fraction');
});

const run = {
  id: '3f2c7d1e-8a4b-4c6d-9e0f-1a2b3c4d5e6f',
  timeline: { id: 'body-scan', variant: 'seated', minutes: 10 },
  startedAt: new Date('2026-11-26T21:15:03Z'),
  actualS: 600.4,
  completed: true,
};

test('draft is the API body, with what was skipped left out', () => {
  const before = form({ pain_before: '6', stress_before: '' });
  const after = form({ pain_after: '4', stress_after: '3', pleasantness: '' }, { regions: ['lower-back', 'neck'], note: '  easier on the second half  ' });
  assert.deepEqual(draft(run, before, after), {
    id: run.id,
    practice: 'body-scan',
    variant: 'seated',
    minutes: 10,
    started_at: '2026-11-26T22:15:03+01:00',
    tz: 'Europe/Berlin',
    actual_s: 600,
    completed: true,
    pain_before: 6,
    pain_after: 4,
    stress_after: 3,
    regions: ['lower-back', 'neck'],
    note: 'easier on the second half',
  });
});

test('draft without the forms: no ratings, no places, no note; time never negative', () => {
  const body = draft({ ...run, timeline: { id: 'timer' }, actualS: -2, completed: false }, null, null);
  assert.deepEqual(body, {
    id: run.id, practice: 'timer', minutes: 0, started_at: '2026-11-26T22:15:03+01:00',
    tz: 'Europe/Berlin', actual_s: 0, completed: false, regions: [],
  });
});

test('send: saved on 2xx, posted once to the sessions API', async () => {
  const asked = serve(json(201, {}));
  assert.deepEqual(await send({ id: 'a', practice: 'timer' }), { outcome: 'saved' });
  assert.deepEqual(asked, [{ url: '/api/v1/sessions', method: 'POST', body: { id: 'a', practice: 'timer' }, keepalive: false }]);
});

test('send: a refusal carries the server\'s reason and field', async () => {
  serve(json(422, { title: 'Unprocessable', detail: 'pain_after 11 is not on the 0-10 scale', field: 'pain_after' }));
  assert.deepEqual(await send({ id: 'b' }), { outcome: 'refused', message: 'pain_after 11 is not on the 0-10 scale', field: 'pain_after' });
  serve(new Response('<html>', { status: 400 }));
  assert.deepEqual(await send({ id: 'c' }), { outcome: 'refused', message: 'The server answered 400.', field: null });
});

test('send: offline or server trouble keeps the session in the outbox', async () => {
  serve(new TypeError('Failed to fetch'), json(503, {}), json(429, {}));
  assert.deepEqual(await send({ id: 'd' }), { outcome: 'queued' });
  assert.deepEqual(await send({ id: 'e' }), { outcome: 'queued' });
  assert.deepEqual(await send({ id: 'f' }), { outcome: 'queued' });
  const waiting = await pending();
  assert.deepEqual(waiting.map((r) => [r.id, r.kind, r.replace]).sort(), [['d', 'session', false], ['e', 'session', false], ['f', 'session', false]]);
});

test('replace: PUT over the kept copy; POST when the server has none', async () => {
  let asked = serve(json(200, {}));
  assert.deepEqual(await replace({ id: 'g h' }), { outcome: 'saved' });
  assert.deepEqual(asked.map((a) => [a.method, a.url]), [['PUT', '/api/v1/sessions/g%20h']]);
  asked = serve(json(404, {}), json(201, {}));
  assert.deepEqual(await replace({ id: 'i' }), { outcome: 'saved' });
  assert.deepEqual(asked.map((a) => [a.method, a.url]), [['PUT', '/api/v1/sessions/i'], ['POST', '/api/v1/sessions']]);
});

test('replace offline waits in the outbox as a replacement', async () => {
  serve(new TypeError('Failed to fetch'));
  assert.deepEqual(await replace({ id: 'j' }), { outcome: 'queued' });
  const kept = (await pending()).find((r) => r.id === 'j');
  assert.equal(kept.replace, true);
  assert.deepEqual(kept.body, { id: 'j' });
});

test('keep posts with keepalive, so it outlives the page, and never throws', async () => {
  let asked = serve(json(201, {}));
  assert.equal(keep({ id: 'k' }), undefined);
  assert.deepEqual(asked, [{ url: '/api/v1/sessions', method: 'POST', body: { id: 'k' }, keepalive: true }]);
  asked = serve(new TypeError('Failed to fetch'));
  keep({ id: 'l' });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(asked.length, 1);
  assert.equal((await pending()).some((r) => r.id === 'l'), false, 'nothing is queued as the page goes');
});
