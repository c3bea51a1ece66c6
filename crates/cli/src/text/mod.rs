//! Output for people: aligned tables, practice scripts, insights, lessons,
//! times as mm:ss.
//!
//! Pure functions from values to strings, so they are tested without a terminal.

pub mod insights;
pub mod markdown;
pub mod script;
pub mod table;

/// Milliseconds as `mm:ss` (minutes keep counting past 59: `75:00`).
pub fn mm_ss(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// Cuts `s` to at most `width` characters, ending with `…` when it was cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// Word-wraps `s` into lines of at most `width` characters (a longer word gets a line of its own).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_minutes_and_seconds() {
        assert_eq!(mm_ss(0), "00:00");
        assert_eq!(mm_ss(119_999), "01:59");
        assert_eq!(mm_ss(4_500_000), "75:00");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("lower-back", 20), "lower-back");
        assert_eq!(truncate("lower-back", 6), "lower…");
        assert_eq!(truncate("ab", 0), "");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("breathe in slowly and out", 10),
            vec!["breathe in", "slowly and", "out"]
        );
        assert_eq!(
            wrap("extraordinarily long", 5),
            vec!["extraordinarily", "long"]
        );
        assert!(wrap("   ", 10).is_empty());
    }
}
