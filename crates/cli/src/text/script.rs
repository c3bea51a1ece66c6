//! A compiled practice as a script a person can read: when each thing is said.
//!
//! The breath pacer is summed up where it starts and stops rather than listed
//! breath by breath.

use super::{mm_ss, wrap};
use backcalm_core::{CueKind, Pace, Phase, Practice, Timeline};

/// Width of the `mm:ss  ` margin.
const MARGIN: usize = 7;

/// The whole script, wrapped to `width` characters.
pub fn script(p: &Practice, tl: &Timeline, width: usize) -> String {
    let text_width = width.saturating_sub(MARGIN).max(20);
    let mut out = String::new();
    out.push_str(&format!("{} ({})\n", tl.title, tl.id));
    out.push_str(&summary_line(tl));
    out.push('\n');
    out.push('\n');
    for (label, text) in [
        ("Position", Some(&p.posture)),
        ("Take care", p.caution.as_ref()),
    ] {
        if let Some(text) = text {
            // Continuation lines are indented two spaces, so wrap two short.
            for (i, line) in wrap(&format!("{label}: {text}"), width.saturating_sub(2).max(20))
                .iter()
                .enumerate()
            {
                out.push_str(if i == 0 { "" } else { "  " });
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push('\n');
    for (at_ms, what) in events(tl) {
        for (i, line) in wrap(&what, text_width).iter().enumerate() {
            let margin = if i == 0 {
                format!("{}  ", mm_ss(at_ms))
            } else {
                " ".repeat(MARGIN)
            };
            out.push_str(&margin);
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn summary_line(tl: &Timeline) -> String {
    let mut parts = vec![tl.kind.label().to_string()];
    parts.push(match tl.minutes {
        Some(1) => "1 minute".to_string(),
        Some(m) => format!("{m} minutes"),
        None => "open-ended".to_string(),
    });
    match (tl.pace, &tl.variant) {
        (Some(pace), _) => parts.push(format!(
            "{} ({} breaths a minute)",
            describe_pace(&pace),
            trim_float(pace.per_minute())
        )),
        (None, Some(scene)) if tl.kind == backcalm_core::Kind::Imagery => {
            parts.push(format!("scene: {scene}"))
        }
        (None, Some(variant)) => parts.push(variant.replace('-', " ")),
        (None, None) => {}
    }
    parts.join(" · ")
}

/// "breathe in 4 s, out 6 s" or with holds "in 4 s, hold 7 s, out 8 s".
pub fn describe_pace(pace: &Pace) -> String {
    let words: Vec<String> = pace
        .phases()
        .map(|(phase, ms)| {
            let name = match phase {
                Phase::In => "in",
                Phase::HoldIn => "hold",
                Phase::Out => "out",
                Phase::HoldOut => "rest",
            };
            format!("{name} {} s", trim_float(f64::from(ms) / 1000.0))
        })
        .collect();
    format!("breathe {}", words.join(", "))
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Every line of the script with its time, in order.
fn events(tl: &Timeline) -> Vec<(u64, String)> {
    let mut out: Vec<(u64, u8, String)> = Vec::new();
    let mut pacer: Option<(u64, u64, u32)> = None; // (start, end, breaths) of the current run
    let mut runs = Vec::new();
    for cue in &tl.cues {
        match &cue.what {
            CueKind::Bell { strikes: 1 } => out.push((cue.at_ms, 0, "Bell".to_string())),
            CueKind::Bell { strikes } => {
                out.push((cue.at_ms, 0, format!("Bell, {strikes} strikes")))
            }
            CueKind::Speak { text, .. } => out.push((cue.at_ms, 2, text.clone())),
            CueKind::Breath { phase, ms } => {
                let end = cue.at_ms + u64::from(*ms);
                let new_breath = u32::from(*phase == Phase::In);
                pacer = match pacer {
                    // Contiguous phases belong to one run of the pacer.
                    Some((start, run_end, n)) if run_end == cue.at_ms => {
                        Some((start, end, n + new_breath))
                    }
                    Some(run) => {
                        runs.push(run);
                        Some((cue.at_ms, end, new_breath))
                    }
                    None => Some((cue.at_ms, end, new_breath)),
                };
            }
        }
    }
    runs.extend(pacer);
    let pace = tl.pace.map(|p| describe_pace(&p)).unwrap_or_default();
    for (start, end, breaths) in runs {
        let plural = if breaths == 1 { "" } else { "s" };
        out.push((
            start,
            1,
            format!(
                "Pacer: {pace} ({breaths} breath{plural}, until {})",
                mm_ss(end)
            ),
        ));
        if end < tl.total_ms {
            out.push((end, 1, "Pacer stops: breathe in your own way".to_string()));
        }
    }
    if tl.kind == backcalm_core::Kind::Timer {
        if let Some(settle) = tl.steps.iter().find(|s| s.id == "settle") {
            out.push((
                settle.start_ms,
                0,
                format!(
                    "Settle in ({} s) before the first bell",
                    settle.end_ms / 1000
                ),
            ));
        }
    }
    if tl.open_ended {
        out.push((
            tl.total_ms,
            3,
            "Counts up until you stop (at most 4 hours)".to_string(),
        ));
    } else {
        out.push((tl.total_ms, 3, "End".to_string()));
    }
    out.sort_by_key(|(at, order, _)| (*at, *order));
    out.into_iter().map(|(at, _, text)| (at, text)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::{compile, Library, Options};

    fn shipped(id: &str, minutes: u32) -> (Practice, Timeline) {
        let lib = Library::embedded().expect("built-in library");
        let p = lib.get(id).expect("shipped practice").clone();
        let tl = compile(&p, &Options::minutes(minutes)).expect("compiles");
        (p, tl)
    }

    #[test]
    fn paced_breathing_is_summed_up_not_listed_breath_by_breath() {
        let (p, tl) = shipped("paced-breathing", 2);
        let text = script(&p, &tl, 80);
        assert!(
            text.starts_with(&format!("{} (paced-breathing)\n", p.title)),
            "{text}"
        );
        assert!(
            text.contains("Breathing · 2 minutes · breathe in 4 s, out 6 s (6 breaths a minute)"),
            "{text}"
        );
        assert!(text.contains("00:00  Bell\n"), "{text}");
        assert!(text.contains("Pacer: breathe in 4 s, out 6 s ("), "{text}");
        assert!(text.trim_end().ends_with("02:00  End"), "{text}");
        assert!(!text.contains("Breathe out"), "no per-breath lines: {text}");
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    }

    #[test]
    fn timer_shows_strikes_and_open_end() {
        let lib = Library::embedded().expect("built-in library");
        let p = lib.get("meditation-timer").expect("shipped").clone();
        let o = Options {
            length: backcalm_core::Length::Open,
            strikes: Some(2),
            ..Options::minutes(1)
        };
        let tl = compile(&p, &o).expect("compiles");
        let text = script(&p, &tl, 80);
        assert!(text.contains("Bell, 2 strikes"), "{text}");
        assert!(text.contains("Counts up until you stop"), "{text}");
    }

    #[test]
    fn paces_read_as_words() {
        assert_eq!(
            describe_pace(&Pace::FOUR_SEVEN_EIGHT),
            "breathe in 4 s, hold 7 s, out 8 s"
        );
        assert_eq!(
            describe_pace(&"3.5:6.5".parse().expect("valid")),
            "breathe in 3.5 s, out 6.5 s"
        );
    }
}
