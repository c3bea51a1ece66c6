//! Compiling the unguided timer: settling-in delay, interval bells, open-ended runs.
//!
//! The closing bell rings when the chosen time is up, as on any meditation
//! timer; the timeline then runs on for [`BELL_TAIL_MS`] so the bell rings
//! out within it. The last bell of a timed sit is always its closing bell.
//!
//! Three steps: refuse what only guided practices take ([`refuse_guided`]),
//! settle the sit's settings ([`Sit::settle`]), then lay out its bells and
//! steps ([`Sit::timeline`]).

use super::build::check_minutes;
use super::{
    Cue, CueKind, IntervalBells, Length, Opt, OptionError, Options, StepSpan, Timeline, TimerError,
    MAX_DELAY_S, MIN_INTERVAL_S, OPEN_HORIZON_MIN,
};
use crate::content::{Practice, TimerDefaults, BELL_TAIL_MS};

pub(super) fn compile_timer(p: &Practice, o: &Options) -> Result<Timeline, OptionError> {
    refuse_guided(p, o)?;
    Ok(Sit::settle(p, o)?.timeline(p))
}

/// Refuses the options that only guided practices take.
fn refuse_guided(p: &Practice, o: &Options) -> Result<(), OptionError> {
    let not = |option, hint| OptionError::NotApplicable {
        option,
        practice: p.id.clone(),
        kind: p.kind.id(),
        hint,
    };
    if o.pace.is_some() {
        return Err(not(Opt::Pace, "a pace is for paced breathing"));
    }
    if o.scene.is_some() {
        return Err(not(Opt::Scene, "scenes are for guided imagery"));
    }
    if !o.painful.is_empty() || !o.breath_areas.is_empty() {
        let option = if o.painful.is_empty() {
            Opt::BreathAreas
        } else {
            Opt::Painful
        };
        return Err(not(option, "body regions are for guided practices"));
    }
    Ok(())
}

/// One sit's settings, each checked: what the timeline is laid out from.
struct Sit {
    strikes: u8,
    /// Settling-in delay before the start bell, ms.
    delay_ms: u64,
    /// The chosen minutes, or the horizon when open-ended.
    minutes: u32,
    open: bool,
    /// Interval bells after the start bell, ms, sorted, without repeats.
    offsets: Vec<u64>,
}

impl Sit {
    /// The options with the practice's defaults filled in, or the one that is out of range.
    fn settle(p: &Practice, o: &Options) -> Result<Sit, OptionError> {
        let defaults = p.timer.clone().unwrap_or(TimerDefaults {
            strikes: 1,
            delay_s: 0,
        });
        let strikes = o.strikes.unwrap_or(defaults.strikes);
        if !(1..=2).contains(&strikes) {
            return Err(TimerError::Strikes(strikes).into());
        }
        let delay_s = o.delay_s.unwrap_or(defaults.delay_s);
        if delay_s > MAX_DELAY_S {
            return Err(TimerError::Delay(delay_s).into());
        }
        let (minutes, open) = match o.length {
            Length::Minutes(m) => (check_minutes(p, m)?, false),
            Length::Open => (OPEN_HORIZON_MIN, true),
        };
        let offsets = match &o.interval {
            None => Vec::new(),
            Some(bells) => interval_offsets(bells, minutes, open)?,
        };
        Ok(Sit {
            strikes,
            delay_ms: u64::from(delay_s) * 1000,
            minutes,
            open,
            offsets,
        })
    }

