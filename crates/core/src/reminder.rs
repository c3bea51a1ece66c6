//! Daily reminders and their iCalendar export (RFC 5545).
//!
//! A reminder is a local time of day in a named zone. By default a person has
//! at most one ([`validate_new`]): more than one reminder a day is nagging
//! (PRODUCT.md, the 8-week program), so a second one needs an explicit
//! `allow_more`. [`ics`] writes them as a calendar any calendar app can
//! subscribe to: one daily event per reminder with an alarm, and a
//! `VTIMEZONE` per zone derived from the bundled time zone database.

use crate::journal::TzName;
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The label used when a person gives none; also the events' default summary.
pub const DEFAULT_LABEL: &str = "A few quiet minutes for your back";
/// The longest label, in characters.
pub const LABEL_MAX_CHARS: usize = 80;
/// The calendar's product id.
pub const PRODID: &str = "-//backcalm//reminders//EN";
/// The event length: room for a short practice, not a block in the diary.
const DURATION: &str = "PT10M";
const DESCRIPTION: &str = "A gentle reminder from backcalm: a few slow breaths, a body scan, or whatever suits you today. If today is not the day, that is fine too.";
/// Zone names written as UTC (`…Z`) with no VTIMEZONE.
const UTC_NAMES: [&str; 8] = [
    "UTC",
    "Etc/UTC",
    "Etc/UCT",
    "UCT",
    "Etc/Universal",
    "Universal",
    "Etc/Zulu",
    "Zulu",
];
/// Years of transitions a VTIMEZONE rule must reproduce, from the year before the calendar is made.
const RULE_YEARS: i16 = 6;

/// A daily reminder at a local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Stable id; the calendar UID is `<id>@backcalm`.
    pub id: Uuid,
    /// Local time of day, written `HH:MM`.
    #[serde(with = "hh_mm")]
    pub time: Time,
    /// The zone the time is in.
    pub tz: TzName,
    /// What the calendar shows.
    pub label: String,
}

impl crate::journal::Repeat for Reminder {
    fn keep_filled(&mut self, stored: &Self, filled: &crate::journal::Filled) {
        if filled.has("tz") {
            self.tz = stored.tz.clone();
        }
        if filled.has("label") {
            self.label = stored.label.clone();
        }
    }
}

/// A reminder that cannot be made: what was wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReminderError {
    /// The time is not `HH:MM`.
    #[error("{given} is not a time; use HH:MM, 24-hour (e.g. 08:30)")]
    BadTime {
        /// What was given.
        given: String,
    },
    /// The label is too long.
    #[error("the label is {chars} characters long; keep it to {LABEL_MAX_CHARS} or fewer")]
    LabelTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// A reminder exists and more were not asked for.
    #[error("there is already a daily reminder at {existing}; backcalm keeps to one a day. Change or remove that one, or confirm that you want more than one reminder a day")]
    OneADay {
        /// The existing reminder, e.g. `08:30 Europe/London`.
        existing: String,
    },
    /// The same time and zone, or the same id, exists already.
    #[error("a reminder at {existing} already exists; choose another time")]
    Duplicate {
        /// The existing reminder, e.g. `08:30 Europe/London`.
        existing: String,
    },
}

