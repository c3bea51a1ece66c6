//! Breathing pace: how long each phase of one breath lasts.
//!
//! Defaults and bounds come from CLINICAL.md ("Practice parameters"): about six
//! breaths a minute with a longer exhale (4 s in, 6 s out), adjustable from 4
//! to 10 breaths a minute; box (4-4-4-4) and 4-7-8 as presets, 4-7-8 limited to
//! four cycles for beginners. Slower is optional, comfort first.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One phase of a breath.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Breathing in.
    In,
    /// Holding after the in-breath.
    HoldIn,
    /// Breathing out.
    Out,
    /// Resting after the out-breath.
    HoldOut,
}

impl Phase {
    /// Words for a caption or a screen reader.
    pub fn words(self) -> &'static str {
        match self {
            Phase::In => "Breathe in",
            Phase::HoldIn => "Hold",
            Phase::Out => "Breathe out",
            Phase::HoldOut => "Rest",
        }
    }
}

/// A breathing pattern, in milliseconds per phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pace {
    /// In-breath.
    pub inhale_ms: u32,
    /// Hold after the in-breath (0 for none).
    pub hold_in_ms: u32,
    /// Out-breath.
    pub exhale_ms: u32,
    /// Rest after the out-breath (0 for none).
    pub hold_out_ms: u32,
    /// At most this many cycles in one practice (4-7-8 for beginners), then natural breathing.
    pub max_cycles: Option<u32>,
}

/// Bounds on each phase, in milliseconds (see the module docs).
pub mod bounds {
    /// Shortest in- or out-breath.
    pub const BREATH_MIN_MS: u32 = 2_000;
    /// Longest in-breath.
    pub const INHALE_MAX_MS: u32 = 8_000;
    /// Longest out-breath.
    pub const EXHALE_MAX_MS: u32 = 10_000;
    /// Longest hold.
    pub const HOLD_MAX_MS: u32 = 8_000;
    /// Shortest cycle without holds: 10 breaths a minute.
    pub const CYCLE_MIN_MS: u32 = 6_000;
    /// Longest cycle without holds: 4 breaths a minute.
    pub const CYCLE_MAX_MS: u32 = 15_000;
    /// Longest cycle with holds (4-7-8 is 19 s).
    pub const CYCLE_WITH_HOLDS_MAX_MS: u32 = 20_000;
}

/// Why a pace was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PaceError {
    /// Not `IN:OUT`, `IN:HOLD:OUT:HOLD` or a preset name.
    #[error("pace {0:?} is not understood; use IN:OUT or IN:HOLD:OUT:HOLD in seconds (e.g. 4:6), or a preset: relaxed, even, box, 4-7-8")]
    Syntax(String),
    /// A phase outside its bounds.
    #[error("{phase} of {given_s} s is outside the safe range {min_s}-{max_s} s")]
    Phase {
        /// Which phase.
        phase: &'static str,
        /// What was given, seconds.
        given_s: f64,
        /// Lower bound, seconds.
        min_s: f64,
        /// Upper bound, seconds.
        max_s: f64,
    },
    /// The whole breath is too quick or too slow.
    #[error("one breath of {given_s} s is {per_min:.1} breaths a minute; keep it between {min_s} and {max_s} s per breath")]
    Cycle {
        /// Cycle length given, seconds.
        given_s: f64,
        /// Breaths a minute that makes.
        per_min: f64,
        /// Shortest cycle, seconds.
        min_s: f64,
        /// Longest cycle, seconds.
        max_s: f64,
    },
}

impl Pace {
    /// 4 s in, 6 s out: six breaths a minute with a longer exhale (the default).
    pub const RELAXED: Pace = Pace::simple(4_000, 6_000);
    /// 5 s in, 5 s out.
    pub const EVEN: Pace = Pace::simple(5_000, 5_000);
    /// Box breathing: 4-4-4-4.
    pub const BOX: Pace = Pace {
        inhale_ms: 4_000,
        hold_in_ms: 4_000,
        exhale_ms: 4_000,
        hold_out_ms: 4_000,
        max_cycles: None,
    };
    /// 4-7-8: in 4, hold 7, out 8; at most four cycles.
    pub const FOUR_SEVEN_EIGHT: Pace = Pace {
        inhale_ms: 4_000,
        hold_in_ms: 7_000,
        exhale_ms: 8_000,
        hold_out_ms: 0,
        max_cycles: Some(4),
    };

