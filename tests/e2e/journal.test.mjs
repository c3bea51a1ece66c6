// The journal in the browser: a check-in made with the keyboard alone
// through the drawn body map, found in the history; edited in place;
// deleted and brought back with Undo; deleted for good. Screenshots of the
// check-in and the history at 390 and 1280 px, light and dark; layout at
// 320 px and with text at 200 %; no accessibility violations (lib/a11y.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, shot } from './lib/browser.mjs';
import { assertNoViolations } from './lib/a11y.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

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

async function api(path, init) {
  const res = await fetch(new URL(path, server.url), init);
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

async function page(width = 1280, height = 900) {
  const context = await browser.newContext({ viewport: { width, height } });
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  p.errors = errors;
  return p;
}

/** What the focused element is called, the way a screen reader would start. */
async function focusedName(p) {
  return p.evaluate(() => {
    const a = document.activeElement;
    if (!a) return '';
    if (a.getAttribute('aria-label')) return a.getAttribute('aria-label');
    if (a.labels && a.labels.length) return a.labels[0].textContent.trim();
    return a.textContent.trim();
  });
}

/** Presses Tab until the focused element's name matches; fails after `max` presses. */
async function tabTo(p, name, max = 150) {
  for (let i = 0; i < max; i += 1) {
    await p.keyboard.press('Tab');
    const now = await focusedName(p);
    if (typeof name === 'string' ? now === name : name.test(now)) return;
  }
  assert.fail(`Tab never reached ${name}`);
}

test('a check-in made with the keyboard alone, through the body map, is in the history', async () => {
  const p = await page();
  await p.goto(new URL('checkin', server.url).href);
  const formId = await p.locator('input[name="id"]').inputValue();

  await tabTo(p, /^Pain right now/);
  for (let i = 0; i < 7; i += 1) await p.keyboard.press('ArrowRight');
  assert.equal(await p.locator('.pain-number').textContent(), '7');
  assert.equal(await p.locator('#pain-7').isChecked(), true, 'the slider sets the form’s radio');

  await tabTo(p, 'Sharp or stabbing');
  await p.keyboard.press('Space');
  assert.equal(await p.getByRole('checkbox', { name: 'Sharp or stabbing' }).isChecked(), true);

  await tabTo(p, 'Lower back, left side');
  await p.keyboard.press('Space');
  await tabTo(p, 'Lower back, middle');
  await p.keyboard.press('Enter');
  const left = p.getByRole('button', { name: 'Lower back, left side', exact: true });
  assert.equal(await left.getAttribute('aria-pressed'), 'true');
  assert.equal(await p.getByRole('button', { name: 'Lower back, right side', exact: true }).getAttribute('aria-pressed'), 'false');
  const marked = await p.locator('.chosen-list li').allTextContents();
  assert.deepEqual(marked.map((t) => t.replace('×', '').trim()), ['Lower back, middle', 'Lower back, left side']);

  await tabTo(p, 'Save check-in');
  await Promise.all([p.waitForURL(/\/history$/), p.keyboard.press('Enter')]);

  const row = p.locator(`tr[data-id="${formId}"]`);
  assert.equal(await row.locator('.pain-badge').textContent(), '7');
  assert.match(await row.textContent(), /Lower back, left side of the lower back/);
  assert.match(await row.textContent(), /Sharp or stabbing/);
  const { body } = await api('/api/v1/checkins');
  assert.equal(body.length, 1);
  assert.match(body[0].id, UUID);
  assert.equal(body[0].id, formId, 'sent with the form’s client id');
  assert.equal(body[0].pain, 7);
  assert.deepEqual(body[0].feel, ['sharp']);
  assert.deepEqual(body[0].where, ['lower-back', 'lower-back-left']);
  assert.equal(body[0].flare, false, 'the flare box was left alone');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('problems are shown next to their field, from the form’s own check and from the API', async () => {
  const p = await page(390, 844);
  await p.goto(new URL('checkin', server.url).href);
  await p.getByRole('button', { name: 'Save check-in', exact: true }).click();
  const summary = p.locator('.error-summary');
  assert.equal(await summary.getByRole('link').textContent(), 'Pain is required: how much it hurts now, 0-10');
  assert.equal(await p.locator('#field-pain #pain-error').textContent(), 'Pain is required: how much it hurts now, 0-10');
  assert.equal(await p.locator('#field-pain').getAttribute('aria-describedby'), 'pain-error');
  assert.equal(await p.evaluate(() => document.activeElement.classList.contains('error-summary')), true, 'focus moves to the summary');

  // The API's answer is shown the same way (here the server is made to refuse the note).
  await p.route('**/api/v1/checkins', (route) => route.fulfill({
    status: 422,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'urn:backcalm:problem:validation', title: 'A value is not valid', status: 422, detail: 'is 2001 characters long; keep it to 2000 or fewer', field: 'note' }),
  }));
  await p.locator('.pain-range').focus();
  await p.keyboard.press('ArrowRight');
  await p.getByRole('button', { name: 'Save check-in', exact: true }).click();
  await p.locator('#note-error').waitFor();
  assert.equal(await p.locator('#note-error').textContent(), 'The note is 2001 characters long; keep it to 2000 or fewer');
  assert.equal(await p.locator('#note').getAttribute('aria-invalid'), 'true');
  assert.equal(await p.locator('#pain-error').count(), 0, 'the old problem is gone');
  assert.equal(await p.locator('.error-summary').count(), 1);
  assert.deepEqual((await api('/api/v1/checkins')).body.length, 1, 'nothing new was stored');
  await p.context().close();
});

test('editing changes the check-in in place', async () => {
  const [before] = (await api('/api/v1/checkins')).body;
  const p = await page(390, 844);
  await p.goto(new URL('history', server.url).href);
  await p.locator(`tr[data-id="${before.id}"]`).getByRole('link', { name: /^Edit/ }).click();
  await p.waitForURL(/\/history\/checkins\/.+\/edit$/);
  assert.match(await p.locator('h1').textContent(), /^Edit check-in from /);
  assert.equal(await p.locator('.pain-number').textContent(), '7', 'the stored pain is shown');
  assert.equal(await p.getByRole('button', { name: 'Lower back, left side', exact: true }).getAttribute('aria-pressed'), 'true');
  await p.locator('.pain-range').focus();
  for (let i = 0; i < 4; i += 1) await p.keyboard.press('ArrowLeft');
  await p.getByRole('button', { name: 'Lower back, middle', exact: true }).click();
  await p.getByLabel('A note for yourself').fill('eased after stretching');
  await Promise.all([p.waitForURL(/\/history\?done=updated$/), p.getByRole('button', { name: 'Save changes', exact: true }).click()]);
  assert.match(await p.locator('.done-notice').textContent(), /Your changes are saved/);

  const { body: after } = await api(`/api/v1/checkins/${before.id}`);
  assert.equal(after.pain, 3);
  assert.deepEqual(after.where, ['lower-back-left']);
  assert.equal(after.note, 'eased after stretching');
  assert.equal(after.recorded_at, before.recorded_at, 'when it happened stays');
  assert.equal((await api('/api/v1/checkins')).body.length, 1, 'changed, not added');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('delete can be undone, and Undo brings back the very same record', async () => {
  const made = await api('/api/v1/checkins', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ pain: 5, note: 'undo me', where: ['neck'], recorded_at: '2026-01-10T08:00:00Z', tz: 'Europe/London' }),
  });
  assert.equal(made.status, 201);
  const p = await page();
  await p.goto(new URL('history', server.url).href);
  const row = p.locator(`tr[data-id="${made.body.id}"]`);
  await row.getByRole('link', { name: /^Delete/ }).click();

  await row.waitFor({ state: 'hidden' });
  const bar = p.locator('.undo-bar');
  assert.match(await bar.locator('.undo-text').textContent(), /^Deleted the check-in from /);
  assert.match(await bar.textContent(), /Undo \(\d+ s\)/, 'a visible countdown');
  assert.equal(await p.evaluate(() => document.activeElement.classList.contains('undo-button')), true, 'focus moves to Undo');
  assert.equal((await api(`/api/v1/checkins/${made.body.id}`)).status, 404, 'deleted at once, for real');

  await bar.getByRole('button', { name: /^Undo/ }).click();
  await row.waitFor({ state: 'visible' });
  const back = await api(`/api/v1/checkins/${made.body.id}`);
  assert.equal(back.status, 200);
  // The create answer also says whether to show crisis lines (`support`); the record is the rest.
  const { support, ...record } = made.body;
  assert.equal(support, null, 'nothing in this check-in calls for crisis lines');
  assert.deepEqual(back.body, record, 'the same id and the same content');
  await p.reload();
  assert.equal(await p.locator(`tr[data-id="${made.body.id}"]`).count(), 1);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('delete without undo removes the record for good', async () => {
  const { body: all } = await api('/api/v1/checkins');
  const victim = all.find((c) => c.note === 'undo me');
  const p = await page();
  await p.goto(new URL('history', server.url).href);
  const row = p.locator(`tr[data-id="${victim.id}"]`);
  await row.getByRole('link', { name: /^Delete/ }).click();
  await p.locator('.undo-bar').waitFor({ state: 'visible' });
  // After 10 seconds the offer ends and the row leaves the page.
  await p.locator('.undo-bar').waitFor({ state: 'hidden', timeout: 13000 });
  assert.equal(await row.count(), 0);
  assert.equal((await api(`/api/v1/checkins/${victim.id}`)).status, 404);
  await p.reload();
  assert.equal(await p.locator(`tr[data-id="${victim.id}"]`).count(), 0);
  assert.equal((await api('/api/v1/checkins')).body.length, all.length - 1);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('a session row can be edited and deleted too', async () => {
  const made = await api('/api/v1/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ practice: 'body-scan', minutes: 10, actual_s: 600, pain_before: 6, pain_after: 4, started_at: '2026-01-11T21:00:00Z' }),
  });
  const p = await page();
  await p.goto(new URL('history', server.url).href);
  const row = p.locator(`tr[data-id="${made.body.id}"]`);
  await row.getByRole('link', { name: /^Edit/ }).click();
  await p.getByLabel(/^Pain after/).selectOption('2');
  await Promise.all([p.waitForURL(/done=updated/), p.getByRole('button', { name: 'Save changes', exact: true }).click()]);
  assert.equal((await api(`/api/v1/sessions/${made.body.id}`)).body.pain_after, 2);
  await p.locator(`tr[data-id="${made.body.id}"]`).getByRole('link', { name: /^Delete/ }).click();
  await p.locator('.undo-bar').waitFor({ state: 'visible' });
  assert.equal((await api(`/api/v1/sessions/${made.body.id}`)).status, 404);
  await p.getByRole('button', { name: /^Undo/ }).click();
  await p.locator(`tr[data-id="${made.body.id}"]`).waitFor({ state: 'visible' });
  assert.equal((await api(`/api/v1/sessions/${made.body.id}`)).body.pain_after, 2);
  await p.context().close();
});

test('without JavaScript the plain form still checks in, and delete asks first', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const p = await context.newPage();
  await p.goto(new URL('checkin', server.url).href);
  assert.equal(await p.locator('.bodymap').isVisible(), false, 'the drawing needs script');
  await p.locator('label[for="pain-4"]').click();
  await p.getByRole('checkbox', { name: 'Right side of the lower back' }).check();
  await p.getByLabel('A note for yourself').fill('typed without script');
  await Promise.all([p.waitForURL(/\/history$/), p.getByRole('button', { name: 'Save check-in', exact: true }).click()]);
  const { body } = await api('/api/v1/checkins');
  const made = body.find((c) => c.note === 'typed without script');
  assert.ok(made, 'saved through the plain form');
  assert.equal(made.pain, 4);
  assert.deepEqual(made.where, ['lower-back-right']);

  await p.locator(`tr[data-id="${made.id}"]`).getByRole('link', { name: /^Delete/ }).click();
  await p.waitForURL(/\/delete$/);
  assert.match(await p.locator('h1').textContent(), /^Delete the check-in from /);
  assert.equal((await api(`/api/v1/checkins/${made.id}`)).status, 200, 'asking deletes nothing');
  await Promise.all([p.waitForURL(/done=deleted/), p.getByRole('button', { name: 'Delete check-in' }).click()]);
  assert.equal((await api(`/api/v1/checkins/${made.id}`)).status, 404);
  await context.close();
});

test('check-in and history: screenshots, 320 px, 200 % text, no accessibility problems', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const width of [390, 1280]) {
      const p = await page(width, 900);
      await p.emulateMedia({ colorScheme: scheme });
      await p.goto(new URL('checkin', server.url).href);
      await p.locator('.pain-range').focus();
      for (let i = 0; i < 4; i += 1) await p.keyboard.press('ArrowRight');
      await p.getByRole('checkbox', { name: 'Dull ache' }).check();
      await p.getByRole('button', { name: 'Lower back, right side', exact: true }).click();
      await p.getByRole('button', { name: 'Thigh, right side', exact: true }).first().click();
      await p.locator('body').click({ position: { x: 2, y: 2 } });
      await p.screenshot({ path: shot(`journal-checkin-${scheme}`, width), fullPage: true });
      await p.goto(new URL('history', server.url).href);
      await p.screenshot({ path: shot(`journal-history-${scheme}`, width), fullPage: true });
      await p.context().close();
    }
  }

  for (const path of ['checkin', 'history']) {
    const p = await page(320, 700);
    await p.goto(new URL(path, server.url).href);
    const fits = () => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.equal(await fits(), true, `${path} fits 320 px`);
    await p.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
    assert.equal(await fits(), true, `${path} fits 320 px with text at 200 %`);
    await p.context().close();
  }

  for (const path of ['checkin', 'history']) {
    const p = await page(1280, 900);
    await p.goto(new URL(path, server.url).href);
    await assertNoViolations(p, `/${path}`);
    await p.context().close();
  }
});

test('a check-in marked as a flare-up is sent as one, and the home page goes gently', async () => {
  const p = await page();
  await p.goto(new URL('checkin', server.url).href);
  const formId = await p.locator('input[name="id"]').inputValue();
  await p.locator('.pain-range').focus();
  for (let i = 0; i < 6; i += 1) await p.keyboard.press('ArrowRight');
  await p.getByRole('checkbox', { name: /This is a flare-up/ }).check();
  await Promise.all([p.waitForURL(/\/history$/), p.getByRole('button', { name: 'Save check-in', exact: true }).click()]);
  const { body } = await api(`/api/v1/checkins/${formId}`);
  assert.equal(body.flare, true);
  assert.equal(body.pain, 6);
  await p.goto(server.url);
  assert.match(await p.locator('#today').textContent(), /You marked today as a flare, so today is for going gently/);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});
