// Page weight: the reminder code (static/reminders.js and its
// /api/v1/reminders request) loads only where reminders are set or being set.
// A page with reminders still keeps time for them (screen-off.test.mjs checks
// the notification itself).
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

/** Opens `path` in a fresh context and lists the reminder requests it made. */
async function visit(path) {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  const asked = [];
  const problems = [];
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname === '/static/reminders.js' || pathname.startsWith('/api/v1/reminders')) asked.push(pathname);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(new URL(path, server.url).href, { waitUntil: 'networkidle' });
  const ready = await page.evaluate(async () => {
    if (!window.__backcalm_reminders_ready) return false;
    await window.__backcalm_reminders_ready;
    return true;
  });
  await context.close();
  assert.deepEqual(problems, [], `no script errors on ${path}`);
  return { asked: [...new Set(asked)].sort(), ready };
}

test('without reminders, no page but settings loads the reminder code', async () => {
  for (const path of ['/', '/practices/natural-breath/play', '/insights', '/checkin']) {
    const { asked, ready } = await visit(path);
    assert.deepEqual(asked, [], `${path} asks for nothing about reminders`);
    assert.equal(ready, false, path);
  }
  const settings = await visit('/settings');
  assert.deepEqual(settings.asked, ['/static/reminders.js'], 'settings offers the permission button, no list');
});

test('with a reminder, every page keeps time for it', async () => {
  const res = await fetch(new URL('/api/v1/reminders', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ time: '07:45', label: 'A calm minute' }),
  });
  assert.equal(res.status, 201, await res.text());
  for (const path of ['/', '/practices/natural-breath/play', '/settings']) {
    const { asked, ready } = await visit(path);
    assert.deepEqual(asked, ['/api/v1/reminders', '/static/reminders.js'], path);
    assert.equal(ready, true, `${path} started keeping time`);
  }
});
