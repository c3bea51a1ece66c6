// Offline and idempotent sync, in the two real situations a person meets:
// - the device is offline: with the service worker installed and its cache
//   warm, the network goes away; three check-ins made through the form and
//   one practice session wait in the outbox; the page reloads from the
//   service worker's cache; back online, the server ends up with exactly
//   those four records — and sending them all again changes nothing,
//   because each carries its client id (the server answers 200 to a
//   same-id repeat);
// - the device stays online but the server is down (its process stopped):
//   a check-in waits, and arrives once by itself when the server is back,
//   without a reload, from the open page or — with every backcalm page
//   closed — from the service worker's Background Sync.
// Which banner a page shows while offline depends on what the browser
// reports (some Chromium builds say `navigator.onLine === true` in a page
// the service worker serves under emulated offline), so the tests accept
// whichever of the two true messages the page chose, and never wait on a
// browser event that one build may not send.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, shot } from './lib/browser.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The server's view, asked directly from the test (not through the offline browser). */
async function stored(kind) {
  const res = await fetch(new URL(`/api/v1/${kind}`, server.url));
  assert.equal(res.status, 200);
  return res.json();
}

/** The URLs the service worker precaches, read from /sw.js itself. */
async function precacheList() {
  const text = await (await fetch(new URL('/sw.js', server.url))).text();
  const line = text.split('\n').find((l) => l.startsWith('const PRECACHE = '));
  return JSON.parse(line.slice('const PRECACHE = '.length, -1));
}

const outbox = (p, fn, ...args) => p.evaluate(async ([name, a]) => {
  const o = await import('/static/outbox.js');
  return o[name](...a);
}, [fn, args]);

/** Either of the two true messages for "your record waits on this device". */
const SAVED_HERE = /^Saved on this device — (it will be sent when you’re back online|backcalm’s server can’t be reached, so it will be sent as soon as it answers)\.$/;
/** Either of the two true banners when nothing reaches the server. */
const UNREACHABLE = /You’re offline|backcalm’s server can’t be reached right now/;

/** Waits until the page's outbox is empty (it empties itself, retrying while anything waits). */
async function drained(p, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const left = (await outbox(p, 'pending')).length;
    if (left === 0) return;
    if (Date.now() > end) assert.fail(`${left} records still wait in the outbox`);
    await new Promise((r) => { setTimeout(r, 200); });
  }
}

async function checkIn(p, pain, region) {
  await p.locator('.pain-range').focus();
  await p.keyboard.press('Home');
  for (let i = 0; i < pain; i += 1) await p.keyboard.press('ArrowRight');
  assert.equal(await p.locator('.pain-number').textContent(), String(pain));
  await p.getByRole('button', { name: region, exact: true }).click();
  await p.getByRole('button', { name: 'Save check-in', exact: true }).click();
  await p.locator('.checkin-status strong').getByText(SAVED_HERE).waitFor();
  assert.equal(await p.locator('.pain-number').textContent(), '–', 'the form is ready for the next one');
}

