//! Practice flags → core `Options` → a compiled `Timeline`.

use crate::args::{BackModeArg, Place, PracticeOptions};
use crate::failure::{refuse_option, Refusal};
use backcalm_core::timeline::{BackMode, IntervalBells};
use backcalm_core::{compile, BodyPart, Length, Options, Practice, Timeline};
use std::collections::BTreeSet;

/// The body parts of `--painful`/`--breath-areas`; absent and `none` are both none here.
fn places(given: Option<&[Place]>) -> BTreeSet<BodyPart> {
    given
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p.0)
        .collect()
}

/// The options a person chose, with the practice's defaults filled in.
pub fn to_options(p: &Practice, o: &PracticeOptions) -> Options {
    let length = if o.open {
        Length::Open
    } else {
        Length::Minutes(o.minutes.unwrap_or(p.default_minutes))
    };
    let interval = match (&o.interval, o.bells_at.is_empty()) {
        (Some(every), _) => Some(every.clone()),
        (None, false) => Some(IntervalBells::At(o.bells_at.clone())),
        (None, true) => None,
    };
    Options {
        length,
        pace: o.pace,
        painful: places(o.painful.as_deref()),
        breath_areas: places(o.breath_areas.as_deref()),
        scene: o.scene.clone(),
        interval,
        delay_s: o.delay,
        back_mode: match o.back_mode {
            Some(BackModeArg::Skip) => BackMode::Skip,
            Some(BackModeArg::Gentle) | None => BackMode::Gentle,
        },
        strikes: o.strikes,
        seated: o.seated,
    }
}

/// Compiles the practice at the chosen options; a misfit option is a refusal (exit 2).
pub fn timeline(p: &Practice, o: &PracticeOptions) -> anyhow::Result<Timeline> {
    if o.back_mode.is_some() && p.kind != backcalm_core::Kind::Pmr {
        return Err(Refusal(format!(
            "--back-mode does not apply to {} ({}); it is for progressive muscle relaxation",
            p.id, p.kind
        ))
        .into());
    }
    Ok(compile(p, &to_options(p, o)).map_err(refuse_option)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::Pace;

    fn practice(id: &str) -> Practice {
        backcalm_core::Library::embedded()
            .expect("built-in library")
            .get(id)
            .expect("shipped practice")
            .clone()
    }

    #[test]
    fn minutes_default_to_the_practices_own() {
        let p = practice("meditation-timer");
        let o = to_options(&p, &PracticeOptions::default());
        assert_eq!(o.length, Length::Minutes(p.default_minutes));
        let o = to_options(
            &p,
            &PracticeOptions {
                open: true,
                ..Default::default()
            },
        );
        assert_eq!(o.length, Length::Open);
    }

    #[test]
    fn interval_flags_become_interval_bells() {
        let p = practice("meditation-timer");
        let every = PracticeOptions {
            interval: Some(IntervalBells::Every(5)),
            ..Default::default()
        };
        assert_eq!(
            to_options(&p, &every).interval,
            Some(IntervalBells::Every(5))
        );
        let at = PracticeOptions {
            bells_at: vec![0, 25],
            ..Default::default()
        };
        assert_eq!(
            to_options(&p, &at).interval,
            Some(IntervalBells::At(vec![0, 25]))
        );
    }

    #[test]
    fn options_that_do_not_fit_are_refused() {
        let breathing = practice("paced-breathing");
        let bells = PracticeOptions {
            interval: Some(IntervalBells::Every(1)),
            ..Default::default()
        };
        let err = timeline(&breathing, &bells).expect_err("not a timer");
        assert_eq!(
            crate::failure::exit_code(&err),
            crate::failure::EXIT_REFUSED
        );
        let back = PracticeOptions {
            back_mode: Some(BackModeArg::Skip),
            ..Default::default()
        };
        assert!(timeline(&breathing, &back).is_err());
        let pace = PracticeOptions {
            pace: Some(Pace::BOX),
            minutes: Some(3),
            ..Default::default()
        };
        let tl = timeline(&breathing, &pace).expect("box pace is fine");
        assert_eq!(tl.pace, Some(Pace::BOX));
        assert_eq!(tl.total_ms, 180_000);
        let seated = PracticeOptions {
            seated: true,
            ..Default::default()
        };
        let err = timeline(&breathing, &seated).expect_err("no seated version");
        assert_eq!(
            crate::failure::exit_code(&err),
            crate::failure::EXIT_REFUSED
        );
        let movement = practice("mindful-movement");
        let tl = timeline(&movement, &seated).expect("movement has a seated version");
        assert!(tl.steps.iter().any(|s| s.text.contains("seated")));
    }
}
