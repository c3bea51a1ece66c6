//! Whole-file checks of a practice script, run at load.
//!
//! Each check returns `(step id, field, message)`; [`crate::content::parse_practice`]
//! turns that into a [`crate::content::ContentError`] with the file and line.

use crate::content::{
    speech_ms, Bells, Kind, Practice, Step, BELL_LEAD_MS, BELL_TAIL_MS, BUDGET_WPM,
};
use crate::located::is_kebab;
use crate::pace::bounds::CYCLE_WITH_HOLDS_MAX_MS;

type Problem = (Option<String>, String, String);

fn whole(field: &str, message: impl Into<String>) -> Problem {
    (None, field.to_string(), message.into())
}

fn at(step: &Step, field: &str, message: impl Into<String>) -> Problem {
    (Some(step.id.clone()), field.to_string(), message.into())
}

/// A gap left after each prompt before anything else is said.
pub const PROMPT_GAP_MS: u64 = 1_000;

/// How long a step's words need from its start: the last prompt's end plus a gap.
pub(crate) fn words_need_ms(text: &str, follow: &[(u64, &str)]) -> u64 {
    let mut end = if text.trim().is_empty() {
        0
    } else {
        speech_ms(text, BUDGET_WPM) + PROMPT_GAP_MS
    };
    for (after_ms, t) in follow {
        end = end.max(after_ms + speech_ms(t, BUDGET_WPM) + PROMPT_GAP_MS);
    }
    end
}

/// Checks a parsed practice; the first problem is returned.
pub fn check(p: &Practice) -> Result<(), Problem> {
    if !is_kebab(&p.id) {
        return Err(whole(
            "id",
            format!("{:?} must be lowercase letters, digits and dashes", p.id),
        ));
    }
    for (field, v) in [
        ("title", &p.title),
        ("summary", &p.summary),
        ("author", &p.author),
        ("posture", &p.posture),
    ] {
        if v.trim().is_empty() {
            return Err(whole(field, "must not be empty"));
        }
    }
    if p.sources.is_empty() || p.sources.iter().any(|s| s.trim().is_empty()) {
        return Err(whole(
            "sources",
            "name at least one source from CLINICAL.md, none empty",
        ));
    }
    if !(1..=180).contains(&p.min_minutes) || p.min_minutes > p.max_minutes || p.max_minutes > 180 {
        return Err(whole(
            "max_minutes",
            format!(
                "lengths {}..={} must satisfy 1 <= min_minutes <= max_minutes <= 180",
                p.min_minutes, p.max_minutes
            ),
        ));
    }
    if !(p.min_minutes..=p.max_minutes).contains(&p.default_minutes) {
        return Err(whole(
            "default_minutes",
            format!(
                "{} is outside {}..={}",
                p.default_minutes, p.min_minutes, p.max_minutes
            ),
        ));
    }
    if p.kind == Kind::Timer {
        return check_timer(p);
    }
    if p.timer.is_some() {
        return Err(whole(
            "timer",
            "only a practice of kind \"timer\" has a [timer] section",
        ));
    }
    check_guided(p)
}

fn check_timer(p: &Practice) -> Result<(), Problem> {
    let Some(t) = &p.timer else {
        return Err(whole(
            "timer",
            "a timer needs a [timer] section (strikes, delay_s)",
        ));
    };
    if !(1..=2).contains(&t.strikes) {
        return Err(whole(
            "timer.strikes",
            format!("{} must be 1 or 2", t.strikes),
        ));
    }
    if t.delay_s > 600 {
        return Err(whole(
            "timer.delay_s",
            format!("{} must be at most 600 seconds", t.delay_s),
        ));
    }
    if !p.steps.is_empty() || !p.scenes.is_empty() || p.pace.is_some() {
        return Err(whole(
            "steps",
            "the unguided timer has no steps, scenes or pace",
        ));
    }
    Ok(())
}

