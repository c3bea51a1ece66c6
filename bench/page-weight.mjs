// Page weight and first paint of the web app, as a phone on a slow line
// would feel them: the bytes that cross the wire (compressed, headers
// included) on a cold first visit to a practice's player page, by kind
// (HTML, CSS, JS, icons and images, other), every request checked to stay
// on this computer, and the first contentful paint of the home page.
//
//   cargo build --release -p backcalm
//   node bench/page-weight.mjs                    # backcalm only
//   node bench/page-weight.mjs --compare DIR [--name NAME] [--page PATH]
//
// --compare serves DIR (the built static files of another PWA) from a local
// static server that gzips text the way static hosts do, and measures its
// start page the same way. Notes on what was compared: bench/page-weight.md.
//
// Uses Debian's chromium through tests/e2e's playwright-core (npm ci there first).
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = process.env.BACKCALM_BIN || join(ROOT, 'target/release/backcalm');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** The budget for the player page's own requests, compressed. */
const BUDGET = 50 * 1024;
/** First paints measured per app; the median is reported. */
const PAINTS = 9;
const PRACTICE_PAGE = '/practices/natural-breath/play';

function args() {
  const a = process.argv.slice(2);
  const out = { compare: null, name: 'comparison', page: '/' };
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--compare') out.compare = a[++i];
    else if (a[i] === '--name') out.name = a[++i];
    else if (a[i] === '--page') out.page = a[++i];
    else throw new Error(`unknown argument ${a[i]}; use --compare DIR [--name NAME] [--page PATH]`);
  }
  return out;
}

/** Starts the release binary on a free port over a throwaway data folder. */
function startBackcalm() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run cargo build --release -p backcalm first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'backcalm-weight-'));
  const child = spawn(BIN, ['--data-dir', dataDir, 'serve', '--bind', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`backcalm did not start:\n${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (!m) return;
      clearTimeout(timer);
      ok({
        url: m[0],
        async stop() {
          child.kill('SIGTERM');
          await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
          rmSync(dataDir, { recursive: true, force: true });
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (code) => fail(new Error(`backcalm exited with ${code}:\n${output}`)));
  });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.mjs': 'text/javascript', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.woff': 'font/woff', '.ttf': 'font/ttf', '.eot': 'application/vnd.ms-fontobject',
  '.wav': 'audio/wav', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.txt': 'text/plain',
};
// Fonts other than WOFF are compressed too, as CDNs do: the comparison gets every benefit.
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|javascript|vnd\.ms-fontobject)|image\/(svg|x-icon)|font\/ttf)/;

/** Serves `dir` on a free port, gzipping text for clients that accept it (as static hosts do). */
function startStatic(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const type = TYPES[extname(file)] || 'application/octet-stream';
    let body = readFileSync(file);
    const headers = { 'content-type': type, 'cache-control': 'max-age=600' };
    if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
      headers.vary = 'Accept-Encoding';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({
    url: `http://127.0.0.1:${server.address().port}/`,
    stop: () => new Promise((r) => server.close(r)),
  })));
}

