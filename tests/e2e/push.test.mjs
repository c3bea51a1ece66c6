// Web Push in the browser (hosted mode with a push contact):
// - Settings offers "Send reminders to this device"; turning it on asks for
//   notifications, subscribes with the server's key and sends the
//   subscription; the page then leaves the reminder to the push (no
//   in-page one as well); "Stop" ends it on the server and in the browser.
//   This machine reaches no real push service, so the browser's
//   PushManager is replaced by one that hands out a subscription the way
//   browsers do (an FCM endpoint, a P-256 key made with WebCrypto): what is
//   tested is the page and the server, not Google's network.
// - A push arriving at the service worker (delivered through the DevTools
//   protocol, as a push service would) shows the reminder as a notification
//   with the words the server sent, and unreadable data still shows one.
// - A browser without Web Push is told so, and its in-page reminders stay.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';
import { invite, setUp as setUpAccount } from './lib/accounts.mjs';
import { launch, shot } from './lib/browser.mjs';
import { assertNoViolations } from './lib/a11y.mjs';

let server;
let browser;
const links = {};

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'backcalm-e2e-push-'));
  invite(dataDir, 'admin', 'Admin');
  links.ada = invite(dataDir, 'patient', 'Ada Lovelace');
  links.bea = invite(dataDir, 'patient', 'Bea Baker');
  links.cal = invite(dataDir, 'patient', 'Cal Carter');
  server = await startServer({ dataDir, serveArgs: ['--accounts', '--push-contact', 'mailto:ops@clinic.example'] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Sets up the account of the invitation at `path` through its page. */
const setUp = (context, path, username) => setUpAccount(context, server.url, path, username);

/**
 * A PushManager as browsers have it, without a push service: subscribe()
 * resolves to a subscription with an FCM endpoint and real P-256 keys;
 * getSubscription() and unsubscribe() follow it. Counts what was asked.
 */
function fakePushManager() {
  const state = { sub: null, subscribed: 0, unsubscribed: 0, key: null };
  window.__push = state;
  const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  // The browser keeps its subscription across page loads: so does this one.
  const STORE = 'fake-push-subscription';
  const wrap = (json, options) => ({
    endpoint: json.endpoint,
    expirationTime: null,
    options,
    toJSON: () => json,
    unsubscribe: async () => {
      state.sub = null;
      localStorage.removeItem(STORE);
      state.unsubscribed += 1;
      return true;
    },
  });
  const kept = localStorage.getItem(STORE);
  if (kept) state.sub = wrap(JSON.parse(kept), { userVisibleOnly: true });
  const make = async (options) => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const raw = await crypto.subtle.exportKey('raw', pair.publicKey);
    const auth = crypto.getRandomValues(new Uint8Array(16));
    const endpoint = `https://fcm.googleapis.com/fcm/send/e2e-${Math.random().toString(36).slice(2)}`;
    const json = { endpoint, expirationTime: null, keys: { p256dh: b64url(raw), auth: b64url(auth) } };
    localStorage.setItem(STORE, JSON.stringify(json));
    return wrap(json, options);
  };
  window.PushManager.prototype.subscribe = async function subscribe(options) {
    if (!options || !options.userVisibleOnly || !options.applicationServerKey) throw new Error('bad options');
    state.subscribed += 1;
    state.key = b64url(options.applicationServerKey);
    state.sub = state.sub || (await make(options));
    return state.sub;
  };
  window.PushManager.prototype.getSubscription = async function getSubscription() {
    return state.sub;
  };
}

test('settings turns reminders on for this device and off again; the page then leaves them to the push', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    await context.addInitScript(fakePushManager);
    await context.grantPermissions(['notifications'], { origin: new URL(server.url).origin });
    const p = await setUp(context, links.ada, 'ada');
    await p.goto(new URL('/settings', server.url).href);
    await p.evaluate(() => navigator.serviceWorker.ready);
    const box = p.locator('#reminder-push');
    await box.waitFor({ state: 'visible' });
    const status = p.locator('#reminder-push-state');
    await assert.doesNotReject(status.filter({ hasText: 'Off on this device' }).waitFor({ timeout: 10000 }));
    await assertNoViolations(p, 'settings with the Web Push offer');

    await p.getByRole('button', { name: 'Send reminders to this device' }).click();
    await status.filter({ hasText: 'On: your reminders come to this device' }).waitFor({ timeout: 10000 });
    assert.ok(await p.getByRole('button', { name: 'Stop reminders on this device' }).isVisible());
    await box.screenshot({ path: shot('settings-push-on', 390) });
    assert.ok(!(await p.getByRole('button', { name: 'Send reminders to this device' }).isVisible()));
    // Subscribed with the server's own key, and the server has the device.
    const { key, devices, endpoint } = await p.evaluate(async () => {
      const k = await (await fetch('/api/v1/push/key')).json();
      const d = await (await fetch('/api/v1/push/subscriptions')).json();
      return { key: k.public_key === window.__push.key, devices: d, endpoint: window.__push.sub.endpoint };
    });
    assert.ok(key, 'the browser subscribed with the server key');
    assert.equal(devices.length, 1);
    assert.equal(devices[0].endpoint, endpoint);

    // After a reload the page says it is on, and keeps no in-page timer for
    // a reminder the server will push.
    await p.reload();
    await status.filter({ hasText: 'On: your reminders come to this device' }).waitFor({ timeout: 10000 });

    // A reminder comes due while a page is open: the push brings it, so the
    // page shows none of its own.
    const created = await p.evaluate(async () => {
      const at = new Date(Date.now() + 90_000);
      const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
      const res = await fetch('/api/v1/reminders', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ time, label: 'Time for a calm breath' }),
      });
      return res.status;
    });
    assert.equal(created, 201);
    const inPage = async () => {
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__backcalm_notifications = [];
      });
      await page.clock.install();
      await page.goto(server.url);
      await page.evaluate(() => window.__backcalm_reminders_ready);
      await page.clock.fastForward('01:35');
      const shown = await page.evaluate(() => window.__backcalm_notifications);
      await page.close();
      return shown;
    };
    assert.deepEqual(await inPage(), [], 'left to the push');

    await p.getByRole('button', { name: 'Stop reminders on this device' }).click();
    await status.filter({ hasText: 'Off on this device' }).waitFor({ timeout: 10000 });
    const after = await p.evaluate(async () => ({
      devices: await (await fetch('/api/v1/push/subscriptions')).json(),
      unsubscribed: window.__push.unsubscribed,
    }));
    assert.deepEqual(after.devices, [], 'the server forgot the device');
    assert.equal(after.unsubscribed, 1, 'and the browser ended its subscription');
    assert.deepEqual(await inPage(), ['Time for a calm breath'], 'off: the page shows it again');
  } finally {
    await context.close();
  }
});

