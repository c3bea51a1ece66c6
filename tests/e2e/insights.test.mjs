// Insights, the safety check, questionnaires, lessons, settings and the program in Chromium:
// the first-start flow, charts that fit the screen in light and dark, and no
// accessibility problems (axe-core, lib/a11y.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, shot } from './lib/browser.mjs';
import { assertNoViolations } from './lib/a11y.mjs';

let server;
let browser;

async function api(path, body) {
  const res = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) assert.fail(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Midday UTC `daysAgo` days before now, as RFC 3339. */
function dayAt(daysAgo, hour = 12) {
  const d = new Date(Date.now() - daysAgo * 86400000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

before(async () => {
  server = await startServer();
  browser = await launch();
  // Three weeks of check-ins (6 at first, then 4) and rated body scans and breathing sessions.
  for (let ago = 20; ago >= 1; ago--) {
    await api('/api/v1/checkins', {
      recorded_at: dayAt(ago, 9), tz: 'Europe/London',
      pain: ago > 13 ? 6 : 4, sleep: (ago * 7) % 11, stress: (ago * 5) % 9,
    });
  }
  for (let ago = 12; ago >= 1; ago--) {
    const practice = ago % 2 ? 'body-scan' : 'natural-breath';
    await api('/api/v1/sessions', {
      practice, minutes: ago % 2 ? 5 : 2, actual_s: ago % 2 ? 300 : 120, completed: true,
      started_at: dayAt(ago, 19), tz: 'Europe/London',
      pain_before: 5, pain_after: 3 + (ago % 3), stress_before: 6, stress_after: 2 + (ago % 4),
    });
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function page(width, scheme = 'light') {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const p = await context.newPage();
  const problems = [];
  p.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  p.on('pageerror', (e) => problems.push(e.message));
  p.problems = problems;
  return p;
}

test('the first start invites the safety check, and its result comes first', async () => {
  const p = await page(390);
  await p.goto(server.url);
  const invite = p.getByRole('link', { name: 'Take the safety check' });
  assert.ok(await invite.isVisible(), 'invited before anything else');
  await p.screenshot({ path: shot('issue5-home-first-start', 390), fullPage: true });
  await invite.click();
  assert.match(await p.locator('h1').first().innerText(), /Safety check/);
  for (const fs of await p.locator('fieldset.yes-no').all()) {
    await fs.getByText('No', { exact: true }).click();
  }
  await p.getByRole('button', { name: 'See what to do' }).click();
  await p.waitForURL(/\/screen\?taken=/);
  const heading = p.locator('#result-title');
  assert.equal(await heading.innerText(), 'Nothing urgent found');
  const top = await heading.boundingBox();
  assert.ok(top.y < 300, `the result is at the top of the screen (y=${top.y})`);
  assert.match(await p.locator('.result-message').innerText(), /does not diagnose/);
  await p.goto(server.url);
  assert.equal(await p.locator('#first-start').count(), 0, 'not offered again once taken');
  assert.ok(await p.getByText(/week \d of 8/i).first().isVisible(), "today's step is shown");
  assert.deepEqual(p.problems, []);
  await p.context().close();
});

test('an emergency answer shows the numbers to call, big and first', async () => {
  const p = await page(390, 'dark');
  await p.goto(new URL('screen', server.url).href);
  for (const fs of await p.locator('fieldset.yes-no').all()) {
    const yes = (await fs.getAttribute('id')) === 'q-bladder-change';
    await fs.getByText(yes ? 'Yes' : 'No', { exact: true }).click();
  }
  await p.getByRole('button', { name: 'See what to do' }).click();
  await p.waitForURL(/taken=/);
  assert.equal(await p.locator('#result-title').innerText(), 'Call emergency services now');
  const call = p.getByRole('link', { name: /Call 999/ });
  assert.equal(await call.getAttribute('href'), 'tel:999');
  assert.ok(await call.isVisible());
  await p.screenshot({ path: shot('issue5-screen-emergency-dark', 390) });
  await p.context().close();
});

test('insights charts fit phones and wide screens, in light and dark', async () => {
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const p = await page(width, scheme);
      await p.goto(new URL('insights', server.url).href);
      const shown = width < 600 ? 'compact' : 'wide';
      const hidden = width < 600 ? 'wide' : 'compact';
      for (const key of ['pain', 'minutes', 'effect-pain']) {
        assert.ok(await p.locator(`svg.chart-${key}.chart-${shown}`).isVisible(), `${key} ${shown} at ${width}`);
        assert.equal(await p.locator(`svg.chart-${key}.chart-${hidden}`).isVisible(), false);
      }
      const fits = await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      assert.ok(fits, `nothing scrolls sideways at ${width}`);
      // The chart's words are readable: at least 11 CSS pixels tall as drawn.
      const smallest = await p.evaluate((fit) => {
        const svg = document.querySelector(`svg.chart-pain.chart-${fit}`);
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Math.min(...[...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
      }, shown);
      assert.ok(smallest >= 11, `chart text is ${smallest.toFixed(1)} px at ${width}`);
      assert.ok(await p.getByText('association, not cause').first().isVisible());
      assert.deepEqual(p.problems, [], 'no CSP or script errors');
      await p.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await p.screenshot({ path: shot(`issue5-insights-${scheme}`, width), fullPage: true });
      await p.context().close();
    }
  }
});

test('the new pages have no accessibility problems', async () => {
  for (const path of ['', 'insights', 'screen', 'settings', 'questionnaires', 'questionnaires/peg-3', 'learn', 'learn/what-is-mindfulness', 'program']) {
    for (const scheme of ['light', 'dark']) {
      const p = await page(1280, scheme);
      await p.goto(new URL(path, server.url).href);
      await p.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await assertNoViolations(p, `/${path} (${scheme})`);
      await p.context().close();
    }
  }
  for (const path of ['settings', 'questionnaires/peg-3', 'learn/what-is-mindfulness', 'program']) {
    const p = await page(390);
    await p.goto(new URL(path, server.url).href);
    await p.screenshot({ path: shot(`issue5-${path.replace(/\W/g, '-')}`, 390), fullPage: true });
    await p.context().close();
  }
});
