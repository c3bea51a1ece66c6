//! Compiling the unguided timer: settling-in delay, interval bells, open-ended runs.
//!
//! The closing bell rings when the chosen time is up, as on any meditation
//! timer; the timeline then runs on for [`BELL_TAIL_MS`] so the bell rings
//! out within it. The last bell of a timed sit is always its closing bell.

use super::build::check_minutes;
use super::{
    Cue, CueKind, IntervalBells, Length, OptionError, Options, StepSpan, Timeline, MAX_DELAY_S,
    MIN_INTERVAL_S, OPEN_HORIZON_MIN,
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
        return Err(not("--pace", "a pace is for paced breathing"));
    }
    if o.scene.is_some() {
        return Err(not("--scene", "scenes are for guided imagery"));
    }
    if !o.painful.is_empty() || !o.breath_areas.is_empty() {
        return Err(not(
            "--painful/--breath-areas",
            "body regions are for guided practices",
        ));
    }
    let defaults = p.timer.clone().unwrap_or(crate::content::TimerDefaults {
        strikes: 1,
        delay_s: 0,
    });
    let strikes = o.strikes.unwrap_or(defaults.strikes);
    if !(1..=2).contains(&strikes) {
        return Err(OptionError::Timer(format!(
            "{strikes} strikes is not offered; use 1 or 2"
        )));
    }
    let delay_s = o.delay_s.unwrap_or(defaults.delay_s);
    if delay_s > MAX_DELAY_S {
        return Err(OptionError::Timer(format!(
            "a settling-in delay of {delay_s} s is too long; use 0 to {MAX_DELAY_S} seconds"
        )));
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
        Some(IntervalBells::Every(0)) => {
            return Err(OptionError::Timer(
                "an interval of 0 minutes is not possible; use 1 or more".into(),
            ))
        }
        Some(IntervalBells::Every(k)) if !open && *k >= minutes => {
            return Err(OptionError::Timer(format!(
                "an interval of {k} minutes never rings in a {minutes}-minute sit; use 1 to {}",
                minutes.saturating_sub(1).max(1)
            )))
        }
        Some(IntervalBells::Every(k)) => (1..)
            .map(|j| j * u64::from(*k) * 60_000)
            .take_while(|ms| *ms < sit_ms)
            .collect(),
        Some(IntervalBells::EverySeconds(k)) if *k < MIN_INTERVAL_S => {
            return Err(OptionError::Timer(format!(
                "an interval of {k} s is too short; use at least {MIN_INTERVAL_S} seconds"
            )))
        }
        Some(IntervalBells::EverySeconds(k)) if !open && u64::from(*k) * 1000 >= sit_ms => {
            return Err(OptionError::Timer(format!(
                "an interval of {k} s never rings in a {minutes}-minute sit; choose a shorter one"
            )))
        }
        Some(IntervalBells::EverySeconds(k)) => (1..)
            .map(|j| j * u64::from(*k) * 1000)
            .take_while(|ms| *ms < sit_ms)
            .collect(),
        Some(IntervalBells::At(list)) => {
            if let Some(bad) = list.iter().find(|m| **m > minutes) {
                return Err(OptionError::Timer(format!(
                    "a bell at minute {bad} is after the end; use minutes from 0 to {minutes}"
                )));
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
