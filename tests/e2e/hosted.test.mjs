// Hosted mode (`serve --accounts`) in the browser, on a phone-sized screen:
// - a person and a clinician each set up their account from an invitation
//   link's page (its form token comes with a cookie of its own), and the
//   header shows the links of their role and a "Sign out" that fits;
// - the clinician makes a share code on her patient list, the person enters
//   it on her Sharing page, and once she shares a red-flag screen that calls
//   for a doctor today she is first on the clinician's list;
// - signing out clears what the site keeps on the device, the outbox with
//   it: when a record is still waiting, the person is asked first, and
//   staying keeps both the record and the session; with nothing waiting,
//   nothing is asked.
// Service workers are blocked so that the page's own requests, which the
// test holds back, are the ones the outbox sends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';
import { PASSWORD, invite, setUp as setUpAccount } from './lib/accounts.mjs';
import { launch, shot } from './lib/browser.mjs';
import { assertNoViolations } from './lib/a11y.mjs';

const PHONE = { width: 390, height: 844 };

let server;
let browser;
const links = {};

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'backcalm-e2e-hosted-'));
  invite(dataDir, 'admin', 'Admin');
  links.ada = invite(dataDir, 'patient', 'Ada Lovelace');
  links.cleo = invite(dataDir, 'clinician', 'Cleo Clinician');
  links.bea = invite(dataDir, 'patient', 'Bea Baker');
  server = await startServer({ dataDir, serveArgs: ['--accounts'] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A new phone-sized browser with no service worker. */
function phone() {
  return browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
}

/** Sets up the account of the invitation at `path` through its page. */
const setUp = (context, path, username) => setUpAccount(context, server.url, path, username);

/** The header's main navigation, as link names. */
async function navLinks(p) {
  return p.locator('nav[aria-label="Main"] a').allTextContents();
}

/** `/api/v1/me`'s status, asked by the page with its cookies. */
const me = (p) => p.evaluate(async () => (await fetch('/api/v1/me')).status);

const outbox = (p, fn, ...args) => p.evaluate(async ([name, a]) => {
  const o = await import('/static/outbox.js');
  return o[name](...a);
}, [fn, args]);

test('each role sees its own links, and "Sign out" fits a phone', async () => {
  const context = await phone();
  try {
    const ada = await setUp(context, links.ada, 'ada');
    assert.equal(await me(ada), 200);
    const adaLinks = await navLinks(ada);
    assert.ok(adaLinks.includes('Sharing'), adaLinks.join(', '));
    assert.ok(!adaLinks.includes('Patients'), adaLinks.join(', '));
    const button = ada.getByRole('button', { name: 'Sign out' });
    const box = await button.boundingBox();
    assert.ok(box.height >= 44, `the button is ${box.height}px tall`);
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `the button spans ${box.x}–${box.x + box.width}px`);
    await ada.getByRole('link', { name: 'Sharing' }).click();
    await ada.waitForURL('**/sharing');
    assert.equal(await ada.locator('nav a[aria-current="page"]').textContent(), 'Sharing');
    await ada.screenshot({ path: shot('hosted-sharing', PHONE.width), fullPage: true });
    await assertNoViolations(ada, 'sharing page, signed in');
  } finally {
    await context.close();
  }
  const other = await phone();
  try {
    const cleo = await setUp(other, links.cleo, 'cleo');
    const cleoLinks = await navLinks(cleo);
    assert.ok(cleoLinks.includes('Patients') && cleoLinks.includes('Sharing'), cleoLinks.join(', '));
    await cleo.getByRole('link', { name: 'Patients' }).click();
    await cleo.waitForURL('**/patients');
    await assertNoViolations(cleo, 'patient list');
  } finally {
    await other.close();
  }
});

/** Signs in at /signin as `username`; resolves on the page it lands on. */
async function signIn(context, username) {
  const p = await context.newPage();
  await p.goto(new URL('/signin', server.url).href);
  await p.getByLabel('Username').fill(username);
  await p.getByLabel('Password').fill(PASSWORD);
  await Promise.all([p.waitForURL((u) => u.pathname !== '/signin'), p.locator('main button[type="submit"]').click()]);
  return p;
}

test('a clinician invites with a code from her page; a shared screen that calls for a doctor puts the person first', async () => {
  const clinic = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const person = await phone();
  try {
    const cleo = await signIn(clinic, 'cleo');
    await cleo.goto(new URL('/patients', server.url).href);
    await cleo.getByRole('button', { name: 'Make a share code' }).click();
    const code = (await cleo.locator('.share-code').textContent()).trim();
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.match(await cleo.getByRole('status').textContent(), /It works once, until \d{4}-\d{2}-\d{2} \d{2}:\d{2}\./);
    await assertNoViolations(cleo, 'patient list with a new share code');

    // Ada enters it on her Sharing page and shares check-ins and her screen.
    const ada = await signIn(person, 'ada');
    await ada.goto(new URL('/sharing', server.url).href);
    await ada.getByLabel('The code').fill(code.toLowerCase());
    await ada.getByLabel(/^Check-ins/).check();
    await ada.getByLabel(/^My latest safety screen/).check();
    await Promise.all([ada.waitForLoadState('load'), ada.getByRole('button', { name: 'Share', exact: true }).click()]);
    await ada.getByRole('button', { name: 'Stop sharing with Cleo Clinician' }).waitFor();
    // Her screen: fever, which calls for a doctor today.
    const status = await ada.evaluate(async () => {
      const { questions } = await (await fetch('/api/v1/screen')).json();
      const answers = Object.fromEntries(questions.map((q) => [q.id, q.id === 'fever-or-unwell']));
      const r = await fetch('/api/v1/screen', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers }) });
      return r.status;
    });
    assert.equal(status, 201);

    await cleo.goto(new URL('/patients', server.url).href);
    const first = cleo.locator('table.patients tbody tr').first();
    assert.equal((await first.locator('th').textContent()).trim(), 'Ada Lovelace');
    assert.match(await first.textContent(), /red-flag screen: see a doctor today/);
    assert.match(await first.textContent(), /See a doctor today \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)/);
    await cleo.screenshot({ path: shot('hosted-patients', 1280), fullPage: true });
    await assertNoViolations(cleo, 'patient list with a red-flag screen');
    // Her name opens her report as a page of the app, her screen in it.
    await Promise.all([cleo.waitForURL('**/report'), first.locator('th a').click()]);
    assert.match(await cleo.title(), /^Ada Lovelace’s report, /);
    assert.match(await cleo.locator(".report-actions .lead").textContent(), /^Ada Lovelace’s report, made only from what Ada Lovelace shares with you \(checkins, screens\)/);
    assert.match(await cleo.locator('#screen').textContent(), /See a doctor today/);
    await cleo.screenshot({ path: shot('hosted-patient-report', 1280), fullPage: true });
    await assertNoViolations(cleo, "a patient's report page");
  } finally {
    await person.close();
    await clinic.close();
  }
});

