//! Reminders: parsing, the one-a-day rule, and the iCalendar export, checked
//! against a golden file and an independent parser (Python's `icalendar`).

use backcalm_core::reminder::{
    due_day, escape_text, fold, ics, parse_time, validate_new, Reminder, ReminderError,
    DEFAULT_LABEL, SEND_WITHIN,
};
use backcalm_core::TzName;
use jiff::Timestamp;
use std::io::Write;
use std::process::{Command, Stdio};
use uuid::Uuid;

fn zone(name: &str) -> TzName {
    TzName::new(name).expect("known zone")
}

fn reminder(n: u128, time: &str, tz: &str, label: &str) -> Reminder {
    Reminder::new(Uuid::from_u128(n), time, zone(tz), label).expect("valid reminder")
}

fn created() -> Timestamp {
    "2026-11-26T10:00:00Z".parse().expect("valid instant")
}

/// The lines of the component `BEGIN:<name>` … `END:<name>` that contains `marker`.
fn component_with(text: &str, name: &str, marker: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split("\r\n").collect();
    let mut current: Option<Vec<String>> = None;
    for l in lines {
        if l == format!("BEGIN:{name}") {
            current = Some(Vec::new());
        }
        if let Some(c) = current.as_mut() {
            c.push(l.to_string());
        }
        if l == format!("END:{name}") {
            if let Some(c) = current.take() {
                if c.iter().any(|x| x == marker) {
                    return c;
                }
            }
        }
    }
    panic!("no {name} containing {marker:?} in:\n{text}");
}

const GOLDEN: &str = "BEGIN:VCALENDAR\r
PRODID:-//backcalm//reminders//EN\r
VERSION:2.0\r
CALSCALE:GREGORIAN\r
METHOD:PUBLISH\r
X-WR-CALNAME:backcalm reminders\r
BEGIN:VTIMEZONE\r
TZID:Europe/London\r
BEGIN:STANDARD\r
DTSTART:20251026T020000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0000\r
TZNAME:GMT\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:20250330T010000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
TZOFFSETFROM:+0000\r
TZOFFSETTO:+0100\r
TZNAME:BST\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:00000000-0000-0000-0000-000000000001@backcalm\r
DTSTAMP:20261126T100000Z\r
DTSTART;TZID=Europe/London:20261127T083000\r
DURATION:PT10M\r
RRULE:FREQ=DAILY\r
SUMMARY:A few quiet minutes for your back\r
DESCRIPTION:A gentle reminder from backcalm: a few slow breaths\\, a body sc\r
 an\\, or whatever suits you today. If today is not the day\\, that is fine t\r
 oo.\r
TRANSP:TRANSPARENT\r
BEGIN:VALARM\r
ACTION:DISPLAY\r
TRIGGER:PT0M\r
DESCRIPTION:A few quiet minutes for your back\r
END:VALARM\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn one_london_reminder_gives_the_golden_calendar() {
    // 08:30 has passed in London at 10:00Z, so the first occurrence is tomorrow.
    let r = reminder(1, "08:30", "Europe/London", "");
    assert_eq!(r.label, DEFAULT_LABEL);
    assert_eq!(ics(&[r], created()), GOLDEN);
}

#[test]
fn the_first_occurrence_is_today_when_the_time_is_still_ahead() {
    // 10:00Z is 05:00 in New York.
    let text = ics(&[reminder(2, "7:05", "America/New_York", "")], created());
    assert!(text.contains("\r\nDTSTART;TZID=America/New_York:20261126T070500\r\n"));
}

#[test]
fn utc_reminders_use_z_and_need_no_vtimezone() {
    let text = ics(&[reminder(3, "21:00", "UTC", "")], created());
    assert!(text.contains("\r\nDTSTART:20261126T210000Z\r\n"));
    assert!(!text.contains("VTIMEZONE"));
}

