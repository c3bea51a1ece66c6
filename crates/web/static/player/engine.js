// The running practice: the audio graph, the clock, the bell scheduler and
// the prompts, driven by one tick that reads the audio clock. The tick runs
// on every animation frame while the page is visible and from a timer while
// it is hidden (where frames stop); bells never depend on either, because
// they are queued on the audio thread ahead of time.

import { synthesizeBell } from './bell.js';
import { PracticeClock } from './clock.js';
import { record } from './log.js';
import { BellScheduler, HIDDEN_LOOKAHEAD_MS, LOOKAHEAD_MS, fadeOut, restore } from './scheduler.js';
import { breathAt, nextStepStart, speechBetween, stepAt, PHASE_WORDS } from './timeline.js';

/** Practice time 0 falls this far after Start, so the first bell is scheduled ahead, s. */
const START_LEAD_S = 0.15;
/** Skip lands this far ahead, so a bell at the new step's start is scheduled ahead, s. */
const SKIP_LEAD_S = 0.05;
/** A prompt found later than this (the page was asleep) is shown but not spoken, ms. */
const STALE_PROMPT_MS = 5000;
/** How often the tick runs from a timer (frames stop in a hidden page), ms. */
const TICK_MS = 250;

/** Adds the test probe that reports when bells actually sound (see onset-worklet.js). */
async function addProbe(ctx, bus) {
  await ctx.audioWorklet.addModule('/static/player/onset-worklet.js');
  const node = new AudioWorkletNode(ctx, 'backcalm-onset-probe', {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    outputChannelCount: [1],
  });
  node.port.onmessage = (e) => record({ type: 'onset', audio_time: e.data.onset });
  bus.connect(node);
  // It writes silence; connected so that the graph renders it.
  node.connect(ctx.destination);
}

export class Engine {
  /**
   * @param {object} tl a prepared timeline (timeline.js `prepare`)
   * @param {object} deps { settings, voice, stage, announce, onEnd }
   */
  constructor(tl, deps) {
    this.tl = tl;
    this.settings = deps.settings;
    this.voice = deps.voice;
    this.stage = deps.stage;
    this.announce = deps.announce;
    this.onEnd = deps.onEnd;
    this.running = false;
    this.lastSpokenMs = -1;
    this.lastBellMs = -1;
    this.lastBreath = -1;
    this.lastStep = -1;
    this.onVisibility = () => this.visibilityChanged();
  }

