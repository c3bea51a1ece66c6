//! The `Range` request header (RFC 9110 §14), for one range of bytes: what
//! an `<audio>` element sends when it starts and each time it seeks.

use std::ops::Range;

/// What to send for a `Range` header against a file of `len` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Wanted {
    /// The whole file, 200: no header, or one the server may ignore (another
    /// unit, several ranges, or a garbled one).
    Whole,
    /// These bytes, 206.
    Part(Range<usize>),
    /// Nothing of the file lies in the range, 416.
    Unsatisfiable,
}

/// Reads `bytes=a-b`, `bytes=a-` or `bytes=-n` against a file of `len` bytes.
pub(super) fn wanted(header: Option<&str>, len: usize) -> Wanted {
    let Some(spec) = header.and_then(|h| {
        let (unit, set) = h.trim().split_once('=')?;
        unit.trim()
            .eq_ignore_ascii_case("bytes")
            .then_some(set.trim())
    }) else {
        return Wanted::Whole;
    };
    // Several ranges at once would need a multipart answer; the whole file answers them too.
    if spec.contains(',') {
        return Wanted::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Wanted::Whole;
    };
    let number = |s: &str| -> Option<usize> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Past usize is past any file: saturate so it still compares as "beyond the end".
        Some(s.parse::<usize>().unwrap_or(usize::MAX))
    };
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        // bytes=-n: the last n bytes.
        return match number(last) {
            None => Wanted::Whole,
            Some(0) => Wanted::Unsatisfiable,
            Some(_) if len == 0 => Wanted::Unsatisfiable,
            Some(n) => Wanted::Part(len - n.min(len)..len),
        };
    }
    // bytes=a- and bytes=a-b.
    let Some(a) = number(first) else {
        return Wanted::Whole;
    };
    let end = if last.is_empty() {
        len
    } else {
        match number(last) {
            Some(b) if b >= a => b.saturating_add(1).min(len),
            _ => return Wanted::Whole,
        }
    };
    if a >= len {
        return Wanted::Unsatisfiable;
    }
    Wanted::Part(a..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_of_one_range() {
        assert_eq!(wanted(Some("bytes=0-99"), 1000), Wanted::Part(0..100));
        assert_eq!(wanted(Some("bytes=500-"), 1000), Wanted::Part(500..1000));
        assert_eq!(wanted(Some("bytes=-100"), 1000), Wanted::Part(900..1000));
        assert_eq!(wanted(Some("bytes=999-999"), 1000), Wanted::Part(999..1000));
        assert_eq!(wanted(Some(" Bytes = 1 - 2 "), 1000), Wanted::Part(1..3));
    }

    #[test]
    fn ends_past_the_file_are_cut_to_it() {
        assert_eq!(
            wanted(Some("bytes=900-5000"), 1000),
            Wanted::Part(900..1000)
        );
        assert_eq!(wanted(Some("bytes=-5000"), 1000), Wanted::Part(0..1000));
        assert_eq!(
            wanted(Some("bytes=0-99999999999999999999999"), 10),
            Wanted::Part(0..10)
        );
    }

    #[test]
    fn ranges_outside_the_file_are_unsatisfiable() {
        assert_eq!(wanted(Some("bytes=1000-"), 1000), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=1000-2000"), 1000), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=-0"), 1000), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=0-"), 0), Wanted::Unsatisfiable);
        assert_eq!(
            wanted(Some("bytes=99999999999999999999999-"), 10),
            Wanted::Unsatisfiable
        );
    }

    #[test]
    fn what_may_be_ignored_gets_the_whole_file() {
        for h in [
            None,
            Some("items=0-1"),
            Some("bytes=0-1,5-6"),
            Some("bytes=abc"),
            Some("bytes=5-3"),
            Some("bytes=-"),
            Some("bytes=1-x"),
            Some("bytes=+1-2"),
            Some("bytes"),
            Some(""),
        ] {
            assert_eq!(wanted(h, 1000), Wanted::Whole, "{h:?}");
        }
    }
}
