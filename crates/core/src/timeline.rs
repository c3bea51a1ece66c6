//! The `Timeline`: one practice at one length, as a list of timed cues.
//!
//! [`compile`] turns a [`Practice`](crate::Practice) and [`Options`] into a [`Timeline`]; after
//! that, [`Timeline::at`] is a pure function from elapsed time to what should
//! be on screen ([`Frame`]), and [`Timeline::cues_between`] says which sounds
//! fall due. Every player (terminal, browser, audio renderer) plays the same
//! timeline, so there is one answer to "what happens when".
//!
//! How a length is filled: the steps played are the script's steps, minus
//! optional ones for short versions (lowest `rank` first, later steps first
//! among equals) until the minimum lengths take at most [`FILL`] of the time.
//! Each step gets its minimum; the rest is silence shared by `weight`, in whole
//! milliseconds, so the total is exact. Steps at regions marked as painful
//! drop out last. In a body scan they linger (their `linger_s` on top, taken
//! from the silence of the other steps), all together at most
//! [`LINGER_CAP`] of the session. Pacer steps are trimmed to whole breaths;
//! the trimmed time goes to the next step.

mod build;
mod options;
mod pacing;
mod refusal;
mod share;
mod timer;

pub use build::compile;
pub use options::{BackMode, IntervalBells, Length, Options, MIN_INTERVAL_S};
pub use refusal::{Opt, OptionError, TimerError};
pub use share::LINGER_CAP;

use crate::content::Kind;
use crate::pace::{Pace, Phase};
use crate::region::BodyPart;
use serde::Serialize;

/// Optional steps are kept while the minimum lengths fill at most this share of the time.
pub const FILL: f64 = 0.6;
/// How long an open-ended timer can run: four hours.
pub const OPEN_HORIZON_MIN: u32 = 240;
/// Longest settling-in delay, seconds.
pub const MAX_DELAY_S: u32 = 600;

/// What happens at a moment of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CueKind {
    /// Words to speak and show as a caption.
    Speak {
        /// The words.
        text: String,
        /// The step they belong to.
        step: String,
    },
    /// A bell.
    Bell {
        /// 1 or 2 strikes.
        strikes: u8,
    },
    /// A breath phase begins (the pacer).
    Breath {
        /// Which phase.
        phase: Phase,
        /// How long it lasts.
        ms: u32,
    },
}

/// A cue at a moment, in milliseconds from the start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cue {
    /// When, in ms from the start.
    pub at_ms: u64,
    /// What.
    #[serde(flatten)]
    pub what: CueKind,
}

/// A step's place in the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepSpan {
    /// The step id.
    pub id: String,
    /// Start, ms.
    pub start_ms: u64,
    /// End, ms (the next step's start).
    pub end_ms: u64,
    /// The body part it attends to.
    pub region: Option<BodyPart>,
    /// Whether it lingered for a painful region.
    pub painful: bool,
    /// Whether the pacer runs.
    pub pacer: bool,
    /// The step's main words (empty for silence).
    pub text: String,
}

/// A practice compiled to one length: every cue at its millisecond.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The practice id.
    pub id: String,
    /// The practice title.
    pub title: String,
    /// Its kind.
    pub kind: Kind,
    /// Whole minutes chosen; `None` when open-ended.
    pub minutes: Option<u32>,
    /// Exact length in ms (for an open-ended timer, the horizon).
    pub total_ms: u64,
    /// Counts up until stopped.
    pub open_ended: bool,
    /// The pace used, for paced practices.
    pub pace: Option<Pace>,
    /// Scene or pace preset, for the session record.
    pub variant: Option<String>,
    /// Steps in order, contiguous from 0 to `total_ms`.
    pub steps: Vec<StepSpan>,
    /// Cues in time order.
    pub cues: Vec<Cue>,
}

/// The breath pacer at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BreathNow {
    /// Current phase.
    pub phase: Phase,
    /// Its full length, ms.
    pub phase_ms: u32,
    /// How far into it, ms.
    pub into_ms: u32,
    /// How full the lungs are, 0.0-1.0 (grows on the in-breath, shrinks on the out-breath).
    pub fullness: f64,
}

/// What should be on screen at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frame {
    /// Time since the start, ms (clamped to the total unless open-ended).
    pub elapsed_ms: u64,
    /// Time left, ms; `None` when open-ended.
    pub remaining_ms: Option<u64>,
    /// Index into `steps`.
    pub step: Option<usize>,
    /// The words of the latest prompt in this step.
    pub caption: Option<String>,
    /// The pacer, inside a pacer step.
    pub breath: Option<BreathNow>,
    /// The practice is over.
    pub finished: bool,
}

impl Timeline {
    /// What to show at `elapsed_ms`. Pure: the same input gives the same frame.
    pub fn at(&self, elapsed_ms: u64) -> Frame {
        let finished = !self.open_ended && elapsed_ms >= self.total_ms;
        let t = if self.open_ended {
            elapsed_ms
        } else {
            elapsed_ms.min(self.total_ms)
        };
        let step = match self.steps.partition_point(|s| s.start_ms <= t) {
            0 => None,
            n => Some(n - 1),
        };
        let upto = self.cues.partition_point(|c| c.at_ms <= t);
        let step_start = step.map(|i| self.steps[i].start_ms).unwrap_or(0);
        let mut caption = None;
        let mut breath = None;
        for c in self.cues[..upto].iter().rev() {
            match &c.what {
                CueKind::Speak { text, .. } if caption.is_none() && c.at_ms >= step_start => {
                    caption = Some(text.clone());
                }
                CueKind::Breath { phase, ms }
                    if breath.is_none() && t < c.at_ms + u64::from(*ms) =>
                {
                    let into = (t - c.at_ms) as u32;
                    let frac = f64::from(into) / f64::from((*ms).max(1));
                    let fullness = match phase {
                        Phase::In => frac,
                        Phase::HoldIn => 1.0,
                        Phase::Out => 1.0 - frac,
                        Phase::HoldOut => 0.0,
                    };
                    breath = Some(BreathNow {
                        phase: *phase,
                        phase_ms: *ms,
                        into_ms: into,
                        fullness,
                    });
                }
                _ => {}
            }
            if c.at_ms < step_start && breath.is_some() {
                break;
            }
            if c.at_ms + 60_000 < step_start {
                break;
            }
        }
        Frame {
            elapsed_ms: t,
            remaining_ms: (!self.open_ended).then(|| self.total_ms - t),
            step,
            caption,
            breath,
            finished,
        }
    }

    /// Cues with `from_ms <= at_ms < to_ms`, in order.
    pub fn cues_between(&self, from_ms: u64, to_ms: u64) -> &[Cue] {
        let a = self.cues.partition_point(|c| c.at_ms < from_ms);
        let b = self.cues.partition_point(|c| c.at_ms < to_ms);
        &self.cues[a..b.max(a)]
    }

    /// Where "skip step" goes from `elapsed_ms`: the next step's start, or the end.
    pub fn next_step_start(&self, elapsed_ms: u64) -> u64 {
        self.steps
            .iter()
            .map(|s| s.start_ms)
            .find(|s| *s > elapsed_ms)
            .unwrap_or(self.total_ms)
    }
}
