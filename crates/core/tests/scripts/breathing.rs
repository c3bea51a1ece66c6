//! Paced breathing: after 4-7-8's four cycles the voice never sends the person
//! back to the pacer; 4-7-8 is done seated; a long out-breath is spoken of only
//! when the pace has one.

use super::{build, practice, speaks};
use backcalm_core::pace::Pace;
use backcalm_core::timeline::{CueKind, Options, Timeline};

const ID: &str = "paced-breathing";

fn with_pace(m: u32, pace: Pace) -> Options {
    Options {
        pace: Some(pace),
        ..Options::minutes(m)
    }
}

/// When the last breath of the pacer ends.
fn pacer_end(tl: &Timeline) -> u64 {
    tl.cues
        .iter()
        .filter_map(|c| match c.what {
            CueKind::Breath { ms, .. } => Some(c.at_ms + u64::from(ms)),
            _ => None,
        })
        .max()
        .expect("the pacer runs")
}

#[test]
fn after_the_last_4_7_8_cycle_the_voice_leaves_the_pacer_alone() {
    let p = practice(ID);
    let done = p
        .pacer_done_text
        .as_deref()
        .expect("words for the pacer's end");
    let pace = Pace::FOUR_SEVEN_EIGHT;
    let mut switched = 0;
    for m in p.minutes() {
        let tl = build(p, &with_pace(m, pace));
        let cycles = tl
            .cues
            .iter()
            .filter(|c| {
                matches!(
                    c.what,
                    CueKind::Breath {
                        phase: backcalm_core::Phase::In,
                        ..
                    }
                )
            })
            .count();
        assert!(cycles <= 4, "{cycles} cycles at {m} min");
        let end = pacer_end(&tl);
        for (at, words, step) in speaks(&tl) {
            if at >= end {
                assert!(
                    !words.to_lowercase().contains("pacer"),
                    "at {m} min, {step} says {words:?}"
                );
            }
        }
        for span in tl.steps.iter().filter(|s| s.start_ms >= end) {
            assert!(
                !span.pacer,
                "{} shows no pacer after the last cycle",
                span.id
            );
        }
        if tl
            .steps
            .iter()
            .any(|s| s.start_ms >= end && p.steps.iter().any(|x| x.id == s.id && x.pacer))
        {
            let said: Vec<&str> = speaks(&tl).iter().map(|s| s.1).collect();
            assert_eq!(said.iter().filter(|w| **w == done).count(), 1, "at {m} min");
            switched += 1;
        }
    }
    assert!(switched >= 10, "most lengths go on after the four cycles");
    // The same practice with the default pace keeps the pacer to the end of its steps.
    let relaxed = build(p, &Options::minutes(10));
    assert!(!speaks(&relaxed).iter().any(|s| s.1 == done));
}

#[test]
fn the_4_7_8_pattern_is_done_seated_and_says_so_at_every_length() {
    let p = practice(ID);
    for m in p.minutes() {
        for (name, pace) in Pace::PRESETS {
            let tl = build(p, &with_pace(m, pace));
            let first_breath = tl
                .cues
                .iter()
                .find(|c| matches!(c.what, CueKind::Breath { .. }))
                .map(|c| c.at_ms)
                .expect("a breath");
            let seated = speaks(&tl)
                .iter()
                .any(|s| s.0 < first_breath && s.1.contains("Sit upright"));
            assert_eq!(seated, pace.max_cycles.is_some(), "{name} at {m} min");
        }
    }
}

fn speaks_of_a_long_out_breath(words: &str) -> bool {
    let w = words.to_lowercase();
    (w.contains("long") || w.contains("longer"))
        && (w.contains("out-breath") || w.contains("breath out") || w.contains("exhale"))
}

#[test]
fn a_long_out_breath_is_spoken_of_only_when_the_pace_has_one() {
    let p = practice(ID);
    let mut heard = 0;
    for m in p.minutes() {
        for (name, pace) in Pace::PRESETS {
            let tl = build(p, &with_pace(m, pace));
            for (_, words, _) in speaks(&tl) {
                if speaks_of_a_long_out_breath(words) {
                    assert!(
                        pace.exhale_ms > pace.inhale_ms,
                        "{name} at {m} min: {words}"
                    );
                    heard += 1;
                }
            }
        }
    }
    assert!(
        heard > 0,
        "the relaxed pace does speak of its long out-breath"
    );
    assert!(speaks_of_a_long_out_breath("Let the out-breath be long"));
}

#[test]
fn natural_breath_stays_free_of_the_pacer() {
    let p = practice("natural-breath");
    for m in p.minutes() {
        let tl = build(p, &Options::minutes(m));
        assert!(tl
            .cues
            .iter()
            .all(|c| !matches!(c.what, CueKind::Breath { .. })));
    }
}