test('records made offline reach the server exactly once', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));

  await p.goto(server.url);
  await p.evaluate(() => navigator.serviceWorker.ready);
  await p.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // The worker becomes active only after every precached URL is stored.
  const cached = await p.evaluate(async () => {
    const name = (await caches.keys()).find((k) => k.startsWith('backcalm-'));
    const keys = await (await caches.open(name)).keys();
    return keys.map((r) => { const u = new URL(r.url); return u.pathname + u.search; });
  });
  const wanted = await precacheList();
  assert.ok(wanted.includes('/practices/natural-breath/play'));
  for (const url of wanted) assert.ok(cached.includes(url), `${url} is in the cache`);

  await context.setOffline(true);
  await p.goto(new URL('/checkin', server.url).href);
  assert.match(await p.locator('.net-banner').textContent(), UNREACHABLE);
  // The saved copy carries the id the server put in it when it was stored.
  const savedId = await p.evaluate(async () => {
    const html = await (await caches.match('/checkin')).text();
    return html.match(/name="id" value="([^"]+)"/)[1];
  });

  await checkIn(p, 2, 'Lower back, left side');
  await checkIn(p, 5, 'Neck');
  await checkIn(p, 8, 'Calf, right side');
  const session = await outbox(p, 'queue', 'session', {
    practice: 'natural-breath',
    minutes: 2,
    actual_s: 120,
    started_at: new Date(Date.now() - 180000).toISOString(),
    pain_before: 5,
    pain_after: 3,
  });

  const waiting = await outbox(p, 'pending');
  assert.equal(waiting.length, 4);
  assert.deepEqual(waiting.map((r) => r.kind).sort(), ['checkin', 'checkin', 'checkin', 'session']);
  const checkinIds = waiting.filter((r) => r.kind === 'checkin').map((r) => r.id);
  assert.equal(new Set([...checkinIds, session.id]).size, 4, 'four different client ids');
  assert.ok(checkinIds.every((id) => id !== savedId), 'a saved copy of the form gets a fresh id');
  assert.deepEqual(await stored('checkins'), [], 'nothing reached the server while offline');

  // Reload with the network off: the page comes from the service worker.
  await p.reload();
  assert.match(await p.title(), /Check in/);
  assert.equal(await p.locator('body').getAttribute('data-offline-copy') !== null, true, 'marked as the saved copy');
  assert.match(await p.locator('.net-banner').textContent(), /copy of the page saved on /);
  assert.match(await p.locator('.net-waiting').textContent(), /3 check-ins and 1 practice session saved on this device/);
  await p.screenshot({ path: shot('offline-checkin', 390), fullPage: false });
  await p.goto(new URL('/history', server.url).href);
  await p.locator('#waiting li').nth(3).waitFor();
  assert.equal(await p.locator('#waiting li').count(), 4, 'the history lists what waits');
  await p.goto(new URL('/practices/natural-breath/play', server.url).href);
  assert.ok((await p.title()).length > 0, 'a practice player opens offline');
  const timeline = await p.evaluate(async () => (await fetch('/api/v1/practices/natural-breath?minutes=2')).status);
  assert.equal(timeline, 200, 'its default timeline comes from the cache');

  // Back online: the outbox empties by itself (the online event, or the page's retries).
  await p.goto(new URL('/history', server.url).href);
  await context.setOffline(false);
  await drained(p);
  const checkins = await stored('checkins');
  const sessions = await stored('sessions');
  assert.equal(checkins.length, 3);
  assert.equal(sessions.length, 1);
  assert.deepEqual(checkins.map((c) => c.id).sort(), [...checkinIds].sort());
  assert.deepEqual(checkins.map((c) => c.pain).sort(), [2, 5, 8]);
  assert.deepEqual(checkins.map((c) => c.where[0]).sort(), ['calf-right', 'lower-back-left', 'neck']);
  assert.equal(sessions[0].id, session.id);
  assert.equal(sessions[0].pain_after, 3);

  // As if every answer had been lost: send the same four again. The server
  // recognises each id and content and answers 200; nothing is added. (The
  // page's flush or the worker's Background Sync may be the one that sends
  // them: either way none is refused.)
  for (const r of waiting) await outbox(p, 'queue', r.kind, r.body);
  const again = await outbox(p, 'flush');
  assert.equal(again.rejected, 0);
  assert.equal(again.kept, 0);
  await drained(p);
  await p.reload();
  assert.equal((await stored('checkins')).length, 3, 'still exactly three check-ins');
  assert.equal((await stored('sessions')).length, 1, 'still exactly one session');
  assert.deepEqual((await stored('checkins')).map((c) => c.id).sort(), [...checkinIds].sort());
  assert.equal(await p.locator('#waiting').isVisible(), false);
  assert.deepEqual(await outbox(p, 'rejected'), [], 'nothing was refused');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a record the server refuses is listed as not saved, not retried for ever', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  await p.goto(new URL('/history', server.url).href);
  const before = (await stored('sessions')).length;
  await outbox(p, 'queue', 'session', { practice: 'no-such-practice', minutes: 2 });
  const result = await outbox(p, 'flush');
  assert.equal(result.sent, 0, 'nothing was accepted');
  await drained(p);
  const refused = await outbox(p, 'rejected');
  assert.equal(refused.length, 1);
  assert.equal(refused[0].status, 422);
  assert.equal(refused[0].field, 'practice');
  const box = p.locator('.net-refused');
  await box.waitFor();
  assert.match(await box.textContent(), /couldn’t be saved/);
  assert.match(await box.textContent(), /not a known practice/);
  await box.getByRole('button', { name: /^Dismiss/ }).click();
  await box.waitFor({ state: 'detached' });
  assert.deepEqual(await outbox(p, 'rejected'), []);
  assert.equal((await stored('sessions')).length, before, 'the refused one was not stored');
  await context.close();
});