#[test]
fn long_lines_fold_at_75_octets_and_unfold_to_the_original() {
    let ascii = format!("SUMMARY:{}", "x".repeat(192));
    let folded = fold(&ascii);
    let lines: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(
        lines.iter().map(|l| l.len()).collect::<Vec<_>>(),
        vec![75, 75, 52]
    );
    assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
    assert_eq!(folded.replace("\r\n ", ""), format!("{ascii}\r\n"));

    // "é" is two octets: the first line stops at 74 rather than split one.
    let accented = format!("SUMMARY:{}", "é".repeat(40));
    let folded = fold(&accented);
    let first = folded.split("\r\n").next().unwrap_or_default();
    assert_eq!(first.len(), 74);
    assert_eq!(folded.replace("\r\n ", ""), format!("{accented}\r\n"));

    let text = ics(
        &[reminder(4, "08:30", "Europe/London", &"é".repeat(80))],
        created(),
    );
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
    assert!(text.contains(&format!("SUMMARY:{}", "é".repeat(33))));
}

#[test]
fn text_values_are_escaped() {
    assert_eq!(
        escape_text("a,b;c\\d\ne\r\nf"),
        "a\\,b\\;c\\\\d\\ne\\nf".to_string()
    );
    let text = ics(
        &[reminder(
            5,
            "08:30",
            "Europe/London",
            "Breathe, rest; then \\ go",
        )],
        created(),
    );
    assert!(text.contains("\r\nSUMMARY:Breathe\\, rest\\; then \\\\ go\r\n"));
    assert!(text.contains("\r\nDESCRIPTION:Breathe\\, rest\\; then \\\\ go\r\n"));
}

#[test]
fn london_changes_on_the_last_sundays_of_march_and_october() {
    let text = ics(&[reminder(6, "08:30", "Europe/London", "")], created());
    let summer = component_with(&text, "DAYLIGHT", "TZNAME:BST");
    assert!(summer.contains(&"TZOFFSETFROM:+0000".to_string()));
    assert!(summer.contains(&"TZOFFSETTO:+0100".to_string()));
    assert!(summer.contains(&"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3".to_string()));
    // 01:00 UTC, written in the offset before the change.
    assert!(summer.contains(&"DTSTART:20250330T010000".to_string()));
    let winter = component_with(&text, "STANDARD", "TZNAME:GMT");
    assert!(winter.contains(&"TZOFFSETFROM:+0100".to_string()));
    assert!(winter.contains(&"TZOFFSETTO:+0000".to_string()));
    assert!(winter.contains(&"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10".to_string()));
    assert!(winter.contains(&"DTSTART:20251026T020000".to_string()));
}

#[test]
fn new_york_changes_on_the_second_sunday_of_march_and_first_of_november() {
    let text = ics(&[reminder(7, "07:00", "America/New_York", "")], created());
    let summer = component_with(&text, "DAYLIGHT", "TZNAME:EDT");
    assert!(summer.contains(&"TZOFFSETFROM:-0500".to_string()));
    assert!(summer.contains(&"TZOFFSETTO:-0400".to_string()));
    assert!(summer.contains(&"RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3".to_string()));
    let winter = component_with(&text, "STANDARD", "TZNAME:EST");
    assert!(winter.contains(&"TZOFFSETFROM:-0400".to_string()));
    assert!(winter.contains(&"TZOFFSETTO:-0500".to_string()));
    assert!(winter.contains(&"RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11".to_string()));
}

#[test]
fn a_zone_without_a_simple_yearly_rule_lists_each_change() {
    // Israel moves to summer time on the Friday before the last Sunday of
    // March: no single BYDAY rule, so each change is written out.
    let text = ics(&[reminder(8, "21:00", "Asia/Jerusalem", "")], created());
    let springs = text.matches("BEGIN:DAYLIGHT").count();
    assert_eq!(springs, 6, "{text}");
    assert!(text.contains("DTSTART:20260327T020000"));
    assert!(text.contains("DTSTART:20270326T020000"));
    // A zone without changes gets one fixed STANDARD component.
    let text = ics(&[reminder(9, "21:00", "Asia/Kolkata", "")], created());
    let fixed = component_with(&text, "STANDARD", "TZOFFSETTO:+0530");
    assert!(fixed.contains(&"TZOFFSETFROM:+0530".to_string()));
    assert!(!fixed.iter().any(|l| l.starts_with("RRULE")));
}

