//! Time and zone input, read strictly and in one place.
//!
//! Every edge (JSON bodies, forms, CLI flags, imports) reads an instant with
//! [`parse_instant`] and a zone name with [`canonical_zone`] (through
//! [`crate::TzName::new`]), and every instant a record keeps is cut to
//! [`PRECISION`] by [`at_precision`], so a record read back, exported or sent
//! again compares equal to the one first stored.
//!
//! The instant grammar is RFC 3339's `date-time` as written:
//! `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, `T` and `Z` in either
//! case. Refused, each with a message that says what to write instead: the
//! ISO 8601 basic format (`20260101T000000Z`), a missing offset, offsets
//! beyond ±23:59 or with seconds, anything after the offset (such as an
//! RFC 9557 `[Europe/Paris]` suffix), year 0000, a day the month does not
//! have, more than 9 fractional digits, and leap seconds (`:60`), which
//! backcalm's clock does not count.
//! Years run from 0001 to 9999, and the latest instant that can be held is
//! [`LATEST`] (9999-12-30T22:00:00Z): later ones are refused as out of range.

use crate::journal::FieldError;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZoneDatabase};
use jiff::Timestamp;
use std::fmt;
use std::sync::OnceLock;

/// The precision every stored instant has: whole microseconds (what
/// PostgreSQL's `timestamptz` holds). Finer digits are cut off, not rounded.
pub const PRECISION: jiff::Unit = jiff::Unit::Microsecond;

/// How far ahead of the clock a record's own time may be: a phone's clock
/// may run a few minutes fast. Check-ins, sessions, screens and
/// questionnaire answers all allow the same.
pub const CLOCK_SKEW: jiff::SignedDuration = jiff::SignedDuration::from_secs(600);

/// The latest instant backcalm can hold, as RFC 3339.
pub const LATEST: &str = "9999-12-30T22:00:00Z";

const NANOS_PER_MICRO: i128 = 1_000;

/// `at` cut down to [`PRECISION`] (towards the past, also before 1970).
pub fn at_precision(at: Timestamp) -> Timestamp {
    let n = at.as_nanosecond();
    Timestamp::from_nanosecond(n - n.rem_euclid(NANOS_PER_MICRO)).unwrap_or(at)
}

/// Why a text is not an instant backcalm accepts. Its message quotes the
/// text and says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} {problem}")]
pub struct InstantError {
    /// What was given.
    pub given: String,
    /// What is wrong and what to do, as a clause following the quoted text.
    pub problem: String,
}

const EXAMPLE: &str = "e.g. 2026-11-26T08:30:00+01:00 or 2026-11-26T07:30:00Z";

/// Reads an RFC 3339 instant strictly (see the module docs), cut to [`PRECISION`].
pub fn instant(s: &str) -> Result<Timestamp, InstantError> {
    let fail = |problem: String| InstantError {
        given: s.to_string(),
        problem,
    };
    let parts = split(s.as_bytes()).map_err(fail)?;
    let date = civil_date(parts.year, parts.month, parts.day).map_err(fail)?;
    if parts.hour > 23 {
        return Err(fail(format!("has hour {:02}; use 00 to 23", parts.hour)));
    }
    if parts.minute > 59 {
        return Err(fail(format!(
            "has minute {:02}; use 00 to 59",
            parts.minute
        )));
    }
    if parts.second == 60 {
        return Err(fail(
            "is a leap second (:60), which backcalm does not record; use :59 of that minute or :00 of the next"
                .to_string(),
        ));
    }
    if parts.second > 59 {
        return Err(fail(format!(
            "has second {:02}; use 00 to 59",
            parts.second
        )));
    }
    let offset = offset(parts.offset).map_err(fail)?;
    let civil = date.at(
        parts.hour as i8,
        parts.minute as i8,
        parts.second as i8,
        parts.micros as i32 * 1_000,
    );
    let at = offset.to_timestamp(civil).map_err(|_| {
        fail(format!(
            "is outside the times backcalm can hold; use one from year 0001 up to {LATEST}"
        ))
    })?;
    Ok(at_precision(at))
}

/// [`instant`] for a field of a record: the error names `field`.
pub fn parse_instant(field: &str, s: &str) -> Result<Timestamp, FieldError> {
    instant(s).map_err(|e| FieldError::new(field, e.to_string()))
}

