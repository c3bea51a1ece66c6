//! The bell: a struck singing bowl, synthesized once and shared.
//!
//! A bowl's partials are inharmonic, and each is really two close modes that
//! beat slowly against each other; higher partials die away faster. So each
//! partial here is a pair of sines a fraction of a hertz apart with unequal
//! levels (a gentle swell, never a full cut-out), under its own exponential
//! decay. A raised-cosine attack of a few milliseconds keeps the strike from
//! clicking, and a raised-cosine fade brings the tail to exactly zero at
//! [`BELL_MS`], so a bell starts and ends at silence.

use crate::{SAMPLES_PER_MS, SAMPLE_RATE};
use backcalm_core::content::BELL_TAIL_MS;
use std::f64::consts::{PI, TAU};
use std::sync::{Arc, OnceLock};

/// How long a bell rings, in milliseconds: at most core's tail, so the
/// closing bell fades out before the practice ends.
pub const BELL_MS: u64 = 6_000;
const _: () = assert!(
    BELL_MS <= BELL_TAIL_MS,
    "the bell must ring out within core's BELL_TAIL_MS"
);

/// The bowl's fundamental, Hz: low enough to be calm, high enough for small speakers.
const FUNDAMENTAL_HZ: f64 = 240.0;

/// One partial of the bowl.
struct Partial {
    /// Frequency as a multiple of the fundamental.
    ratio: f64,
    /// Level relative to the fundamental.
    level: f64,
    /// Time to fall to 1/e, seconds.
    decay_s: f64,
    /// How fast the pair of modes beats, Hz.
    beat_hz: f64,
}

/// Ratios in the range measured on small bowls; higher partials quieter and shorter.
const PARTIALS: [Partial; 4] = [
    Partial {
        ratio: 1.0,
        level: 1.0,
        decay_s: 2.6,
        beat_hz: 0.7,
    },
    Partial {
        ratio: 2.71,
        level: 0.5,
        decay_s: 1.5,
        beat_hz: 1.3,
    },
    Partial {
        ratio: 5.18,
        level: 0.22,
        decay_s: 0.8,
        beat_hz: 2.1,
    },
    Partial {
        ratio: 8.43,
        level: 0.1,
        decay_s: 0.45,
        beat_hz: 2.9,
    },
];

/// Level of the stronger mode of each pair; the weaker gets the rest.
const MAIN_MODE: f64 = 0.7;
/// Raised-cosine attack, ms: long enough not to click, short enough to sound struck.
const ATTACK_MS: u64 = 8;
/// Raised-cosine fade to silence at the end, ms.
const FADE_MS: u64 = 1_500;
/// A double strike's second strike, ms after the first.
const SECOND_STRIKE_MS: u64 = 2_500;
/// Loudest sample: -12 dBFS, about 7 dB below the rendered voice's peaks, so
/// a bell under the words leaves them clear (it was -6 dBFS, as loud as the voice).
pub(crate) const PEAK: f32 = 0.25;