#[test]
fn times_are_hh_mm_24_hour() {
    let t = parse_time("08:30").expect("valid");
    assert_eq!((t.hour(), t.minute(), t.second()), (8, 30, 0));
    let t = parse_time(" 7:05 ").expect("valid");
    assert_eq!((t.hour(), t.minute()), (7, 5));
    assert_eq!(parse_time("23:59").map(|t| t.hour()), Ok(23));
    assert_eq!(
        parse_time("25:00").expect_err("no 25th hour").to_string(),
        "25:00 is not a time; use HH:MM, 24-hour (e.g. 08:30)"
    );
    for bad in [
        "08:60", "0830", "08:3", "8.30", "ab:cd", "", "08:30:00", "-1:30", "123:00",
    ] {
        assert_eq!(
            parse_time(bad),
            Err(ReminderError::BadTime {
                given: bad.trim().to_string()
            }),
            "{bad:?}"
        );
    }
    let long = "x".repeat(81);
    assert_eq!(
        Reminder::new(Uuid::from_u128(1), "08:30", zone("UTC"), &long),
        Err(ReminderError::LabelTooLong { chars: 81 })
    );
}

#[test]
fn reminders_serialize_their_time_as_hh_mm() {
    let r = reminder(10, "08:30", "Europe/London", "Breathe");
    let json = serde_json::to_value(&r).expect("serializes");
    assert_eq!(json["time"], "08:30");
    assert_eq!(json["tz"], "Europe/London");
    let back: Reminder = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, r);
    let bad =
        serde_json::json!({"id": Uuid::from_u128(1), "time": "24:00", "tz": "UTC", "label": "x"});
    assert!(serde_json::from_value::<Reminder>(bad).is_err());
}

#[test]
fn one_reminder_a_day_unless_more_are_asked_for() {
    let first = reminder(11, "08:30", "Europe/London", "");
    let second = reminder(12, "20:00", "Europe/London", "");
    assert_eq!(validate_new(&[], &first, false), Ok(()));
    let refused = validate_new(std::slice::from_ref(&first), &second, false)
        .expect_err("a second reminder needs allow_more");
    assert_eq!(
        refused,
        ReminderError::OneADay {
            existing: "08:30 Europe/London".into()
        }
    );
    assert!(refused.to_string().contains("one a day"));
    assert_eq!(
        validate_new(std::slice::from_ref(&first), &second, true),
        Ok(())
    );
    let same_time = reminder(13, "08:30", "Europe/London", "Again");
    assert!(matches!(
        validate_new(std::slice::from_ref(&first), &same_time, true),
        Err(ReminderError::Duplicate { .. })
    ));
    let same_id = reminder(11, "09:00", "UTC", "");
    assert!(matches!(
        validate_new(std::slice::from_ref(&first), &same_id, true),
        Err(ReminderError::Duplicate { .. })
    ));
}

/// Runs `tests/reference/check_ics.py` on the text; returns its JSON summary.
fn independent_parse(text: &str) -> serde_json::Value {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/reference/check_ics.py"
    );
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to check the calendar with an independent parser ({e}); install Python 3, then `pip install icalendar`")
        });
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(text.as_bytes())
        .expect("python3 reads the calendar");
    let out = child.wait_with_output().expect("python3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => {}
        Some(3) => panic!(
            "{stderr}\nthe reminder tests need Python's icalendar package: pip install icalendar"
        ),
        _ => panic!("the independent iCalendar check failed: {stderr}\n{text}"),
    }
    serde_json::from_slice(&out.stdout).expect("check_ics.py prints JSON")
}

