//! Pointing at the place in a content file's text that an error is about.
//!
//! Practices, questionnaires, lessons and the program are all TOML (lessons
//! in their front matter), and all refuse a bad file with file, line and field
//! named ([`ContentError`]). These are the pieces they share: which line a
//! byte or a key is on, what a TOML parse error names, and the rule for ids.

use crate::content::ContentError;

impl ContentError {
    /// An error about `field` of `file`, at `line` when it is known.
    pub(crate) fn at(
        file: &str,
        line: Option<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> ContentError {
        ContentError {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// The 1-based line that byte offset `byte` of `text` is on (the last line past the end).
pub(crate) fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Whether `line` writes `key = …`.
fn writes_key(line: &str, key: &str) -> bool {
    line.trim_start()
        .strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

/// The first 1-based line where `key =` is written; top-level keys come before any table.
pub(crate) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|l| writes_key(l, key)).map(|i| i + 1)
}

/// The 1-based line of the `n`th (0-based) table header such as `[[items]]`.
pub(crate) fn line_of_table(text: &str, header: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// The line of `key =` inside the `n`th (0-based) `header` table, else the header's own line.
pub(crate) fn line_in_table(text: &str, header: &str, n: usize, key: &str) -> Option<usize> {
    let start = line_of_table(text, header, n)?;
    let inside = text
        .lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| writes_key(l, key))
        .map(|(i, _)| i + 1);
    inside.or(Some(start))
}

/// The field a TOML parse error names (`` missing field `title` `` gives
/// `title`), if it names one.
pub(crate) fn named_field(e: &toml::de::Error) -> Option<String> {
    let message = e.message();
    message
        .split('`')
        .nth(1)
        .filter(|_| message.contains("field"))
        .map(str::to_string)
}

/// A TOML parse error of `file` as a [`ContentError`]: the field it names
/// (else `(syntax)`) and the line it points at, counted from `first_line`
/// (1 for a whole file; more for front matter that starts further down).
pub(crate) fn toml_error(
    file: &str,
    text: &str,
    first_line: usize,
    e: &toml::de::Error,
) -> ContentError {
    let line = e.span().map(|s| line_of(text, s.start) + first_line - 1);
    let field = named_field(e).unwrap_or_else(|| "(syntax)".to_string());
    ContentError::at(file, line, &field, e.message().trim())
}

/// An id as content files write them: lowercase letters, digits and single
/// hyphens, not starting or ending with one (`paced-breathing`, `peg-3`).
pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "id = \"x\"\ntitle= \"T\"\n\n[[items]]\nid = \"a\"\n\n[[items]]\ntext = \"b\"\nid = \"b\"\n";

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_of(TEXT, 0), 1);
        assert_eq!(line_of(TEXT, TEXT.find("title").expect("there")), 2);
        assert_eq!(line_of(TEXT, usize::MAX), TEXT.lines().count() + 1);
        assert_eq!(line_of_key(TEXT, "title"), Some(2));
        assert_eq!(line_of_key(TEXT, "missing"), None);
    }

    #[test]
    fn keys_are_found_inside_the_nth_table_or_at_its_header() {
        assert_eq!(line_of_table(TEXT, "[[items]]", 0), Some(4));
        assert_eq!(line_of_table(TEXT, "[[items]]", 1), Some(7));
        assert_eq!(line_of_table(TEXT, "[[items]]", 2), None);
        assert_eq!(line_in_table(TEXT, "[[items]]", 1, "id"), Some(9));
        assert_eq!(line_in_table(TEXT, "[[items]]", 0, "text"), Some(4));
    }

    #[test]
    fn parse_errors_name_the_field_and_the_line() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            id: String,
            title: String,
        }
        let e = toml::from_str::<Doc>("id = \"x\"\n").expect_err("title is missing");
        let err = toml_error("f.toml", "id = \"x\"\n", 1, &e);
        assert_eq!(err.field, "title");
        let e = toml::from_str::<Doc>("id = \"x\"\ntitle = \n").expect_err("bad syntax");
        let err = toml_error("f.toml", "id = \"x\"\ntitle = \n", 10, &e);
        assert_eq!((err.field.as_str(), err.line), ("(syntax)", Some(11)));
    }

    #[test]
    fn ids_are_kebab_case() {
        for good in ["a", "peg-3", "paced-breathing"] {
            assert!(is_kebab(good), "{good}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b", "é"] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }
}
