//! Reading `program.toml`: parsed, then checked as a whole against the
//! library's practices and the lesson ids, so a bad file is refused at load
//! with its file, line and field named.

use super::{voice, PracticeFacts, Program, Week, PROGRAM_WEEKS};
use crate::content::{ContentError, Kind, Library};
use crate::instrument::PEG_ID;
use crate::located::{line_in_table, line_of, named_field};
use serde::Deserialize;

/// The program's path inside the content folder.
pub const PROGRAM_FILE: &str = "program.toml";

/// The longest title, in characters.
const TITLE_MAX_CHARS: usize = 60;
/// The longest intro, in characters: one or two sentences.
const INTRO_MAX_CHARS: usize = 300;
/// The weekly PEG's id: asked for by `peg = true`, not in `questionnaires`.
/// Beginners start with 1-2 minutes of breathing (CLINICAL.md, Practice parameters).
const FIRST_WEEK_MINUTES: std::ops::RangeInclusive<u32> = 1..=2;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgramFile {
    weeks: Vec<WeekFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeekFile {
    week: u32,
    /// Optional: the practice's own kind when left out.
    kind: Option<Kind>,
    practice: String,
    lesson: String,
    #[serde(default)]
    also_read: Vec<String>,
    daily_minutes: u32,
    short_minutes: Option<u32>,
    title: String,
    intro: String,
    peg: bool,
    #[serde(default)]
    choose: bool,
    #[serde(default)]
    questionnaires: Vec<String>,
}

/// `weeks[n].name` when `byte` is inside the n-th (1-based) `[[weeks]]` table, else `name`.
fn field_at(text: &str, byte: usize, name: &str) -> String {
    let before = text.get(..byte).unwrap_or(text);
    match before.lines().filter(|l| l.trim() == "[[weeks]]").count() {
        0 => name.to_string(),
        n => format!("weeks[{n}].{name}"),
    }
}

/// The key written on the line that holds `byte` (`kind = "yoga"` gives `kind`).
fn key_at(text: &str, byte: usize) -> Option<String> {
    let start = text
        .get(..byte)
        .unwrap_or(text)
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('[')).then(|| field_at(text, byte, key))
}

/// Parses and checks the program's text; `lesson_ids` and `instrument_ids`
/// are the ids of the lessons and questionnaires shipped beside it.
pub fn parse_program(
    file: &str,
    text: &str,
    library: &Library,
    lesson_ids: &[&str],
    instrument_ids: &[&str],
) -> Result<Program, ContentError> {
    let raw: ProgramFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        let named = named_field(&e);
        let named = named.as_deref();
        let at = e.span().map(|s| s.start);
        let field = match (named, at) {
            (Some(name), Some(byte)) => field_at(text, byte, name),
            (None, Some(byte)) => key_at(text, byte).unwrap_or_else(|| "(syntax)".into()),
            (Some(name), None) => name.to_string(),
            (None, None) => "(syntax)".into(),
        };
        ContentError {
            file: file.to_string(),
            line: at.map(|b| line_of(text, b)),
            field,
            message,
        }
    })?;
    let at = |n: usize, key: &str, message: String| ContentError {
        file: file.to_string(),
        line: line_in_table(text, "[[weeks]]", n, key),
        field: format!("weeks[{}].{key}", n + 1),
        message,
    };
    if raw.weeks.len() != usize::from(PROGRAM_WEEKS) {
        return Err(ContentError {
            file: file.to_string(),
            line: None,
            field: "weeks".into(),
            message: format!(
                "the program has {} [[weeks]]; it needs exactly {PROGRAM_WEEKS}, numbered 1 to {PROGRAM_WEEKS} in order",
                raw.weeks.len()
            ),
        });
    }
    let mut weeks: Vec<Week> = Vec::with_capacity(raw.weeks.len());
    for (n, w) in raw.weeks.into_iter().enumerate() {
        let expected = n as u32 + 1;
        if w.week != expected {
            return Err(at(
                n,
                "week",
                format!("is {}, but entry {expected} must be week {expected}; number the weeks 1 to {PROGRAM_WEEKS} in order", w.week),
            ));
        }
        let Some(p) = library.get(&w.practice) else {
            return Err(at(
                n,
                "practice",
                format!(
                    "{:?} is not a practice id; use one of {}",
                    w.practice,
                    library.ids()
                ),
            ));
        };
        if let Some(kind) = w.kind.filter(|k| *k != p.kind) {
            return Err(at(
                n,
                "kind",
                format!(
                    "is {:?}, but practice {:?} is of kind {:?}; make them agree, or leave kind out",
                    kind.id(),
                    p.id,
                    p.kind.id()
                ),
            ));
        }
        let kind = p.kind;
        for (key, lesson) in std::iter::once(("lesson", &w.lesson))
            .chain(w.also_read.iter().map(|l| ("also_read", l)))
        {
            if !lesson_ids.contains(&lesson.as_str()) {
                return Err(at(
                    n,
                    key,
                    format!(
                        "{lesson:?} is not a lesson id; use one of {}",
                        lesson_ids.join(", ")
                    ),
                ));
            }
        }
        for id in &w.questionnaires {
            if !instrument_ids.contains(&id.as_str()) {
                return Err(at(
                    n,
                    "questionnaires",
                    format!(
                        "{id:?} is not a questionnaire id; use any of {}",
                        instrument_ids.join(", ")
                    ),
                ));
            }
            if id == PEG_ID {
                return Err(at(
                    n,
                    "questionnaires",
                    "lists peg-3, which `peg = true` asks for; leave it out of the list".into(),
                ));
            }
        }
        check_minutes(&weeks, &w, kind, p.min_minutes, p.max_minutes)
            .map_err(|(key, m)| at(n, key, m))?;
        for (key, words, max) in [
            ("title", &w.title, TITLE_MAX_CHARS),
            ("intro", &w.intro, INTRO_MAX_CHARS),
        ] {
            check_words(words, max).map_err(|m| at(n, key, m))?;
        }
        weeks.push(Week {
            week: expected as u8,
            kind,
            practice: w.practice,
            lesson: w.lesson,
            also_read: w.also_read,
            daily_minutes: w.daily_minutes,
            short_minutes: w.short_minutes,
            questionnaires: w.questionnaires,
            title: w.title.trim().to_string(),
            intro: w.intro.trim().to_string(),
            peg: w.peg,
            choose: w.choose,
        });
    }
    let practices = library
        .practices()
        .iter()
        .map(|p| PracticeFacts {
            id: p.id.clone(),
            kind: p.kind,
            title: p.title.clone(),
            min_minutes: p.min_minutes,
            max_minutes: p.max_minutes,
        })
        .collect();
    Ok(Program { weeks, practices })
}