#[test]
fn an_independent_parser_reads_events_rules_and_alarms() {
    let reminders = [
        reminder(21, "08:30", "Europe/London", ""),
        reminder(
            22,
            "7:05",
            "America/New_York",
            "Breathe, rest; then \\ go\nslowly",
        ),
        reminder(23, "21:00", "Australia/Sydney", "Body scan before sleep"),
        reminder(24, "06:00", "UTC", ""),
        reminder(25, "21:00", "Asia/Jerusalem", ""),
        reminder(26, "12:00", "Asia/Kolkata", &"é".repeat(80)),
    ];
    let parsed = independent_parse(&ics(&reminders, created()));
    assert_eq!(
        parsed["zones"],
        serde_json::json!([
            "America/New_York",
            "Asia/Jerusalem",
            "Asia/Kolkata",
            "Australia/Sydney",
            "Europe/London"
        ])
    );
    let events = parsed["events"].as_array().expect("events");
    assert_eq!(events.len(), 6);
    let expect = [
        ("Europe/London", "2026-11-27T08:30:00Z"),
        ("America/New_York", "2026-11-26T12:05:00Z"),
        ("Australia/Sydney", "2026-11-26T10:00:00Z"),
        ("", "2026-11-27T06:00:00Z"),
        ("Asia/Jerusalem", "2026-11-26T19:00:00Z"),
        ("Asia/Kolkata", "2026-11-27T06:30:00Z"),
    ];
    for ((ev, r), (tzid, utc)) in events.iter().zip(&reminders).zip(expect) {
        assert_eq!(ev["uid"], format!("{}@backcalm", r.id));
        assert_eq!(ev["summary"], r.label.as_str());
        assert_eq!(ev["alarm"], r.label.as_str());
        assert_eq!(ev["rrule"], "FREQ=DAILY");
        assert_eq!(ev["tzid"].as_str().unwrap_or(""), tzid);
        assert_eq!(ev["dtstart_utc"], utc, "{ev}");
    }
    assert_eq!(events[1]["summary"], "Breathe, rest; then \\ go\nslowly");
}

fn due_at(r: &Reminder, now: &str) -> Option<String> {
    let now: Timestamp = now.parse().expect("valid instant");
    due_day(r, now, SEND_WITHIN).map(|d| d.to_string())
}

#[test]
fn a_reminder_is_due_from_its_time_for_fifteen_minutes_on_its_own_local_day() {
    let r = reminder(1, "08:30", "Europe/London", "");
    // 08:30 in London in June is 07:30 UTC.
    assert_eq!(due_at(&r, "2026-06-10T07:29:59Z"), None, "not yet");
    assert_eq!(
        due_at(&r, "2026-06-10T07:30:00Z").as_deref(),
        Some("2026-06-10")
    );
    assert_eq!(
        due_at(&r, "2026-06-10T07:44:59Z").as_deref(),
        Some("2026-06-10")
    );
    assert_eq!(
        due_at(&r, "2026-06-10T07:45:00Z"),
        None,
        "too late to be a reminder"
    );
    // In winter London is on UTC.
    assert_eq!(
        due_at(&r, "2026-12-10T08:31:00Z").as_deref(),
        Some("2026-12-10")
    );
}

#[test]
fn a_late_evening_reminder_is_still_due_just_after_midnight_as_the_day_before() {
    let r = reminder(2, "23:55", "Asia/Tokyo", "");
    // 00:05 on 11 June in Tokyo is 15:05 UTC on 10 June.
    assert_eq!(
        due_at(&r, "2026-06-10T15:05:00Z").as_deref(),
        Some("2026-06-10")
    );
    assert_eq!(due_at(&r, "2026-06-10T15:10:00Z"), None);
}

#[test]
fn clock_changes_give_one_occurrence_at_a_time_the_clock_shows() {
    // New York springs forward at 02:00 on 8 March 2026: 02:30 does not
    // exist, and the reminder comes at 03:30 EDT (07:30 UTC).
    let r = reminder(3, "02:30", "America/New_York", "");
    assert_eq!(due_at(&r, "2026-03-08T07:29:00Z"), None);
    assert_eq!(
        due_at(&r, "2026-03-08T07:30:00Z").as_deref(),
        Some("2026-03-08")
    );
    // It falls back at 02:00 on 1 November 2026: 01:30 happens twice, and the
    // first (EDT, 05:30 UTC) is the one; the second is the same day, which
    // the sender has marked sent by then.
    let r = reminder(4, "01:30", "America/New_York", "");
    assert_eq!(
        due_at(&r, "2026-11-01T05:30:00Z").as_deref(),
        Some("2026-11-01")
    );
    assert_eq!(
        due_at(&r, "2026-11-01T06:30:00Z"),
        None,
        "the repeat is not a second one"
    );
}