test('a browser without Web Push is told so, and the permission offer for in-page reminders stays', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    await context.addInitScript(() => {
      delete window.PushManager;
    });
    const p = await setUp(context, links.cal, 'cal');
    await p.goto(new URL('/settings', server.url).href);
    const status = p.locator('#reminder-push-state');
    await status.filter({ hasText: 'This browser cannot receive reminders with backcalm closed' }).waitFor({ timeout: 10000 });
    assert.ok(!(await p.getByRole('button', { name: 'Send reminders to this device' }).isVisible()));
    assert.ok(await p.locator('#reminder-notify').isVisible(), 'the in-page notifications are still offered');
  } finally {
    await context.close();
  }
});

/** The registration id of the page's service worker, from the DevTools protocol. */
async function registrationId(cdp, origin) {
  const found = new Promise((ok) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL.startsWith(origin) && !x.isDeleted);
      if (r) ok(r.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return Promise.race([found, new Promise((_, no) => setTimeout(() => no(new Error('no service worker registration seen')), 10000))]);
}

test('a push shows the reminder as a notification with the server\'s words', async () => {
  const context = await browser.newContext();
  try {
    const origin = new URL(server.url).origin;
    await context.grantPermissions(['notifications'], { origin });
    const p = await setUp(context, links.bea, 'bea');
    await p.goto(new URL('/settings', server.url).href);
    await p.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(p);
    const id = await registrationId(cdp, origin);
    const shown = () => p.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const list = await reg.getNotifications();
      return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url }));
    });
    const waitFor = async (count) => {
      for (let i = 0; i < 100; i += 1) {
        const list = await shown();
        if (list.length >= count) return list;
        await new Promise((r) => setTimeout(r, 100));
      }
      return shown();
    };
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin,
      registrationId: id,
      data: JSON.stringify({ title: 'backcalm', body: 'Slow breaths by the window', url: '/', tag: 'backcalm-reminder' }),
    });
    let list = await waitFor(1);
    assert.deepEqual(list, [{ title: 'backcalm', body: 'Slow breaths by the window', tag: 'backcalm-reminder', url: '/' }]);
    // Unreadable data (or an address elsewhere) still shows the gentle default, going home.
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: id, data: 'not json {' });
    for (let i = 0; i < 50; i += 1) {
      list = await shown();
      if (list.some((n) => n.body !== 'Slow breaths by the window')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(list, [{ title: 'backcalm', body: 'A few quiet minutes for your back, if you like.', tag: 'backcalm-reminder', url: '/' }],
      'one reminder at a time: the same tag replaces the last');
  } finally {
    await context.close();
  }
});
