//! What fits on one page: the HTML and the PDF show the same, capped lists.
//!
//! The view model keeps everything; only the printed page is capped, and it
//! says how much was left out rather than dropping it silently.

use backcalm_core::report::{RegionCount, Report};
use jiff::civil::Date;

/// The most recent notes shown.
pub(crate) const MAX_NOTES: usize = 6;
/// A longer note is cut here and ends in "…".
pub(crate) const MAX_NOTE_CHARS: usize = 280;
/// The most frequent regions shown.
pub(crate) const MAX_REGIONS: usize = 8;

/// The notes to print, oldest first, and how many older ones are left out.
pub(crate) fn notes(report: &Report) -> (Vec<(Date, String)>, usize) {
    let hidden = report.notes.len().saturating_sub(MAX_NOTES);
    let shown = report.notes[hidden..]
        .iter()
        .map(|n| (n.date, clip(&n.text, MAX_NOTE_CHARS)))
        .collect();
    (shown, hidden)
}

/// The regions to print, most frequent first, and how many are left out.
pub(crate) fn regions(report: &Report) -> (&[RegionCount], usize) {
    let n = report.body_map.len().min(MAX_REGIONS);
    (&report.body_map[..n], report.body_map.len() - n)
}

/// "… and 3 more" for lists that were capped.
pub(crate) fn more(hidden: usize, what: &str) -> Option<String> {
    (hidden > 0).then(|| format!("{hidden} more {what} not shown; see the person's journal."))
}

fn clip(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_by_characters_not_bytes() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("ääää", 3), "ää…");
    }
}
