// The bell: a struck singing bowl, synthesized once into an AudioBuffer.
//
// A bowl's partials are inharmonic (about 1, 2.71, 5.18 and 8.43 times the
// fundamental) and the higher ones die away sooner. Each partial is two
// sines a fraction of a hertz apart, so it swells slowly instead of sounding
// like a test tone. A short raised-cosine attack keeps the strike from
// clicking, and a raised-cosine fade takes the tail to exactly zero, so a
// bell starts and ends at silence.

/** How long one strike rings, seconds (within core's 6-second closing tail). */
export const BELL_S = 6;
/** A double strike's second strike, seconds after the first. */
export const SECOND_STRIKE_S = 2.5;

const FUNDAMENTAL_HZ = 240;
// [ratio to the fundamental, level, seconds to fall to 1/e, beat of the mode pair in Hz]
const PARTIALS = [
  [1.0, 1.0, 2.6, 0.7],
  [2.71, 0.5, 1.5, 1.3],
  [5.18, 0.22, 0.8, 2.1],
  [8.43, 0.1, 0.45, 2.9],
];
const MAIN_MODE = 0.7;
const ATTACK_S = 0.008;
const FADE_S = 1.5;
/** Loudest sample: -12 dBFS, as bell.rs: calm, and about 6 dB under a voice. */
const PEAK = 0.25;

/** Synthesizes one strike at the context's sample rate. */
export function synthesizeBell(ctx) {
  const rate = ctx.sampleRate;
  const n = Math.round(BELL_S * rate);
  const buffer = ctx.createBuffer(1, n, rate);
  const d = buffer.getChannelData(0);
  for (const [ratio, level, decayS, beatHz] of PARTIALS) {
    const w1 = (2 * Math.PI * FUNDAMENTAL_HZ * ratio) / rate;
    const w2 = (2 * Math.PI * (FUNDAMENTAL_HZ * ratio + beatHz)) / rate;
    const fall = Math.exp(-1 / (decayS * rate));
    let env = level;
    for (let i = 0; i < n; i += 1) {
      d[i] += env * (MAIN_MODE * Math.sin(w1 * i) + (1 - MAIN_MODE) * Math.sin(w2 * i));
      env *= fall;
    }
  }
  let peak = 0;
  for (let i = 0; i < n; i += 1) peak = Math.max(peak, Math.abs(d[i]));
  const scale = peak > 0 ? PEAK / peak : 0;
  const attack = Math.round(ATTACK_S * rate);
  const fadeFrom = n - Math.round(FADE_S * rate);
  for (let i = 0; i < n; i += 1) {
    let g = scale;
    if (i < attack) g *= 0.5 - 0.5 * Math.cos((Math.PI * i) / attack);
    if (i >= fadeFrom) g *= 0.5 + 0.5 * Math.cos((Math.PI * (i - fadeFrom)) / (n - 1 - fadeFrom));
    d[i] *= g;
  }
  d[n - 1] = 0;
  return buffer;
}
