// The player page: what works without JavaScript, keyboard control, the
// end-early dialog, saving (online and into the offline outbox), the
// reduced-motion pacer and the dark session screen.

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (page) => page.evaluate(() => window.__backcalm_log);
const active = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

async function open(context, path) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}practices/${path}`);
  await page.locator('#start:not([disabled])').waitFor();
  return { page, errors };
}

test('without JavaScript: a GET options form, the script, and a note that the player needs JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${server.url}practices/natural-breath/play`);
  // (Chromium with scripts switched off by the test still parses <noscript> as if scripting
  // were on, so its words are checked in the markup rather than on screen.)
  assert.match(await page.locator('noscript').innerHTML(), /The player needs JavaScript to keep time/);
  assert.equal(await page.locator('#prepare').isVisible(), false, 'no dead Start button');
  assert.ok(await page.getByRole('heading', { name: 'What you will hear (2 minutes)' }).isVisible());
  await page.getByText('Change the length or settings').click();
  await page.getByLabel('Length').selectOption('3');
  await page.getByRole('button', { name: 'Use these settings' }).click();
  await page.waitForURL(/\/practices\/natural-breath\/play\?minutes=3/);
  assert.ok(await page.getByRole('heading', { name: 'What you will hear (3 minutes)' }).isVisible());
  await context.close();
});