/// A bell of `strikes` strikes at [`SAMPLE_RATE`], [`BELL_MS`] long.
///
/// Synthesized on first use and cached, so every call after that is a
/// reference-count increment. 0 strikes is silence (an empty slice); more than
/// two ring as two, because a third would not fit before the fade.
pub fn bell(strikes: u8) -> Arc<[f32]> {
    static CACHE: [OnceLock<Arc<[f32]>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let n = usize::from(strikes.min(2));
    CACHE[n].get_or_init(|| synthesize(n).into()).clone()
}

/// A complete 48 kHz mono 16-bit WAV file of one bell, e.g. to pipe into a player.
pub fn bell_wav_bytes(strikes: u8) -> Vec<u8> {
    let samples = bell(strikes);
    let mut out = std::io::Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
    // Writing to memory cannot fail, and a bell is far below the WAV size limit.
    let written = crate::wav::write_all(&mut out, &samples);
    debug_assert!(
        written.is_ok(),
        "writing a WAV to memory failed: {written:?}"
    );
    out.into_inner()
}

fn synthesize(strikes: usize) -> Vec<f32> {
    if strikes == 0 {
        return Vec::new();
    }
    let len = (BELL_MS * SAMPLES_PER_MS) as usize;
    let mut out = vec![0.0f64; len];
    let offsets = [0, (SECOND_STRIKE_MS * SAMPLES_PER_MS) as usize];
    for &start in offsets.iter().take(strikes) {
        strike(&mut out[start..]);
    }
    fade_out(&mut out, (FADE_MS * SAMPLES_PER_MS) as usize);
    let peak = out.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let gain = if peak > 0.0 {
        f64::from(PEAK) / peak
    } else {
        0.0
    };
    out.into_iter().map(|x| (x * gain) as f32).collect()
}

/// Adds one strike, starting at `out[0]` and running to the end of `out`.
fn strike(out: &mut [f64]) {
    let rate = f64::from(SAMPLE_RATE);
    let attack = (ATTACK_MS * SAMPLES_PER_MS) as usize;
    for (n, y) in out.iter_mut().enumerate() {
        let t = n as f64 / rate;
        let mut x = 0.0;
        for p in &PARTIALS {
            let f = FUNDAMENTAL_HZ * p.ratio;
            let (lo, hi) = (f - p.beat_hz / 2.0, f + p.beat_hz / 2.0);
            let pair = MAIN_MODE * (TAU * lo * t).sin() + (1.0 - MAIN_MODE) * (TAU * hi * t).sin();
            x += p.level * (-t / p.decay_s).exp() * pair;
        }
        let onset = if n < attack {
            0.5 * (1.0 - (PI * n as f64 / attack as f64).cos())
        } else {
            1.0
        };
        *y += onset * x;
    }
}

/// Raised-cosine fade over the last `fade` samples, reaching exactly zero on the last.
fn fade_out(out: &mut [f64], fade: usize) {
    let fade = fade.min(out.len());
    let start = out.len() - fade;
    for (i, y) in out[start..].iter_mut().enumerate() {
        let g = if fade > 1 {
            0.5 * (1.0 + (PI * i as f64 / (fade - 1) as f64).cos())
        } else {
            0.0
        };
        *y *= g;
    }
    if let Some(last) = out.last_mut() {
        *last = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rms(x: &[f32]) -> f32 {
        (x.iter().map(|v| v * v).sum::<f32>() / x.len().max(1) as f32).sqrt()
    }

    fn ms(m: u64) -> usize {
        (m * SAMPLES_PER_MS) as usize
    }

    #[test]
    fn a_bell_is_six_seconds_starts_and_ends_at_silence_and_peaks_at_a_quarter_scale() {
        for strikes in [1, 2] {
            let b = bell(strikes);
            assert_eq!(b.len(), ms(BELL_MS), "{strikes} strikes");
            assert_eq!(b[0], 0.0, "{strikes} strikes: first sample");
            assert_eq!(b[b.len() - 1], 0.0, "{strikes} strikes: last sample");
            let peak = b.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            assert!((peak - PEAK).abs() < 1e-4, "{strikes} strikes: peak {peak}");
        }
    }

    #[test]
    fn a_bell_has_no_clicks() {
        for strikes in [1, 2] {
            let b = bell(strikes);
            let jump = b
                .windows(2)
                .map(|w| (w[1] - w[0]).abs())
                .fold(0.0f32, f32::max);
            assert!(
                jump < 0.05,
                "{strikes} strikes: largest step between samples {jump}"
            );
            // The first few samples rise gently rather than jumping to the strike.
            assert!(
                b[..ms(1)].iter().all(|x| x.abs() < 0.05),
                "attack too steep"
            );
        }
    }

    #[test]
    fn a_bell_decays_with_the_low_partial_ringing_longest() {
        let b = bell(1);
        let early = rms(&b[ms(50)..ms(550)]);
        let middle = rms(&b[ms(2_500)..ms(3_000)]);
        let late = rms(&b[ms(4_000)..ms(4_500)]);
        assert!(early > 0.05, "early {early}");
        assert!(
            early > 2.0 * middle && middle > 1.5 * late && late > 0.0025,
            "{early} {middle} {late}"
        );
        // Late in the ring, what is left is the fundamental: count zero crossings.
        let tail = &b[ms(4_000)..ms(4_500)];
        let crossings = tail
            .windows(2)
            .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
            .count();
        let hz = crossings as f64 / 2.0 / 0.5;
        assert!((hz - FUNDAMENTAL_HZ).abs() < 10.0, "late tail at {hz} Hz");
    }

    #[test]
    fn a_double_strike_has_two_onsets_two_and_a_half_seconds_apart() {
        let one = bell(1);
        let two = bell(2);
        let second = ms(SECOND_STRIKE_MS);
        // Energy jumps at the second strike in the double bell, not in the single.
        let before = rms(&two[second - ms(200)..second]);
        let after = rms(&two[second + ms(20)..second + ms(220)]);
        assert!(after > 2.0 * before, "double: {before} -> {after}");
        let before1 = rms(&one[second - ms(200)..second]);
        let after1 = rms(&one[second + ms(20)..second + ms(220)]);
        // (The single only swells a little with its slow beat.)
        assert!(after1 < 1.3 * before1, "single: {before1} -> {after1}");
    }

    #[test]
    fn zero_strikes_is_silence_and_three_ring_as_two() {
        assert!(bell(0).is_empty());
        assert_eq!(bell(3), bell(2));
        // Cached: the same allocation comes back.
        assert!(Arc::ptr_eq(&bell(1), &bell(1)));
    }

    #[test]
    fn the_bell_wav_is_a_48k_mono_16_bit_file_of_the_bell() {
        let bytes = bell_wav_bytes(1);
        let r = hound::WavReader::new(std::io::Cursor::new(&bytes)).unwrap();
        let spec = r.spec();
        assert_eq!(
            (spec.sample_rate, spec.channels, spec.bits_per_sample),
            (48_000, 1, 16)
        );
        assert_eq!(spec.sample_format, hound::SampleFormat::Int);
        assert_eq!(r.duration() as usize, ms(BELL_MS));
        let samples: Vec<i16> = r.into_samples::<i16>().map(Result::unwrap).collect();
        let peak = samples.iter().map(|s| s.unsigned_abs()).max().unwrap();
        assert!((8_000..=8_250).contains(&peak), "peak {peak}");
    }
}
