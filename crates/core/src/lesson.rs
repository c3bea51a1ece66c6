//! Lessons: short readings as data (`content/lessons/NN-name.md`).
//!
//! A lesson file is TOML front matter between two `+++` lines, then a Markdown
//! body. Facts in the body carry their source in square brackets, e.g.
//! `[Cherkin et al., JAMA 2016]`, and every bracketed source must be listed in
//! the front matter's `sources`. A file that breaks a rule, or that makes a
//! claim backcalm must never make ([`forbidden_claim`]), is refused at load
//! with its file, line and field named. Rendering Markdown is the edges' job.

use crate::content::{ContentError, SourceFile};
use crate::located::{is_kebab, line_of, line_of_key, toml_error};
use serde::{Deserialize, Serialize};

/// Reading speed used to check a lesson's `minutes`, in words a minute.
pub const READING_WPM: usize = 200;

/// A lesson, as written in its file and checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    /// Unique id, kebab-case, e.g. `what-is-mindfulness`.
    pub id: String,
    /// Title.
    pub title: String,
    /// One line shown at the top and in lists.
    pub summary: String,
    /// The sources the body cites (CLINICAL.md entries).
    pub sources: Vec<String>,
    /// Reading time in whole minutes.
    pub minutes: u32,
    /// The body, Markdown, without the front matter.
    pub body_markdown: String,
}

impl Lesson {
    /// Words in the body: whitespace-separated tokens with a letter or digit in them,
    /// so Markdown marks such as `#` and `-` do not count.
    pub fn word_count(&self) -> usize {
        word_count(&self.body_markdown)
    }
}

fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    summary: String,
    sources: Vec<String>,
    minutes: u32,
}

const FENCE: &str = "+++";

/// Splits a file into front matter and body; the body's first line number is returned too.
fn split_front_matter<'t>(
    file: &str,
    text: &'t str,
) -> Result<(&'t str, &'t str, usize), ContentError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        return Err(ContentError::at(
            file,
            Some(1),
            "(front matter)",
            "a lesson starts with a `+++` line, then id, title, summary, sources and minutes, then another `+++` line",
        ));
    }
    let front_start = first.len();
    let mut offset = front_start;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == FENCE {
            let front = &text[front_start..offset];
            let body = &text[offset + line.len()..];
            // Line 1 is the opening fence, the front matter has i lines, then the closing fence.
            return Ok((front, body, i + 3));
        }
        offset += line.len();
    }
    Err(ContentError::at(
        file,
        None,
        "(front matter)",
        "the front matter is never closed; add a `+++` line before the body",
    ))
}

/// Parses and checks one lesson file's text.
pub fn parse_lesson(file: &str, text: &str) -> Result<Lesson, ContentError> {
    let (front, body, body_line) = split_front_matter(file, text)?;
    // The front matter starts on line 2, after the opening fence.
    let fm: FrontMatter = toml::from_str(front).map_err(|e| toml_error(file, front, 2, &e))?;
    let at = |key: &str, message: String| {
        ContentError::at(file, line_of_key(front, key).map(|l| l + 1), key, message)
    };

    if !is_kebab(&fm.id) {
        return Err(at(
            "id",
            format!(
                "{:?} must be lowercase letters, digits and single dashes",
                fm.id
            ),
        ));
    }
    if fm.title.trim().is_empty() {
        return Err(at("title", "is empty; give the lesson a title".into()));
    }
    if fm.summary.trim().is_empty() || fm.summary.contains('\n') {
        return Err(at(
            "summary",
            "must be one line saying what the lesson is about".into(),
        ));
    }
    if fm.sources.is_empty() || fm.sources.iter().any(|s| s.trim().is_empty()) {
        return Err(at(
            "sources",
            "list at least one source from CLINICAL.md, and no empty ones".into(),
        ));
    }
    if body.trim().is_empty() {
        return Err(ContentError::at(
            file,
            Some(body_line),
            "(body)",
            "the lesson has no body after the front matter",
        ));
    }
    let words = word_count(body);
    let expected = words.div_ceil(READING_WPM).max(1);
    let given = fm.minutes as usize;
    if given + 1 < expected || given > expected + 1 {
        return Err(at(
            "minutes",
            format!(
                "{given} does not fit a body of {words} words (about {expected} at {READING_WPM} words a minute); set minutes = {expected}"
            ),
        ));
    }
    check_citations(file, body, body_line, &fm.sources)?;
    for (field, words) in [("title", &fm.title), ("summary", &fm.summary)] {
        if let Some(c) = forbidden_claim(words) {
            return Err(at(field, c.message()));
        }
    }
    if let Some(c) = forbidden_claim(body) {
        return Err(ContentError::at(
            file,
            Some(body_line + line_of(body, c.offset) - 1),
            "(body)",
            c.message(),
        ));
    }
    Ok(Lesson {
        id: fm.id,
        title: fm.title,
        summary: fm.summary,
        sources: fm.sources,
        minutes: fm.minutes,
        body_markdown: body.trim().to_string(),
    })
}

