//! Times as people read them: local dates in the record's own zone, and
//! offsets into a practice as minutes and seconds.

use backcalm_core::TzName;
use jiff::Timestamp;

/// A moment shown in its zone: the text people read and the machine-readable value.
#[derive(Debug, Clone)]
pub struct LocalTime {
    /// e.g. "Thu 26 Nov 2026, 10:00".
    pub text: String,
    /// RFC 3339 with offset, for `<time datetime>`.
    pub datetime: String,
}

/// `at` in `tz`; the zone's name is added when it is not the app's default zone.
pub fn local_time(at: Timestamp, tz: &TzName, default_tz: &TzName) -> LocalTime {
    let zoned = at.to_zoned(tz.zone());
    let mut text = zoned.strftime("%a %-d %b %Y, %H:%M").to_string();
    if tz != default_tz {
        text.push_str(&format!(" ({tz})"));
    }
    LocalTime {
        text,
        datetime: backcalm_core::journal::rfc3339_in(at, tz),
    }
}

/// An offset into a practice: `0:05`, `12:30`, `1:05:00`.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Seconds as words: "45 s", "2 min", "2 min 30 s".
pub fn duration_words(total_s: u64) -> String {
    let (m, s) = (total_s / 60, total_s % 60);
    match (m, s) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_uses_minutes_and_hours() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(5_999), "0:05");
        assert_eq!(clock(750_000), "12:30");
        assert_eq!(clock(3_900_000), "1:05:00");
    }

    #[test]
    fn local_time_is_in_the_records_zone() {
        let london = TzName::new("Europe/London").expect("zone");
        let ny = TzName::new("America/New_York").expect("zone");
        let at: Timestamp = "2026-11-26T10:00:00Z".parse().expect("instant");
        let here = local_time(at, &london, &london);
        assert_eq!(here.text, "Thu 26 Nov 2026, 10:00");
        assert_eq!(here.datetime, "2026-11-26T10:00:00+00:00");
        let there = local_time(at, &ny, &london);
        assert_eq!(there.text, "Thu 26 Nov 2026, 05:00 (America/New_York)");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(45), "45 s");
        assert_eq!(duration_words(120), "2 min");
        assert_eq!(duration_words(150), "2 min 30 s");
    }
}
