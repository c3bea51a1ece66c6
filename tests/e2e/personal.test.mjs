// Personal by default in the browser: the player starts from the places of a
// recent check-in, shows them before starting, and they can be changed with
// the form alone (no JavaScript); with JavaScript the places step aside while
// the practice plays.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';

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

async function post(path, body) {
  const res = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) assert.fail(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

test('without JavaScript: the check-in\'s places are ticked, shown, and changed by the form', async () => {
  const hourAgo = new Date(Date.now() - 3600 * 1000).toISOString();
  await post('/api/v1/checkins', { pain: 6, where: ['lower-back-left', 'neck'], recorded_at: hourAgo, tz: 'Europe/London' });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}practices/body-scan/play`);
  const places = page.locator('#places-painful');
  assert.match(await places.locator('summary').innerText(), /Where it hurts: neck and lower back \(from your check-in on /);
  assert.match(await page.locator('#player').getAttribute('data-timeline-url'), /painful=neck%2Clower-back$/);
  await places.locator('summary').click();
  const neck = places.getByLabel('Neck');
  assert.equal(await neck.isChecked(), true);
  assert.equal(await places.getByLabel('Lower back').isChecked(), true);
  await neck.uncheck();
  await places.getByRole('button', { name: 'Use these places' }).click();
  await page.waitForURL(/painful=lower-back/);
  assert.match(await page.locator('#player').getAttribute('data-timeline-url'), /painful=lower-back$/);
  assert.match(await page.locator('#places-painful summary').innerText(), /Where it hurts: lower back \(as chosen\)/);
  // Nothing ticked is none.
  await page.locator('#places-painful summary').click();
  await page.locator('#places-painful').getByLabel('Lower back').uncheck();
  await page.locator('#places-painful').getByRole('button', { name: 'Use these places' }).click();
  await page.waitForURL(/painful=none$/);
  assert.match(await page.locator('#player').getAttribute('data-timeline-url'), /painful=none$/);
  assert.match(await page.locator('#places-painful summary').innerText(), /Where it hurts: none \(none chosen\)/);
  await context.close();
});

test('with JavaScript: the marked areas are shown before starting and step aside while playing', async () => {
  await post('/api/v1/sessions', { practice: 'natural-breath', minutes: 2, actual_s: 120, started_at: new Date(Date.now() - 7200 * 1000).toISOString(), regions: ['chest'] });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}practices/natural-breath/play`);
  await page.locator('#start:not([disabled])').waitFor();
  assert.ok(await page.locator('#player-places').isVisible());
  assert.match(await page.locator('#places-breath_areas summary').innerText(), /Areas to come back to: chest \(from your last session on /);
  const timeline = await page.evaluate(async () => (await fetch(document.getElementById('player').dataset.timelineUrl)).json());
  assert.ok(timeline.steps.some((s) => /your chest/.test(s.text || '')), 'the timeline invites attention back to the chest');
  await page.locator('#start').click();
  await page.locator('#stage').waitFor();
  assert.equal(await page.locator('#player-places').isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('offline, a saved player whose places are not in the offline copy plays the usual version and says so', async () => {
  // A recent check-in before the offline copy is made: the saved body-scan player names its places.
  await post('/api/v1/checkins', { pain: 5, where: ['hip'], recorded_at: new Date(Date.now() - 60 * 1000).toISOString(), tz: 'Europe/London' });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.goto(`${server.url}practices/body-scan/play`);
  assert.match(await page.locator('#player').getAttribute('data-timeline-url'), /painful=/);
  await page.locator('#start:not([disabled])').waitFor();
  assert.match(await page.locator('#prepare-status').textContent(), /You seem to be offline: this plays the usual version/);
  assert.deepEqual(errors, []);
  await context.close();
});
