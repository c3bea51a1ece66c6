// A journal of ten years in Chromium: the insights page and the clinician
// report offer 4 weeks, 3 months, a year and all time, and at every range, on
// a 320 px phone and a 1280 px screen, the pain chart's date labels are all
// different, carry the year when the range crosses one, and no two pieces of
// text overlap. The journal is loaded through `backcalm import` in one go.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, startServer } from './lib/server.mjs';
import { launch, shot } from './lib/browser.mjs';

const DAYS = 3650;
const RANGES = ['4w', '3m', '1y', 'all'];

let server;
let browser;
let scratch;

/**
 * One check-in a day at 12:00 UTC for DAYS days up to yesterday (never in the
 * future, whatever the hour the test runs), pain drifting down with a wobble.
 */
function tenYears() {
  const checkins = [];
  const today = new Date();
  today.setUTCHours(12, 0, 0, 0);
  for (let i = 0; i < DAYS; i++) {
    const at = new Date(today.getTime() - (i + 1) * 86400000);
    const drift = 7 - Math.round((4 * (DAYS - i)) / DAYS);
    checkins.push({
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      recorded_at: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      tz: 'Europe/London',
      pain: Math.max(0, Math.min(10, drift + ((i * 3) % 5) - 2)),
      stress: i % 7,
      sleep: (i * 3) % 11,
      feel: [],
      where: [],
      activity: null,
      note: null,
    });
  }
  return {
    format: 'backcalm-export',
    version: 1,
    exported_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    checkins,
    sessions: [],
    questionnaires: [],
  };
}

before(async () => {
  server = await startServer();
  scratch = mkdtempSync(join(tmpdir(), 'backcalm-long-'));
  const file = join(scratch, 'ten-years.json');
  writeFileSync(file, JSON.stringify(tenYears()));
  const r = spawnSync(BIN, ['--data-dir', server.dataDir, 'import', file], {
    env: { ...process.env, BACKCALM_TZ: 'Europe/London' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `import failed:\n${r.stdout}\n${r.stderr}`);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function page(width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const p = await context.newPage();
  const problems = [];
  p.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  p.on('pageerror', (e) => problems.push(e.message));
  p.problems = problems;
  return p;
}

/**
 * Every text of the first visible SVG matching `selector`, as drawn: its words,
 * whether it is a date label on the bottom axis, and its box on the screen.
 */
function texts(p, selector) {
  return p.evaluate((sel) => {
    const svg = [...document.querySelectorAll(sel)].find((s) => s.getBoundingClientRect().width > 0);
    if (!svg) return null;
    const frame = svg.getBoundingClientRect();
    const all = [...svg.querySelectorAll('text')].map((t) => {
      const r = t.getBoundingClientRect();
      return {
        words: t.textContent,
        anchor: t.getAttribute('text-anchor'),
        y: Number(t.getAttribute('y')),
        box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
        size: parseFloat(getComputedStyle(t).fontSize) * (frame.width / svg.viewBox.baseVal.width),
      };
    });
    const lowest = Math.max(...all.map((t) => t.y));
    return {
      frame: { left: frame.left, right: frame.right },
      all,
      dates: all.filter((t) => t.y === lowest && t.anchor === 'middle').map((t) => t.words),
      // The web charts give each point a tooltip (the legend's sample has none); the report's have no legend dot.
      dots: svg.querySelectorAll('circle > title').length || svg.querySelectorAll('circle').length,
      rolling: svg.querySelectorAll('path.rolling, polyline[stroke-width="2.4"]').length,
    };
  }, selector);
}

/** Pairs of texts whose boxes overlap (by more than half a pixel, for anti-aliasing). */
function overlaps(all) {
  const found = [];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i].box;
      const b = all[j].box;
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 0.5 && y > 0.5) found.push(`"${all[i].words}" and "${all[j].words}"`);
    }
  }
  return found;
}

function checkLabels(drawn, where) {
  assert.ok(drawn, `a chart is shown: ${where}`);
  assert.ok(drawn.dates.length >= 2, `at least two dates on the axis: ${where} ${JSON.stringify(drawn.dates)}`);
  assert.equal(new Set(drawn.dates).size, drawn.dates.length, `no two date labels alike: ${where} ${JSON.stringify(drawn.dates)}`);
  assert.deepEqual(overlaps(drawn.all), [], `no text overlaps another: ${where}`);
  for (const t of drawn.all) {
    assert.ok(t.box.left >= drawn.frame.left - 1 && t.box.right <= drawn.frame.right + 1, `"${t.words}" stays inside the chart: ${where}`);
  }
}

