//! Properties of the Timeline engine over the shipped practices.

use backcalm_core::content::{speech_ms, Library, Practice};
use backcalm_core::pace::{Pace, Phase};
use backcalm_core::timeline::{
    compile, BackMode, CueKind, IntervalBells, Length, Opt, OptionError, Options, Timeline,
    TimerError, LINGER_CAP,
};
use backcalm_core::{BodyPart, Kind};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::embedded().expect("shipped content is valid"))
}

fn guided() -> Vec<&'static Practice> {
    lib()
        .practices()
        .iter()
        .filter(|p| p.kind != Kind::Timer)
        .collect()
}

fn of_kind(k: Kind) -> &'static Practice {
    lib()
        .practices()
        .iter()
        .find(|p| p.kind == k)
        .expect("a practice of each kind")
}

fn paced() -> &'static Practice {
    lib()
        .practices()
        .iter()
        .find(|p| p.is_paced())
        .expect("a paced practice")
}

fn parts() -> impl Strategy<Value = BTreeSet<BodyPart>> {
    proptest::collection::btree_set(proptest::sample::select(BodyPart::ALL.to_vec()), 0..4)
}

/// A practice, a length it offers, and options that fit it.
fn guided_case() -> impl Strategy<Value = (&'static Practice, Options)> {
    let n = guided().len();
    (
        0..n,
        any::<u32>(),
        parts(),
        parts(),
        any::<u8>(),
        any::<bool>(),
    )
        .prop_map(|(i, m, painful, areas, pick, skip_back)| {
            let p = guided()[i];
            let span = p.max_minutes - p.min_minutes + 1;
            let mut o = Options::minutes(p.min_minutes + m % span);
            o.painful = painful;
            o.breath_areas = areas;
            o.back_mode = if skip_back {
                BackMode::Skip
            } else {
                BackMode::Gentle
            };
            if !p.scenes.is_empty() {
                o.scene = Some(p.scenes[usize::from(pick) % p.scenes.len()].id.clone());
            }
            if p.is_paced() {
                o.pace = Some(Pace::PRESETS[usize::from(pick) % Pace::PRESETS.len()].1);
            }
            (p, o)
        })
}

