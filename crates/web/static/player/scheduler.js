// Bells, scheduled ahead on the Web Audio clock.
//
// Every bell cue due within the look-ahead is handed to the audio thread
// with AudioBufferSourceNode.start(t0 + at_ms / 1000). The audio thread then
// rings it on time even if the page's timers are throttled (a background
// tab) or late (a busy page). Each tick tops the queue up; a hidden page
// looks further ahead, because Chrome may wake a hidden page only once a
// minute. Pause and skip stop the sources that have not started yet and
// schedule them again from the clock's new t0.

import { SECOND_STRIKE_S } from './bell.js';
import { record } from './log.js';

/** How far ahead bells are queued while the page is visible, ms. */
export const LOOKAHEAD_MS = 90_000;
/** How far ahead while hidden, ms: timers may then run once a minute or less. */
export const HIDDEN_LOOKAHEAD_MS = 600_000;
/** A bell found this late (the page was frozen) is left out rather than rung off-beat, s. */
const TOO_LATE_S = 2;
/** How quickly a ringing bell fades when paused or ended, s (time constant). */
const FADE_TAU_S = 0.03;

export class BellScheduler {
  /**
   * @param {AudioContext} ctx
   * @param {AudioBuffer} buffer one strike
   * @param {AudioNode} bus where bells go (before the volume)
   * @param {Array<{at_ms:number, strikes:number}>} cues bell cues in time order
   */
  constructor(ctx, buffer, bus, cues) {
    this.ctx = ctx;
    this.buffer = buffer;
    this.bus = bus;
    this.cues = cues;
    this.next = 0;
    /** Sources handed to the audio thread: { source, at_ms, when }. */
    this.live = [];
  }

  /** Queues every cue due before `position + lookahead` on `clock`. */
  topUp(clock, lookaheadMs) {
    if (clock.paused) return;
    const horizon = clock.positionMs() + lookaheadMs;
    while (this.next < this.cues.length && this.cues[this.next].at_ms < horizon) {
      this.schedule(clock, this.cues[this.next]);
      this.next += 1;
    }
  }

  schedule(clock, cue) {
    const now = this.ctx.currentTime;
    const when = clock.audioTimeOf(cue.at_ms);
    if (when < now - TOO_LATE_S) {
      record({ type: 'missed', at_ms: cue.at_ms, scheduled_audio_time: when, audio_time: now });
      return;
    }
    const strikes = Math.max(1, Math.min(2, cue.strikes || 1));
    for (let k = 0; k < strikes; k += 1) {
      const source = this.ctx.createBufferSource();
      source.buffer = this.buffer;
      source.connect(this.bus);
      const at = when + k * SECOND_STRIKE_S;
      source.start(Math.max(at, now));
      const item = { source, at_ms: cue.at_ms, when: at };
      source.onended = () => {
        this.live = this.live.filter((x) => x !== item);
      };
      this.live.push(item);
    }
    record({
      type: 'bell',
      at_ms: cue.at_ms,
      strikes,
      scheduled_audio_time: when,
      t0: clock.t0,
      audio_time: now,
      visibility: document.visibilityState,
    });
  }

  /**
   * Stops every source that has not started; ringing ones fade out when
   * `silenceRinging`. The next top-up schedules again from the first cue at
   * or after `fromMs`.
   */
  cancel(fromMs, silenceRinging) {
    const now = this.ctx.currentTime;
    const keep = [];
    for (const item of this.live) {
      const future = item.when > now;
      if (future || silenceRinging) {
        try {
          item.source.stop(future ? 0 : now + 6 * FADE_TAU_S);
        } catch {
          // Already stopped: nothing to do.
        }
        if (future) record({ type: 'cancel', at_ms: item.at_ms, scheduled_audio_time: item.when, audio_time: now });
      } else {
        keep.push(item);
      }
    }
    this.live = keep;
    this.next = this.cues.findIndex((c) => c.at_ms >= fromMs);
    if (this.next < 0) this.next = this.cues.length;
  }
}

/** Fades `gain` to silence quickly (pause, end) without a click. */
export function fadeOut(gain, ctx) {
  const now = ctx.currentTime;
  gain.gain.cancelScheduledValues(now);
  gain.gain.setValueAtTime(gain.gain.value, now);
  gain.gain.setTargetAtTime(0, now, FADE_TAU_S);
}

/** Brings `gain` back to `level` at once (resume; nothing is ringing then). */
export function restore(gain, ctx, level) {
  const now = ctx.currentTime;
  gain.gain.cancelScheduledValues(now);
  gain.gain.setValueAtTime(level, now);
}