/// Each `[...]` in the body names listed sources (several are separated by `; `),
/// and each listed source is cited at least once.
fn check_citations(
    file: &str,
    body: &str,
    body_line: usize,
    sources: &[String],
) -> Result<(), ContentError> {
    let mut cited = vec![false; sources.len()];
    let mut rest = body;
    let mut consumed = 0;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let line = body_line + line_of(body, consumed + open) - 1;
        let Some(close) = after.find(']') else {
            return Err(ContentError::at(
                file,
                Some(line),
                "(body)",
                "a `[` is never closed; write a source as [Author et al., Year]",
            ));
        };
        for part in after[..close].split("; ") {
            match sources.iter().position(|s| s == part.trim()) {
                Some(i) => cited[i] = true,
                None => {
                    return Err(ContentError::at(
                        file,
                        Some(line),
                        "(body)",
                        format!("cites [{part}], which is not in `sources`; add it there or fix the spelling"),
                    ))
                }
            }
        }
        let step = open + 1 + close + 1;
        consumed += step;
        rest = &rest[step..];
    }
    if let Some(i) = cited.iter().position(|c| !c) {
        return Err(ContentError::at(
            file,
            None,
            "sources",
            format!("{:?} is listed but never cited in the body; cite it as [{}] after the fact it supports, or remove it", sources[i], sources[i]),
        ));
    }
    Ok(())
}

/// All lessons among the content files (`lessons/*.md`), in the order set by the
/// number that starts each file name (`01-…`, `02-…`).
pub fn lessons(files: &[SourceFile]) -> Result<Vec<Lesson>, ContentError> {
    let mut found: Vec<(u32, Lesson)> = Vec::new();
    for f in files {
        let Some(name) = f.path.strip_prefix("lessons/") else {
            continue;
        };
        if name.contains('/') || !name.ends_with(".md") {
            continue;
        }
        let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
        let order = match (digits.parse::<u32>(), name[digits.len()..].starts_with('-')) {
            (Ok(n), true) => n,
            _ => {
                return Err(ContentError::at(
                    &f.path,
                    None,
                    "(file name)",
                    "a lesson file name starts with a number that sets its order, e.g. lessons/01-what-is-mindfulness.md; rename the file",
                ))
            }
        };
        let lesson = parse_lesson(&f.path, &f.text)?;
        if let Some((_, other)) = found.iter().find(|(n, l)| *n == order || l.id == lesson.id) {
            let what = if other.id == lesson.id {
                format!(
                    "lesson id {:?} is used by another file; ids must be unique",
                    lesson.id
                )
            } else {
                format!(
                    "number {order} is also used by lesson {:?}; give each lesson its own number",
                    other.id
                )
            };
            return Err(ContentError::at(&f.path, None, "id", what));
        }
        found.push((order, lesson));
    }
    if found.is_empty() {
        return Err(ContentError::at(
            "lessons/",
            None,
            "(files)",
            "no lesson files found; expected lessons/NN-name.md",
        ));
    }
    found.sort_by_key(|(n, _)| *n);
    Ok(found.into_iter().map(|(_, l)| l).collect())
}

/// A phrase backcalm must never use about itself or its practices, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForbiddenClaim {
    /// The words found, lowercased.
    pub phrase: String,
    /// Byte offset of the first word in the text.
    pub offset: usize,
}

impl ForbiddenClaim {
    /// What is wrong and what to do instead.
    pub fn message(&self) -> String {
        format!(
            "says {:?}; backcalm never claims to treat, cure, reduce pain or diagnose. Use words like \"may help you manage\" or \"studies found\" (CLINICAL.md, Wording)",
            self.phrase
        )
    }
}

/// Word sequences that are never allowed (CLINICAL.md, Wording and regulation).
const BANNED: &[&[&str]] = &[
    &["cure"],
    &["cures"],
    &["cured"],
    &["curing"],
    &["treats"],
    &["reduce", "your", "pain"],
    &["reduces", "your", "pain"],
];

