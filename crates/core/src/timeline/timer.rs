//! Compiling the unguided timer: settling-in delay, interval bells, open-ended runs.
//!
//! The closing bell rings when the chosen time is up, as on any meditation
//! timer; the timeline then runs on for [`BELL_TAIL_MS`] so the bell rings
//! out within it. The last bell of a timed sit is always its closing bell.

use super::build::check_minutes;
use super::{
    Cue, CueKind, IntervalBells, Length, Opt, OptionError, Options, StepSpan, Timeline, TimerError,
    MAX_DELAY_S, MIN_INTERVAL_S, OPEN_HORIZON_MIN,
};
use crate::content::{Practice, BELL_TAIL_MS};

pub(super) fn compile_timer(p: &Practice, o: &Options) -> Result<Timeline, OptionError> {
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
    let defaults = p.timer.clone().unwrap_or(crate::content::TimerDefaults {
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
    let delay = u64::from(delay_s) * 1000;
    let sit_ms = u64::from(minutes) * 60_000;
    // The chosen time is up here; an open run has no end bell and no ring-out.
    let end_bell = delay + sit_ms;
    let total_ms = if open {
        end_bell
    } else {
        end_bell + BELL_TAIL_MS
    };
    let mut offsets: Vec<u64> = match &o.interval {
        None => Vec::new(),
        Some(IntervalBells::Every(0)) => return Err(TimerError::ZeroInterval.into()),
        Some(IntervalBells::Every(k)) if !open && *k >= minutes => {
            return Err(TimerError::MinutesNeverRing { every: *k, minutes }.into())
        }
        Some(IntervalBells::Every(k)) => (1..)
            .map(|j| j * u64::from(*k) * 60_000)
            .take_while(|ms| *ms < sit_ms)
            .collect(),
        Some(IntervalBells::EverySeconds(k)) if *k < MIN_INTERVAL_S => {
            return Err(TimerError::TooShort(*k).into())
        }
        Some(IntervalBells::EverySeconds(k)) if !open && u64::from(*k) * 1000 >= sit_ms => {
            return Err(TimerError::SecondsNeverRing { every: *k, minutes }.into())
        }
        Some(IntervalBells::EverySeconds(k)) => (1..)
            .map(|j| j * u64::from(*k) * 1000)
            .take_while(|ms| *ms < sit_ms)
            .collect(),
        Some(IntervalBells::At(list)) => {
            if let Some(bad) = list.iter().find(|m| **m > minutes) {
                return Err(TimerError::BellAfterEnd { at: *bad, minutes }.into());
            }
            list.iter().map(|m| u64::from(*m) * 60_000).collect()
        }
    };
    offsets.sort_unstable();
    offsets.dedup();
    let mut cues = vec![Cue {
        at_ms: delay,
        what: CueKind::Bell { strikes },
    }];
    for off in offsets {
        let at = delay + off;
        // The start and end bells already ring at 0 and at the end.
        if off == 0 || (!open && at >= end_bell) {
            continue;
        }
        cues.push(Cue {
            at_ms: at,
            what: CueKind::Bell { strikes },
        });
    }
    if !open {
        cues.push(Cue {
            at_ms: end_bell,
            what: CueKind::Bell { strikes },
        });
    }
    let mut steps = Vec::new();
    if delay > 0 {
        steps.push(StepSpan {
            id: "settle".into(),
            start_ms: 0,
            end_ms: delay,
            region: None,
            painful: false,
            pacer: false,
            text: String::new(),
        });
    }
    // The sit runs on through the ring-out: one step, so skipping it ends the session.
    steps.push(StepSpan {
        id: "sit".into(),
        start_ms: delay,
        end_ms: total_ms,
        region: None,
        painful: false,
        pacer: false,
        text: String::new(),
    });
    Ok(Timeline {
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
    })
}