  /** Starts playing in `ctx`, an AudioContext created in the Start click. */
  async start(ctx, wake) {
    this.ctx = ctx;
    this.wake = wake;
    if (ctx.state !== 'running') await ctx.resume();
    const buffer = synthesizeBell(ctx);
    this.bus = ctx.createGain();
    this.volume = ctx.createGain();
    this.volume.gain.value = this.settings.volume;
    this.bus.connect(this.volume).connect(ctx.destination);
    if (window.__backcalm_probe === true) await addProbe(ctx, this.bus);
    this.clock = new PracticeClock(ctx);
    this.bells = new BellScheduler(ctx, buffer, this.bus, this.tl.bells);
    this.clock.start(START_LEAD_S);
    this.running = true;
    // Test hooks, read by the browser tests alongside window.__backcalm_log.
    window.__backcalm_now = () => ctx.currentTime;
    window.__backcalm_practice_position = () => this.clock.positionMs();
    record({
      type: 'start',
      audio_time: this.clock.t0 - START_LEAD_S,
      t0: this.clock.t0,
      total_ms: this.tl.total_ms,
      sample_rate: ctx.sampleRate,
    });
    this.bells.topUp(this.clock, this.lookahead());
    document.addEventListener('visibilitychange', this.onVisibility);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    // Draw first, then the rest of the tick: starting speech can take the main thread for a moment.
    const frame = () => {
      if (!this.running) return;
      this.stage.draw(this.frameAt(this.clock.positionMs()));
      this.tick();
      if (this.running) this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
    this.wake.hold();
  }

  lookahead() {
    return document.visibilityState === 'hidden' ? HIDDEN_LOOKAHEAD_MS : LOOKAHEAD_MS;
  }

  get paused() {
    return this.clock ? this.clock.paused : false;
  }

  visibilityChanged() {
    record({ type: 'visibility', state: document.visibilityState, audio_time: this.ctx.currentTime });
    if (!this.running) return;
    this.bells.topUp(this.clock, this.lookahead());
    this.wake.onVisibility();
    this.tick();
  }

  /** What the stage shows at practice time `pos`. */
  frameAt(pos) {
    const t = Math.max(0, pos);
    const tl = this.tl;
    const step = stepAt(tl, t);
    const breath = breathAt(tl, t);
    if (breath && breath.index !== this.lastBreath) {
      record({ type: 'phase', phase: breath.phase, at_ms: breath.at_ms, drawn_ms: t, audio_time: this.ctx.currentTime });
      if (this.settings.announceBreath) this.announce(PHASE_WORDS[breath.phase]);
    }
    this.lastBreath = breath ? breath.index : -1;
    return { t, step, breath, paused: this.paused };
  }

  /** Finishes, queues bells, speaks prompts that are due. */
  tick() {
    if (!this.running) return;
    const pos = this.clock.positionMs();
    if (!this.tl.open_ended && pos >= this.tl.total_ms) {
      this.finish(true);
      return;
    }
    this.bells.topUp(this.clock, this.lookahead());
    if (pos > this.lastSpokenMs) {
      for (const cue of speechBetween(this.tl, this.lastSpokenMs, pos)) {
        const late = pos - cue.at_ms;
        const spoken = late < STALE_PROMPT_MS && this.voice.say(cue.text);
        record({ type: 'speak', at_ms: cue.at_ms, position_ms: pos, spoken });
        if (this.settings.announcePrompts) this.announce(cue.text);
      }
      this.lastSpokenMs = pos;
    }
    if (pos > this.lastBellMs) {
      // The sound is already queued; this only tells a screen reader, for people who cannot hear it.
      const rung = this.tl.bells.filter((b) => b.at_ms > this.lastBellMs && b.at_ms <= pos);
      if (rung.length > 0 && this.settings.announcePrompts) this.announce('Bell');
      this.lastBellMs = pos;
    }
    const step = stepAt(this.tl, Math.max(0, pos));
    if (step !== this.lastStep) {
      this.lastStep = step;
      record({ type: 'step', index: step, id: this.tl.steps[step].id, position_ms: pos });
    }
  }

  pause() {
    if (!this.running || this.paused) return;
    const at = this.clock.pause();
    this.bells.cancel(this.clock.pausedAtMs, true);
    fadeOut(this.volume, this.ctx);
    this.voice.hush();
    this.wake.release();
    record({ type: 'pause', audio_time: at, position_ms: this.clock.pausedAtMs });
    this.announce('Paused');
    this.stage.draw(this.frameAt(this.clock.positionMs()));
  }

  resume() {
    if (!this.running || !this.paused) return;
    const at = this.clock.resume();
    restore(this.volume, this.ctx, this.settings.volume);
    record({ type: 'resume', audio_time: at, t0: this.clock.t0, position_ms: this.clock.pausedAtMs });
    this.bells.topUp(this.clock, this.lookahead());
    this.wake.hold();
    this.announce('Playing');
  }

  toggle() {
    if (this.paused) this.resume();
    else this.pause();
  }

  /** Jumps to the next step's start; past the last step, the practice ends. */
  skip() {
    if (!this.running) return;
    const from = Math.max(0, this.clock.positionMs());
    const to = nextStepStart(this.tl, from);
    if (!this.tl.open_ended && to >= this.tl.total_ms) {
      record({ type: 'skip', audio_time: this.ctx.currentTime, from_ms: from, to_ms: to, t0: this.clock.t0 });
      this.finish(true);
      return;
    }
    if (this.tl.open_ended && to >= this.tl.total_ms) return;
    const at = this.clock.seek(to, SKIP_LEAD_S);
    this.bells.cancel(to, false);
    this.voice.hush();
    this.lastSpokenMs = to - 1;
    this.lastBellMs = to - 1;
    record({ type: 'skip', audio_time: at, from_ms: from, to_ms: to, t0: this.clock.t0 });
    this.bells.topUp(this.clock, this.lookahead());
    const i = stepAt(this.tl, to);
    this.announce(`Step ${i + 1} of ${this.tl.steps.length}`);
    this.stage.draw(this.frameAt(this.clock.positionMs()));
  }

  /** Seconds practised so far. */
  practisedS() {
    return this.clock ? this.clock.practisedS() : 0;
  }

  /**
   * Ends the practice. `completed` is true when it ran to its end (or an
   * open-ended timer was stopped). Resolves nothing; calls onEnd({ completed, actualS }).
   */
  finish(completed) {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.timer);
    cancelAnimationFrame(this.raf);
    document.removeEventListener('visibilitychange', this.onVisibility);
    // Ran out on its own (not skipped or stopped): count up to the exact end, and let the closing bell ring.
    const ranOut = !this.tl.open_ended && this.clock.positionMs() >= this.tl.total_ms;
    const endAudio = ranOut ? this.clock.audioTimeOf(this.tl.total_ms) : this.ctx.currentTime;
    const actualS = this.clock.practisedS(endAudio);
    record({ type: 'end', completed, audio_time: this.ctx.currentTime, actual_s: actualS });
    if (!ranOut) {
      this.bells.cancel(Infinity, true);
      fadeOut(this.volume, this.ctx);
      this.voice.hush();
    }
    this.wake.release();
    // Let the closing bell ring out before the audio device is let go.
    const ctx = this.ctx;
    setTimeout(() => ctx.close().catch(() => {}), ranOut ? 9000 : 1000);
    this.onEnd({ completed, actualS });
  }
}
