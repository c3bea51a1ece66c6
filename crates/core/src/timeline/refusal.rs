//! Why a choice does not fit a practice, as types: each error says which
//! [`Opt`] is at fault, and each edge names that option its own way (the CLI
//! as a flag, the web as a query parameter), so core names neither.

use super::{MAX_DELAY_S, MIN_INTERVAL_S};

/// One thing a person can choose about a practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Opt {
    /// The length in minutes.
    Minutes,
    /// An open-ended length (the timer only).
    Open,
    /// The breathing pace.
    Pace,
    /// The imagery scene.
    Scene,
    /// Body parts marked as painful.
    Painful,
    /// Areas marked in an earlier natural-breath session.
    BreathAreas,
    /// Interval bells every so many minutes or seconds.
    Interval,
    /// Bells at given minutes.
    BellsAt,
    /// The timer's settling-in delay.
    Delay,
    /// The timer's strikes per bell.
    Strikes,
    /// Practising sitting.
    Seated,
}

/// An option that does not fit the practice. Its message starts after the
/// option's name, which the edge supplies (see [`OptionError::option`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// Minutes outside the practice's range.
    #[error(
        "{given} minutes is not offered for {practice}; choose a whole number from {min} to {max}"
    )]
    Minutes {
        /// Practice id.
        practice: String,
        /// Given.
        given: u32,
        /// Shortest.
        min: u32,
        /// Longest.
        max: u32,
    },
    /// An option that this practice does not take; the message is worded to
    /// follow the option's name ("--pace does not apply to …").
    #[error("does not apply to {practice} ({kind}); {hint}")]
    NotApplicable {
        /// The option.
        option: Opt,
        /// Practice id.
        practice: String,
        /// Its kind.
        kind: &'static str,
        /// Which practices take it.
        hint: &'static str,
    },
    /// Unknown scene.
    #[error("scene {given:?} is not in {practice}; choose from {known}")]
    Scene {
        /// Given.
        given: String,
        /// Practice id.
        practice: String,
        /// Scene ids.
        known: String,
    },
    /// A timer setting out of range.
    #[error(transparent)]
    Timer(#[from] TimerError),
}

impl OptionError {
    /// The option at fault.
    pub fn option(&self) -> Opt {
        match self {
            OptionError::Minutes { .. } => Opt::Minutes,
            OptionError::NotApplicable { option, .. } => *option,
            OptionError::Scene { .. } => Opt::Scene,
            OptionError::Timer(t) => t.option(),
        }
    }
}

/// A timer setting out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    /// Strikes per bell other than 1 or 2.
    #[error("{0} strikes is not offered; use 1 or 2")]
    Strikes(u8),
    /// A settling-in delay over [`MAX_DELAY_S`].
    #[error("a settling-in delay of {0} s is too long; use 0 to {MAX_DELAY_S} seconds")]
    Delay(u32),
    /// Bells every 0 minutes.
    #[error("an interval of 0 minutes is not possible; use 1 or more")]
    ZeroInterval,
    /// Whole-minute bells that would not ring before the end.
    #[error(
        "an interval of {every} minutes never rings in a {minutes}-minute sit; use 1 to {last}",
        last = .minutes.saturating_sub(1).max(1)
    )]
    MinutesNeverRing {
        /// Minutes between bells.
        every: u32,
        /// The sit's length.
        minutes: u32,
    },
    /// Bells closer together than [`MIN_INTERVAL_S`].
    #[error("an interval of {0} s is too short; use at least {MIN_INTERVAL_S} seconds")]
    TooShort(u32),
    /// Bells every so many seconds that would not ring before the end.
    #[error(
        "an interval of {every} s never rings in a {minutes}-minute sit; choose a shorter one"
    )]
    SecondsNeverRing {
        /// Seconds between bells.
        every: u32,
        /// The sit's length.
        minutes: u32,
    },
    /// A bell at a minute after the sit ends.
    #[error("a bell at minute {at} is after the end; use minutes from 0 to {minutes}")]
    BellAfterEnd {
        /// The minute asked for.
        at: u32,
        /// The sit's length.
        minutes: u32,
    },
}

impl TimerError {
    /// The option at fault.
    pub fn option(&self) -> Opt {
        match self {
            TimerError::Strikes(_) => Opt::Strikes,
            TimerError::Delay(_) => Opt::Delay,
            TimerError::BellAfterEnd { .. } => Opt::BellsAt,
            TimerError::ZeroInterval
            | TimerError::MinutesNeverRing { .. }
            | TimerError::TooShort(_)
            | TimerError::SecondsNeverRing { .. } => Opt::Interval,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_names_its_option_and_says_what_is_allowed() {
        let e = OptionError::from(TimerError::MinutesNeverRing {
            every: 5,
            minutes: 3,
        });
        assert_eq!(e.option(), Opt::Interval);
        assert_eq!(
            e.to_string(),
            "an interval of 5 minutes never rings in a 3-minute sit; use 1 to 2"
        );
        let e = OptionError::from(TimerError::MinutesNeverRing {
            every: 5,
            minutes: 1,
        });
        assert!(e.to_string().ends_with("use 1 to 1"), "{e}");
        let e = OptionError::from(TimerError::BellAfterEnd {
            at: 70,
            minutes: 55,
        });
        assert_eq!(e.option(), Opt::BellsAt);
        assert_eq!(
            e.to_string(),
            "a bell at minute 70 is after the end; use minutes from 0 to 55"
        );
        assert_eq!(
            OptionError::from(TimerError::Delay(9999)).to_string(),
            "a settling-in delay of 9999 s is too long; use 0 to 600 seconds"
        );
        assert_eq!(
            OptionError::from(TimerError::Strikes(3)).option(),
            Opt::Strikes
        );
        let e = OptionError::NotApplicable {
            option: Opt::Pace,
            practice: "body-scan".into(),
            kind: "body-scan",
            hint: "a pace is for paced breathing",
        };
        assert_eq!(e.option(), Opt::Pace);
        assert_eq!(
            e.to_string(),
            "does not apply to body-scan (body-scan); a pace is for paced breathing"
        );
    }
}
