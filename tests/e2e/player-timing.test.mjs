// The player keeps time on the Web Audio clock, also in a hidden tab.
//
// A 3-minute meditation timer with a bell every 30 s plays in real time in
// tab A. Soon after it starts, a 1-minute paced-breathing practice opens in
// tab B, which hides tab A for more than 60 s (checked from inside the page).
// Tab A is then paused for a few seconds and resumed. From the player's
// timing log (window.__backcalm_log) and an audio-thread probe that reports
// when each bell actually became audible, the test checks that:
//   - every bell cue was scheduled at t0 + at_ms / 1000, exactly once;
//   - every bell sounded within 5 ms of that time, none missed or doubled,
//     including the ones that fell while the tab was hidden;
//   - the pause shifted every remaining bell by exactly the pause's length;
//   - tab B drew the breath phases of its timeline, in order, on time.
//
// Playwright normally makes every page think it is focused and visible; to
// get a really hidden tab this test starts Chromium itself and attaches with
// `noDefaults`, which leaves focus emulation off.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './lib/server.mjs';
import { ARTIFACTS, CHROMIUM, shot } from './lib/browser.mjs';

const TIMER = 'meditation-timer?minutes=3&interval=0.5';
const PACED = 'paced-breathing?minutes=1';
/** Scheduled vs. expected, and sounded vs. scheduled: at most this far apart, s. */
const TOLERANCE_S = 0.005;
const HIDDEN_AT_LEAST_S = 60;
const PAUSE_MS = 4000;

