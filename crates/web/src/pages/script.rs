//! A compiled [`Timeline`] as a script people can read: each step with its
//! time span and its words, bells and the pacer described in plain words.

use super::when::{clock, duration_words};
use backcalm_core::content::Step;
use backcalm_core::timeline::StepSpan;
use backcalm_core::{CueKind, Pace, Practice, Timeline};

/// One line of a step: when, and what happens.
#[derive(Debug, Clone)]
pub struct Line {
    /// e.g. "0:03".
    pub at: String,
    /// Machine-readable offset for `<time datetime>`, e.g. "PT3S".
    pub at_iso: String,
    /// The words, or a description of a bell.
    pub text: String,
    /// A bell rather than words.
    pub bell: bool,
}

/// A step of the script.
#[derive(Debug, Clone)]
pub struct ScriptStep {
    /// "0:00".
    pub start: String,
    /// "0:45".
    pub end: String,
    /// How long, in words: "45 s".
    pub length: String,
    /// What is said and rung in this step.
    pub lines: Vec<Line>,
    /// The pacer, described: "Breathe with the pacer: 9 breaths of 4 s in, 6 s out".
    pub pacer: Option<String>,
    /// Movement: the lying or seated way.
    pub alternative: Option<String>,
    /// Movement: when to stop.
    pub stop_if: Option<String>,
}

fn iso(ms: u64) -> String {
    format!("PT{}S", ms / 1000)
}

/// Describes a pace in words: "4 s in, 6 s out" or "4 s in, hold 7 s, 8 s out".
pub fn pace_words(p: &Pace) -> String {
    // Whole seconds without a decimal: "4 s", but "3.5 s".
    let s = |ms: u32| {
        let t = format!("{:.1}", f64::from(ms) / 1000.0);
        format!("{} s", t.strip_suffix(".0").unwrap_or(&t))
    };
    let mut parts = vec![format!("{} in", s(p.inhale_ms))];
    if p.hold_in_ms > 0 {
        parts.push(format!("hold {}", s(p.hold_in_ms)));
    }
    parts.push(format!("{} out", s(p.exhale_ms)));
    if p.hold_out_ms > 0 {
        parts.push(format!("rest {}", s(p.hold_out_ms)));
    }
    parts.join(", ")
}

fn find_step<'a>(p: &'a Practice, id: &str) -> Option<&'a Step> {
    p.steps
        .iter()
        .chain(p.scenes.iter().flat_map(|s| s.steps.iter()))
        .find(|s| s.id == id)
}

fn bell_words(strikes: u8) -> String {
    if strikes >= 2 {
        "A bell rings twice".to_string()
    } else {
        "A bell rings".to_string()
    }
}

/// The readable script of `t`, a compiled form of `p`.
pub fn script(p: &Practice, t: &Timeline) -> Vec<ScriptStep> {
    let last = t.steps.len().saturating_sub(1);
    t.steps
        .iter()
        .enumerate()
        .map(|(i, span)| step_of(p, t, span, i == last))
        .collect()
}

fn step_of(p: &Practice, t: &Timeline, span: &StepSpan, is_last: bool) -> ScriptStep {
    let mut lines = Vec::new();
    let mut breaths = 0u32;
    // A cue at the very end (none today) would belong to the last step.
    let inside =
        |at: u64| at >= span.start_ms && (at < span.end_ms || (is_last && at <= span.end_ms));
    for c in t.cues.iter().filter(|c| inside(c.at_ms)) {
        match &c.what {
            CueKind::Speak { text, .. } => lines.push(Line {
                at: clock(c.at_ms),
                at_iso: iso(c.at_ms),
                text: text.clone(),
                bell: false,
            }),
            CueKind::Bell { strikes } => lines.push(Line {
                at: clock(c.at_ms),
                at_iso: iso(c.at_ms),
                text: bell_words(*strikes),
                bell: true,
            }),
            CueKind::Breath { phase, .. } if *phase == backcalm_core::Phase::In => breaths += 1,
            CueKind::Breath { .. } => {}
        }
    }
    let pacer = match (&t.pace, breaths) {
        (Some(pace), n) if n > 0 => Some(format!(
            "Breathe with the pacer: {n} {} of {}",
            if n == 1 { "breath" } else { "breaths" },
            pace_words(pace)
        )),
        _ => None,
    };
    let step = find_step(p, &span.id);
    ScriptStep {
        start: clock(span.start_ms),
        end: clock(span.end_ms),
        length: duration_words((span.end_ms - span.start_ms) / 1000),
        lines,
        pacer,
        alternative: step.and_then(|s| s.alternative.clone()),
        stop_if: step.and_then(|s| s.stop_if.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::pace_words;
    use backcalm_core::Pace;

    #[test]
    fn paces_read_in_seconds_with_holds_named() {
        assert_eq!(pace_words(&Pace::RELAXED), "4 s in, 6 s out");
        assert_eq!(
            pace_words(&Pace::FOUR_SEVEN_EIGHT),
            "4 s in, hold 7 s, 8 s out"
        );
        let halves: Pace = "3.5:6.5".parse().expect("a valid pace");
        assert_eq!(pace_words(&halves), "3.5 s in, 6.5 s out");
    }
}