/// Reads a calendar day written `YYYY-MM-DD` (RFC 3339's `full-date`), years
/// 0001 to 9999; nothing before or after it (no time, no basic format).
pub fn date(s: &str) -> Result<Date, InstantError> {
    let fail = |problem: String| InstantError {
        given: s.to_string(),
        problem,
    };
    let b = s.as_bytes();
    let mut at = Cursor { b, i: 0 };
    let shape = || "is not a date; write it YYYY-MM-DD, e.g. 2026-11-26".to_string();
    let (Some(y), Some(()), Some(m), Some(()), Some(d)) = (
        at.digits(4),
        at.expect(b"-"),
        at.digits(2),
        at.expect(b"-"),
        at.digits(2),
    ) else {
        return Err(fail(shape()));
    };
    if at.i != b.len() {
        return Err(fail(shape()));
    }
    civil_date(y as u16, m as u8, d as u8)
        .map_err(|p| fail(format!("{p} (a day is written YYYY-MM-DD)")))
}

/// Serde's side of [`date`], for a JSON field that holds an optional day.
pub fn deserialize_opt_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Date>, D::Error> {
    let text: Option<String> = serde::Deserialize::deserialize(d)?;
    text.map(|t| date(&t).map_err(serde::de::Error::custom))
        .transpose()
}

/// The numbers of a `date-time`, read but not yet checked against the calendar.
struct Parts<'a> {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    micros: u32,
    offset: &'a [u8],
}

fn split(b: &[u8]) -> Result<Parts<'_>, String> {
    let shape = || {
        format!("is not an RFC 3339 time; write the date, T, the time with seconds and an offset, {EXAMPLE}")
    };
    if b.first().is_some_and(u8::is_ascii_whitespace)
        || b.last().is_some_and(u8::is_ascii_whitespace)
    {
        return Err("has spaces around it; send the time alone".to_string());
    }
    if b.len() >= 9 && b[..8].iter().all(u8::is_ascii_digit) && matches!(b[8], b'T' | b't') {
        return Err(format!(
            "is in the ISO 8601 basic format; write it with dashes and colons, {EXAMPLE}"
        ));
    }
    let mut at = Cursor { b, i: 0 };
    let year = at.digits(4).ok_or_else(shape)?;
    at.expect(b"-").ok_or_else(shape)?;
    let month = at.digits(2).ok_or_else(shape)?;
    at.expect(b"-").ok_or_else(shape)?;
    let day = at.digits(2).ok_or_else(shape)?;
    if at.i == b.len() {
        return Err(format!(
            "is a date without a time; add the time and an offset, {EXAMPLE}"
        ));
    }
    at.expect(b"Tt").ok_or_else(shape)?;
    let hour = at.digits(2).ok_or_else(shape)?;
    at.expect(b":").ok_or_else(shape)?;
    let minute = at.digits(2).ok_or_else(shape)?;
    if at.i == b.len() || at.b[at.i] != b':' {
        return Err(format!("has no seconds; write them too, {EXAMPLE}"));
    }
    at.expect(b":").ok_or_else(shape)?;
    let second = at.digits(2).ok_or_else(shape)?;
    let mut micros = 0u32;
    if at.expect(b".").is_some() {
        let start = at.i;
        while at.i < b.len() && b[at.i].is_ascii_digit() {
            if at.i - start < 6 {
                micros = micros * 10 + u32::from(b[at.i] - b'0');
            }
            at.i += 1;
        }
        if at.i == start {
            return Err(format!("has a point with no digits after it; {EXAMPLE}"));
        }
        if at.i - start > 9 {
            return Err(
                "has more than 9 digits after the point; use at most 9 (nanoseconds), of which backcalm keeps 6"
                    .to_string(),
            );
        }
        for _ in (at.i - start).min(6)..6 {
            micros *= 10;
        }
    }
    if at.i == b.len() {
        return Err(
            "has no offset; add Z for UTC or the offset from UTC, such as +01:00".to_string(),
        );
    }
    Ok(Parts {
        year: year as u16,
        month: month as u8,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
        micros,
        offset: &b[at.i..],
    })
}