/// Words that turn "diagnose" into a statement of what backcalm does not do.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "cannot", "can't", "doesn't", "don't", "isn't", "won't", "nor", "without",
];

/// How many words before "diagnose…" a negation may stand ("does not diagnose",
/// "is not a diagnosis").
const NEGATION_REACH: usize = 3;

/// Finds the first claim backcalm must not make in `text`: "cure(s)", "treats",
/// "reduce(s) your pain", or any "diagnos…" word not negated just before it.
///
/// Matching is by whole words, case-insensitive, across line breaks, so
/// "secure" or "retreats" pass and "does not diagnose" is allowed.
pub fn forbidden_claim(text: &str) -> Option<ForbiddenClaim> {
    let words = words_with_offsets(text);
    for i in 0..words.len() {
        for banned in BANNED {
            let matches = banned.len() <= words.len() - i
                && banned.iter().zip(&words[i..]).all(|(b, (w, _))| w == b);
            if matches {
                return Some(ForbiddenClaim {
                    phrase: banned.join(" "),
                    offset: words[i].1,
                });
            }
        }
        let (w, offset) = &words[i];
        if w.starts_with("diagnos") {
            let before = &words[i.saturating_sub(NEGATION_REACH)..i];
            if !before.iter().any(|(b, _)| NEGATIONS.contains(&b.as_str())) {
                return Some(ForbiddenClaim {
                    phrase: w.clone(),
                    offset: *offset,
                });
            }
        }
    }
    None
}

/// Lowercased words (letters, digits, apostrophes) with their byte offsets.
fn words_with_offsets(text: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for (i, c) in text.char_indices() {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if c.is_alphanumeric() || c == '\'' {
            let entry = current.get_or_insert_with(|| (String::new(), i));
            entry.0.extend(c.to_lowercase());
        } else if let Some(w) = current.take() {
            out.push(w);
        }
    }
    out.extend(current);
    // Quotes around a word ('cure') are not part of it.
    for (w, offset) in &mut out {
        let leading = w.len() - w.trim_start_matches('\'').len();
        *offset += leading;
        *w = w.trim_matches('\'').to_string();
    }
    out.retain(|(w, _)| !w.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nid = \"x\"\ntitle = \"X\"\nsummary = \"One line.\"\nsources = [\"Farrar et al. 2001\"]\nminutes = 1\n+++\n\n# X\n\nA change of about 2 points matters [Farrar et al. 2001].\n";

    #[test]
    fn parses_front_matter_and_body() {
        let l = parse_lesson("lessons/01-x.md", GOOD).expect("valid");
        assert_eq!(l.id, "x");
        assert_eq!(l.sources, vec!["Farrar et al. 2001".to_string()]);
        assert!(l.body_markdown.starts_with("# X"));
        assert_eq!(l.word_count(), 12);
    }

    #[test]
    fn forbidden_claims_are_whole_words_and_negation_aware() {
        assert_eq!(
            forbidden_claim("This cures it.").map(|c| c.phrase),
            Some("cures".into())
        );
        assert_eq!(
            forbidden_claim("A secure seat; weekend retreats.").map(|c| c.phrase),
            None
        );
        assert_eq!(
            forbidden_claim("It will REDUCE your\npain.").map(|c| c.phrase),
            Some("reduce your pain".into())
        );
        assert_eq!(
            forbidden_claim("backcalm does not diagnose anything."),
            None
        );
        assert_eq!(forbidden_claim("The screen is not a diagnosis."), None);
        assert_eq!(forbidden_claim("It can't diagnose."), None);
        let c = forbidden_claim("Short. We diagnose backs.").expect("not negated");
        assert_eq!((c.phrase.as_str(), c.offset), ("diagnose", 10));
        assert_eq!(forbidden_claim("'cure'").map(|c| c.offset), Some(1));
    }

    #[test]
    fn a_citation_not_in_sources_is_refused_with_its_line() {
        let text = GOOD.replace(
            "[Farrar et al. 2001].",
            "[Farrar et al. 2001].\n\nMore [Someone 1999].",
        );
        let e = parse_lesson("lessons/01-x.md", &text).expect_err("unknown source");
        assert_eq!(e.line, Some(13), "{e}");
        assert!(e.message.contains("Someone 1999"), "{e}");
    }
}
