// The crisis path in the browser: "Need help now?" is the first link after
// the skip link on every page, keyboard and screen-reader friendly, and leads
// to the person's numbers; a check-in rated 10 for pain and 10 for stress
// (with JavaScript, through the API) and one with words of self-harm
// (without JavaScript, the plain form) land on those numbers with a gentle
// message; a calm one goes to the history as before. No axe violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { assertNoViolations } from './lib/a11y.mjs';

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

async function page({ width = 1280, height = 900, js = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: js, serviceWorkers: 'block' });
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  p.errors = errors;
  return p;
}

test('"Need help now?" is reached with the keyboard from any page and shows the numbers', async () => {
  const p = await page();
  for (const path of ['', 'history', 'settings']) {
    await p.goto(new URL(path, server.url).href);
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement.textContent.trim()), 'Skip to main content');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement.textContent.trim()), 'Need help now?', `/${path}`);
  }
  await Promise.all([p.waitForURL(/\/help-now$/), p.keyboard.press('Enter')]);
  assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), 'Need help now?');
  assert.equal(await p.getByRole('link', { name: 'Need help now?', exact: true }).getAttribute('aria-current'), 'page');
  assert.equal(await p.getByRole('link', { name: 'Emergency: call 999' }).getAttribute('href'), 'tel:999');
  assert.equal(await p.getByRole('link', { name: '988 Suicide & Crisis Lifeline (call or text)' }).getAttribute('href'), 'tel:988');
  assert.match(await p.locator('.site-footer').textContent(), /In an emergency call 999 in the UK, 911 in the US, 112 in the EU\./);
  await assertNoViolations(p, 'help page');
  await p.setViewportSize({ width: 320, height: 640 });
  await assertNoViolations(p, 'help page at 320 px');
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'nothing scrolls sideways at 320 px');
  assert.deepEqual(p.errors, []);
});

test('a check-in of pain 10 and stress 10 lands, saved, on the crisis lines', async () => {
  const p = await page({ width: 390, height: 844 });
  await p.goto(new URL('checkin', server.url).href);
  await p.locator('.pain-range').focus();
  for (let i = 0; i < 10; i += 1) await p.keyboard.press('ArrowRight');
  await p.locator('label[for="stress-10"]').click();
  await Promise.all([p.waitForURL(/\/help-now\?checkin=/), p.getByRole('button', { name: 'Save check-in', exact: true }).click()]);
  const support = p.locator('#support');
  assert.equal(await support.getByRole('heading', { level: 1 }).textContent(), 'You do not have to face this alone');
  assert.match(await support.textContent(), /Your check-in is saved/);
  assert.match(await support.textContent(), /You rated your pain and your stress at 10/);
  assert.equal(await p.getByRole('link', { name: 'Samaritans 116 123 (free, 24/7)' }).getAttribute('href'), 'tel:116123');
  await assertNoViolations(p, 'help page after a check-in');
  const saved = await (await fetch(new URL('/api/v1/checkins', server.url))).json();
  assert.ok(saved.some((c) => c.pain === 10 && c.stress === 10), 'saved, never blocked');
  assert.deepEqual(p.errors, []);
});

test('without JavaScript, words of self-harm in the note land on the crisis lines; a calm check-in does not', async () => {
  const p = await page({ js: false });
  await p.goto(new URL('checkin', server.url).href);
  await p.locator('label[for="pain-4"]').click();
  await p.getByLabel('A note for yourself').fill('Some days I want to end it all.');
  await Promise.all([p.waitForURL(/\/help-now\?checkin=/), p.getByRole('button', { name: 'Save check-in', exact: true }).click()]);
  assert.match(await p.locator('#support').textContent(), /Some of the words you wrote/);
  await p.goto(new URL('checkin', server.url).href);
  await p.locator('label[for="pain-4"]').click();
  await p.getByLabel('A note for yourself').fill('Took my painkillers after the walk.');
  await Promise.all([p.waitForURL(/\/history$/), p.getByRole('button', { name: 'Save check-in', exact: true }).click()]);
});