    /// The named presets.
    pub const PRESETS: [(&'static str, Pace); 4] = [
        ("relaxed", Pace::RELAXED),
        ("even", Pace::EVEN),
        ("box", Pace::BOX),
        ("4-7-8", Pace::FOUR_SEVEN_EIGHT),
    ];

    const fn simple(inhale_ms: u32, exhale_ms: u32) -> Pace {
        Pace {
            inhale_ms,
            hold_in_ms: 0,
            exhale_ms,
            hold_out_ms: 0,
            max_cycles: None,
        }
    }

    /// One full breath, in milliseconds.
    pub fn cycle_ms(&self) -> u32 {
        self.inhale_ms + self.hold_in_ms + self.exhale_ms + self.hold_out_ms
    }

    /// Breaths per minute.
    pub fn per_minute(&self) -> f64 {
        60_000.0 / f64::from(self.cycle_ms())
    }

    /// The phases of one breath with their lengths, skipping empty holds.
    pub fn phases(&self) -> impl Iterator<Item = (Phase, u32)> {
        [
            (Phase::In, self.inhale_ms),
            (Phase::HoldIn, self.hold_in_ms),
            (Phase::Out, self.exhale_ms),
            (Phase::HoldOut, self.hold_out_ms),
        ]
        .into_iter()
        .filter(|(_, ms)| *ms > 0)
    }

    /// Checks every bound; a preset always passes.
    pub fn validate(self) -> Result<Pace, PaceError> {
        use bounds::*;
        let check = |phase, v: u32, min: u32, max: u32| {
            if v < min || v > max {
                Err(PaceError::Phase {
                    phase,
                    given_s: f64::from(v) / 1000.0,
                    min_s: f64::from(min) / 1000.0,
                    max_s: f64::from(max) / 1000.0,
                })
            } else {
                Ok(())
            }
        };
        check("breathing in", self.inhale_ms, BREATH_MIN_MS, INHALE_MAX_MS)?;
        check(
            "breathing out",
            self.exhale_ms,
            BREATH_MIN_MS,
            EXHALE_MAX_MS,
        )?;
        check(
            "the hold after breathing in",
            self.hold_in_ms,
            0,
            HOLD_MAX_MS,
        )?;
        check(
            "the rest after breathing out",
            self.hold_out_ms,
            0,
            HOLD_MAX_MS,
        )?;
        let holds = self.hold_in_ms + self.hold_out_ms > 0;
        let max = if holds {
            CYCLE_WITH_HOLDS_MAX_MS
        } else {
            CYCLE_MAX_MS
        };
        let c = self.cycle_ms();
        if c < CYCLE_MIN_MS || c > max {
            return Err(PaceError::Cycle {
                given_s: f64::from(c) / 1000.0,
                per_min: self.per_minute(),
                min_s: f64::from(CYCLE_MIN_MS) / 1000.0,
                max_s: f64::from(max) / 1000.0,
            });
        }
        Ok(self)
    }
}

fn seconds_to_ms(s: &str) -> Option<u32> {
    let v: f64 = s.trim().parse().ok()?;
    if !v.is_finite() || !(0.0..=60.0).contains(&v) {
        return None;
    }
    Some((v * 1000.0).round() as u32)
}

impl FromStr for Pace {
    type Err = PaceError;

    /// `4:6`, `4:7:8:0`, or a preset name; checked against the bounds.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if let Some((_, p)) = Pace::PRESETS.iter().find(|(name, _)| *name == t) {
            return Ok(*p);
        }
        let parts: Option<Vec<u32>> = t.split(':').map(seconds_to_ms).collect();
        let pace = match parts.as_deref() {
            Some([i, o]) => Pace::simple(*i, *o),
            Some([i, h1, o, h2]) => Pace {
                inhale_ms: *i,
                hold_in_ms: *h1,
                exhale_ms: *o,
                hold_out_ms: *h2,
                max_cycles: None,
            },
            _ => return Err(PaceError::Syntax(s.to_string())),
        };
        pace.validate()
    }
}

impl fmt::Display for Pace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |ms: u32| {
            if ms.is_multiple_of(1000) {
                (ms / 1000).to_string()
            } else {
                format!("{:.1}", f64::from(ms) / 1000.0)
            }
        };
        if self.hold_in_ms == 0 && self.hold_out_ms == 0 {
            write!(f, "{}:{}", s(self.inhale_ms), s(self.exhale_ms))
        } else {
            write!(
                f,
                "{}:{}:{}:{}",
                s(self.inhale_ms),
                s(self.hold_in_ms),
                s(self.exhale_ms),
                s(self.hold_out_ms)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_six_breaths_a_minute_with_longer_exhale() {
        assert_eq!(Pace::RELAXED.per_minute(), 6.0);
        const { assert!(Pace::RELAXED.exhale_ms > Pace::RELAXED.inhale_ms) };
    }

    #[test]
    fn presets_are_within_bounds() {
        for (name, p) in Pace::PRESETS {
            assert_eq!(p.validate(), Ok(p), "{name}");
            assert_eq!(name.parse::<Pace>(), Ok(p));
        }
        assert_eq!(Pace::FOUR_SEVEN_EIGHT.max_cycles, Some(4));
    }

    #[test]
    fn parses_in_out_and_holds() {
        assert_eq!("4:6".parse::<Pace>(), Ok(Pace::RELAXED));
        assert_eq!("4:4:4:4".parse::<Pace>().map(|p| p.cycle_ms()), Ok(16_000));
        assert_eq!("3.5:6.5".parse::<Pace>().map(|p| p.inhale_ms), Ok(3_500));
        assert_eq!(Pace::BOX.to_string(), "4:4:4:4");
        assert_eq!(Pace::RELAXED.to_string(), "4:6");
    }

    #[test]
    fn refuses_unsafe_or_garbled_paces() {
        assert!(matches!(
            "1:6".parse::<Pace>(),
            Err(PaceError::Phase { .. })
        ));
        assert!(matches!(
            "2:2".parse::<Pace>(),
            Err(PaceError::Cycle { .. })
        ));
        assert!(matches!(
            "8:10".parse::<Pace>(),
            Err(PaceError::Cycle { .. })
        ));
        assert!(matches!(
            "4:9:4:4".parse::<Pace>(),
            Err(PaceError::Phase { .. })
        ));
        assert!(matches!("fast".parse::<Pace>(), Err(PaceError::Syntax(_))));
        assert!(matches!("4:5:6".parse::<Pace>(), Err(PaceError::Syntax(_))));
        let msg = "2:2".parse::<Pace>().expect_err("too fast").to_string();
        assert!(
            msg.contains("15.0 breaths a minute") && msg.contains("6 and 15 s"),
            "{msg}"
        );
    }
}
