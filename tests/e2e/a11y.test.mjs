// Accessibility of every page the app serves (issue #4): axe-core finds no
// violation of any impact, in light and dark; nothing scrolls sideways at
// 320 px; with text at 200 % nothing overflows or is clipped; every control
// is at least 24 × 24 px (the pain scale above all).
//
// The pages are listed from the app itself (its practices, lessons and
// questionnaires come from the JSON API), in an empty journal and in one with
// check-ins, sessions, a safety screen, questionnaire answers and a reminder,
// and in the states a person reaches by clicking (the player running, its end
// dialog, the form after a session, forms with an error).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { axeProblems } from './lib/a11y.mjs';

let full;
let empty;
let browser;
/** Contexts with and without the app's scripts; service workers blocked so every visit reaches the server. */
const contexts = {};
const pages = [];

async function post(server, path, body) {
  const res = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) assert.fail(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function get(server, path) {
  const res = await fetch(new URL(path, server.url));
  if (!res.ok) assert.fail(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** `daysAgo` days before now at `hour` UTC, as RFC 3339. */
function dayAt(daysAgo, hour) {
  const d = new Date(Date.now() - daysAgo * 86400000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

/** A journal with something in every list: the pages then draw their rows, charts and results. */
async function seed(server) {
  const checkins = [];
  for (let ago = 9; ago >= 1; ago -= 1) {
    checkins.push(await post(server, '/api/v1/checkins', {
      recorded_at: dayAt(ago, 9), tz: 'Europe/London', pain: 3 + (ago % 5), stress: ago % 7, sleep: (ago * 3) % 11,
      feel: ago % 2 ? ['dull-ache'] : [], where: ['lower-back-right', 'thigh-left'].slice(0, ago % 3),
      activity: ago % 2 ? 'Sitting at a desk' : null, note: ago === 1 ? 'Better after a walk.' : null,
    }));
  }
  const sessions = [];
  for (let ago = 8; ago >= 1; ago -= 1) {
    const practice = ['body-scan', 'natural-breath', 'pmr', 'guided-imagery'][ago % 4];
    sessions.push(await post(server, '/api/v1/sessions', {
      practice, minutes: 5, actual_s: 300, completed: ago % 3 !== 0, started_at: dayAt(ago, 19), tz: 'Europe/London',
      pain_before: 5, pain_after: 3 + (ago % 3), stress_before: 6, stress_after: 2 + (ago % 4),
      note: ago === 2 ? 'Drifted off near the end.' : null,
    }));
  }
  const { questions } = await get(server, '/api/v1/screen');
  const screen = await post(server, '/api/v1/screen', {
    answers: Object.fromEntries(questions.map((q) => [q.id, q.id === 'bladder-change'])),
  });
  const phq = await get(server, '/api/v1/instruments/phq-2');
  const answer = await post(server, '/api/v1/instruments/phq-2/answers', {
    answers: Object.fromEntries(phq.items.map((i) => [i.id, 3])),
  });
  await post(server, '/api/v1/reminders', { time: '20:30', label: 'A few calm minutes' });
  // Pain 10 and stress 10, before the others: the help page opens with its message.
  const support = await post(server, '/api/v1/checkins', {
    recorded_at: dayAt(12, 9), tz: 'Europe/London', pain: 10, stress: 10,
  });
  return { support: support.id, checkin: checkins.at(-1).id, session: sessions.at(-1).id, screen: screen.id, answer: answer.id };
}

before(async () => {
  [full, empty, browser] = await Promise.all([startServer(), startServer(), launch()]);
  const ids = await seed(full);
  const [practices, lessons, instruments] = await Promise.all(
    ['/api/v1/practices', '/api/v1/lessons', '/api/v1/instruments'].map((p) => get(full, p)),
  );
  for (const js of [true, false]) {
    contexts[js] = await browser.newContext({ serviceWorkers: 'block', timezoneId: 'Europe/London' });
  }
  await contexts[false].route('**/*', withoutScript);

  const add = (name, path, more = {}) => pages.push({ name, path, server: full, js: true, ...more });
  // An empty journal: the first start, and lists with nothing in them.
  for (const path of ['', 'history', 'insights', 'screen', 'settings', 'program', 'report', 'help-now']) {
    add(`empty journal /${path}`, path, { server: empty });
  }
  add('home', '');
  add('practices', 'practices');
  for (const p of practices) {
    add(`practice ${p.id} (${p.kind})`, `practices/${p.id}`);
    add(`player ${p.id} (${p.kind})`, `practices/${p.id}/play`);
  }
  add('practice with a choice it cannot use', 'practices/natural-breath?minutes=999');
  add('player with a choice it cannot use', 'practices/natural-breath/play?minutes=999');
  add('player without JavaScript', 'practices/paced-breathing/play', { js: false });
  add('player running', 'practices/paced-breathing/play?minutes=1', { prepare: startPlayer });
  add('player end-early dialog', 'practices/natural-breath/play?minutes=1', {
    prepare: async (p) => { await startPlayer(p); await p.locator('#end').click(); await p.locator('#end-dialog').waitFor(); },
  });
  add('player after a session', 'practices/body-scan/play?minutes=5', { prepare: finishPlayer });
  add('player saved', 'practices/guided-imagery/play?minutes=5', {
    prepare: async (p) => {
      await finishPlayer(p);
      await p.getByRole('button', { name: 'Save', exact: true }).click();
      await p.locator('#saved').waitFor();
    },
  });
  add('check-in', 'checkin');
  add('check-in with places marked', 'checkin', {
    prepare: async (p) => {
      await p.locator('.pain-range').focus();
      await p.keyboard.press('ArrowRight');
      const back = p.locator('.bodymap-view.is-shown .spot-button').first();
      await back.click();
      await p.locator('.chosen-list li').first().waitFor();
    },
  });
  add('check-in with an error', 'checkin', {
    prepare: async (p) => {
      await p.getByRole('button', { name: 'Save check-in' }).click();
      await p.locator('.error-summary').waitFor();
    },
  });
  add('check-in kept on this device while the server is away', 'checkin', {
    prepare: async (p) => {
      await p.route('**/api/v1/checkins', (r) => r.fulfill({ status: 503 }));
      await p.locator('.pain-range').focus();
      await p.keyboard.press('ArrowRight');
      await p.getByRole('button', { name: 'Save check-in' }).click();
      await p.locator('.checkin-status p').first().waitFor();
    },
  });
  add('check-in without JavaScript', 'checkin', { js: false });
  add('check-in without JavaScript, sent with an error', 'checkin', {
    js: false,
    prepare: async (p) => {
      await Promise.all([p.waitForURL(/checkin/), p.getByRole('button', { name: 'Save check-in' }).click()]);
      await p.locator('.error-summary').waitFor();
    },
  });
  add('history', 'history');
  add('history without JavaScript', 'history', { js: false });
  add('history with Undo offered', 'history', {
    // The oldest check-in: the pages above show the newest ones.
    prepare: async (p) => {
      await p.locator('.records').first().locator('tbody tr').last().getByRole('link', { name: /^Delete/ }).click();
      await p.locator('.undo-bar:not([hidden])').waitFor();
    },
  });
  add('history after a change', 'history?done=updated');
  add('history with a filter it cannot read', 'history?from=someday');
  add('history filtered', `history?from=${dayAt(5, 0).slice(0, 10)}&to=${dayAt(1, 0).slice(0, 10)}`);
  add('check-in edit', `history/checkins/${ids.checkin}/edit`);
  add('check-in delete', `history/checkins/${ids.checkin}/delete`);
  add('session edit', `history/sessions/${ids.session}/edit`);
  add('session delete', `history/sessions/${ids.session}/delete`);
  add('offline', 'offline');
  add('insights', 'insights');
  add('learn', 'learn');
  for (const l of lessons) add(`lesson ${l.id}`, `learn/${l.id}`);
  add('safety check with its last result', 'screen');
  add('safety check just taken', `screen?taken=${ids.screen}`);
  add('safety check sent unanswered', 'screen', {
    server: empty,
    prepare: async (p) => {
      await Promise.all([p.waitForURL(/screen/), p.getByRole('button', { name: 'See what to do' }).click()]);
      await p.locator('.error-summary').waitFor();
    },
  });
  add('questionnaires', 'questionnaires');
  for (const q of instruments) add(`questionnaire ${q.id}`, `questionnaires/${q.id}`);
  add('questionnaire result', `questionnaires/phq-2?saved=${ids.answer}`);
  add('questionnaire answers deleted', 'questionnaires/phq-2?deleted=1');
  add('questionnaire sent unanswered', 'questionnaires/peg-3', {
    prepare: async (p) => {
      await Promise.all([p.waitForURL(/peg-3/), p.locator('form[method="post"] button[type="submit"]').first().click()]);
      await p.locator('.error-summary').waitFor();
    },
  });
  add('settings', 'settings');
  add('settings sent with an error', 'settings', {
    prepare: async (p) => {
      await p.locator('#goal').fill('99999999999');
      await Promise.all([p.waitForURL(/settings/), p.getByRole('button', { name: 'Save settings' }).click()]);
      await p.locator('.error-summary').waitFor();
    },
  });
  add('delete everything', 'settings/delete');
  add('delete everything sent without the word', 'settings/delete', {
    prepare: async (p) => {
      await Promise.all([p.waitForURL(/delete/), p.getByRole('button', { name: 'Delete everything' }).click()]);
      await p.locator('.error-summary').waitFor();
    },
  });
  add('everything deleted', 'settings/delete', {
    server: empty,
    prepare: async (p) => {
      await p.locator('#confirm').fill('delete');
      await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Delete everything' }).click()]);
    },
  });
  add('need help now', 'help-now');
  add('need help now after a check-in that calls for it', `help-now?checkin=${ids.support}`);
  add('program', 'program');
  add('report', 'report');
  add('report with a period it cannot read', 'report?from=someday');
  add('page not found', 'no-such-page');
  add('check-in not found', 'history/checkins/00000000-0000-4000-8000-000000000000/edit');
});

after(async () => {
  await browser?.close();
  await Promise.all([full?.stop(), empty?.stop()]);
});

/**
 * Serves a page as a browser without JavaScript shows it: no scripts, and the
 * `<noscript>` content in place. (Turning JavaScript off in the browser would
 * also stop axe, which runs as a script in the page.)
 */
async function withoutScript(route) {
  const req = route.request();
  if (req.resourceType() === 'script') return route.abort();
  if (req.resourceType() !== 'document') return route.continue();
  const res = await route.fetch();
  const body = (await res.text())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<\/?noscript>/g, '');
  // The body is decoded: its compression and length no longer apply.
  const headers = Object.fromEntries(Object.entries(res.headers())
    .filter(([k]) => !['content-encoding', 'content-length'].includes(k)));
  return route.fulfill({ status: res.status(), headers, body });
}

/** Chooses a pain number, starts the player and waits for the stage. */
async function startPlayer(p) {
  await p.locator('label[for="pain_before-4"]').click();
  await p.locator('#start:not([disabled])').click();
  await p.locator('#stage').waitFor();
}

/** Starts the player, ends it early and keeps the session: the "how do you feel now" form. */
async function finishPlayer(p) {
  await startPlayer(p);
  await p.locator('#end').click();
  await p.getByRole('button', { name: 'Save it' }).click();
  await p.locator('#after').waitFor();
}

/**
 * Opens `pg` at `width`×`height` in `scheme`. `textScale` 2 sets the
 * browser's default font size to 32 px, as a person does with Chrome's
 * "Font size" setting (the `webkit.webprefs.default_font_size` preference):
 * every rem and em, and the em in media queries, grows with it, while pixel
 * sizes stay. That is a real 200 % text setting, unlike zoom (which also
 * grows pixels) or a style injected over the page's own.
 */
async function visit(pg, { width = 1280, height = 900, scheme = 'light', textScale = 1 } = {}) {
  const p = await contexts[pg.js].newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  p.errors = errors;
  await p.setViewportSize({ width, height });
  await p.emulateMedia({ colorScheme: scheme });
  if (textScale !== 1) {
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16 * textScale, fixed: 13 * textScale } });
  }
  await p.goto(new URL(pg.path, pg.server.url).href);
  if (pg.prepare) await pg.prepare(p);
  // Folded sections are checked open: what is inside them is on the page too.
  await p.evaluate(() => document.querySelectorAll('details:not([hidden])').forEach((d) => { d.open = true; }));
  return p;
}

/**
 * What overflows sideways: the page wider than the window, an element past
 * its edge, a box that hides what it cannot fit, or a box that scrolls
 * sideways. The one exception is WCAG 1.4.10's: a data table may scroll inside
 * its own frame when that frame is a named region the keyboard can reach and
 * scroll (the insights' number tables; the history's tables become cards).
 */
function overflowProblems() {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + [...el.classList].map((c) => `.${c}`).join('');
  if (document.documentElement.scrollWidth > vw) {
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${vw} px window`);
  }
  const scrollers = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!(el instanceof HTMLElement) || !el.checkVisibility({ visibilityProperty: true })) continue;
    const r = el.getBoundingClientRect();
    // Visually hidden text (1 px, clipped) is meant for screen readers only.
    if (r.width <= 1 || r.height <= 1) continue;
    const cs = getComputedStyle(el);
    const inScroller = scrollers.some((s) => s.contains(el));
    if (!inScroller && (r.right > vw + 1 || r.left < -1)) {
      problems.push(`${name(el)} runs from ${Math.round(r.left)} to ${Math.round(r.right)} px in a ${vw} px window`);
    }
    const wide = el.scrollWidth > el.clientWidth + 1;
    if (wide && (cs.overflowX === 'hidden' || cs.overflowX === 'clip')) {
      problems.push(`${name(el)} clips its content (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
    if (wide && (cs.overflowX === 'auto' || cs.overflowX === 'scroll')) {
      scrollers.push(el);
      const tableRegion = el.matches('[role=region][tabindex="0"]:is([aria-label], [aria-labelledby])') && el.querySelector('table');
      if (!tableRegion) problems.push(`${name(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
  }
  return problems;
}

/**
 * Controls smaller than 24 × 24 CSS px. A control drawn by its label (a
 * radio or checkbox hidden under a styled label) is measured by the label;
 * links inside sentences are left to axe's target-size rule, which knows
 * WCAG 2.5.8's exception for inline targets.
 */
function smallTargets() {
  const small = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + [...el.classList].map((c) => `.${c}`).join('')
    + (el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : '');
  const sel = 'button, input:not([type=hidden]), select, textarea, summary, [role=button], a.button, nav a';
  for (const el of document.querySelectorAll(sel)) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    let r = el.getBoundingClientRect();
    const hidden = getComputedStyle(el).opacity === '0' || r.width <= 2 || r.height <= 2;
    if (hidden && el.labels?.length) r = el.labels[0].getBoundingClientRect();
    else if (hidden) continue;
    if (r.width < 24 || r.height < 24) small.push(`${name(el)} is ${r.width.toFixed(1)} × ${r.height.toFixed(1)} px`);
  }
  return small;
}

/**
 * Buttons whose visible words are squeezed onto three or more lines: a pill-shaped
 * button then turns into a tall oval that is hard to read. One or two lines
 * is fine on a phone.
 */
function crampedButtons() {
  const cramped = [];
  for (const el of document.querySelectorAll('button, a.button, [role=button]')) {
    // Body-map regions are shapes in an SVG, named but not labelled with text.
    if (el.closest('svg') || !el.checkVisibility({ visibilityProperty: true })) continue;
    // Only words that are seen count (a body-map spot's name is for screen readers).
    const seen = el.cloneNode(true);
    for (const hidden of seen.querySelectorAll('.visually-hidden')) hidden.remove();
    if (seen.textContent.trim() === '') continue;
    const cs = getComputedStyle(el);
    const px = (v) => Number.parseFloat(v) || 0;
    const line = cs.lineHeight === 'normal' ? px(cs.fontSize) * 1.2 : px(cs.lineHeight);
    const text = el.getBoundingClientRect().height - px(cs.paddingTop) - px(cs.paddingBottom)
      - px(cs.borderTopWidth) - px(cs.borderBottomWidth);
    const lines = Math.round(text / line);
    if (lines >= 3) cramped.push(`"${el.textContent.trim()}" takes ${lines} lines`);
  }
  return cramped;
}

/** Pages checked at once: enough to keep both cores busy while one page waits on the server. */
const AT_ONCE = 3;

/** A test with one subtest per page, `AT_ONCE` pages at a time. */
function eachPage(name, check) {
  test(name, { concurrency: AT_ONCE }, async (t) => {
    await Promise.all(pages.map((pg) => t.test(pg.name, () => check(pg))));
  });
}

eachPage('at 1280 px: axe finds nothing in light or dark, nothing scrolls sideways; at 390 px no button is squeezed onto 3 lines', async (pg) => {
  const p = await visit(pg);
  const found = await axeProblems(p, 'light');
  await p.emulateMedia({ colorScheme: 'dark' });
  found.push(...await axeProblems(p, 'dark'));
  assert.deepEqual(found, [], `/${pg.path} at 1280 px: axe found ${found.length} problem(s):\n  ${found.join('\n  ')}`);
  assert.deepEqual(await p.evaluate(overflowProblems), [], `${pg.name} at 1280 px`);
  // The same page on a common phone width, without loading it again.
  await p.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await p.evaluate(crampedButtons), [], `${pg.name} at 390 px`);
  assert.deepEqual(p.errors, [], 'no script errors');
  await p.close();
});

// The phone layout is another layout (cards instead of tables, stacked fields),
// so axe looks again, in the dark scheme the 1280 px run checked second.
eachPage('at 320 px: axe finds nothing, nothing scrolls sideways, every control is at least 24 × 24 px', async (pg) => {
  const p = await visit(pg, { width: 320, height: 640, scheme: 'dark' });
  const found = await axeProblems(p, 'dark, 320 px');
  assert.deepEqual(found, [], `/${pg.path}: axe found ${found.length} problem(s):\n  ${found.join('\n  ')}`);
  assert.deepEqual(await p.evaluate(overflowProblems), [], `${pg.name} at 320 px`);
  assert.deepEqual(await p.evaluate(smallTargets), [], `${pg.name} at 320 px`);
  await p.close();
});

eachPage('with text at 200 % nothing overflows or is clipped, and controls stay 24 × 24 px', async (pg) => {
  const p = await visit(pg, { width: 640, height: 900, textScale: 2 });
  const base = await p.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  assert.equal(base, '32px', 'the default text size is doubled');
  assert.deepEqual(await p.evaluate(overflowProblems), [], `${pg.name} at 640 px, text 200 %`);
  assert.deepEqual(await p.evaluate(smallTargets), [], `${pg.name} at 640 px, text 200 %`);
  await p.close();
});

/** The size of the pain slider's thumb as drawn: found in the range input's own shadow tree. */
async function thumbBox(p) {
  const cdp = await p.context().newCDPSession(p);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const find = (node, test) => {
    if (test(node)) return node;
    for (const kid of [...(node.children || []), ...(node.shadowRoots || [])]) {
      const hit = find(kid, test);
      if (hit) return hit;
    }
    return null;
  };
  const attr = (node, k) => {
    const a = node.attributes || [];
    for (let i = 0; i < a.length; i += 2) if (a[i] === k) return a[i + 1];
    return null;
  };
  const range = find(root, (n) => n.nodeName === 'INPUT' && /\bpain-range\b/.test(attr(n, 'class') || ''));
  assert.ok(range, 'the pain slider is on the page');
  const thumb = find(range, (n) => attr(n, 'pseudo') === '-webkit-slider-thumb' || attr(n, 'id') === 'thumb');
  assert.ok(thumb, 'the slider has a thumb');
  const { model } = await cdp.send('DOM.getBoxModel', { nodeId: thumb.nodeId });
  await cdp.detach();
  return { width: model.width, height: model.height };
}

test('the pain scale: every choice and the slider thumb at least 24 × 24 px, at 320 px and at 200 % text', async () => {
  for (const [width, textScale] of [[320, 1], [640, 2]]) {
    const withScript = await visit({ path: 'checkin', server: full, js: true }, { width, height: 700, textScale });
    const range = await withScript.locator('.pain-range').boundingBox();
    assert.ok(range.height >= 24, `the slider is ${range.height} px tall`);
    // Eleven values along the track: each step at least 24 px from the next.
    assert.ok(range.width / 10 >= 24, `the slider's steps are ${(range.width / 10).toFixed(1)} px apart`);
    const thumb = await thumbBox(withScript);
    assert.ok(thumb.width >= 24 && thumb.height >= 24, `the thumb is ${thumb.width} × ${thumb.height} px`);
    await withScript.close();

    const plain = await visit({ path: 'checkin', server: full, js: false }, { width, height: 700, textScale });
    const choices = await plain.locator('.pain-scale label').evaluateAll((ls) => ls.map((l) => {
      const r = l.getBoundingClientRect();
      return { text: l.textContent.trim(), width: r.width, height: r.height };
    }));
    assert.deepEqual(choices.map((c) => c.text), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    for (const c of choices) assert.ok(c.width >= 24 && c.height >= 24, `pain ${c.text} is ${c.width} × ${c.height} px`);
    await plain.close();
  }
});