test('signing out with a record still waiting asks first; staying keeps it', async () => {
  const context = await phone();
  try {
    const p = await context.newPage();
    await p.goto(new URL('/signin', server.url).href);
    await p.getByLabel('Username').fill('ada');
    await p.getByLabel('Password').fill(PASSWORD);
    await Promise.all([p.waitForURL((u) => u.pathname === '/'), p.locator('main button[type="submit"]').click()]);
    // The server cannot be reached for check-ins: one waits on the device.
    await p.route('**/api/v1/checkins', (r) => (r.request().method() === 'POST' ? r.abort('connectionrefused') : r.continue()));
    await outbox(p, 'queue', 'checkin', { pain: 4 });
    assert.equal((await outbox(p, 'pending')).length, 1);

    let asked = null;
    p.once('dialog', (d) => {
      asked = d.message();
      d.dismiss();
    });
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.waitForFunction(() => !document.querySelector('form[data-sign-out] button').disabled);
    assert.match(asked ?? '', /^1 record on this device has not reached your journal yet\. Signing out now deletes them from this device\. Sign out anyway\?$/);
    assert.equal(new URL(p.url()).pathname, '/', 'staying, the page stays');
    assert.equal(await me(p), 200, 'and the session too');
    assert.equal((await outbox(p, 'pending')).length, 1, 'and the record');

    p.once('dialog', (d) => d.accept());
    await Promise.all([p.waitForURL((u) => u.pathname === '/signin'), p.getByRole('button', { name: 'Sign out' }).click()]);
    assert.equal(await me(p), 401);
    // Clear-Site-Data emptied the device: the outbox holds no record at
    // all, of any account (the sign-in page may have opened a new, empty one).
    const left = await p.evaluate(() => new Promise((ok, fail) => {
      const open = indexedDB.open('backcalm');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('outbox')) return ok(0);
        const count = db.transaction('outbox').objectStore('outbox').count();
        count.onsuccess = () => ok(count.result);
        count.onerror = () => fail(count.error);
      };
    }));
    assert.equal(left, 0, 'records left in the outbox after sign-out');
  } finally {
    await context.close();
  }
});