/// The daily goal fits the practice and starts small, and the way in grows
/// gently: a week's entry length (its `short_minutes` when it has one, else
/// its daily goal) is never less than the week before's entry and never more
/// than double the week before's daily goal. A short option is shorter than
/// the daily goal and inside the practice's range.
fn check_minutes(
    before: &[Week],
    w: &WeekFile,
    kind: Kind,
    min: u32,
    max: u32,
) -> Result<(), (&'static str, String)> {
    let m = w.daily_minutes;
    let outside = |key: &'static str, m: u32| {
        (
            key,
            format!(
                "{m} is outside {:?}'s range of {min} to {max} minutes",
                w.practice
            ),
        )
    };
    if !(min..=max).contains(&m) {
        return Err(outside("daily_minutes", m));
    }
    if let Some(s) = w.short_minutes {
        if !(min..=max).contains(&s) {
            return Err(outside("short_minutes", s));
        }
        if s >= m {
            return Err((
                "short_minutes",
                format!("{s} is not shorter than the daily goal of {m}; make it shorter or leave it out"),
            ));
        }
    }
    let entry = w.short_minutes.unwrap_or(m);
    match before.last() {
        None if kind != Kind::Breathing || !FIRST_WEEK_MINUTES.contains(&entry) => Err((
            "daily_minutes",
            format!(
                "week 1 starts with breathing at {} to {} minutes (CLINICAL.md, beginners); it is {:?} at {entry}",
                FIRST_WEEK_MINUTES.start(),
                FIRST_WEEK_MINUTES.end(),
                kind.id()
            ),
        )),
        Some(prev) => {
            let prev_entry = prev.short_minutes.unwrap_or(prev.daily_minutes);
            let key = if w.short_minutes.is_some() { "short_minutes" } else { "daily_minutes" };
            if entry < prev_entry || entry > prev.daily_minutes * 2 {
                Err((
                    key,
                    format!(
                        "{entry} does not grow gently from week {}'s {prev_entry} (daily {}); use {prev_entry} to {} minutes, or add a shorter short_minutes",
                        prev.week,
                        prev.daily_minutes,
                        prev.daily_minutes * 2
                    ),
                ))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// One line, not too long, no claims backcalm must not make and no guilt.
fn check_words(words: &str, max_chars: usize) -> Result<(), String> {
    let t = words.trim();
    if t.is_empty() || t.contains('\n') {
        return Err("must be one line of text, not empty".into());
    }
    let n = t.chars().count();
    if n > max_chars {
        return Err(format!(
            "is {n} characters long; keep it to {max_chars} or fewer"
        ));
    }
    if let Some(c) = crate::lesson::forbidden_claim(t) {
        return Err(c.message());
    }
    if let Some(p) = voice::guilt(t) {
        return Err(format!(
            "says {p:?}; the program never talks about what was not done, so rephrase it as an invitation"
        ));
    }
    Ok(())
}
