//! Whole-file checks of a practice script, run at load.
//!
//! Each check returns `(step id, field, message)`; [`crate::content::parse_practice`]
//! turns that into a [`crate::content::ContentError`] with the file and line.

use crate::content::{
    speech_ms, Bells, Kind, Practice, Step, BELL_LEAD_MS, BELL_TAIL_MS, BUDGET_WPM, SLOWEST_WPM,
};
use crate::located::is_kebab;

mod step;

use step::check_step;

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
    if u64::from(first.min_s) * 1000
        < lead + words_need_ms(&first.text, &follows(first, &first.text))
    {
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
    if u64::from(last.min_s) * 1000 < words_need_ms(&last.text, &follows(last, &last.text)) + tail {
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
            if p.pacer_done_text.is_none() {
                return Err(whole(
                    "pacer_done_text",
                    "a paced practice needs words for when a pace with a cycle limit (4-7-8) stops",
                ));
            }
        }
        (false, None) if p.pacer_done_text.is_some() => {
            return Err(whole(
                "pacer_done_text",
                "is only for practices with `pacer = true` steps",
            ))
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
        .filter(|s| !s.optional && s.when.is_none_or(|c| !c.droppable()) && !s.scene)
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

/// The step's follow-up prompts with their times from the step's start, when
/// the step begins with `text`. With a PMR hold they come after the hold,
/// which starts when `text` ends (said at [`SLOWEST_WPM`]).
pub(crate) fn follows<'a>(s: &'a Step, text: &str) -> Vec<(u64, &'a str)> {
    let from = if s.hold_s > 0 {
        hold_starts_ms(text) + u64::from(s.hold_s) * 1000
    } else {
        0
    };
    s.follow
        .iter()
        .map(|f| (from + u64::from(f.after_s) * 1000, f.text.as_str()))
        .collect()
}

/// When a PMR hold begins: the words that start it, said slowly with a
/// pause between sentences, have ended.
pub(crate) fn hold_starts_ms(text: &str) -> u64 {
    speech_ms(text, SLOWEST_WPM)
}
