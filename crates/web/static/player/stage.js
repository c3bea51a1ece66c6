// What a person sees while practising: time, step, caption and the pacer.
// Drawn from a frame ({ t, step, breath, paused }); text changes only when
// it differs, so a screen reader or a slow phone is not kept busy.

import { Pacer } from './pacer.js';
import { captionAt, clockText } from './timeline.js';

/** A calm line for silent practices (the timer), where the script has no words. */
function quietCaption(tl, stepIndex) {
  const step = tl.steps[stepIndex];
  if (tl.kind !== 'timer') return '';
  if (step && step.id === 'settle') return 'Settle in. The first bell will ring soon.';
  return tl.open_ended ? 'Sit for as long as you like. Stop when you are ready.' : 'Rest in the quiet until the bell.';
}

export class Stage {
  constructor(doc, tl, reducedMotion) {
    this.tl = tl;
    this.time = doc.getElementById('stage-time');
    this.timeLabel = doc.getElementById('stage-time-label');
    this.stepEl = doc.getElementById('stage-step');
    this.caption = doc.getElementById('caption');
    this.root = doc.getElementById('stage');
    this.pacer = new Pacer(doc, reducedMotion);
    this.shown = { time: null, step: null, caption: null, paused: null };
    this.timeLabel.textContent = tl.open_ended ? 'so far' : 'left';
  }

  draw(f) {
    const tl = this.tl;
    const time = clockText(tl.open_ended ? f.t : tl.total_ms - f.t);
    if (time !== this.shown.time) {
      this.time.textContent = time;
      this.shown.time = time;
    }
    if (f.step !== this.shown.step) {
      this.stepEl.textContent = tl.steps.length > 1 ? `Step ${f.step + 1} of ${tl.steps.length}` : '';
      this.shown.step = f.step;
    }
    const caption = captionAt(tl, f.t) || quietCaption(tl, f.step);
    if (caption !== this.shown.caption) {
      this.caption.textContent = caption;
      this.shown.caption = caption;
    }
    if (f.paused !== this.shown.paused) {
      this.root.classList.toggle('is-paused', f.paused);
      this.shown.paused = f.paused;
    }
    this.pacer.drawProgress(tl.open_ended ? null : f.t / tl.total_ms);
    this.pacer.draw(f.breath);
  }
}
