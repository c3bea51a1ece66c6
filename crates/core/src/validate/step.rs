//! Checks of one step of a practice script: its words fit, its variants
//! (seated, gentle, unpaced, painful) fit, and a PMR hold lasts as long as
//! CLINICAL.md asks.

use super::{at, follows, hold_starts_ms, words_need_ms, Problem, PROMPT_GAP_MS};
use crate::content::{
    speech_ms, words_ms, Condition, Kind, Practice, Step, BUDGET_WPM, HOLD_RANGE_S, QUICKEST_WPM,
    REST_MIN_S,
};
use crate::pace::bounds::CYCLE_WITH_HOLDS_MAX_MS;

/// Checks the timing of a step's words when it begins with `text`: follow-ups
/// in order, none starting before the words before it end, all within `min_s`.
fn check_words(s: &Step, field: &str, text: &str) -> Result<(), Problem> {
    let min_ms = u64::from(s.min_s) * 1000;
    let mut spoken_until = if text.trim().is_empty() {
        0
    } else {
        speech_ms(text, BUDGET_WPM) + PROMPT_GAP_MS
    };
    for (after_ms, t) in follows(s, text) {
        if after_ms < spoken_until {
            return Err(at(s, "follow", format!("the prompt at {} s starts before the words before it ({field}) end (about {} s in); move it later", after_ms / 1000, spoken_until.div_ceil(1000))));
        }
        spoken_until = after_ms + speech_ms(t, BUDGET_WPM) + PROMPT_GAP_MS;
    }
    let need = words_need_ms(text, &follows(s, text));
    if min_ms < need {
        return Err(at(
            s,
            "min_s",
            format!(
                "{} s is too short for the words of {field} (about {} s at {BUDGET_WPM} words a minute)",
                s.min_s,
                need.div_ceil(1000)
            ),
        ));
    }
    Ok(())
}

/// A PMR hold: 5-7 s of tension from the end of `text` to the release,
/// whether the voice is slow or quick, and a rest of at least 20 s after it.
fn check_hold(s: &Step, field: &str, text: &str) -> Result<(), Problem> {
    let slow = hold_starts_ms(text);
    let quick = words_ms(text, QUICKEST_WPM);
    let hold = u64::from(s.hold_s) * 1000;
    let longest = hold + slow - quick.min(slow);
    if longest > u64::from(*HOLD_RANGE_S.end()) * 1000 {
        return Err(at(
            s,
            "hold_s",
            format!(
                "a quick voice finishes {field} early and the hold lasts {} s; keep it within {} s: shorten the words, make them one sentence, or shorten the hold",
                longest.div_ceil(1000),
                HOLD_RANGE_S.end()
            ),
        ));
    }
    let rest_until = slow + hold + u64::from(REST_MIN_S) * 1000;
    if u64::from(s.min_s) * 1000 < rest_until {
        return Err(at(
            s,
            "min_s",
            format!(
                "must leave a rest of {REST_MIN_S} s after the release: at least {} s with {field}",
                rest_until.div_ceil(1000)
            ),
        ));
    }
    Ok(())
}

/// Words said instead of the step's own must be there and fit in `min_s`.
fn fits(s: &Step, field: &str, text: &str) -> Result<(), Problem> {
    if text.trim().is_empty() {
        return Err(at(s, field, "must not be empty"));
    }
    if u64::from(s.min_s) * 1000 < speech_ms(text, BUDGET_WPM) + PROMPT_GAP_MS {
        return Err(at(s, field, "does not fit in min_s"));
    }
    Ok(())
}