fn check_guided(p: &Practice) -> Result<(), Problem> {
    let (Some(first), Some(last)) = (p.steps.first(), p.steps.last()) else {
        return Err(whole(
            "steps",
            "a guided practice needs at least an opening and a closing step",
        ));
    };
    for s in [first, last] {
        if s.optional || s.pacer || s.scene || s.when.is_some() || s.back {
            return Err(at(s, "optional", "the first and last steps must always be played: not optional, conditional, pacer, back or scene"));
        }
    }
    let mut ids: Vec<&str> = Vec::new();
    let all_steps = p
        .steps
        .iter()
        .chain(p.scenes.iter().flat_map(|s| s.steps.iter()));
    for s in all_steps {
        if !is_kebab(&s.id) {
            return Err(at(s, "id", "must be lowercase letters, digits and dashes"));
        }
        if ids.contains(&s.id.as_str()) {
            return Err(at(
                s,
                "id",
                "is used twice in this file; step ids must be unique",
            ));
        }
        ids.push(&s.id);
        check_step(p, s)?;
    }
    let lead = if p.bells == Bells::StartEnd {
        BELL_LEAD_MS
    } else {
        0
    };
    if u64::from(first.min_s) * 1000 < lead + words_need_ms(&first.text, &follows(first)) {
        return Err(at(
            first,
            "min_s",
            "is too short for the words after the start bell; raise it",
        ));
    }
    let tail = if p.bells == Bells::StartEnd {
        BELL_TAIL_MS
    } else {
        0
    };
    if u64::from(last.min_s) * 1000 < words_need_ms(&last.text, &follows(last)) + tail {
        return Err(at(
            last,
            "min_s",
            format!(
                "must leave {} s after the words for the closing bell to ring out",
                tail / 1000
            ),
        ));
    }
    let placeholders = p.steps.iter().filter(|s| s.scene).count();
    match (p.kind, placeholders, p.scenes.len()) {
        (Kind::Imagery, 1, n) if n >= 4 => {}
        (Kind::Imagery, _, _) => {
            return Err(whole(
                "scenes",
                "guided imagery needs one `scene = true` step and at least 4 [[scenes]]",
            ))
        }
        (_, 0, 0) => {}
        _ => return Err(whole("scenes", "only guided imagery has scenes")),
    }
    for sc in &p.scenes {
        if !is_kebab(&sc.id) || sc.title.trim().is_empty() || sc.steps.is_empty() {
            return Err(whole(
                "scenes",
                format!("scene {:?} needs a kebab-case id, a title and steps", sc.id),
            ));
        }
    }
    let paced = p.steps.iter().any(|s| s.pacer);
    match (paced, p.pace) {
        (true, None) => {
            return Err(whole(
                "pace",
                "a practice with pacer steps needs a default [pace]",
            ))
        }
        (false, Some(_)) => {
            return Err(whole(
                "pace",
                "a [pace] is only for practices with `pacer = true` steps",
            ))
        }
        (true, Some(spec)) => {
            if let Err(e) = spec.to_pace().validate() {
                return Err(whole("pace", e.to_string()));
            }
        }
        (false, None) => {}
    }
    if p.kind == Kind::Movement && !p.steps.iter().any(|s| s.alternative.is_some()) {
        return Err(whole(
            "steps",
            "mindful movement needs steps with an `alternative` and a `stop_if`",
        ));
    }
    let longest_scene_ms = p
        .scenes
        .iter()
        .map(|sc| {
            sc.steps
                .iter()
                .filter(|s| !s.optional)
                .map(|s| u64::from(s.min_s) * 1000)
                .sum::<u64>()
        })
        .max()
        .unwrap_or(0);
    let mandatory_ms: u64 = p
        .steps
        .iter()
        .filter(|s| !s.optional && s.when.is_none() && !s.scene)
        .map(|s| u64::from(s.min_s) * 1000)
        .sum::<u64>()
        + longest_scene_ms;
    let shortest = u64::from(p.min_minutes) * 60_000;
    if mandatory_ms > shortest {
        return Err(whole(
            "min_minutes",
            format!(
                "the steps that are always played need {} s, more than the shortest version ({} s); raise min_minutes or shorten steps",
                mandatory_ms / 1000,
                shortest / 1000
            ),
        ));
    }
    Ok(())
}

pub(crate) fn follows(s: &Step) -> Vec<(u64, &str)> {
    s.follow
        .iter()
        .map(|f| (u64::from(f.after_s) * 1000, f.text.as_str()))
        .collect()
}

fn check_step(p: &Practice, s: &Step) -> Result<(), Problem> {
    if !s.weight.is_finite() || s.weight < 0.0 || s.weight > 100.0 {
        return Err(at(
            s,
            "weight",
            format!("{} must be a number from 0 to 100", s.weight),
        ));
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
    // Each prompt must end before the next begins.
    let mut spoken_until = if s.text.trim().is_empty() {
        0
    } else {
        speech_ms(&s.text, BUDGET_WPM) + PROMPT_GAP_MS
    };
    for (after_ms, t) in follows(s) {
        if after_ms < spoken_until {
            return Err(at(s, "follow", format!("the prompt at {} s starts before the words before it end (about {} s in); move it later", after_ms / 1000, spoken_until.div_ceil(1000))));
        }
        spoken_until = after_ms + speech_ms(t, BUDGET_WPM) + PROMPT_GAP_MS;
    }
    if min_ms < words_need_ms(&s.text, &follows(s)) {
        return Err(at(
            s,
            "min_s",
            format!(
                "{} s is too short for its words (about {} s at {BUDGET_WPM} words a minute)",
                s.min_s,
                words_need_ms(&s.text, &follows(s)).div_ceil(1000)
            ),
        ));
    }
    if s.pacer {
        if p.kind != Kind::Breathing {
            return Err(at(s, "pacer", "only breathing practices run the pacer"));
        }
        // The step is trimmed to whole breaths, by less than one breath: its words
        // must still fit, and at least one breath must remain.
        let need = words_need_ms(&s.text, &follows(s)) + u64::from(CYCLE_WITH_HOLDS_MAX_MS);
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
        if s.region.is_none() {
            return Err(at(
                s,
                "painful_text",
                "needs a `region` to know when it applies",
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
            Some(t) if min_ms < speech_ms(t, BUDGET_WPM) + PROMPT_GAP_MS => {
                return Err(at(s, "gentle_text", "does not fit in min_s"))
            }
            Some(_) => {}
        }
    }
    if p.kind == Kind::Movement && s.alternative.is_some() != s.stop_if.is_some() {
        return Err(at(
            s,
            "stop_if",
            "a movement step needs both an `alternative` and a `stop_if`",
        ));
    }
    Ok(())
}