fn speaks(tl: &Timeline) -> Vec<(u64, &str)> {
    tl.cues
        .iter()
        .filter_map(|c| match &c.what {
            CueKind::Speak { text, .. } => Some((c.at_ms, text.as_str())),
            _ => None,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn total_is_exact_and_steps_tile_it((p, o) in guided_case()) {
        let tl = compile(p, &o).expect("compiles");
        let Length::Minutes(m) = o.length else { unreachable!() };
        prop_assert_eq!(tl.total_ms, u64::from(m) * 60_000);
        prop_assert_eq!(tl.steps.first().map(|s| s.start_ms), Some(0));
        prop_assert_eq!(tl.steps.last().map(|s| s.end_ms), Some(tl.total_ms));
        for w in tl.steps.windows(2) {
            prop_assert_eq!(w[0].end_ms, w[1].start_ms);
        }
        prop_assert!(tl.cues.iter().all(|c| c.at_ms < tl.total_ms));
    }

    #[test]
    fn cues_are_ordered((p, o) in guided_case()) {
        let tl = compile(p, &o).expect("compiles");
        prop_assert!(tl.cues.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    }

    #[test]
    fn a_prompt_never_overlaps_the_next_at_150_wpm((p, o) in guided_case()) {
        let tl = compile(p, &o).expect("compiles");
        let s = speaks(&tl);
        for w in s.windows(2) {
            let ends = w[0].0 + speech_ms(w[0].1, 150);
            prop_assert!(ends <= w[1].0, "{:?} ends at {} but {:?} starts at {}", w[0].1, ends, w[1].1, w[1].0);
        }
        if let Some(last) = s.last() {
            prop_assert!(last.0 + speech_ms(last.1, 150) <= tl.total_ms);
        }
    }

    #[test]
    fn short_versions_keep_the_opening_and_closing((p, o) in guided_case()) {
        let tl = compile(p, &o).expect("compiles");
        prop_assert_eq!(tl.steps.first().map(|s| &s.id), p.steps.first().map(|s| &s.id));
        prop_assert_eq!(tl.steps.last().map(|s| &s.id), p.steps.last().map(|s| &s.id));
    }

    #[test]
    fn breath_phases_are_contiguous_and_follow_the_pace(minutes in 1u32..=20, preset in 0usize..4) {
        let p = paced();
        let minutes = minutes.clamp(p.min_minutes, p.max_minutes);
        let pace = Pace::PRESETS[preset].1;
        let o = Options { pace: Some(pace), ..Options::minutes(minutes) };
        let tl = compile(p, &o).expect("compiles");
        let breaths: Vec<(u64, Phase, u32)> = tl.cues.iter().filter_map(|c| match c.what {
            CueKind::Breath { phase, ms } => Some((c.at_ms, phase, ms)),
            _ => None,
        }).collect();
        prop_assert!(!breaths.is_empty());
        let expected: Vec<(Phase, u32)> = pace.phases().collect();
        for (i, (_, phase, ms)) in breaths.iter().enumerate() {
            prop_assert_eq!((*phase, *ms), expected[i % expected.len()]);
        }
        prop_assert_eq!(breaths.len() % expected.len(), 0, "whole breaths only");
        // Contiguous within each pacer step, and every breath inside its step.
        for span in tl.steps.iter().filter(|s| s.pacer) {
            let inside: Vec<_> = breaths.iter().filter(|b| b.0 >= span.start_ms && b.0 < span.end_ms).collect();
            for w in inside.windows(2) {
                prop_assert_eq!(w[0].0 + u64::from(w[0].2), w[1].0);
            }
            if let Some(last) = inside.last() {
                prop_assert!(last.0 + u64::from(last.2) <= span.end_ms);
                if pace.max_cycles.is_none() {
                    prop_assert_eq!(last.0 + u64::from(last.2), span.end_ms, "pacer steps hold whole breaths");
                }
            }
        }
        if let Some(max) = pace.max_cycles {
            prop_assert!(breaths.len() <= max as usize * expected.len());
        }
    }

    #[test]
    fn the_body_scan_lingers_at_painful_regions_within_a_quarter(painful in parts(), m in 0u32..100) {
        let p = of_kind(Kind::BodyScan);
        let minutes = p.min_minutes + m % (p.max_minutes - p.min_minutes + 1);
        let plain = compile(p, &Options::minutes(minutes)).expect("compiles");
        let with = compile(p, &Options { painful: painful.clone(), ..Options::minutes(minutes) }).expect("compiles");
        let lingering: u64 = with.steps.iter().filter(|s| s.painful).map(|s| s.end_ms - s.start_ms).sum();
        prop_assert!(lingering as f64 <= with.total_ms as f64 * LINGER_CAP);
        prop_assert!(plain.steps.iter().all(|s| !s.painful));
        if !painful.is_empty() {
            prop_assert!(lingering > 0, "some marked region lingers");
        }
        for s in with.steps.iter().filter(|s| s.painful) {
            prop_assert!(s.region.is_some_and(|r| painful.contains(&r)), "{} lingers unmarked", s.id);
        }
    }

    #[test]
    fn frames_are_pure_and_add_up((p, o) in guided_case(), t in any::<u64>()) {
        let tl = compile(p, &o).expect("compiles");
        let t = t % (tl.total_ms + 5_000);
        let f = tl.at(t);
        prop_assert_eq!(&f, &tl.at(t));
        prop_assert_eq!(f.elapsed_ms + f.remaining_ms.unwrap_or(0), tl.total_ms);
        prop_assert_eq!(f.finished, t >= tl.total_ms);
        if let Some(b) = f.breath {
            prop_assert!((0.0..=1.0).contains(&b.fullness));
            prop_assert!(b.into_ms < b.phase_ms);
        }
    }

    #[test]
    fn timer_bells_ring_at_their_offsets(minutes in 2u32..=120, every in 1u32..30, delay in 0u32..=600, double in any::<bool>()) {
        let p = of_kind(Kind::Timer);
        let every = every.min(minutes - 1).max(1);
        let o = Options {
            interval: Some(IntervalBells::Every(every)),
            delay_s: Some(delay),
            strikes: Some(if double { 2 } else { 1 }),
            ..Options::minutes(minutes)
        };
        let tl = compile(p, &o).expect("compiles");
        // The closing bell rings when the chosen time is up; the timeline runs on for its ring-out.
        let end = u64::from(delay) * 1000 + u64::from(minutes) * 60_000;
        prop_assert_eq!(tl.total_ms, end + 6_000);
        let bells: Vec<u64> = tl.cues.iter().filter(|c| matches!(c.what, CueKind::Bell { .. })).map(|c| c.at_ms).collect();
        prop_assert_eq!(bells.first().copied(), Some(u64::from(delay) * 1000));
        prop_assert_eq!(bells.last().copied(), Some(end));
        for b in &bells[1..bells.len() - 1] {
            prop_assert_eq!((b - u64::from(delay) * 1000) % (u64::from(every) * 60_000), 0);
        }
        let expected_intervals = (1..).map(|j| u64::from(delay) * 1000 + j * u64::from(every) * 60_000).take_while(|t| *t < end).count();
        prop_assert_eq!(bells.len(), expected_intervals + 2);
        let want = if double { 2 } else { 1 };
        let all_strike_right = tl.cues.iter().all(|c| matches!(c.what, CueKind::Bell { strikes } if strikes == want));
        prop_assert!(all_strike_right, "every bell has {} strikes", want);
    }
}

#[test]
fn the_timers_closing_bell_rings_when_the_chosen_time_is_up_and_then_rings_out() {
    let p = of_kind(Kind::Timer);
    for (minutes, delay_s) in [(1, 0), (10, 30)] {
        let o = Options {
            delay_s: Some(delay_s),
            interval: Some(IntervalBells::At(vec![minutes])),
            ..Options::minutes(minutes)
        };
        let tl = compile(p, &o).expect("compiles");
        let start = u64::from(delay_s) * 1000;
        let up = start + u64::from(minutes) * 60_000;
        let bells: Vec<u64> = tl.cues.iter().map(|c| c.at_ms).collect();
        // A bell listed at the last minute is the closing bell, rung once.
        assert_eq!(bells, vec![start, up], "{minutes} min after {delay_s} s");
        assert_eq!(tl.total_ms, up + 6_000, "{minutes} min: ring-out");
        assert_eq!(tl.minutes, Some(minutes));
        assert!(!tl.at(up).finished && tl.at(up + 6_000).finished);
        assert_eq!(
            tl.steps.last().map(|s| (s.id.as_str(), s.end_ms)),
            Some(("sit", up + 6_000))
        );
    }
}

#[test]
fn timer_bells_at_listed_offsets() {
    let p = of_kind(Kind::Timer);
    let o = Options {
        interval: Some(IntervalBells::At(vec![0, 25, 30, 55])),
        ..Options::minutes(55)
    };
    let tl = compile(p, &o).expect("compiles");
    let bells: Vec<u64> = tl.cues.iter().map(|c| c.at_ms).collect();
    assert_eq!(bells, vec![0, 25 * 60_000, 30 * 60_000, 55 * 60_000]);
    assert_eq!(
        tl.total_ms,
        55 * 60_000 + 6_000,
        "the closing bell rings out"
    );
    let late = Options {
        interval: Some(IntervalBells::At(vec![10, 70])),
        ..Options::minutes(55)
    };
    let err = compile(p, &late).expect_err("70 is after the end");
    assert_eq!(
        err,
        OptionError::Timer(TimerError::BellAfterEnd {
            at: 70,
            minutes: 55
        })
    );
    assert_eq!(err.option(), Opt::BellsAt);
}

#[test]
fn options_that_do_not_fit_are_refused_with_the_allowed_values() {
    let p = of_kind(Kind::BodyScan);
    let err = compile(p, &Options::minutes(p.max_minutes + 1))
        .expect_err("too long")
        .to_string();
    assert!(
        err.contains(&format!("from {} to {}", p.min_minutes, p.max_minutes)),
        "{err}"
    );
    let err = compile(
        p,
        &Options {
            pace: Some(Pace::BOX),
            ..Options::minutes(p.default_minutes)
        },
    )
    .expect_err("no pace");
    assert_eq!(err.option(), Opt::Pace);
    assert_eq!(
        err.to_string(),
        format!(
            "does not apply to {} (body-scan); a pace is for paced breathing",
            p.id
        )
    );
    let img = of_kind(Kind::Imagery);
    let err = compile(
        img,
        &Options {
            scene: Some("moon".into()),
            ..Options::minutes(img.default_minutes)
        },
    )
    .expect_err("no such scene")
    .to_string();
    assert!(
        err.contains("\"moon\"") && err.contains(&img.scenes[0].id),
        "{err}"
    );
}

#[test]
fn pmr_back_mode_changes_the_back_step() {
    let p = of_kind(Kind::Pmr);
    let back = p.steps.iter().find(|s| s.back).expect("a back step");
    let m = p.max_minutes;
    let gentle = compile(p, &Options::minutes(m)).expect("compiles");
    let span = gentle
        .steps
        .iter()
        .find(|s| s.id == back.id)
        .expect("gentle keeps the back step");
    assert_eq!(Some(&span.text), back.gentle_text.as_ref());
    let skip = compile(
        p,
        &Options {
            back_mode: BackMode::Skip,
            ..Options::minutes(m)
        },
    )
    .expect("compiles");
    assert!(
        skip.steps.iter().all(|s| s.id != back.id),
        "skip leaves the back out"
    );
}

#[test]
fn natural_breath_brings_in_marked_areas() {
    let p = lib().get("natural-breath").expect("natural breath");
    let m = p.default_minutes;
    let plain = compile(p, &Options::minutes(m)).expect("compiles");
    let areas: BTreeSet<BodyPart> = [BodyPart::LowerBack, BodyPart::Chest].into();
    let with = compile(
        p,
        &Options {
            breath_areas: areas,
            ..Options::minutes(m)
        },
    )
    .expect("compiles");
    let said = |tl: &Timeline| {
        speaks(tl)
            .iter()
            .map(|(_, t)| t.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(!said(&plain).contains("lower back"));
    assert!(
        said(&with).contains("your chest and your lower back"),
        "{}",
        said(&with)
    );
}

#[test]
fn frame_shows_the_pacer_filling_and_emptying() {
    let p = paced();
    let tl = compile(
        p,
        &Options {
            pace: Some(Pace::RELAXED),
            ..Options::minutes(2)
        },
    )
    .expect("compiles");
    let first = tl
        .cues
        .iter()
        .find(|c| {
            matches!(
                c.what,
                CueKind::Breath {
                    phase: Phase::In,
                    ..
                }
            )
        })
        .expect("a breath");
    let mid_in = tl.at(first.at_ms + 2_000).breath.expect("pacer on");
    assert_eq!(mid_in.phase, Phase::In);
    assert!((mid_in.fullness - 0.5).abs() < 1e-9);
    let mid_out = tl.at(first.at_ms + 4_000 + 3_000).breath.expect("pacer on");
    assert_eq!(mid_out.phase, Phase::Out);
    assert!((mid_out.fullness - 0.5).abs() < 1e-9);
    assert_eq!(tl.at(0).breath, None, "no pacer during the opening");
}

#[test]
fn open_length_is_only_for_the_timer() {
    let p = of_kind(Kind::Breathing);
    let err = compile(
        p,
        &Options {
            length: Length::Open,
            ..Options::minutes(1)
        },
    )
    .expect_err("guided is not open");
    assert_eq!(err.option(), Opt::Open);
    assert!(err.to_string().contains("open-ended"));
}

#[test]
fn timer_bells_every_thirty_seconds() {
    let p = of_kind(Kind::Timer);
    let every = IntervalBells::parse_minutes("0.5").expect("half a minute");
    assert_eq!(every, IntervalBells::EverySeconds(30));
    let tl = compile(
        p,
        &Options {
            interval: Some(every),
            ..Options::minutes(3)
        },
    )
    .expect("compiles");
    let bells: Vec<u64> = tl.cues.iter().map(|c| c.at_ms).collect();
    assert_eq!(
        bells,
        vec![0, 30_000, 60_000, 90_000, 120_000, 150_000, 180_000]
    );
    assert_eq!(
        IntervalBells::parse_minutes("5"),
        Ok(IntervalBells::Every(5))
    );
    assert!(
        IntervalBells::parse_minutes("0.1").is_err(),
        "6 s is too short"
    );
    assert!(
        IntervalBells::parse_minutes("0.33").is_err(),
        "19.8 s is not whole"
    );
    assert!(IntervalBells::parse_minutes("soon").is_err());
}
