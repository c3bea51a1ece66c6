//! Progressive muscle relaxation: holds of 5-7 s with breathing, one effort
//! word a hold, and marked regions softened in every step that covers them.

use super::{build, marked, practice, script_step, speaks};
use backcalm_core::content::{sentence_breaks, words_ms, Step};
use backcalm_core::timeline::Options;
use backcalm_core::BodyPart;

fn holds(p: &backcalm_core::Practice) -> Vec<&Step> {
    p.steps.iter().filter(|s| s.hold_s > 0).collect()
}

/// The words that start each hold: the step's text, and the back step's half-effort words.
fn tensing_words(s: &Step) -> Vec<&str> {
    std::iter::once(s.text.as_str())
        .chain(s.gentle_text.as_deref())
        .collect()
}

/// CLINICAL.md: tense about 5-7 s, release 20-40 s.
const HOLD_MS: std::ops::RangeInclusive<u64> = 5_000..=7_000;
const REST_MIN_MS: u64 = 20_000;

#[test]
fn every_hold_lasts_five_to_seven_seconds_of_tension_at_any_voice_speed() {
    let p = practice("pmr");
    let mut measured = 0;
    for m in p.minutes() {
        let tl = build(p, &Options::minutes(m));
        let said = speaks(&tl);
        for span in tl.steps.iter() {
            let step = script_step(p, &span.id);
            if step.hold_s == 0 {
                continue;
            }
            let mine: Vec<_> = said.iter().filter(|s| s.2 == span.id).collect();
            let (tense, release) = (mine[0], mine[1]);
            assert!(
                release.1.starts_with("And let"),
                "{}: {}",
                span.id,
                release.1
            );
            // Voices from slow, with a second between sentences, to quick without.
            for (wpm, pause_ms) in [
                (100, 1000),
                (105, 1000),
                (110, 1000),
                (115, 1000),
                (115, 0),
                (130, 0),
            ] {
                let words_end =
                    tense.0 + words_ms(tense.1, wpm) + sentence_breaks(tense.1) as u64 * pause_ms;
                let hold = release.0 - words_end;
                assert!(
                    HOLD_MS.contains(&hold),
                    "{} at {m} min, {wpm} wpm, {pause_ms} ms pauses: {hold} ms of tension",
                    span.id
                );
            }
            let rest = span.end_ms - release.0;
            assert!(
                rest >= REST_MIN_MS,
                "{} at {m} min rests {rest} ms after the release",
                span.id
            );
            measured += 1;
        }
    }
    assert!(measured >= 4 * p.minutes().len(), "holds were measured");
    assert_eq!(sentence_breaks("Make fists. Hold, and breathe."), 1);
    assert_eq!(sentence_breaks("Make fists, and hold; keep breathing."), 0);
}

#[test]
fn every_hold_says_to_keep_breathing() {
    let p = practice("pmr");
    assert!(holds(p).len() >= 8, "a hold for each muscle group");
    for s in holds(p) {
        for words in tensing_words(s) {
            assert!(words.contains("keep breathing"), "{}: {words}", s.id);
        }
    }
}

/// Ways of saying how hard to tense. One per hold, so a hold never says two
/// different amounts ("half strength, barely at all").
const EFFORT: [&str; 8] = [
    "gentle", "gently", "lightly", "slightly", "half", "barely", "a little", "softly",
];
/// Words that ask for more than gentle tension.
const TOO_MUCH: [&str; 6] = [
    "hard",
    "tight as",
    "full strength",
    "all your strength",
    "as much as",
    "squeeze",
];

fn effort_words(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = format!(" {} ", words.join(" "));
    EFFORT
        .iter()
        .copied()
        .filter(|e| joined.contains(&format!(" {e} ")))
        .collect()
}

#[test]
fn each_hold_names_one_gentle_effort() {
    let p = practice("pmr");
    for s in holds(p) {
        for words in tensing_words(s) {
            let found = effort_words(words);
            assert_eq!(found.len(), 1, "{}: {words:?} names {found:?}", s.id);
            let lower = words.to_lowercase();
            for strong in TOO_MUCH {
                assert!(!lower.contains(strong), "{}: {words}", s.id);
            }
        }
        if let Some(g) = &s.gentle_text {
            assert_ne!(effort_words(g), effort_words(&s.text), "{}", s.id);
        }
    }
    assert_eq!(effort_words("at half strength, barely at all").len(), 2);
}

#[test]
fn steps_cover_the_regions_their_muscles_move() {
    let p = practice("pmr");
    let covers = |id: &str, parts: &[BodyPart]| {
        let s = script_step(p, id);
        for part in parts {
            assert!(s.parts().contains(part), "{id} covers {part}");
        }
    };
    use BodyPart::*;
    covers("neck-shoulders", &[Neck, Shoulder]);
    covers("shoulder-blades", &[UpperBack, MidBack, Shoulder]);
    covers("legs", &[Thigh, Knee, Hip, Buttock, Calf]);
}

#[test]
fn a_marked_region_softens_in_every_step_that_covers_it() {
    let p = practice("pmr");
    for part in BodyPart::ALL {
        let tl = build(p, &marked(p.max_minutes, &[part]));
        let said = speaks(&tl);
        for span in &tl.steps {
            let s = script_step(p, &span.id);
            if s.hold_s == 0 {
                continue;
            }
            let mine: Vec<&str> = said
                .iter()
                .filter(|x| x.2 == span.id)
                .map(|x| x.1)
                .collect();
            if s.parts().contains(&part) {
                assert_eq!(
                    mine,
                    vec![s.painful_text.as_deref().expect("painful words")],
                    "{} with {part} marked: no tensing, no release",
                    s.id
                );
            } else {
                assert_eq!(mine[0], tensing_words(s).last().copied().unwrap_or(""));
            }
        }
        let softened = tl
            .steps
            .iter()
            .filter(|sp| script_step(p, &sp.id).parts().contains(&part))
            .count();
        let expected = match part {
            BodyPart::Shoulder => 2,
            BodyPart::Head | BodyPart::Chest => 0,
            _ => 1,
        };
        assert_eq!(softened, expected, "steps covering {part}");
    }
}
