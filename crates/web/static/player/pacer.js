// The breath pacer and the progress ring, drawn in SVG from practice time.
//
// The circle grows on the in-breath and shrinks on the out-breath; the words
// say which phase and count its seconds down. With prefers-reduced-motion
// the circle stays still and a calm text count takes its place
// ("Breathe in… 4… 3… 2… 1").

import { PHASE_WORDS } from './timeline.js';

const R_EMPTY = 44;
const R_FULL = 100;

/** Eases fullness so the circle moves like a breath: slow at both ends. */
function eased(f) {
  return 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, f)));
}

export class Pacer {
  constructor(doc, reducedMotion) {
    this.breath = doc.getElementById('pacer-breath');
    this.progress = doc.getElementById('pacer-progress');
    this.words = doc.getElementById('pacer-words');
    this.phaseEl = doc.getElementById('pacer-phase');
    this.countEl = doc.getElementById('pacer-count');
    this.reduced = reducedMotion;
    this.shown = { phase: null, count: null, r: null, active: null, progress: null };
  }

  /** Overall progress, 0-1, as a ring; `null` hides it (open-ended). */
  drawProgress(fraction) {
    const offset = fraction === null ? 1000 : Math.round(1000 * (1 - Math.min(1, Math.max(0, fraction))));
    if (offset !== this.shown.progress) {
      this.progress.setAttribute('stroke-dashoffset', String(offset));
      this.shown.progress = offset;
    }
  }

  /** Draws breath `b` (from timeline.breathAt), or the resting circle when null. */
  draw(b) {
    const active = b !== null;
    if (active !== this.shown.active) {
      this.words.hidden = !active;
      this.breath.classList.toggle('is-resting', !active);
      this.shown.active = active;
    }
    const r = active && !this.reduced ? R_EMPTY + (R_FULL - R_EMPTY) * eased(b.fullness) : R_EMPTY;
    const rounded = Math.round(r * 10) / 10;
    if (rounded !== this.shown.r) {
      this.breath.setAttribute('r', String(rounded));
      this.shown.r = rounded;
    }
    if (!active) {
      this.shown.phase = null;
      this.shown.count = null;
      return;
    }
    const total = Math.round(b.ms / 1000);
    const left = Math.max(1, Math.ceil((b.ms - b.into_ms) / 1000));
    const key = `${b.index}`;
    if (key !== this.shown.phase) {
      this.phaseEl.textContent = this.reduced ? `${PHASE_WORDS[b.phase]}…` : PHASE_WORDS[b.phase];
      this.shown.phase = key;
      this.shown.count = null;
    }
    if (left !== this.shown.count) {
      // Reduced motion: the count builds up ("4… 3… 2…"), nothing moves.
      if (this.reduced) {
        const seen = [];
        for (let s = total; s >= left; s -= 1) seen.push(String(s));
        this.countEl.textContent = seen.join('… ');
      } else {
        this.countEl.textContent = String(left);
      }
      this.shown.count = left;
    }
  }
}