pub(super) fn check_step(p: &Practice, s: &Step) -> Result<(), Problem> {
    if !s.weight.is_finite() || s.weight < 0.0 || s.weight > 100.0 {
        return Err(at(
            s,
            "weight",
            format!("{} must be a number from 0 to 100", s.weight),
        ));
    }
    if s.region.is_some() && !s.regions.is_empty() {
        return Err(at(
            s,
            "regions",
            "give either `region` or `regions`, not both",
        ));
    }
    let parts = s.parts();
    if parts
        .iter()
        .enumerate()
        .any(|(i, r)| parts[..i].contains(r))
    {
        return Err(at(s, "regions", "names a body part twice"));
    }
    if s.scene {
        return Ok(());
    }
    if s.min_s == 0 {
        return Err(at(s, "min_s", "must be at least 1 second"));
    }
    let min_ms = u64::from(s.min_s) * 1000;
    let mut last_after = 0;
    for f in &s.follow {
        if u64::from(f.after_s) * 1000 < last_after {
            return Err(at(
                s,
                "follow",
                "follow-up prompts must be in order of after_s",
            ));
        }
        last_after = u64::from(f.after_s) * 1000;
        if f.text.trim().is_empty() {
            return Err(at(s, "follow", "a follow-up prompt needs text"));
        }
    }
    check_words(s, "text", &s.text)?;
    if let Some(t) = &s.seated_text {
        fits(s, "seated_text", t)?;
        check_words(s, "seated_text", t)?;
    }
    if s.hold_s > 0 {
        if p.kind != Kind::Pmr {
            return Err(at(s, "hold_s", "only progressive muscle relaxation holds"));
        }
        if !HOLD_RANGE_S.contains(&s.hold_s) {
            return Err(at(
                s,
                "hold_s",
                format!(
                    "{} s is outside {}-{} s of gentle tension",
                    s.hold_s,
                    HOLD_RANGE_S.start(),
                    HOLD_RANGE_S.end()
                ),
            ));
        }
        if s.follow.first().map(|f| f.after_s) != Some(0) {
            return Err(at(
                s,
                "follow",
                "a hold needs a release: a first follow-up at after_s = 0, timed from the end of the hold",
            ));
        }
        check_hold(s, "text", &s.text)?;
        if let Some(g) = &s.gentle_text {
            check_hold(s, "gentle_text", g)?;
        }
    }
    if let Some(t) = &s.unpaced_text {
        if !s.pacer {
            return Err(at(s, "unpaced_text", "is only for `pacer = true` steps"));
        }
        fits(s, "unpaced_text", t)?;
    } else if s.pacer {
        return Err(at(
            s,
            "unpaced_text",
            "a pacer step needs natural-breath words for when a pace with a cycle limit (4-7-8) has stopped",
        ));
    }
    if let (Some(t), true) = (&p.pacer_done_text, s.pacer) {
        fits(s, "pacer_done_text", t)?;
    }
    if matches!(s.when, Some(Condition::LongExhale | Condition::LimitedPace)) && p.pace.is_none() {
        return Err(at(
            s,
            "when",
            "this condition is about the pace; only paced breathing has one",
        ));
    }
    if s.pacer {
        if p.kind != Kind::Breathing {
            return Err(at(s, "pacer", "only breathing practices run the pacer"));
        }
        // The step is trimmed to whole breaths, by less than one breath: its words
        // must still fit, and at least one breath must remain.
        let need =
            words_need_ms(&s.text, &follows(s, &s.text)) + u64::from(CYCLE_WITH_HOLDS_MAX_MS);
        if min_ms < need {
            return Err(at(
                s,
                "min_s",
                format!(
                    "a pacer step needs its words plus {} s for one slow breath: at least {} s",
                    CYCLE_WITH_HOLDS_MAX_MS / 1000,
                    need.div_ceil(1000)
                ),
            ));
        }
    }
    if let Some(t) = &s.painful_text {
        if parts.is_empty() {
            return Err(at(
                s,
                "painful_text",
                "needs a `region` or `regions` to know when it applies",
            ));
        }
        let need = speech_ms(t, BUDGET_WPM) + PROMPT_GAP_MS;
        match p.kind {
            Kind::BodyScan if u64::from(s.linger_s) * 1000 < need => {
                return Err(at(
                    s,
                    "linger_s",
                    format!(
                        "must be at least {} s to say painful_text and breathe there",
                        need.div_ceil(1000)
                    ),
                ));
            }
            Kind::BodyScan => {}
            _ if min_ms < need => {
                return Err(at(s, "painful_text", "does not fit in min_s"));
            }
            _ => {}
        }
    }
    if s.back {
        if p.kind != Kind::Pmr {
            return Err(at(
                s,
                "back",
                "only progressive muscle relaxation has back steps",
            ));
        }
        match &s.gentle_text {
            None => {
                return Err(at(
                    s,
                    "gentle_text",
                    "a back step needs half-strength words for gentle mode",
                ))
            }
            Some(t) => {
                fits(s, "gentle_text", t)?;
                check_words(s, "gentle_text", t)?;
            }
        }
    }
    if p.kind == Kind::Movement && s.alternative.is_some() != s.stop_if.is_some() {
        return Err(at(
            s,
            "stop_if",
            "a movement step needs both an `alternative` and a `stop_if`",
        ));
    }
    if p.kind == Kind::Movement && s.alternative.is_some() && s.seated_text.is_none() {
        return Err(at(
            s,
            "seated_text",
            "a movement needs spoken words for doing it seated",
        ));
    }
    Ok(())
}