/** Chromium without Playwright's focus emulation, so background tabs are really hidden. */
async function launchWithRealVisibility() {
  const profile = mkdtempSync(join(tmpdir(), 'backcalm-chromium-'));
  const child = spawn(CHROMIUM, [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--autoplay-policy=no-user-gesture-required',
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  const endpoint = await new Promise((ok, fail) => {
    let err = '';
    const timer = setTimeout(() => fail(new Error(`chromium did not start:\n${err}`)), 20000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.once('exit', (code) => fail(new Error(`chromium exited with ${code}:\n${err}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
  return {
    context: browser.contexts()[0],
    async close() {
      await browser.close().catch(() => {});
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const log = (page) => page.evaluate(() => window.__backcalm_log);
const visibility = (page) => page.evaluate(() => document.visibilityState);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until practice time in `page` reaches `ms`, read from its log's clock. */
async function waitForPosition(page, ms) {
  await page.waitForFunction((target) => {
    const start = window.__backcalm_log.find((e) => e.type === 'start');
    return start && window.__backcalm_practice_position && window.__backcalm_practice_position() >= target;
  }, ms, { timeout: ms + 60000, polling: 200 });
}

let server;
let chrome;
before(async () => {
  server = await startServer();
  chrome = await launchWithRealVisibility();
  await chrome.context.addInitScript(() => {
    window.__backcalm_probe = true;
  });
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

async function openPlayer(path, width) {
  const page = await chrome.context.newPage();
  await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}practices/${path.replace('?', '/play?')}`);
  await page.locator('#start:not([disabled])').waitFor();
  return { page, errors };
}

test('bells ring on the audio clock, hidden tab and pause included; the pacer follows the timeline', { timeout: 280000 }, async () => {
  const timeline = await (await fetch(`${server.url}api/v1/practices/${TIMER}`)).json();
  const bellCues = timeline.cues.filter((c) => c.kind === 'bell').map((c) => c.at_ms);
  assert.deepEqual(bellCues, [0, 30000, 60000, 90000, 120000, 150000, 180000], 'the API compiles 30-second bells, the last when the 3 minutes are up');
  assert.equal(timeline.total_ms, 186000, 'the closing bell rings out for 6 s');

  // Tab A: the timer.
  const a = await openPlayer(TIMER, 1280);
  await a.page.click('#start');
  await a.page.locator('#stage').waitFor();
  assert.equal(await visibility(a.page), 'visible');
  await sleep(4000);
  await a.page.screenshot({ path: shot('player-timer-mid', 1280) });

  // Tab B: paced breathing, in front; tab A goes to the background.
  const b = await openPlayer(PACED, 390);
  await b.page.bringToFront();
  await sleep(500);
  assert.equal(await visibility(a.page), 'hidden', 'tab A is hidden while tab B is in front');
  const paced = await (await fetch(`${server.url}api/v1/practices/${PACED}`)).json();
  await b.page.click('#start');
  await b.page.locator('#stage').waitFor();
  // Mid-pacer (12-32 s): one screenshot at each width.
  await sleep(17000);
  await b.page.screenshot({ path: shot('player-paced-mid', 390) });
  await b.page.setViewportSize({ width: 1280, height: 900 });
  await sleep(5000);
  await b.page.screenshot({ path: shot('player-paced-mid', 1280) });
  await b.page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await visibility(a.page), 'hidden', 'still hidden half-way');
  await b.page.locator('#after').waitFor({ timeout: 60000 });
  await b.page.screenshot({ path: shot('player-after', 390), fullPage: true });
  await b.page.locator('label[for="pain_after-2"]').click();
  await b.page.getByRole('button', { name: 'Save', exact: true }).click();
  await b.page.locator('#saved').waitFor();

  // Tab A back in front, after at least a minute in the background.
  const hiddenFor = await a.page.evaluate(() => {
    const h = window.__backcalm_log.find((e) => e.type === 'visibility' && e.state === 'hidden');
    return h ? window.__backcalm_now() - h.audio_time : 0;
  });
  if (hiddenFor < HIDDEN_AT_LEAST_S + 1) await sleep((HIDDEN_AT_LEAST_S + 1 - hiddenFor) * 1000);
  await a.page.bringToFront();
  await sleep(300);
  assert.equal(await visibility(a.page), 'visible');
  // Bells can be seen too: the caption counts those that rang while the tab was hidden.
  await a.page.waitForFunction(() => /^Bell 3 of 7 has rung/.test(document.getElementById('caption').textContent));

  // Pause between the 90-s and 120-s bells, for a few seconds.
  await waitForPosition(a.page, 100000);
  await a.page.keyboard.press('k');
  await sleep(PAUSE_MS);
  await a.page.keyboard.press('k');
  // The closing bell rings when the 3 minutes are up: the clock reads 0:00 while it rings out.
  await a.page.waitForFunction(() => /^The last bell/.test(document.getElementById('caption').textContent), null, { timeout: 120000 });
  assert.equal(await a.page.locator('#stage-time').textContent(), '0:00', 'the clock reads 0:00 as the closing bell rings');
  await a.page.locator('#after').waitFor({ timeout: 120000 });
  await sleep(7000); // The probe reports the closing bell's onset; give the audio thread time to post it.

  const entries = await log(a.page);
  const bEntries = await log(b.page);
  writeFileSync(join(ARTIFACTS, 'player-timing-log.json'), JSON.stringify({ timer: entries, paced: bEntries }, null, 1));
  assert.deepEqual(a.errors, [], 'no script errors in tab A');
  assert.deepEqual(b.errors, [], 'no script errors in tab B');

  const start = entries.find((e) => e.type === 'start');
  const pause = entries.find((e) => e.type === 'pause');
  const resume = entries.find((e) => e.type === 'resume');
  const hidden = entries.find((e) => e.type === 'visibility' && e.state === 'hidden');
  const shown = entries.find((e) => e.type === 'visibility' && e.state === 'visible' && e.audio_time > hidden.audio_time);
  assert.ok(start && pause && resume && hidden && shown, 'start, pause, resume and visibility changes are logged');
  assert.ok(shown.audio_time - hidden.audio_time >= HIDDEN_AT_LEAST_S, `hidden for ${shown.audio_time - hidden.audio_time} s`);
  const shift = resume.audio_time - pause.audio_time;
  assert.ok(shift > PAUSE_MS / 1000 - 0.5 && shift < PAUSE_MS / 1000 + 3, `the pause lasted ${shift} s`);
  assert.ok(pause.position_ms > 90000 && pause.position_ms < 120000, `paused at ${pause.position_ms} ms`);

  // Every cue scheduled exactly once in the end (cancelled ones are rescheduled), at t0 + at_ms/1000,
  // where t0 is the start's, plus the pause for cues after it: computed here, not taken from the player.
  const cancelled = entries.filter((e) => e.type === 'cancel');
  const scheduled = entries.filter((e) => e.type === 'bell');
  const missed = entries.filter((e) => e.type === 'missed');
  assert.deepEqual(missed, [], 'no bell was found too late to ring');
  const final = new Map();
  for (const at of bellCues) {
    const times = scheduled.filter((e) => e.at_ms === at);
    const dropped = cancelled.filter((e) => e.at_ms === at);
    assert.equal(times.length - dropped.length, 1, `bell ${at} ms ends up scheduled once (${times.length} scheduled, ${dropped.length} cancelled)`);
    final.set(at, times[times.length - 1]);
  }
  const margins = { scheduled: [], sounded: [], shift: [] };
  for (const [at, e] of final) {
    const expected = start.t0 + at / 1000 + (at > pause.position_ms ? shift : 0);
    margins.scheduled.push(Math.abs(e.scheduled_audio_time - expected));
    assert.ok(Math.abs(e.scheduled_audio_time - expected) <= TOLERANCE_S, `bell ${at}: scheduled ${e.scheduled_audio_time}, expected ${expected}`);
  }

  // A bell queued before the pause and queued again after it moved by exactly the pause.
  const moved = cancelled.filter((c) => Math.abs(c.audio_time - pause.audio_time) < 0.05);
  assert.ok(moved.length >= 1, 'the pause cancelled at least one queued bell');
  for (const c of moved) {
    const again = final.get(c.at_ms);
    const d = again.scheduled_audio_time - c.scheduled_audio_time;
    margins.shift.push(Math.abs(d - shift));
    assert.ok(Math.abs(d - shift) < 1e-6, `bell ${c.at_ms} moved ${d} s for a ${shift}-s pause`);
  }

  // What the audio thread heard: one onset per bell, within 5 ms of its scheduled time.
  const onsets = entries.filter((e) => e.type === 'onset').map((e) => e.audio_time);
  assert.equal(onsets.length, bellCues.length, `one onset per bell: ${JSON.stringify(onsets)}`);
  for (const [at, e] of final) {
    const near = onsets.filter((o) => Math.abs(o - e.scheduled_audio_time) <= TOLERANCE_S);
    assert.equal(near.length, 1, `bell ${at} sounded once near ${e.scheduled_audio_time}: ${JSON.stringify(onsets)}`);
    margins.sounded.push(Math.abs(near[0] - e.scheduled_audio_time));
  }
  const inHidden = [...final.values()].filter((e) => e.scheduled_audio_time > hidden.audio_time && e.scheduled_audio_time < shown.audio_time);
  assert.ok(inHidden.length >= 2, `at least two bells fell while hidden (${inHidden.map((e) => e.at_ms)})`);

  // The session was saved, completed, with the practised time (pauses excluded).
  await a.page.getByRole('button', { name: 'Save', exact: true }).click();
  await a.page.locator('#saved').waitFor();
  const sessions = await (await fetch(`${server.url}api/v1/sessions`)).json();
  const timerSession = sessions.find((s) => s.practice === 'meditation-timer');
  assert.ok(timerSession, JSON.stringify(sessions));
  assert.equal(timerSession.completed, true);
  assert.equal(timerSession.minutes, 3);
  // Three minutes and the closing bell's ring-out.
  assert.ok(Math.abs(timerSession.actual_s - 186) <= 1, `actual_s ${timerSession.actual_s}`);
  const pacedSession = sessions.find((s) => s.practice === 'paced-breathing');
  assert.ok(pacedSession && pacedSession.completed && pacedSession.pain_after === 2, JSON.stringify(pacedSession));

  // Tab B: the breath phases drawn are the timeline's, in order, each drawn within a few frames of its time.
  const expectedPhases = paced.cues.filter((c) => c.kind === 'breath').map((c) => `${c.phase}@${c.at_ms}`);
  const drawn = bEntries.filter((e) => e.type === 'phase');
  assert.deepEqual(drawn.map((e) => `${e.phase}@${e.at_ms}`), expectedPhases);
  // Drawn on the first animation frame after its time: a frame or two, a busy 2-core machine allowing.
  const lateness = drawn.map((e) => e.drawn_ms - e.at_ms);
  for (const late of lateness) assert.ok(late >= 0 && late < 250, `a phase was drawn ${late} ms after its time`);
  const sorted = [...lateness].sort((x, y) => x - y);
  assert.ok(sorted[Math.floor(sorted.length / 2)] < 50, `median lateness ${sorted[Math.floor(sorted.length / 2)]} ms`);

  const ms = (v) => (v * 1000).toFixed(3);
  console.log(`timing margins: scheduled-vs-expected max ${ms(Math.max(...margins.scheduled))} ms; `
    + `sounded-vs-scheduled max ${ms(Math.max(...margins.sounded))} ms over ${margins.sounded.length} bells; `
    + `pause shift error max ${ms(Math.max(...margins.shift))} ms for a ${shift.toFixed(3)}-s pause; `
    + `hidden for ${(shown.audio_time - hidden.audio_time).toFixed(1)} s with ${inHidden.length} bells; `
    + `pacer phases drawn ${Math.min(...lateness).toFixed(1)}-${Math.max(...lateness).toFixed(1)} ms after their time`);
});
