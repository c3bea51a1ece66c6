// What a person sees while practising: time, step, caption and the pacer.
// Drawn from a frame ({ t, step, breath, paused }); text changes only when
// it differs, so a screen reader or a slow phone is not kept busy.

import { Pacer } from './pacer.js';
import { captionAt, clockText, timeUpMs } from './timeline.js';

/**
 * A calm line for silent practices (the timer), where the script has no
 * words: it also says which bell has rung, so the bells can be seen too.
 */
function quietCaption(tl, stepIndex, t) {
  if (tl.kind !== 'timer') return '';
  const step = tl.steps[stepIndex];
  const rung = tl.bells.filter((b) => b.at_ms <= t).length;
  if ((step && step.id === 'settle') || rung === 0) return 'Settle in. The first bell will ring soon.';
  if (tl.open_ended) return `Bell ${rung} has rung. Sit for as long as you like; stop when you are ready.`;
  if (rung === tl.bells.length) return 'The last bell. Take your time to come back.';
  return `Bell ${rung} of ${tl.bells.length} has rung. Rest in the quiet until the next.`;
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
    // A timed sit reads 0:00 as its closing bell rings, then the bell rings out.
    const up = timeUpMs(tl);
    const time = clockText(tl.open_ended ? f.t : up - f.t);
    if (time !== this.shown.time) {
      this.time.textContent = time;
      this.shown.time = time;
    }
    if (f.step !== this.shown.step) {
      this.stepEl.textContent = tl.steps.length > 1 ? `Step ${f.step + 1} of ${tl.steps.length}` : '';
      this.shown.step = f.step;
    }
    const caption = captionAt(tl, f.t) || quietCaption(tl, f.step, f.t);
    if (caption !== this.shown.caption) {
      this.caption.textContent = caption;
      this.shown.caption = caption;
    }
    if (f.paused !== this.shown.paused) {
      this.root.classList.toggle('is-paused', f.paused);
      this.shown.paused = f.paused;
    }
    this.pacer.drawProgress(tl.open_ended ? null : Math.min(1, f.t / Math.max(1, up)));
    this.pacer.draw(f.breath);
  }
}