test('insights: every range reads cleanly on a phone and a wide screen', async () => {
  for (const width of [320, 1280]) {
    const fit = width < 600 ? 'compact' : 'wide';
    const p = await page(width);
    for (const range of ['', ...RANGES]) {
      await p.goto(new URL(`insights${range ? `?range=${range}` : ''}`, server.url).href);
      const where = `/insights?range=${range || '(default)'} at ${width} px`;
      await p.locator(`svg.chart-pain.chart-${fit}`).screenshot({ path: shot(`issue10-insights-${range || 'default'}`, width) });
      const current = await p.locator('nav.ranges a[aria-current="true"]').innerText();
      assert.equal(current, { '': 'Last 3 months', '4w': 'Last 4 weeks', '3m': 'Last 3 months', '1y': 'Last year', all: 'All time' }[range], where);
      const drawn = await texts(p, `svg.chart-pain.chart-${fit}`);
      checkLabels(drawn, where);
      const smallest = Math.min(...drawn.all.map((t) => t.size));
      assert.ok(smallest >= 11, `chart text is ${smallest.toFixed(1)} px, at least 11: ${where}`);
      const rows = await p.locator('#pain-table tbody tr').count();
      if (range === 'all') {
        // Ten years: monthly means, labelled by year, and no 7-day line that could not be seen.
        assert.ok(drawn.dots >= 120 && drawn.dots <= 122, `${drawn.dots} monthly dots: ${where}`);
        assert.equal(rows, drawn.dots, 'the table lists the months drawn');
        assert.equal(drawn.rolling, 0, `no 7-day line over years: ${where}`);
        assert.ok(drawn.dates.every((d) => /^\d{4}$/.test(d)), `${JSON.stringify(drawn.dates)}: ${where}`);
      } else if (range === '1y') {
        assert.ok(drawn.dots >= 52 && drawn.dots <= 54, `${drawn.dots} weekly dots: ${where}`);
        assert.equal(drawn.rolling, 0, `no 7-day line on weekly means: ${where}`);
        assert.ok(drawn.dates.every((d) => /\d{4}$/.test(d)), `a year crosses New Year, so labels carry it: ${JSON.stringify(drawn.dates)}`);
      } else {
        // A row a day up to yesterday (the day before, just after midnight in London).
        const [least, most] = range === '4w' ? [26, 27] : [89, 91];
        assert.ok(rows >= least && rows <= most, `${rows} days: ${where}`);
        assert.ok(drawn.dots === rows && drawn.rolling === 1, `days with their 7-day line: ${where}`);
      }
      const fits = await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      assert.ok(fits, `nothing scrolls sideways: ${where}`);
      assert.deepEqual(p.problems, [], `no script or CSP errors: ${where}`);
    }
    await p.context().close();
  }
});

test('insights: a range that is not offered is a clear 400, not a chart', async () => {
  const res = await fetch(new URL('insights?range=5y', server.url));
  assert.equal(res.status, 400);
  assert.match(await res.text(), /“5y” is not a range/);
});

test('the clinician report: every range reads cleanly on a phone and a wide screen', async () => {
  for (const width of [320, 1280]) {
    const p = await page(width);
    for (const range of RANGES) {
      await p.goto(new URL(`report?range=${range}`, server.url).href);
      const where = `/report?range=${range} at ${width} px`;
      await p.screenshot({ path: shot(`issue10-report-${range}`, width), fullPage: true });
      const drawn = await texts(p, '#pain svg.chart');
      checkLabels(drawn, where);
      if (range === 'all') {
        assert.ok(drawn.dates.every((d) => /^\d{4}$/.test(d)), `${JSON.stringify(drawn.dates)}: ${where}`);
        assert.ok(drawn.dots <= 122, `${drawn.dots} dots: ${where}`);
      }
      const pdf = await p.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
      assert.match(pdf, /^\/report\.pdf\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/, where);
      assert.deepEqual(p.problems, [], `no script or CSP errors: ${where}`);
    }
    await p.context().close();
  }
});
