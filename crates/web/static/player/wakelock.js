// Keeps the screen on while a practice plays (Screen Wake Lock API).
// The browser drops the lock whenever the page is hidden, so it is asked
// for again when the page becomes visible; pause and end let it go.

import { record } from './log.js';

export class ScreenAwake {
  constructor() {
    this.wanted = false;
    this.sentinel = null;
    this.supported = 'wakeLock' in navigator;
  }

  async acquire() {
    if (!this.supported || !this.wanted || this.sentinel || document.visibilityState !== 'visible') return;
    try {
      const s = await navigator.wakeLock.request('screen');
      if (!this.wanted) {
        await s.release();
        return;
      }
      this.sentinel = s;
      s.addEventListener('release', () => {
        if (this.sentinel === s) this.sentinel = null;
      });
      record({ type: 'wakelock', held: true });
    } catch (e) {
      // Refused (battery saver, no permission): the practice plays on regardless.
      record({ type: 'wakelock', held: false, reason: String(e && e.name) });
    }
  }

  /** Asks for the lock, now and whenever the page comes back into view. */
  hold() {
    this.wanted = true;
    return this.acquire();
  }

  /** Lets the screen sleep again. */
  async release() {
    this.wanted = false;
    const s = this.sentinel;
    this.sentinel = null;
    if (s) {
      try {
        await s.release();
      } catch {
        // Already released by the browser.
      }
      record({ type: 'wakelock', held: false, reason: 'released' });
    }
  }

  /** Call on visibilitychange. */
  onVisibility() {
    if (document.visibilityState === 'visible') this.acquire();
  }
}
