use super::*;
use crate::TzName;
use proptest::prelude::*;

fn ok(s: &str) -> Timestamp {
    instant(s).unwrap_or_else(|e| panic!("{s} should be accepted: {e}"))
}

fn refused(s: &str) -> String {
    match instant(s) {
        Ok(t) => panic!("{s} should be refused, got {t}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn rfc3339_as_written_is_accepted() {
    assert_eq!(
        ok("2026-11-26T08:30:00+01:00").to_string(),
        "2026-11-26T07:30:00Z"
    );
    assert_eq!(ok("2026-11-26t07:30:00z"), ok("2026-11-26T07:30:00Z"));
    assert_eq!(ok("2026-11-26T07:30:00-00:00"), ok("2026-11-26T07:30:00Z"));
    assert_eq!(
        ok("2026-11-26T07:30:00+23:59").to_string(),
        "2026-11-25T07:31:00Z"
    );
    assert_eq!(
        ok("2026-11-26T07:30:00-23:59").to_string(),
        "2026-11-27T07:29:00Z"
    );
    assert_eq!(
        ok("2024-02-29T12:00:00Z").to_string(),
        "2024-02-29T12:00:00Z"
    );
}

#[test]
fn fractions_are_cut_to_microseconds() {
    assert_eq!(
        ok("2026-11-26T07:30:00.123456789Z").to_string(),
        "2026-11-26T07:30:00.123456Z"
    );
    assert_eq!(
        ok("2026-11-26T07:30:00.5Z").to_string(),
        "2026-11-26T07:30:00.5Z"
    );
    assert!(refused("2026-11-26T07:30:00.1234567890Z").contains("at most 9"));
    assert!(refused("2026-11-26T07:30:00.Z").contains("no digits"));
}

#[test]
fn offsets_beyond_a_day_or_with_seconds_are_refused() {
    let e = refused("2026-01-01T00:00:00+25:00");
    assert!(e.contains("-23:59 to +23:59"), "{e}");
    assert!(refused("2026-01-01T00:00:00+24:00").contains("out of range"));
    assert!(refused("2026-01-01T00:00:00+05:60").contains("out of range"));
    let e = refused("2026-01-01T00:00:00+00:00:30");
    assert!(e.contains("whole minutes"), "{e}");
    assert!(refused("2026-01-01T00:00:00+0100").contains("+HH:MM"));
    assert!(refused("2026-01-01T00:00:00+1").contains("+HH:MM"));
}

#[test]
fn suffixes_basic_format_and_missing_parts_are_refused() {
    let e = refused("2026-01-01T00:00:00Z[Mars/Olympus]");
    assert!(e.contains("\"[Mars/Olympus]\" after the offset"), "{e}");
    assert!(refused("2026-01-01T00:00:00+01:00[Europe/Paris]").contains("after the offset"));
    assert!(refused("20260101T000000Z").contains("basic format"));
    assert!(refused("2026-01-01T00:00:00").contains("no offset"));
    assert!(refused("2026-01-01T00:00Z").contains("no seconds"));
    assert!(refused("2026-01-01").contains("without a time"));
    assert!(refused("2026-01-01 00:00:00Z").contains("not an RFC 3339 time"));
    assert!(refused(" 2026-01-01T00:00:00Z").contains("spaces"));
    assert!(refused("2026-01-01T00:00:00Z ").contains("spaces"));
    assert!(refused("").contains("not an RFC 3339 time"));
    assert!(refused("+02026-01-01T00:00:00Z").contains("not an RFC 3339 time"));
    assert!(refused("2026-1-01T00:00:00Z").contains("not an RFC 3339 time"));
}

#[test]
fn calendar_and_clock_fields_are_checked() {
    assert!(refused("2026-02-29T00:00:00Z").contains("that month has 28 days"));
    assert!(refused("2026-04-31T00:00:00Z").contains("that month has 30 days"));
    assert!(refused("2026-13-01T00:00:00Z").contains("month 13"));
    assert!(refused("2026-00-01T00:00:00Z").contains("month 00"));
    assert!(refused("2026-01-00T00:00:00Z").contains("day 00"));
    assert!(refused("2026-01-01T24:00:00Z").contains("hour 24"));
    assert!(refused("2026-01-01T23:60:00Z").contains("minute 60"));
    assert!(refused("2026-01-01T23:59:61Z").contains("second 61"));
}

#[test]
fn a_leap_second_is_refused_with_a_message() {
    let e = refused("2016-12-31T23:59:60Z");
    assert!(e.contains("leap second"), "{e}");
    assert!(e.contains(":59 of that minute or :00 of the next"), "{e}");
}

#[test]
fn years_run_from_0001_to_the_stated_limit() {
    assert!(refused("0000-01-01T00:00:00Z").contains("year 0000"));
    assert_eq!(
        ok("0001-01-01T00:00:00Z").to_string(),
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(
        ok("0001-01-01T00:00:00+23:59").to_string(),
        "0000-12-31T00:01:00Z"
    );
    assert_eq!(ok(LATEST).to_string(), LATEST);
    assert_eq!(
        ok("9999-12-30T22:00:00.999999Z").to_string(),
        "9999-12-30T22:00:00.999999Z"
    );
    let e = refused("9999-12-31T23:59:59Z");
    assert!(e.contains(&format!("up to {LATEST}")), "{e}");
    assert!(refused("9999-12-30T22:00:01Z").contains("outside the times"));
}

#[test]
fn days_are_read_as_yyyy_mm_dd_only() {
    assert_eq!(
        date("2026-11-26").map(|d| d.to_string()),
        Ok("2026-11-26".into())
    );
    assert_eq!(
        date("0001-01-01").map(|d| d.to_string()),
        Ok("0001-01-01".into())
    );
    assert_eq!(
        date("9999-12-31").map(|d| d.to_string()),
        Ok("9999-12-31".into())
    );
    for bad in [
        "20261126",
        "2026-11-26T00:00",
        "+002026-11-26",
        " 2026-11-26",
        "2026-11-2",
        "",
    ] {
        let e = date(bad).expect_err(bad);
        assert!(e.problem.contains("YYYY-MM-DD"), "{e}");
    }
    assert!(date("0000-01-01")
        .expect_err("year 0")
        .problem
        .contains("0001 to 9999"));
    assert!(date("2026-02-29")
        .expect_err("no such day")
        .problem
        .contains("28 days"));
    assert!(date("2026-13-01")
        .expect_err("no such month")
        .problem
        .contains("month 13"));
}

#[test]
fn field_errors_name_the_field() {
    let e = parse_instant("recorded_at", "2026-01-01T00:00:00+25:00").unwrap_err();
    assert_eq!(e.field, "recorded_at");
    assert!(
        e.message
            .starts_with("\"2026-01-01T00:00:00+25:00\" has offset"),
        "{}",
        e.message
    );
}

#[test]
fn precision_is_cut_towards_the_past() {
    let t = Timestamp::from_nanosecond(1_999).unwrap();
    assert_eq!(at_precision(t).as_nanosecond(), 1_000);
    let before = Timestamp::from_nanosecond(-1).unwrap();
    assert_eq!(at_precision(before).as_nanosecond(), -1_000);
    assert_eq!(
        at_precision(Timestamp::MAX).subsec_nanosecond(),
        999_999_000
    );
    assert_eq!(at_precision(Timestamp::MIN), Timestamp::MIN);
}

#[test]
fn zone_names_are_spelled_as_iana_does() {
    assert_eq!(canonical_zone("america/new_york"), Ok("America/New_York"));
    assert_eq!(canonical_zone("AMERICA/NEW_YORK"), Ok("America/New_York"));
    assert_eq!(canonical_zone("utc"), Ok("UTC"));
    assert_eq!(canonical_zone("Europe/London"), Ok("Europe/London"));
    assert_eq!(
        canonical_zone("america/port-au-prince"),
        Ok("America/Port-au-Prince")
    );
    let tz = TzName::new("europe/berlin").expect("known");
    assert_eq!(tz.as_str(), "Europe/Berlin");
    assert_eq!(tz, TzName::new("Europe/Berlin").expect("known"));
}

#[test]
fn names_that_are_no_place_are_refused() {
    for name in [
        "localtime",
        "posixrules",
        "Factory",
        "factory",
        "right/Europe/London",
        "posix/Europe/London",
        "Mars/Olympus",
        "",
        "Europe/London ",
        "../etc/passwd",
    ] {
        let e = TzName::new(name).expect_err(name);
        assert_eq!(e.given, name);
        assert!(e.to_string().contains("use an IANA name"), "{e}");
    }
}

#[test]
fn a_legacy_stored_zone_is_still_read() {
    // A journal written before names were checked strictly may hold any name
    // the system database knows; reading it back must not fail.
    assert_eq!(TzName::stored("utc").expect("known").as_str(), "UTC");
    assert!(TzName::stored("Mars/Olympus").is_err());
}

/// Instants in the accepted range, at [`PRECISION`].
fn any_instant() -> impl Strategy<Value = Timestamp> {
    let lo = ok("0001-01-02T00:00:00Z").as_second();
    let hi = ok("9999-12-29T00:00:00Z").as_second();
    (lo..hi, 0..1_000_000i32).prop_map(|(s, us)| Timestamp::new(s, us * 1_000).expect("in range"))
}

/// Offsets RFC 3339 can write: whole minutes within ±23:59.
fn any_offset() -> impl Strategy<Value = Offset> {
    (-(23 * 60 + 59)..=(23 * 60 + 59)).prop_map(|m| Offset::from_seconds(m * 60).expect("small"))
}

proptest! {
    #[test]
    fn every_instant_reads_back_from_any_offset(at in any_instant(), off in any_offset()) {
        let text = at.display_with_offset(off).to_string();
        prop_assert_eq!(instant(&text), Ok(at));
        prop_assert_eq!(instant(&text.to_ascii_lowercase()), Ok(at));
        prop_assert_eq!(instant(&at.to_string()), Ok(at));
    }

    #[test]
    fn what_is_accepted_jiff_reads_the_same(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,12})?([Zz]|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?(\\[[A-Za-z/]{1,12}\\])?") {
        if let Ok(at) = instant(&s) {
            let theirs: Timestamp = s.parse().expect("jiff reads what we accept");
            prop_assert_eq!(at, at_precision(theirs));
        }
    }

    #[test]
    fn what_is_nearly_valid_is_read_as_jiff_reads_it(s in "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,12})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])") {
        if let Ok(at) = instant(&s) {
            let theirs: Timestamp = s.parse().expect("jiff reads what we accept");
            prop_assert_eq!(at, at_precision(theirs));
        }
    }

    #[test]
    fn offsets_past_a_day_are_refused(at in any_instant(), h in 24u32..100, m in 0u32..100, plus: bool) {
        let sign = if plus { '+' } else { '-' };
        let text = format!("{}{sign}{h:02}:{m:02}", at.strftime("%Y-%m-%dT%H:%M:%S"));
        let e = instant(&text).expect_err("out of range");
        prop_assert!(e.problem.contains("-23:59 to +23:59"), "{}", e);
    }

    #[test]
    fn offsets_with_seconds_are_refused(at in any_instant(), off in any_offset(), s in 0u32..60) {
        let text = format!("{}:{s:02}", at.display_with_offset(off));
        let e = instant(&text).expect_err("seconds in the offset");
        prop_assert!(e.problem.contains("whole minutes"), "{}", e);
    }

    #[test]
    fn anything_after_the_offset_is_refused(at in any_instant(), off in any_offset(), tail in "[^\\s]{1,20}") {
        let text = format!("{}{tail}", at.display_with_offset(off));
        prop_assert!(instant(&text).is_err(), "{} accepted", text);
    }

    #[test]
    fn the_basic_format_is_refused(at in any_instant()) {
        let text = at.strftime("%Y%m%dT%H%M%SZ").to_string();
        let e = instant(&text).expect_err("basic format");
        prop_assert!(e.problem.contains("basic format"), "{}", e);
    }

    #[test]
    fn leap_seconds_are_refused(at in any_instant(), off in any_offset()) {
        let text = format!("{}:60{}", at.strftime("%Y-%m-%dT%H:%M"), off);
        let e = instant(&text).expect_err("leap second");
        prop_assert!(e.problem.contains("leap second"), "{}", e);
    }

    #[test]
    fn every_day_reads_back(y in 1i16..=9999, m in 1i8..=12, d in 1i8..=28) {
        let day = Date::new(y, m, d).expect("valid");
        prop_assert_eq!(date(&day.to_string()), Ok(day));
    }

    #[test]
    fn precision_is_idempotent_and_never_later(n in i128::from(Timestamp::MIN.as_second()) * 1_000_000_000..i128::from(Timestamp::MAX.as_second()) * 1_000_000_000) {
        let at = Timestamp::from_nanosecond(n).expect("in range");
        let cut = at_precision(at);
        prop_assert!(cut <= at);
        prop_assert!(at.as_nanosecond() - cut.as_nanosecond() < 1_000);
        prop_assert_eq!(cut.subsec_nanosecond() % 1_000, 0);
        prop_assert_eq!(at_precision(cut), cut);
    }

    #[test]
    fn any_spelling_of_a_known_zone_is_canonical(i in 0usize..10_000, flips in proptest::collection::vec(any::<bool>(), 40)) {
        let all = names();
        let name = &all[i % all.len()].1;
        let mixed: String = name
            .chars()
            .zip(flips.iter().cycle())
            .map(|(c, &up)| if up { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
            .collect();
        prop_assert_eq!(canonical_zone(&mixed), Ok(name.as_str()));
        let tz = TzName::new(&mixed).expect("known");
        prop_assert_eq!(tz.as_str(), name.as_str());
    }
}
