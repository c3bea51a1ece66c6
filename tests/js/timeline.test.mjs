// Unit tests for static/player/timeline.js: reading a compiled Timeline the
// way core's `Timeline::at` does.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  prepare, stepAt, timeUpMs, nextStepStart, captionAt, breathAt, speechBetween, clockText, durationWords, PHASE_WORDS,
} from '../../crates/web/static/player/timeline.js';

// A 60 s guided practice in the API's JSON shape: two steps, two bells,
// three prompts and a pacer of one 4 s in-breath and one 6 s out-breath.
const guided = prepare({
  id: 'breath', kind: 'breathing', total_ms: 60_000, open_ended: false,
  steps: [
    { id: 'arrive', start_ms: 0, end_ms: 20_000 },
    { id: 'pace', start_ms: 20_000, end_ms: 60_000 },
  ],
  cues: [
    { at_ms: 0, kind: 'bell', strikes: 1 },
    { at_ms: 3_000, kind: 'speak', text: 'Settle in.', step: 'arrive' },
    { at_ms: 10_000, kind: 'speak', text: 'Notice the breath.', step: 'arrive' },
    { at_ms: 20_000, kind: 'speak', text: 'Follow the circle.', step: 'pace' },
    { at_ms: 22_000, kind: 'breath', phase: 'in', ms: 4_000 },
    { at_ms: 26_000, kind: 'breath', phase: 'out', ms: 6_000 },
    { at_ms: 54_000, kind: 'bell', strikes: 2 },
  ],
});

test('prepare splits the cues by kind, in time order', () => {
  assert.deepEqual(guided.bells.map((c) => c.at_ms), [0, 54_000]);
  assert.deepEqual(guided.speech.map((c) => c.text), ['Settle in.', 'Notice the breath.', 'Follow the circle.']);
  assert.deepEqual(guided.breaths.map((c) => c.phase), ['in', 'out']);
  assert.equal(guided.total_ms, 60_000, 'the timeline itself is kept');
});

test('stepAt finds the step playing, 0 before the start', () => {
  assert.equal(stepAt(guided, -5), 0);
  assert.equal(stepAt(guided, 0), 0);
  assert.equal(stepAt(guided, 19_999), 0);
  assert.equal(stepAt(guided, 20_000), 1);
  assert.equal(stepAt(guided, 70_000), 1);
});

test('captionAt shows the latest prompt of the current step only', () => {
  assert.equal(captionAt(guided, 2_999), '');
  assert.equal(captionAt(guided, 3_000), 'Settle in.');
  assert.equal(captionAt(guided, 19_999), 'Notice the breath.');
  // At a step's start its earlier step's prompt is gone.
  const quiet = prepare({ ...guided, cues: guided.cues.filter((c) => c.step !== 'pace') });
  assert.equal(captionAt(quiet, 25_000), '');
  assert.equal(captionAt(guided, 25_000), 'Follow the circle.');
});

test('nextStepStart skips to the next step, or to the end from the last', () => {
  assert.equal(nextStepStart(guided, 0), 20_000);
  assert.equal(nextStepStart(guided, 19_999), 20_000);
  assert.equal(nextStepStart(guided, 20_000), 60_000);
});

test('breathAt gives the phase and how full the breath is', () => {
  assert.equal(breathAt(guided, 21_999), null, 'before the pacer');
  assert.deepEqual(breathAt(guided, 23_000), { index: 0, phase: 'in', at_ms: 22_000, ms: 4_000, into_ms: 1_000, fullness: 0.25 });
  assert.deepEqual(breathAt(guided, 29_000), { index: 1, phase: 'out', at_ms: 26_000, ms: 6_000, into_ms: 3_000, fullness: 0.5 });
  assert.equal(breathAt(guided, 32_000), null, 'after the last phase has run out');
});

test('speechBetween takes prompts after `from` up to and including `to`', () => {
  assert.deepEqual(speechBetween(guided, 3_000, 20_000).map((c) => c.at_ms), [10_000, 20_000]);
  assert.deepEqual(speechBetween(guided, -1, 3_000).map((c) => c.text), ['Settle in.']);
  assert.deepEqual(speechBetween(guided, 20_000, 60_000), []);
});

test('timeUpMs: a guided practice is up at its end, a timed sit at its closing bell', () => {
  assert.equal(timeUpMs(guided), 60_000);
  const timer = {
    kind: 'timer', open_ended: false, total_ms: 606_000,
    cues: [{ at_ms: 0, kind: 'bell', strikes: 1 }, { at_ms: 300_000, kind: 'bell', strikes: 1 }, { at_ms: 600_000, kind: 'bell', strikes: 2 }],
  };
  assert.equal(timeUpMs(timer), 600_000, 'works on the raw timeline');
  assert.equal(timeUpMs(prepare(timer)), 600_000, 'and on a prepared one');
  assert.equal(timeUpMs({ ...timer, open_ended: true }), 606_000);
  assert.equal(timeUpMs({ ...timer, cues: [] }), 606_000);
});

test('clockText writes minutes and seconds, hours when there are any', () => {
  assert.equal(clockText(0), '0:00');
  assert.equal(clockText(999), '0:00');
  assert.equal(clockText(75_000), '1:15');
  assert.equal(clockText(3_900_000), '1:05:00');
  assert.equal(clockText(-4_000), '0:00');
});

test('durationWords says a length for people', () => {
  assert.equal(durationWords(1), '1 second');
  assert.equal(durationWords(59.6), '1 minute');
  assert.equal(durationWords(75), '1 minute 15 seconds');
  assert.equal(durationWords(600), '10 minutes');
  assert.equal(durationWords(121), '2 minutes 1 second');
  assert.equal(durationWords(-3), '0 seconds');
});

test('PHASE_WORDS name every phase and cannot be changed', () => {
  assert.deepEqual({ ...PHASE_WORDS }, { in: 'Breathe in', 'hold-in': 'Hold', out: 'Breathe out', 'hold-out': 'Rest' });
  assert.ok(Object.isFrozen(PHASE_WORDS));
});