/// Reads fixed-width fields left to right.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Option<u32> {
        let d = self.b.get(self.i..self.i + n)?;
        if !d.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(d.iter().fold(0, |v, c| v * 10 + u32::from(c - b'0')))
    }

    /// Consumes one byte if it is one of `any`.
    fn expect(&mut self, any: &[u8]) -> Option<()> {
        let c = self.b.get(self.i)?;
        if any.contains(c) {
            self.i += 1;
            Some(())
        } else {
            None
        }
    }
}

fn civil_date(year: u16, month: u8, day: u8) -> Result<Date, String> {
    if year == 0 {
        return Err("has year 0000; use a year from 0001 to 9999".to_string());
    }
    if !(1..=12).contains(&month) {
        return Err(format!("has month {month:02}; use 01 to 12"));
    }
    Date::new(year as i16, month as i8, day as i8).map_err(|_| {
        let last = Date::new(year as i16, month as i8, 1)
            .map(|d| d.days_in_month())
            .unwrap_or(31);
        format!("has day {day:02}, but that month has {last} days")
    })
}

fn offset(b: &[u8]) -> Result<Offset, String> {
    let text = String::from_utf8_lossy(b);
    if let Some((b'Z' | b'z', rest)) = b.split_first() {
        if rest.is_empty() {
            return Ok(Offset::UTC);
        }
        return Err(after_offset(rest));
    }
    let sign = match b.first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => {
            return Err(format!(
            "ends in {text:?}, which is not an offset; end it with Z or an offset such as +01:00"
        ))
        }
    };
    let mut at = Cursor { b, i: 1 };
    let (Some(h), Some(()), Some(m)) = (at.digits(2), at.expect(b":"), at.digits(2)) else {
        return Err(format!(
            "has offset {text:?}; write it as +HH:MM or -HH:MM, such as +05:30"
        ));
    };
    if at.i < b.len() {
        let rest = String::from_utf8_lossy(&b[at.i..]);
        if rest.starts_with(':') {
            return Err(format!(
                "has an offset with seconds ({text}); RFC 3339 offsets are whole minutes, such as +05:30"
            ));
        }
        return Err(after_offset(&b[at.i..]));
    }
    if h > 23 || m > 59 {
        return Err(format!(
            "has offset {text}, out of range; offsets run from -23:59 to +23:59"
        ));
    }
    Offset::from_seconds(sign * (h as i32 * 3600 + m as i32 * 60))
        .map_err(|_| format!("has offset {text}, out of range"))
}

fn after_offset(rest: &[u8]) -> String {
    format!(
        "has {:?} after the offset; end the time with Z or its offset (a zone name goes in tz)",
        String::from_utf8_lossy(rest)
    )
}

/// A zone name the database does not know, or one that names no place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownTz {
    /// What was given.
    pub given: String,
}

impl fmt::Display for UnknownTz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown time zone {:?}; use an IANA name such as Europe/London or America/New_York",
            self.given
        )
    }
}

/// Names in the database that name no place's clock: `Factory` (a
/// placeholder zone) is refused as well as the system's `localtime` and
/// `posixrules`, which the bundled list does not have.
const NOT_PLACES: &[&str] = &["Factory"];

/// Every zone name backcalm accepts, as `(lowercase, IANA spelling)`, sorted.
fn names() -> &'static [(String, String)] {
    static NAMES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut all: Vec<(String, String)> = TimeZoneDatabase::bundled()
            .available()
            .map(|n| n.as_str().to_string())
            .filter(|n| !NOT_PLACES.contains(&n.as_str()))
            .map(|n| (n.to_ascii_lowercase(), n))
            .collect();
        all.sort();
        all.dedup_by(|a, b| a.0 == b.0);
        all
    })
}

/// The IANA spelling of a zone name given in any case (`america/new_york`
/// -> `America/New_York`, `utc` -> `UTC`), checked against the list of names
/// bundled with backcalm. `localtime`, `posixrules`, `Factory` and files of
/// the system's zone folder (`right/…`, `posix/…`) are refused.
pub fn canonical_zone(name: &str) -> Result<&'static str, UnknownTz> {
    let key = name.to_ascii_lowercase();
    let all = names();
    all.binary_search_by(|(k, _)| k.as_str().cmp(&key))
        .map(|i| all[i].1.as_str())
        .map_err(|_| UnknownTz {
            given: name.to_string(),
        })
}

#[cfg(test)]
mod tests;
