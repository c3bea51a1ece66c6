//! What a person can choose about a practice: its length, pace, scene,
//! painful regions, back mode, sitting and, for the timer, delay and interval bells.

use super::OPEN_HORIZON_MIN;
use crate::pace::Pace;
use crate::region::BodyPart;
use std::collections::BTreeSet;

/// How long to practise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// A whole number of minutes.
    Minutes(u32),
    /// Until the person stops (the timer only); counts up.
    Open,
}

/// How progressive muscle relaxation treats the lower back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BackMode {
    /// Half strength (the default).
    #[default]
    Gentle,
    /// Leave the back out.
    Skip,
}

/// Interval bells for the timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntervalBells {
    /// Every N minutes after the start bell.
    Every(u32),
    /// Every N seconds after the start bell (for intervals such as 30 s or 2.5 min).
    EverySeconds(u32),
    /// At these minutes after the start bell (e.g. 0, 25, 30, 55).
    At(Vec<u32>),
}

/// The shortest interval between bells, seconds.
pub const MIN_INTERVAL_S: u32 = 10;

impl IntervalBells {
    /// Parses an interval in minutes as people write it: `5`, `0.5`, `2.5`.
    ///
    /// Whole minutes give [`IntervalBells::Every`]; a fraction must come to a
    /// whole number of seconds, at least [`MIN_INTERVAL_S`].
    pub fn parse_minutes(text: &str) -> Result<IntervalBells, String> {
        let t = text.trim();
        if let Ok(m) = t.parse::<u32>() {
            return Ok(IntervalBells::Every(m));
        }
        let bad = || {
            format!("interval {t:?} is not understood; give minutes between bells, e.g. 5 or 0.5")
        };
        let m: f64 = t.parse().map_err(|_| bad())?;
        if !m.is_finite() || m <= 0.0 || m > f64::from(OPEN_HORIZON_MIN) {
            return Err(bad());
        }
        let secs = m * 60.0;
        if (secs - secs.round()).abs() > 1e-6 || secs.round() < f64::from(MIN_INTERVAL_S) {
            return Err(format!(
                "interval {t} minutes is not a whole number of seconds of at least {MIN_INTERVAL_S}; try 0.5 (30 s) or 1"
            ));
        }
        Ok(IntervalBells::EverySeconds(secs.round() as u32))
    }
}

/// What a person chose before starting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How long.
    pub length: Length,
    /// Breathing pace (paced practices); the practice's default otherwise.
    pub pace: Option<Pace>,
    /// Body parts marked as painful: the body scan lingers, PMR and movement go gently.
    pub painful: BTreeSet<BodyPart>,
    /// Areas marked in an earlier natural-breath session.
    pub breath_areas: BTreeSet<BodyPart>,
    /// Imagery scene id; the first scene otherwise.
    pub scene: Option<String>,
    /// Timer interval bells.
    pub interval: Option<IntervalBells>,
    /// Timer settling-in delay, seconds.
    pub delay_s: Option<u32>,
    /// PMR back mode.
    pub back_mode: BackMode,
    /// Timer strikes per bell (1 or 2).
    pub strikes: Option<u8>,
    /// The person practises sitting: steps with a `seated_text` say it
    /// instead of their words (mindful movement).
    pub seated: bool,
}

impl Options {
    /// Plain options for a length in minutes.
    pub fn minutes(n: u32) -> Self {
        Options {
            length: Length::Minutes(n),
            pace: None,
            painful: BTreeSet::new(),
            breath_areas: BTreeSet::new(),
            scene: None,
            interval: None,
            delay_s: None,
            back_mode: BackMode::Gentle,
            strikes: None,
            seated: false,
        }
    }
}