    /// The bells and steps of the sit.
    fn timeline(&self, p: &Practice) -> Timeline {
        let Sit {
            strikes,
            delay_ms: delay,
            minutes,
            open,
            ..
        } = *self;
        // The chosen time is up here; an open run has no end bell and no ring-out.
        let end_bell = delay + u64::from(minutes) * 60_000;
        let total_ms = if open {
            end_bell
        } else {
            end_bell + BELL_TAIL_MS
        };
        let bell = |at_ms| Cue {
            at_ms,
            what: CueKind::Bell { strikes },
        };
        let mut cues = vec![bell(delay)];
        for off in &self.offsets {
            let at = delay + off;
            // The start and end bells already ring at 0 and at the end.
            if *off == 0 || (!open && at >= end_bell) {
                continue;
            }
            cues.push(bell(at));
        }
        if !open {
            cues.push(bell(end_bell));
        }
        let span = |id: &str, start_ms, end_ms| StepSpan {
            id: id.into(),
            start_ms,
            end_ms,
            region: None,
            painful: false,
            pacer: false,
            text: String::new(),
        };
        let mut steps = Vec::new();
        if delay > 0 {
            steps.push(span("settle", 0, delay));
        }
        // The sit runs on through the ring-out: one step, so skipping it ends the session.
        steps.push(span("sit", delay, total_ms));
        Timeline {
            id: p.id.clone(),
            title: p.title.clone(),
            kind: p.kind,
            minutes: (!open).then_some(minutes),
            total_ms,
            open_ended: open,
            pace: None,
            variant: (strikes == 2).then(|| "double-strike".to_string()),
            steps,
            cues,
        }
    }
}

/// When interval bells ring, ms after the start bell, sorted and without repeats.
fn interval_offsets(
    bells: &IntervalBells,
    minutes: u32,
    open: bool,
) -> Result<Vec<u64>, TimerError> {
    let sit_ms = u64::from(minutes) * 60_000;
    let every = |step_ms: u64| -> Vec<u64> {
        (1..)
            .map(|j| j * step_ms)
            .take_while(|ms| *ms < sit_ms)
            .collect()
    };
    let mut offsets = match bells {
        IntervalBells::Every(0) => return Err(TimerError::ZeroInterval),
        IntervalBells::Every(k) if !open && *k >= minutes => {
            return Err(TimerError::MinutesNeverRing { every: *k, minutes })
        }
        IntervalBells::Every(k) => every(u64::from(*k) * 60_000),
        IntervalBells::EverySeconds(k) if *k < MIN_INTERVAL_S => {
            return Err(TimerError::TooShort(*k))
        }
        IntervalBells::EverySeconds(k) if !open && u64::from(*k) * 1000 >= sit_ms => {
            return Err(TimerError::SecondsNeverRing { every: *k, minutes })
        }
        IntervalBells::EverySeconds(k) => every(u64::from(*k) * 1000),
        IntervalBells::At(list) => {
            if let Some(bad) = list.iter().find(|m| **m > minutes) {
                return Err(TimerError::BellAfterEnd { at: *bad, minutes });
            }
            list.iter().map(|m| u64::from(*m) * 60_000).collect()
        }
    };
    offsets.sort_unstable();
    offsets.dedup();
    Ok(offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_bells_fall_inside_the_sit_in_order() {
        assert_eq!(
            interval_offsets(&IntervalBells::Every(2), 5, false),
            Ok(vec![120_000, 240_000])
        );
        assert_eq!(
            interval_offsets(&IntervalBells::EverySeconds(90), 3, false),
            Ok(vec![90_000])
        );
        assert_eq!(
            interval_offsets(&IntervalBells::At(vec![5, 0, 5, 2]), 5, false),
            Ok(vec![0, 120_000, 300_000])
        );
        assert_eq!(
            interval_offsets(&IntervalBells::Every(5), 5, false),
            Err(TimerError::MinutesNeverRing {
                every: 5,
                minutes: 5
            })
        );
        assert_eq!(
            interval_offsets(&IntervalBells::Every(0), 5, true),
            Err(TimerError::ZeroInterval)
        );
        assert_eq!(
            interval_offsets(&IntervalBells::EverySeconds(9), 5, true),
            Err(TimerError::TooShort(9))
        );
        assert_eq!(
            interval_offsets(&IntervalBells::EverySeconds(300), 5, false),
            Err(TimerError::SecondsNeverRing {
                every: 300,
                minutes: 5
            })
        );
        assert_eq!(
            interval_offsets(&IntervalBells::At(vec![6]), 5, false),
            Err(TimerError::BellAfterEnd { at: 6, minutes: 5 })
        );
        // Open-ended: every bell up to the horizon rings.
        let open =
            interval_offsets(&IntervalBells::Every(60), OPEN_HORIZON_MIN, true).expect("open");
        assert_eq!(open, vec![3_600_000, 7_200_000, 10_800_000]);
    }
}
