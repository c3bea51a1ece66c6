// Screen-off mode (the session as one MP3 in an <audio> element, with lock
// screen metadata) and reminder notifications while the app is open.

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

test('screen off: one MP3 in an audio element, titled on the lock screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}practices/natural-breath/play?minutes=2`);
  const button = page.getByRole('button', { name: 'Play as one audio file (keeps playing with the screen locked)' });
  await button.waitFor();
  const title = (await page.locator('#player-title').textContent()).trim();
  await button.click();

  const audio = page.locator('#screen-off-audio');
  await audio.waitFor({ state: 'attached' });
  assert.equal(await page.locator('#prepare').isVisible(), false, 'the start screen gives way');
  assert.equal(await audio.getAttribute('preload'), 'none');
  assert.equal(await audio.evaluate((a) => a.controls), true);
  const src = await audio.evaluate((a) => a.src);
  assert.match(new URL(src).pathname, /^\/api\/v1\/practices\/natural-breath\/audio$/);
  assert.match(src, /\/audio\?minutes=2(&|$)/);
  assert.equal(new URL(src).searchParams.get('voice'), 'on');

  const file = await page.evaluate(async (url) => {
    const res = await fetch(url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('Content-Type'), head: [...bytes.slice(0, 3)], size: bytes.length };
  }, src);
  assert.equal(file.status, 200);
  assert.equal(file.type, 'audio/mpeg');
  const id3 = String.fromCharCode(...file.head) === 'ID3';
  const frameSync = file.head[0] === 0xff && (file.head[1] & 0xe0) === 0xe0;
  assert.ok(id3 || frameSync, `starts like an MP3, got bytes ${file.head}`);
  assert.ok(file.size > 10_000, `a two-minute file has some size, got ${file.size}`);

  assert.equal(await page.evaluate(() => navigator.mediaSession.metadata && navigator.mediaSession.metadata.title), title);
  assert.equal(await page.evaluate(() => navigator.mediaSession.metadata.artist), 'backcalm');

  await page.screenshot({ path: shot('screen-off', 390), fullPage: true });
  // Ending shows the usual after-session form.
  await page.locator('#screen-off-end').click();
  await page.locator('#after').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#screen-off').isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the service worker answers a kept audio file offline, whole and in byte ranges', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}practices/natural-breath/play?minutes=2`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const url = '/api/v1/practices/natural-breath/audio?minutes=2&voice=on';
  const size = await page.evaluate(async (u) => {
    const cache = await caches.open('backcalm-audio');
    await cache.add(u);
    return (await (await cache.match(u)).arrayBuffer()).byteLength;
  }, url);
  assert.ok(size > 10_000);
  await context.setOffline(true);
  const answers = await page.evaluate(async (u) => {
    const whole = await fetch(u);
    const part = await fetch(u, { headers: { Range: 'bytes=10-19' } });
    const tail = await fetch(u, { headers: { Range: 'bytes=-5' } });
    return {
      whole: [whole.status, (await whole.arrayBuffer()).byteLength],
      part: [part.status, part.headers.get('Content-Range'), (await part.arrayBuffer()).byteLength],
      tail: [tail.status, (await tail.arrayBuffer()).byteLength],
    };
  }, url);
  assert.deepEqual(answers.whole, [200, size]);
  assert.deepEqual(answers.part, [206, `bytes 10-19/${size}`, 10]);
  assert.deepEqual(answers.tail, [206, 5]);
  await context.close();
});

test('reminders: a notification at the reminder time while the app is open, once', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['notifications'], { origin: new URL(server.url).origin });
  await context.addInitScript(() => {
    window.__backcalm_notifications = [];
  });
  const setup = await context.newPage();
  await setup.goto(`${server.url}settings`);
  assert.equal(await setup.locator('#reminder-notify').isVisible(), true);
  assert.match(await setup.locator('#reminder-notify-state').textContent(), /Reminder notifications are on/);
  assert.equal(await setup.locator('#reminder-notify-allow').isVisible(), false, 'nothing left to allow');
  const created = await setup.evaluate(async () => {
    // 30 to 90 seconds ahead once rounded down to the minute: still ahead when the next page loads.
    const at = new Date(Date.now() + 90_000);
    const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    const res = await fetch('/api/v1/reminders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ time, label: 'Time for a calm breath' }),
    });
    return { status: res.status, body: await res.json() };
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await setup.locator('#reminder-notify').scrollIntoViewIfNeeded();
  await setup.screenshot({ path: shot('reminder-notify', 1280) });
  await setup.close();

  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${server.url}`);
  await page.evaluate(() => window.__backcalm_reminders_ready);
  assert.deepEqual(await page.evaluate(() => window.__backcalm_notifications), []);
  await page.clock.fastForward('01:35');
  assert.deepEqual(await page.evaluate(() => window.__backcalm_notifications), ['Time for a calm breath']);
  await context.close();
});
