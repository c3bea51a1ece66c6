//! Mindful movement: a spoken seated way for every movement when the person
//! sits, and a stop reminder before knee rocks and neck turns.

use super::{build, marked, practice, script_step, speaks};
use backcalm_core::timeline::{Opt, Options};
use backcalm_core::BodyPart;

const ID: &str = "mindful-movement";

fn seated(m: u32) -> Options {
    Options {
        seated: true,
        ..Options::minutes(m)
    }
}

#[test]
fn every_movement_is_spoken_the_seated_way_when_the_person_sits() {
    let p = practice(ID);
    let movements: Vec<_> = p.steps.iter().filter(|s| s.alternative.is_some()).collect();
    assert!(movements.len() >= 6);
    for m in p.minutes() {
        let sitting = build(p, &seated(m));
        let lying = build(p, &Options::minutes(m));
        let said = speaks(&sitting);
        for span in &sitting.steps {
            let s = script_step(p, &span.id);
            let Some(seated_words) = &s.seated_text else {
                assert!(s.alternative.is_none(), "{} has no seated words", s.id);
                continue;
            };
            let first = said.iter().find(|x| x.2 == s.id).expect("the step speaks");
            assert_eq!(first.1, seated_words, "{} at {m} min", s.id);
            assert_ne!(seated_words, &s.text, "{}", s.id);
        }
        assert_eq!(
            sitting.steps.iter().map(|s| &s.id).collect::<Vec<_>>(),
            lying.steps.iter().map(|s| &s.id).collect::<Vec<_>>(),
            "sitting changes the words, not the steps"
        );
    }
}

#[test]
fn a_marked_region_moves_smaller_in_either_position() {
    let p = practice(ID);
    let tl = build(
        p,
        &Options {
            seated: true,
            ..marked(p.max_minutes, &[BodyPart::Neck])
        },
    );
    let neck = script_step(p, "neck-turns");
    let said: Vec<&str> = speaks(&tl)
        .iter()
        .filter(|s| s.2 == "neck-turns")
        .map(|s| s.1)
        .collect();
    assert_eq!(
        said,
        vec![neck.painful_text.as_deref().expect("painful words")]
    );
}

#[test]
fn knee_rocks_and_neck_turns_say_when_to_stop_before_the_movement() {
    let p = practice(ID);
    let twisting: Vec<_> = p
        .steps
        .iter()
        .filter(|s| {
            s.parts()
                .iter()
                .any(|b| matches!(b, BodyPart::Neck | BodyPart::Knee))
        })
        .collect();
    let ids: Vec<&str> = twisting.iter().map(|s| s.id.as_str()).collect();
    assert!(
        ids.contains(&"knee-rocks") && ids.contains(&"neck-turns"),
        "{ids:?}"
    );
    for s in &twisting {
        let versions = [
            Some(&s.text),
            s.seated_text.as_ref(),
            s.painful_text.as_ref(),
        ];
        for words in versions.into_iter().flatten() {
            let stop = words
                .find("Stop if")
                .unwrap_or_else(|| panic!("{}: {words}", s.id));
            let moving = words.find("Breathing").unwrap_or(words.len());
            assert!(stop < moving, "{}: the reminder comes first: {words}", s.id);
            let reminder = &words[stop..];
            let sentence = reminder.split('.').next().unwrap_or_default();
            assert!(
                sentence.split_whitespace().count() <= 14,
                "{}: short: {sentence}",
                s.id
            );
        }
    }
    // And the compiled practice says it, lying, seated and at a marked region.
    for o in [
        Options::minutes(p.max_minutes),
        seated(p.max_minutes),
        marked(p.max_minutes, &[BodyPart::Neck, BodyPart::Knee]),
    ] {
        let tl = build(p, &o);
        for id in ["knee-rocks", "neck-turns"] {
            let first = speaks(&tl).into_iter().find(|s| s.2 == id).expect("played");
            assert!(first.1.contains("Stop if"), "{id}: {}", first.1);
        }
    }
}

#[test]
fn sitting_is_offered_only_where_a_practice_has_seated_words() {
    for id in ["body-scan", "meditation-timer", "sitting-meditation"] {
        let err = backcalm_core::compile(practice(id), &seated(10)).expect_err("no seated version");
        assert_eq!(err.option(), Opt::Seated, "{id}");
        assert!(err.to_string().contains("mindful movement"), "{id}: {err}");
    }
}