function kind(resourceType, url, mime) {
  if (resourceType === 'document') return 'html';
  if (resourceType === 'stylesheet') return 'css';
  if (resourceType === 'script' || /javascript/.test(mime)) return 'js';
  if (resourceType === 'image' || /^image\//.test(mime) || /manifest/.test(mime) || /\.ico$/.test(url)) return 'icons';
  return 'other';
}

/**
 * Loads `url` in a fresh browser context (empty cache, no service worker)
 * and sums what crossed the wire. Requests a service worker makes (its
 * precache) are counted apart from the page's own.
 */
async function weigh(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const seen = new Map();
  cdp.on('Network.responseReceived', (e) => seen.set(e.requestId, {
    url: e.response.url, mime: e.response.mimeType, type: e.type.toLowerCase(),
    encoding: e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '',
  }));
  const sizes = new Map();
  cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
  const foreign = [];
  const swRequests = [];
  context.on('request', (r) => {
    const u = r.url();
    if (!/^(data|blob):/.test(u) && new URL(u).origin !== origin) foreign.push(u);
    if (r.serviceWorker()) swRequests.push(r);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  // Give a service worker time to install and precache.
  await page.waitForTimeout(1500);
  const totals = { html: 0, css: 0, js: 0, icons: 0, other: 0 };
  const files = [];
  for (const [id, r] of seen) {
    const bytes = sizes.get(id) ?? 0;
    const k = kind(r.type, r.url, r.mime);
    totals[k] += bytes;
    files.push({ k, bytes, url: r.url.replace(origin, ''), encoding: r.encoding });
  }
  let swBytes = 0;
  for (const r of swRequests) {
    const s = await r.sizes().catch(() => null);
    if (s) swBytes += s.responseBodySize + s.responseHeadersSize;
  }
  await context.close();
  const page_total = Object.values(totals).reduce((a, b) => a + b, 0);
  return { totals, page_total, files, foreign, sw: { requests: swRequests.length, bytes: swBytes } };
}

/** Median first contentful paint of `url` over PAINTS cold loads, in ms. */
async function firstPaint(browser, url) {
  const times = [];
  for (let i = 0; i < PAINTS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const fcp = await page.evaluate(() => new Promise((done) => {
      new PerformanceObserver((list) => {
        const e = list.getEntriesByName('first-contentful-paint')[0];
        if (e) done(e.startTime);
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => done(null), 5000);
    }));
    await context.close();
    if (fcp !== null) times.push(fcp);
  }
  times.sort((a, b) => a - b);
  return { median: times.length ? times[Math.floor(times.length / 2)] : null, runs: times };
}

const kb = (n) => (n / 1024).toFixed(1);

function row(name, w, fcp) {
  const t = w.totals;
  return [name, kb(t.html), kb(t.css), kb(t.js), kb(t.icons), kb(t.other), kb(w.page_total),
    String(w.files.length), kb(w.sw.bytes), String(w.foreign.length),
    fcp.median === null ? 'n/a' : fcp.median.toFixed(0)];
}

function table(rows) {
  const head = ['app and page', 'HTML', 'CSS', 'JS', 'icons', 'other', 'page total', 'requests',
    'SW precache', '3rd-party', 'FCP ms'];
  const all = [head, ...rows];
  const width = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main() {
  const opts = args();
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const rows = [];
  const details = [];
  let failed = false;
  const app = await startBackcalm();
  try {
    const w = await weigh(browser, new URL(PRACTICE_PAGE, app.url).href);
    const fcp = await firstPaint(browser, app.url);
    rows.push(row(`backcalm ${PRACTICE_PAGE}`, w, fcp));
    details.push(['backcalm', w, fcp]);
    if (w.foreign.length) {
      failed = true;
      console.error(`backcalm made third-party requests: ${w.foreign.join(', ')}`);
    }
    if (w.page_total > BUDGET) {
      failed = true;
      console.error(`backcalm's player page is ${kb(w.page_total)} KB on the wire, over the ${kb(BUDGET)} KB budget`);
    }
  } finally {
    await app.stop();
  }
  if (opts.compare) {
    const other = await startStatic(opts.compare);
    try {
      const url = new URL(opts.page, other.url).href;
      const w = await weigh(browser, url);
      const fcp = await firstPaint(browser, url);
      rows.push(row(`${opts.name} ${opts.page}`, w, fcp));
      details.push([opts.name, w, fcp]);
    } finally {
      await other.stop();
    }
  } else {
    rows.push(['(no comparison: pass --compare DIR with another PWA\'s built files)', '', '', '', '', '', '', '', '', '', '']);
  }
  await browser.close();

  console.log(`Cold first visit, bytes on the wire in KB (compressed, headers included); chromium ${browser.version()}`);
  console.log(table(rows));
  for (const [name, w, fcp] of details) {
    console.log(`\n${name}: ${w.files.length} requests, FCP runs ${fcp.runs.map((t) => t.toFixed(0)).join(', ')} ms`);
    for (const f of w.files.sort((a, b) => b.bytes - a.bytes)) {
      console.log(`  ${f.k.padEnd(5)} ${kb(f.bytes).padStart(7)}  ${f.encoding.padEnd(4) || '-   '}  ${f.url}`);
    }
    if (w.foreign.length) console.log(`  third-party: ${w.foreign.join(', ')}`);
  }
  console.log(`\nbudget for backcalm's player page: ${kb(BUDGET)} KB — ${failed ? 'FAILED' : 'met'}`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exitCode = 2;
});