test('the practice page starts the player with the chosen length', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}practices/paced-breathing`);
  await page.locator('#minutes').selectOption('3');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForURL(/\/practices\/paced-breathing\/play\?minutes=3/);
  assert.match(await page.locator('#player-version').textContent(), /^3 minutes · 4 s in, 6 s out$/);
  await page.close();
});

test('keyboard: start, pause and resume with K and Space, skip with N, end early and save', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, errors } = await open(context, 'natural-breath/play?minutes=2');
  const timeline = await (await fetch(`${server.url}api/v1/practices/natural-breath?minutes=2`)).json();
  await page.locator('label[for="pain_before-3"]').click();
  await page.locator('#start').focus();
  await page.keyboard.press('Enter');
  await page.locator('#stage').waitFor();
  assert.equal(await active(page), 'pause', 'focus moves to Pause');
  await page.waitForFunction(() => document.getElementById('caption').textContent.startsWith('Find a position'));

  // Buttons in order.
  await page.keyboard.press('Tab');
  assert.equal(await active(page), 'skip');
  await page.keyboard.press('Tab');
  assert.equal(await active(page), 'end');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await active(page), 'pause');

  await sleep(500);
  await page.keyboard.press('k');
  assert.equal(await page.locator('#pause').textContent(), 'Resume');
  // Space on the focused button presses it once (the shortcut stays out of the way).
  await page.keyboard.press(' ');
  assert.equal(await page.locator('#pause').textContent(), 'Pause');
  // Space elsewhere is the shortcut.
  await page.locator('#caption').click();
  await page.keyboard.press(' ');
  assert.equal(await page.locator('#pause').textContent(), 'Resume');
  await page.keyboard.press('k');
  assert.equal(await page.locator('#pause').textContent(), 'Pause');
  // Not while typing in a form field.
  await page.locator('#player-settings summary').click();
  await page.locator('#set-voice-name').focus();
  await page.keyboard.press('k');
  assert.equal(await page.locator('#pause').textContent(), 'Pause', 'k in a field does nothing');
  await page.locator('#caption').click();
  await page.keyboard.press('n');

  let entries = await log(page);
  const types = entries.filter((e) => ['pause', 'resume', 'skip'].includes(e.type)).map((e) => e.type);
  assert.deepEqual(types, ['pause', 'resume', 'pause', 'resume', 'skip']);
  const skip = entries.find((e) => e.type === 'skip');
  assert.equal(skip.to_ms, timeline.steps[1].start_ms, 'skip goes to the next step');
  const wake = entries.filter((e) => e.type === 'wakelock').map((e) => e.held);
  assert.deepEqual(wake.slice(0, 3), [true, false, true], 'the wake lock is held, let go on pause, taken again');
  // Skip lands 50 ms ahead of the step (room to queue its bell), then shows it.
  await page.waitForFunction(() => /^Step 2 of \d+$/.test(document.getElementById('stage-step').textContent));

  // End early: the dialog asks; Escape keeps practising.
  await page.locator('#end').click();
  const dialog = page.getByRole('dialog', { name: 'Save this partial session?' });
  assert.ok(await dialog.isVisible());
  assert.equal(await active(page), 'end-save');
  await page.keyboard.press('Escape');
  // The dialog's close event (which resumes play) comes a moment after the key.
  await dialog.waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.getElementById('pause').textContent === 'Pause');
  assert.equal(await page.locator('#pause').textContent(), 'Pause', 'playing again');
  await page.locator('#end').click();
  await page.getByRole('button', { name: 'Save it' }).click();
  await page.getByRole('heading', { name: /You stopped early/ }).waitFor();
  assert.equal(await active(page), 'after-title');

  await page.locator('label[for="stress_after-4"]').click();
  // The after-session question (the places chooser above has the same labels).
  await page.locator('#after-form').getByLabel('Lower back').check();
  await page.getByLabel('A note').fill('Calmer than before.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: 'Saved' }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'Your history' }).isVisible());

  entries = await log(page);
  const saved = entries.find((e) => e.type === 'saved');
  assert.equal(saved.outcome, 'saved');
  const record = await (await fetch(`${server.url}api/v1/sessions/${saved.id}`)).json();
  const tz = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  assert.equal(record.practice, 'natural-breath');
  assert.equal(record.minutes, 2);
  assert.equal(record.completed, false);
  assert.equal(record.pain_before, 3);
  assert.equal(record.stress_after, 4);
  assert.deepEqual(record.regions, ['lower-back']);
  assert.equal(record.note, 'Calmer than before.');
  assert.equal(record.tz, tz);
  const end = entries.find((e) => e.type === 'end');
  assert.ok(record.actual_s >= 1 && record.actual_s <= 30 && Math.abs(record.actual_s - end.actual_s) <= 0.5, `actual_s ${record.actual_s} vs ${end.actual_s}`);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Starts a 1-minute natural-breath practice, ends it early with "Save it", and waits for the after screen. */
async function practiseAndStop(context, painBefore) {
  const { page, errors } = await open(context, 'natural-breath/play?minutes=1');
  await page.locator(`label[for="pain_before-${painBefore}"]`).click();
  await page.locator('#start').click();
  await page.locator('#stage').waitFor();
  await sleep(1200);
  await page.locator('#end').click();
  await page.getByRole('button', { name: 'Save it' }).click();
  await page.locator('#after').waitFor();
  return { page, errors };
}

/** The server's sessions whose pain before was `pain`. */
async function sessionsWithPainBefore(pain) {
  const all = await (await fetch(`${server.url}api/v1/sessions`)).json();
  return all.filter((s) => s.pain_before === pain);
}

async function until(what, check, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

test('a finished session is kept when the page is left before Save, and Save then replaces it', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, errors } = await practiseAndStop(context, 5);
  await page.locator('label[for="stress_after-2"]').click();
  // The phone locks (or another tab comes to the front) on the after screen.
  const setVisibility = (state) => page.evaluate((v) => {
    Object.defineProperty(document, 'visibilityState', { value: v, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
  await setVisibility('hidden');
  const kept = (await log(page)).find((e) => e.type === 'kept');
  assert.ok(kept, 'the session was kept as the page went out of sight');
  const early = await until('the kept session', async () => {
    const res = await fetch(`${server.url}api/v1/sessions/${kept.id}`);
    return res.ok ? res.json() : null;
  });
  assert.equal(early.pain_before, 5);
  assert.equal(early.stress_after, 2);
  assert.equal(early.completed, false);
  assert.equal(early.note, null, "no note yet");

  // Back to the page: finishing the form replaces the kept record, not a second one.
  await setVisibility('visible');
  await page.getByLabel('A note').fill('Looked away, came back.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: 'Saved' }).waitFor();
  const saved = (await log(page)).find((e) => e.type === 'saved');
  assert.equal(saved.id, kept.id);
  assert.equal(saved.outcome, 'saved');
  const mine = await sessionsWithPainBefore(5);
  assert.equal(mine.length, 1, 'one record, replaced in place');
  assert.equal(mine[0].id, kept.id);
  assert.equal(mine[0].stress_after, 2);
  assert.equal(mine[0].note, 'Looked away, came back.');
  assert.equal(mine[0].started_at, early.started_at);
  assert.deepEqual(errors, []);
  await context.close();
});

test('closing the tab on the after screen still records the session', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page } = await practiseAndStop(context, 7);
  await page.locator('label[for="pain_after-6"]').click();
  assert.equal((await sessionsWithPainBefore(7)).length, 0, 'nothing saved before the tab closes');
  await page.close({ runBeforeUnload: true });
  const [record] = await until('the session sent as the tab closed', async () => {
    const found = await sessionsWithPainBefore(7);
    return found.length ? found : null;
  });
  assert.equal(record.practice, 'natural-breath');
  assert.equal(record.pain_after, 6);
  assert.equal(record.completed, false);
  assert.ok(record.actual_s >= 1, `actual_s ${record.actual_s}`);
  await context.close();
});

test('offline: the session waits in the outbox', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, errors } = await open(context, 'natural-breath/play?minutes=1');
  await page.locator('#start').click();
  await page.locator('#stage').waitFor();
  await sleep(1200);
  await page.locator('#end').click();
  await page.getByRole('button', { name: 'Save it' }).click();
  await page.locator('#after').waitFor();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: 'Kept on this device' }).waitFor();
  const waiting = await page.evaluate(async () => (await import('/static/outbox.js')).pending());
  assert.equal(waiting.length, 1);
  assert.equal(waiting[0].kind, 'session');
  assert.equal(waiting[0].body.practice, 'natural-breath');
  assert.equal(waiting[0].body.completed, false);
  assert.match(waiting[0].id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(waiting[0].body.id, waiting[0].id);
  assert.deepEqual(errors, []);
  await context.close();
});

test('reduced motion: a calm text count instead of a growing circle; dark during a session', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, reducedMotion: 'reduce', colorScheme: 'dark' });
  const { page, errors } = await open(context, 'paced-breathing/play?minutes=1');
  await page.locator('#start').click();
  await page.locator('#stage').waitFor();
  await page.keyboard.press('n'); // to the pacer step
  await page.waitForFunction(() => /^Breathe in…$/.test(document.getElementById('pacer-phase').textContent));
  const radii = new Set();
  for (let i = 0; i < 5; i += 1) {
    radii.add(await page.locator('#pacer-breath').getAttribute('r'));
    await sleep(300);
  }
  assert.deepEqual([...radii], ['44'], 'the circle does not move');
  await page.waitForFunction(() => document.getElementById('pacer-count').textContent === '4… 3… 2');
  assert.equal(await page.locator('#pacer-words').textContent(), 'Breathe in… 4… 3… 2');
  const live = await page.locator('#announcer').textContent();
  assert.match(live, /Breathe with the pacer/, 'the new prompt was announced');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(5, 9, 10)', 'very dark during a dark-scheme session');
  assert.equal(await page.locator('.site-header').isVisible(), false, 'no chrome while playing');
  await page.screenshot({ path: shot('player-dark-reduced', 390) });
  assert.deepEqual(errors, []);
  await context.close();
});