/** Opens /checkin with the service worker in control, so it can sync for the page. */
async function controlledCheckin(context) {
  const p = await context.newPage();
  await p.goto(new URL('/checkin', server.url).href);
  await p.evaluate(() => navigator.serviceWorker.ready);
  await p.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return p;
}

/** Polls the server until `kind` holds `n` records, or fails after `ms`; resolves with them. */
async function arrived(kind, n, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const list = await stored(kind);
    if (list.length >= n) return list;
    if (Date.now() > end) assert.fail(`${kind}: ${list.length} of ${n} arrived within ${ms} ms`);
    await new Promise((r) => { setTimeout(r, 200); });
  }
}

test('a check-in saved while the server is down arrives once when it is back, without a reload', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const p = await controlledCheckin(context);
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  const before = (await stored('checkins')).length;
  // A mark on this very document: it survives only if the page is never reloaded.
  await p.evaluate(() => { window.stillThisPage = true; });

  await server.down();
  await checkIn(p, 4, 'Neck');
  await p.locator('.net-waiting').getByText(/1 check-in saved on this device, waiting to be sent/).waitFor();
  await p.locator('.net-banner').getByText(UNREACHABLE).waitFor();
  const [waiting] = await outbox(p, 'pending');
  assert.equal(waiting.body.pain, 4);

  await server.up();
  const started = Date.now();
  const list = await arrived('checkins', before + 1, 10000);
  assert.ok(Date.now() - started <= 10000, 'sent within 10 s of the server coming back');
  assert.equal(list.length, before + 1, 'exactly one record arrived');
  const record = list.find((c) => c.id === waiting.id);
  assert.ok(record, 'the waiting check-in is the one stored');
  assert.equal(record.pain, 4);
  assert.deepEqual(record.where, ['neck']);
  await p.locator('.net-sent').getByText(/The record that waited on this device was sent to backcalm’s server/).waitFor({ timeout: 10000 });
  assert.equal(await p.locator('.net-waiting').count(), 0, 'nothing is said to wait any more');
  assert.equal(await p.locator('.net-banner').count(), 0, 'the unreachable banner is gone');
  assert.equal(await p.evaluate(() => window.stillThisPage), true, 'the page was not reloaded');
  assert.equal(new URL(p.url()).pathname, '/checkin', 'nor left');
  await p.waitForTimeout(2500);
  assert.equal((await stored('checkins')).length, before + 1, 'and it is not sent twice');
  assert.deepEqual(errors, []);
  await context.close();
});

test('with every backcalm page closed, the service worker sends what waits on a Background Sync', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await controlledCheckin(context);
  const before = (await stored('checkins')).length;

  await server.down();
  await checkIn(p, 6, 'Lower back, right side');
  const [waiting] = await outbox(p, 'pending');
  const tags = await p.evaluate(async () => (await navigator.serviceWorker.ready).sync.getTags());
  assert.ok(tags.includes('backcalm-outbox'), `a sync is registered (tags: ${tags})`);

  // Leave the app: no backcalm page is open to retry.
  const cdp = await context.newCDPSession(p);
  const registration = new Promise((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL === server.url && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  const registrationId = await registration;
  await p.goto('about:blank');
  await server.up();
  await p.waitForTimeout(1000);
  assert.equal((await stored('checkins')).length, before, 'nothing is sent before the sync');

  // What the browser does when it finds the network again.
  await cdp.send('ServiceWorker.dispatchSyncEvent', {
    origin: new URL(server.url).origin, registrationId, tag: 'backcalm-outbox', lastChance: false,
  });
  const list = await arrived('checkins', before + 1, 10000);
  assert.equal(list.length, before + 1);
  const record = list.find((c) => c.id === waiting.id);
  assert.equal(record.pain, 6);
  assert.deepEqual(record.where, ['lower-back-right']);
  await context.close();
});
