// Practice time, read from the Web Audio clock (AudioContext.currentTime).
//
// `t0` is the audio time at which practice time 0 falls, so practice time is
// (currentTime - t0) while playing. Pause freezes practice time; resume moves
// t0 later by exactly the length of the pause, measured on the same clock;
// skip moves t0 so that practice time jumps to a step's start. Nothing here
// adds up timer callbacks, so a throttled or sleeping page cannot drift.

export class PracticeClock {
  /** @param {BaseAudioContext} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.t0 = 0;
    this.paused = false;
    this.pausedAtMs = 0;
    this.startedAudio = 0;
    this.pauseBeganAudio = 0;
    this.pausedTotalS = 0;
  }

  /** The audio clock now, seconds. */
  now() {
    return this.ctx.currentTime;
  }

  /** Starts practice time 0 at `leadS` seconds from now (room to schedule the first bell). */
  start(leadS) {
    this.t0 = this.now() + leadS;
    this.startedAudio = this.t0;
  }

  /** Practice time in ms (negative during the lead-in). */
  positionMs(at = this.now()) {
    return this.paused ? this.pausedAtMs : (at - this.t0) * 1000;
  }

  /** The audio time at which practice time `ms` falls (while playing). */
  audioTimeOf(ms) {
    return this.t0 + ms / 1000;
  }

  /** Freezes practice time; returns the audio time of the pause. */
  pause() {
    const at = this.now();
    if (!this.paused) {
      this.pausedAtMs = this.positionMs(at);
      this.paused = true;
      this.pauseBeganAudio = at;
    }
    return at;
  }

  /** Goes on from where it paused; t0 moves later by exactly the pause. Returns the audio time. */
  resume() {
    const at = this.now();
    if (this.paused) {
      this.t0 = at - this.pausedAtMs / 1000;
      this.pausedTotalS += at - this.pauseBeganAudio;
      this.paused = false;
    }
    return at;
  }

  /** Jumps to practice time `ms`, reached `leadS` from now (or at once when paused). */
  seek(ms, leadS) {
    const at = this.now();
    if (this.paused) this.pausedAtMs = ms;
    else this.t0 = at + leadS - ms / 1000;
    return at;
  }

  /** Seconds actually practised up to audio time `at`: wall time on the audio clock, less pauses. */
  practisedS(at = this.now()) {
    const pausing = this.paused ? Math.max(0, at - this.pauseBeganAudio) : 0;
    return Math.max(0, at - this.startedAudio - this.pausedTotalS - pausing);
  }
}