/// Parses `HH:MM` (24-hour; a one-digit hour is accepted).
pub fn parse_time(text: &str) -> Result<Time, ReminderError> {
    let t = text.trim();
    let bad = || ReminderError::BadTime {
        given: t.to_string(),
    };
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    let digits = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(bad());
    }
    let (h, m) = (h.parse::<i8>(), m.parse::<i8>());
    match (h, m) {
        (Ok(h), Ok(m)) => Time::new(h, m, 0, 0).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// How long after its time a reminder may still be sent: long enough for a
/// server restarted, or a scheduler tick delayed, to send it late rather
/// than not at all; short enough that a late one still feels on time.
pub const SEND_WITHIN: jiff::SignedDuration = jiff::SignedDuration::from_mins(15);

/// The local day whose occurrence of `r` is due at `now`: the reminder's
/// time on that day, in its zone, has come, less than `within` ago. `None`
/// when no occurrence is due. A time a clock change skips (02:30 on a
/// spring-forward night) comes as the clock reads it after the jump, and a
/// time it repeats comes at its first occurrence, as calendars do (jiff's
/// compatible disambiguation). The day names one occurrence: whoever sends
/// it marks that day, so it is sent once.
pub fn due_day(r: &Reminder, now: Timestamp, within: jiff::SignedDuration) -> Option<Date> {
    let zone = r.tz.zone();
    let today = now.to_zoned(zone.clone()).date();
    // Shortly after midnight, yesterday's late reminder may still be due.
    [Some(today), today.yesterday().ok()]
        .into_iter()
        .flatten()
        .find(|day| {
            zone.to_ambiguous_zoned(day.to_datetime(r.time))
                .compatible()
                .is_ok_and(|at| {
                    let at = at.timestamp();
                    at <= now && at.checked_add(within).is_ok_and(|end| now < end)
                })
        })
}

/// Formats a time as `HH:MM`.
pub fn format_time(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

mod hh_mm {
    use jiff::civil::Time;

    pub fn serialize<S: serde::Serializer>(t: &Time, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_time(*t))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        super::parse_time(&text).map_err(serde::de::Error::custom)
    }
}

impl Reminder {
    /// Checks the time and label; an empty label becomes [`DEFAULT_LABEL`].
    pub fn new(id: Uuid, time: &str, tz: TzName, label: &str) -> Result<Reminder, ReminderError> {
        let time = parse_time(time)?;
        let label = label.trim();
        let chars = label.chars().count();
        if chars > LABEL_MAX_CHARS {
            return Err(ReminderError::LabelTooLong { chars });
        }
        let label = if label.is_empty() {
            DEFAULT_LABEL
        } else {
            label
        };
        Ok(Reminder {
            id,
            time,
            tz,
            label: label.to_string(),
        })
    }

    fn describe(&self) -> String {
        format!("{} {}", format_time(self.time), self.tz)
    }
}

/// Whether `new` may join `existing`: a duplicate (same id, or same time and
/// zone) is always refused; a second reminder is refused unless `allow_more`,
/// because the program never nudges more than once a day by default.
pub fn validate_new(
    existing: &[Reminder],
    new: &Reminder,
    allow_more: bool,
) -> Result<(), ReminderError> {
    if let Some(r) = existing
        .iter()
        .find(|r| r.id == new.id || (r.time == new.time && r.tz == new.tz))
    {
        return Err(ReminderError::Duplicate {
            existing: r.describe(),
        });
    }
    match existing.first() {
        Some(r) if !allow_more => Err(ReminderError::OneADay {
            existing: r.describe(),
        }),
        _ => Ok(()),
    }
}

/// Escapes an iCalendar TEXT value: backslash, semicolon, comma, newline.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let normalised = text.replace("\r\n", "\n");
    for c in normalised.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line to at most 75 octets a line (continuations begin
/// with a space), never inside a UTF-8 character; each line ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn stamp(dt: DateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

fn offset_text(o: Offset) -> String {
    let s = o.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let a = s.unsigned_abs();
    let (h, m, sec) = (a / 3600, a / 60 % 60, a % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn byday(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    }
}

/// One change of offset: when (as the wall clock showed before it), from, to.
#[derive(Debug, Clone)]
struct Onset {
    local: DateTime,
    from: Offset,
    to: Offset,
    name: String,
    dst: bool,
}

/// The yearly rule "the nth weekday of a month at a wall time", as in RRULE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct YearlyRule {
    month: i8,
    nth: i8,
    weekday: Weekday,
    time: Time,
}

impl YearlyRule {
    /// The candidate rules that produce this onset: the nth from the start, and "last" when it is in the last week.
    fn candidates(at: DateTime) -> Vec<YearlyRule> {
        let d = at.date();
        let rule = |nth| YearlyRule {
            month: d.month(),
            nth,
            weekday: d.weekday(),
            time: at.time(),
        };
        let mut out = vec![rule((d.day() - 1) / 7 + 1)];
        if d.day() + 7 > d.days_in_month() {
            out.insert(0, rule(-1));
        }
        out
    }

    fn in_year(self, year: i16) -> Option<DateTime> {
        let first = Date::new(year, self.month, 1).ok()?;
        let day = first.nth_weekday_of_month(self.nth, self.weekday).ok()?;
        Some(day.to_datetime(self.time))
    }

    fn rrule(self) -> String {
        format!(
            "RRULE:FREQ=YEARLY;BYDAY={}{};BYMONTH={}",
            self.nth,
            byday(self.weekday),
            self.month
        )
    }
}

/// The zone's offset changes from the start of `first_year` for [`RULE_YEARS`] years.
fn onsets(zone: &TimeZone, first_year: i16) -> Vec<Onset> {
    let at_year = |y: i16| {
        Date::new(y, 1, 1)
            .ok()
            .and_then(|d| d.to_zoned(TimeZone::UTC).ok())
            .map(|z| z.timestamp())
    };
    let (Some(from), Some(until)) = (at_year(first_year), at_year(first_year + RULE_YEARS)) else {
        return Vec::new();
    };
    zone.following(from)
        .take_while(|t| t.timestamp() < until)
        .map(|t| {
            let before = zone.to_offset(
                t.timestamp()
                    .checked_sub(jiff::SignedDuration::from_secs(1))
                    .unwrap_or(t.timestamp()),
            );
            Onset {
                local: before.to_datetime(t.timestamp()),
                from: before,
                to: t.offset(),
                name: t.abbreviation().to_string(),
                dst: t.dst().is_dst(),
            }
        })
        .collect()
}

fn component(lines: &mut Vec<String>, o: &Onset, rrule: Option<String>) {
    let kind = if o.dst { "DAYLIGHT" } else { "STANDARD" };
    lines.push(format!("BEGIN:{kind}"));
    lines.push(format!("DTSTART:{}", stamp(o.local)));
    lines.extend(rrule);
    lines.push(format!("TZOFFSETFROM:{}", offset_text(o.from)));
    lines.push(format!("TZOFFSETTO:{}", offset_text(o.to)));
    if !o.name.is_empty() {
        lines.push(format!("TZNAME:{}", escape_text(&o.name)));
    }
    lines.push(format!("END:{kind}"));
}

/// A VTIMEZONE for `tz`: one STANDARD and one DAYLIGHT component with yearly
/// rules when one rule reproduces every transition of [`RULE_YEARS`] years;
/// otherwise each transition of those years on its own; a fixed zone gets one
/// STANDARD component.
fn vtimezone(tz: &TzName, created: Timestamp) -> Vec<String> {
    let zone = tz.zone();
    let year = created.to_zoned(zone.clone()).year();
    let all = onsets(&zone, year - 1);
    let mut lines = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{tz}")];
    if all.is_empty() {
        let info = zone.to_offset_info(created);
        let fixed = Onset {
            local: DateTime::constant(1970, 1, 1, 0, 0, 0, 0),
            from: info.offset(),
            to: info.offset(),
            name: info.abbreviation().to_string(),
            dst: false,
        };
        component(&mut lines, &fixed, None);
    } else {
        for dst in [false, true] {
            let group: Vec<&Onset> = all.iter().filter(|o| o.dst == dst).collect();
            let Some(first) = group.first() else { continue };
            let same_offsets = group
                .iter()
                .all(|o| o.from == first.from && o.to == first.to && o.name == first.name);
            let rule = YearlyRule::candidates(first.local)
                .into_iter()
                .find(|rule| {
                    group.len() == RULE_YEARS as usize
                        && group
                            .iter()
                            .zip(year - 1..)
                            .all(|(o, y)| rule.in_year(y) == Some(o.local))
                });
            match rule {
                Some(rule) if same_offsets => component(&mut lines, first, Some(rule.rrule())),
                _ => group.iter().for_each(|o| component(&mut lines, o, None)),
            }
        }
    }
    lines.push("END:VTIMEZONE".to_string());
    lines
}

fn is_utc(tz: &TzName) -> bool {
    UTC_NAMES.contains(&tz.as_str())
}

/// The first time the reminder rings at or after `created`, as a local wall time.
fn next_occurrence(r: &Reminder, created: Timestamp) -> DateTime {
    let zone = r.tz.zone();
    let today = created.to_zoned(zone.clone()).date();
    let at_today = today.to_datetime(r.time);
    let rings_at = at_today.to_zoned(zone).map(|z| z.timestamp());
    match rings_at {
        Ok(ts) if ts >= created => at_today,
        _ => today.tomorrow().unwrap_or(today).to_datetime(r.time),
    }
}

fn vevent(r: &Reminder, created: Timestamp) -> Vec<String> {
    let summary = escape_text(&r.label);
    let start = stamp(next_occurrence(r, created));
    let dtstart = if is_utc(&r.tz) {
        format!("DTSTART:{start}Z")
    } else {
        format!("DTSTART;TZID={}:{start}", r.tz)
    };
    vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@backcalm", r.id),
        format!(
            "DTSTAMP:{}Z",
            stamp(created.to_zoned(TimeZone::UTC).datetime())
        ),
        dtstart,
        format!("DURATION:{DURATION}"),
        "RRULE:FREQ=DAILY".to_string(),
        format!("SUMMARY:{summary}"),
        format!("DESCRIPTION:{}", escape_text(DESCRIPTION)),
        "TRANSP:TRANSPARENT".to_string(),
        "BEGIN:VALARM".to_string(),
        "ACTION:DISPLAY".to_string(),
        "TRIGGER:PT0M".to_string(),
        format!("DESCRIPTION:{summary}"),
        "END:VALARM".to_string(),
        "END:VEVENT".to_string(),
    ]
}

/// The reminders as an iCalendar file (CRLF line endings, lines folded at 75
/// octets). `created` is the DTSTAMP, picks the first occurrence of each event
/// and the years the VTIMEZONE rules are derived from. With no reminders the
/// calendar is empty.
pub fn ics(reminders: &[Reminder], created: Timestamp) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        format!("PRODID:{PRODID}"),
        "VERSION:2.0".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "X-WR-CALNAME:backcalm reminders".to_string(),
    ];
    let mut zones: Vec<&TzName> = Vec::new();
    for r in reminders {
        if !is_utc(&r.tz) && !zones.contains(&&r.tz) {
            zones.push(&r.tz);
        }
    }
    for tz in zones {
        lines.extend(vtimezone(tz, created));
    }
    for r in reminders {
        lines.extend(vevent(r, created));
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|l| fold(l)).collect()
}
