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
pub(crate) const MAX_REGIONS: usize = 6;

/// The notes to print, oldest first, and how many older ones are left out.
pub(crate) fn notes(report: &Report) -> (Vec<(Date, String)>, usize) {
    let hidden = report.notes.len().saturating_sub(MAX_NOTES);
    let shown = report.notes[hidden..]
        .iter()
        .map(|n| (n.date, clip(&n.text, MAX_NOTE_CHARS)))
        .collect();
    (shown, hidden)
}

/// Characters of notes and "yes" answers an HTML page has room for below
/// its fixed sections. The browser lays the page out, so this is measured
/// once in Chromium (A4 and Letter) rather than at run time; the PDF measures
/// its own text instead.
pub(crate) const HTML_TEXT_BUDGET: usize = 600;

/// The notes for the HTML page: the latest that fit [`HTML_TEXT_BUDGET`]
/// beside the screen's "yes" answers, oldest first, and how many are left out.
pub(crate) fn notes_for_html(report: &Report) -> (Vec<(Date, String)>, usize) {
    let (all, hidden) = notes(report);
    let yes: usize = report
        .screen
        .iter()
        .flat_map(|s| s.yes.iter())
        .map(|q| q.chars().count() + 1)
        .sum();
    let mut budget = HTML_TEXT_BUDGET.saturating_sub(yes);
    let mut keep = 0;
    for (_, text) in all.iter().rev() {
        // The date and the list item cost about a dozen characters of room.
        let cost = text.chars().count() + 12;
        if cost > budget {
            break;
        }
        budget -= cost;
        keep += 1;
    }
    let skip = all.len() - keep;
    (all[skip..].to_vec(), hidden + skip)
}

/// The regions to print, most frequent first, and how many are left out.
pub(crate) fn regions(report: &Report) -> (&[RegionCount], usize) {
    let n = report.body_map.len().min(MAX_REGIONS);
    (&report.body_map[..n], report.body_map.len() - n)
}

/// What to say about notes left out, when some were.
pub(crate) fn notes_left_out(hidden: usize, shown: usize) -> Option<String> {
    if shown == 0 {
        (hidden > 0).then(|| {
            format!(
                "{hidden} notes not shown for lack of room on one page; see the person's journal."
            )
        })
    } else {
        more(hidden, "earlier notes")
    }
}

/// "3 more regions not shown" for lists that were capped.
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
