// Unit tests for static/outbox.js: in hosted mode each account's waiting
// records stay its own on a shared browser.
import test from 'node:test';
import assert from 'node:assert/strict';

import './fake-indexeddb.mjs';
// A page: its cookies, as the server set them.
globalThis.document = { cookie: '' };
const sent = [];
globalThis.fetch = async (url, init) => {
  sent.push({ url, body: JSON.parse(init.body) });
  return new Response('{}', { status: 201 });
};

const { queue, pending, flush, ownerFromCookie } = await import('../../crates/web/static/outbox.js');

const ADA = '6c1f8a52-3c3e-4b0e-9d8e-1f2a3b4c5d6e';
const BEA = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';

test('the account cookie names the owner; none is local mode', () => {
  assert.equal(ownerFromCookie(`theme=dark; backcalm_account=${ADA}; x=1`), ADA);
  assert.equal(ownerFromCookie('theme=dark'), '');
  assert.equal(ownerFromCookie(''), '');
});

test("a second account on the same browser neither sees nor sends the first one's records", async () => {
  document.cookie = `backcalm_account=${ADA}`;
  await queue('checkin', { pain: 6, note: "Ada's words" });
  assert.equal((await pending()).length, 1);

  // Ada's session ended without a sign-out; Bea signs in on this browser.
  document.cookie = `backcalm_account=${BEA}`;
  assert.deepEqual(await pending(), []);
  await queue('checkin', { pain: 3 });
  const result = await flush();
  assert.deepEqual(result, { sent: 1, rejected: 0, kept: 0 });
  assert.equal(sent.length, 1);
  assert.equal(sent[0].body.pain, 3, "only Bea's record went, with Bea's session");

  // Ada, back: hers is still waiting, and goes with her session.
  document.cookie = `backcalm_account=${ADA}`;
  const mine = await pending();
  assert.equal(mine.length, 1);
  assert.equal(mine[0].body.note, "Ada's words");
  assert.deepEqual(await flush(), { sent: 1, rejected: 0, kept: 0 });
  assert.equal(sent[1].body.note, "Ada's words");
  assert.deepEqual(await pending(), []);
});
