// Reading a compiled Timeline (the JSON of GET /api/v1/practices/{id}).
// The server compiles; this only answers "what is on screen at t ms" for
// drawing, the way core's `Timeline::at` does, without recomputing anything.

/** Index of the last item whose `key(item) <= t`, or -1. Items are sorted by key. */
function lastAtOrBefore(items, t, key) {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The timeline with its cues split by kind, each list in time order. */
export function prepare(timeline) {
  const cues = timeline.cues || [];
  return {
    ...timeline,
    bells: cues.filter((c) => c.kind === 'bell'),
    speech: cues.filter((c) => c.kind === 'speak'),
    breaths: cues.filter((c) => c.kind === 'breath'),
  };
}

/** Index of the step playing at `t` ms (0 before the start). */
export function stepAt(tl, t) {
  return Math.max(0, lastAtOrBefore(tl.steps, t, (s) => s.start_ms));
}

/**
 * When the time the person chose is up, ms: a timed sit's closing bell (its
 * last bell; the timeline runs on for the ring-out), else the end.
 */
export function timeUpMs(tl) {
  if (tl.kind !== 'timer' || tl.open_ended) return tl.total_ms;
  const bells = tl.bells || (tl.cues || []).filter((c) => c.kind === 'bell');
  return bells.length > 0 ? bells[bells.length - 1].at_ms : tl.total_ms;
}

/** Where "skip step" goes from `t`: the next step's start, or the end. */
export function nextStepStart(tl, t) {
  const next = tl.steps.find((s) => s.start_ms > t);
  return next ? next.start_ms : tl.total_ms;
}

/** The latest prompt at or before `t` within the current step, or ''. */
export function captionAt(tl, t) {
  const step = tl.steps[stepAt(tl, t)];
  const i = lastAtOrBefore(tl.speech, t, (c) => c.at_ms);
  if (i < 0 || !step || tl.speech[i].at_ms < step.start_ms) return '';
  return tl.speech[i].text;
}

/**
 * The breath phase at `t`, or null outside the pacer:
 * { index, phase, at_ms, ms, into_ms, fullness } where fullness is 0-1
 * (grows on the in-breath, shrinks on the out-breath).
 */
export function breathAt(tl, t) {
  const i = lastAtOrBefore(tl.breaths, t, (c) => c.at_ms);
  if (i < 0) return null;
  const c = tl.breaths[i];
  const into = t - c.at_ms;
  if (into >= c.ms) return null;
  const frac = Math.min(1, Math.max(0, into / Math.max(1, c.ms)));
  const fullness = { in: frac, 'hold-in': 1, out: 1 - frac, 'hold-out': 0 }[c.phase] ?? 0;
  return { index: i, phase: c.phase, at_ms: c.at_ms, ms: c.ms, into_ms: into, fullness };
}

/** Prompts with `from < at_ms <= to`, in order. */
export function speechBetween(tl, from, to) {
  return tl.speech.filter((c) => c.at_ms > from && c.at_ms <= to);
}

/** Words for a breath phase, as core's `Phase::words` says them. */
export const PHASE_WORDS = Object.freeze({
  in: 'Breathe in',
  'hold-in': 'Hold',
  out: 'Breathe out',
  'hold-out': 'Rest',
});

/** 75000 → "1:15"; 3_900_000 → "1:05:00". */
export function clockText(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** 75 → "1 minute 15 seconds", for people rather than clocks. */
export function durationWords(totalS) {
  const s = Math.max(0, Math.round(totalS));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const part = (n, one) => `${n} ${one}${n === 1 ? '' : 's'}`;
  if (m === 0) return part(rest, 'second');
  if (rest === 0) return part(m, 'minute');
  return `${part(m, 'minute')} ${part(rest, 'second')}`;
}