test('signing out leaves no saved page that holds the journal', async () => {
  // Service workers allowed here: the saved pages are theirs.
  const context = await browser.newContext({ viewport: PHONE });
  try {
    const p = await signIn(context, 'ada');
    await p.evaluate(() => navigator.serviceWorker.ready);
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const NOTE = 'a private word about my week 5521';
    const made = await p.evaluate(async (note) => (await fetch('/api/v1/checkins', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pain: 3, note }),
    })).status, NOTE);
    assert.equal(made, 201);
    await p.goto(new URL('/history', server.url).href);
    assert.match(await p.locator('main').textContent(), new RegExp(NOTE));
    const holding = () => savedHolding(p, NOTE);
    // The worker kept the history page, note and all: the test has something to clear.
    await p.waitForFunction(async (note) => {
      const res = await caches.match('/history');
      return res !== undefined && (await res.text()).includes(note);
    }, NOTE);
    assert.ok((await holding()) >= 1);
    await Promise.all([p.waitForURL((u) => u.pathname === '/signin'), p.getByRole('button', { name: 'Sign out' }).click()]);
    assert.equal(await holding(), 0, 'a saved page still holds the note after sign-out');
  } finally {
    await context.close();
  }
});

/** How many saved answers, in every cache the page's origin has, hold `text`. */
const savedHolding = (p, text) => p.evaluate(async (t) => {
  let n = 0;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      const res = await cache.match(req);
      if (res && (await res.text()).includes(t)) n += 1;
    }
  }
  return n;
}, text);

test("the next person on a browser never gets the last one's saved pages, even when that session just ended", async () => {
  const context = await browser.newContext({ viewport: PHONE });
  try {
    const ada = await signIn(context, 'ada');
    await ada.evaluate(() => navigator.serviceWorker.ready);
    await ada.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const NOTE = 'ada left this on the shared tablet 7731';
    const made = await ada.evaluate(async (note) => (await fetch('/api/v1/checkins', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pain: 2, note }),
    })).status, NOTE);
    assert.equal(made, 201);
    await ada.goto(new URL('/history', server.url).href);
    await ada.waitForFunction(async (note) => {
      const res = await caches.match('/history');
      return res !== undefined && (await res.text()).includes(note);
    }, NOTE);
    // Her session ends without a sign-out (it expired, or the cookie was
    // lost); Bea sets up her account on the same browser.
    await context.clearCookies();
    const bea = await setUp(context, links.bea, 'bea');
    // The worker cleans up as her first page arrives: wait up to 10 s.
    for (const until = Date.now() + 10000; (await savedHolding(bea, NOTE)) > 0 && Date.now() < until;) {
      await new Promise((ok) => { setTimeout(ok, 100); });
    }
    assert.equal(await savedHolding(bea, NOTE), 0);
    // Offline, the history she is shown is not Ada's.
    await context.setOffline(true);
    await bea.goto(new URL('/history', server.url).href).catch(() => {});
    assert.doesNotMatch(await bea.content(), new RegExp(NOTE));
    await context.setOffline(false);
  } finally {
    await context.close();
  }
});

test('with nothing waiting, signing out asks nothing', async () => {
  const context = await phone();
  try {
    const p = await context.newPage();
    p.on('dialog', (d) => {
      d.dismiss();
      assert.fail(`asked "${d.message()}" with nothing waiting`);
    });
    await p.goto(new URL('/signin', server.url).href);
    await p.getByLabel('Username').fill('ada');
    await p.getByLabel('Password').fill(PASSWORD);
    await Promise.all([p.waitForURL((u) => u.pathname === '/'), p.locator('main button[type="submit"]').click()]);
    assert.deepEqual(await outbox(p, 'pending'), []);
    await Promise.all([p.waitForURL((u) => u.pathname === '/signin'), p.getByRole('button', { name: 'Sign out' }).click()]);
    assert.equal(await me(p), 401);
  } finally {
    await context.close();
  }
});
