//! The ranges a person can choose for a chart or a report: the last 4 weeks,
//! 3 months, a year, or all of the journal.

use jiff::civil::Date;
use jiff::Span;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// How far back a chart reaches from its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Window {
    /// The last 28 days.
    #[serde(rename = "4w")]
    FourWeeks,
    /// The last 3 calendar months.
    #[serde(rename = "3m")]
    ThreeMonths,
    /// The last 12 calendar months.
    #[serde(rename = "1y")]
    Year,
    /// Everything from the first record on.
    #[serde(rename = "all")]
    All,
}

impl Window {
    /// Every choice, shortest first, as the pages offer them.
    pub const ALL: [Window; 4] = [
        Window::FourWeeks,
        Window::ThreeMonths,
        Window::Year,
        Window::All,
    ];

    /// What a page shows when nothing was chosen: 3 months, which is the
    /// whole journal when the journal is shorter ([`Window::first_day`]).
    pub const DEFAULT: Window = Window::ThreeMonths;

    /// The value in addresses and on the command line: `4w`, `3m`, `1y`, `all`.
    pub fn id(self) -> &'static str {
        match self {
            Window::FourWeeks => "4w",
            Window::ThreeMonths => "3m",
            Window::Year => "1y",
            Window::All => "all",
        }
    }

    /// For people: "4 weeks", "3 months", "a year", "all time".
    pub fn label(self) -> &'static str {
        match self {
            Window::FourWeeks => "4 weeks",
            Window::ThreeMonths => "3 months",
            Window::Year => "a year",
            Window::All => "all time",
        }
    }

    /// The first day shown when the chart ends on `last`.
    ///
    /// Never before `first_record` (the journal's first day, if it has
    /// one): a range longer than the journal shows the whole journal and no
    /// empty stretch before it. With no records, [`Window::All`] is `last`
    /// alone. Never after `last`.
    pub fn first_day(self, last: Date, first_record: Option<Date>) -> Date {
        let reach = match self {
            Window::FourWeeks => last.saturating_sub(Span::new().days(27)),
            Window::ThreeMonths => next_day(last.saturating_sub(Span::new().months(3))),
            Window::Year => next_day(last.saturating_sub(Span::new().years(1))),
            Window::All => first_record.unwrap_or(last),
        };
        let from = match first_record {
            Some(first) => reach.max(first),
            None => reach,
        };
        from.min(last)
    }
}

fn next_day(d: Date) -> Date {
    d.saturating_add(Span::new().days(1))
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A range that is not one of the four; the message lists them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a range; use 4w (4 weeks), 3m (3 months), 1y (a year) or all")]
pub struct BadWindow(pub String);

impl FromStr for Window {
    type Err = BadWindow;

    /// Reads `4w`, `3m`, `1y` or `all`, ignoring case and surrounding spaces.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Window::ALL
            .into_iter()
            .find(|w| w.id() == wanted)
            .ok_or_else(|| BadWindow(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn each_range_reaches_back_its_length() {
        let last = date(2026, 11, 26);
        let long_ago = Some(date(2010, 1, 1));
        assert_eq!(
            Window::FourWeeks.first_day(last, long_ago),
            date(2026, 10, 30)
        );
        assert_eq!(
            Window::ThreeMonths.first_day(last, long_ago),
            date(2026, 8, 27)
        );
        assert_eq!(Window::Year.first_day(last, long_ago), date(2025, 11, 27));
        assert_eq!(Window::All.first_day(last, long_ago), date(2010, 1, 1));
    }

    #[test]
    fn a_short_journal_is_shown_whole_and_nothing_before_it() {
        let last = date(2026, 11, 26);
        let first = Some(date(2026, 11, 10));
        for w in Window::ALL {
            assert_eq!(w.first_day(last, first), date(2026, 11, 10), "{w}");
        }
        assert_eq!(Window::All.first_day(last, None), last);
        assert_eq!(Window::Year.first_day(last, None), date(2025, 11, 27));
        // A record after the last day shown (another zone's tomorrow) is not a start.
        assert_eq!(Window::All.first_day(last, Some(date(2026, 11, 27))), last);
    }

    #[test]
    fn months_end_on_real_days() {
        // 31 May minus 3 months clamps to 28 Feb; the range starts the day after.
        assert_eq!(
            Window::ThreeMonths.first_day(date(2026, 5, 31), None),
            date(2026, 3, 1)
        );
        assert_eq!(
            Window::Year.first_day(date(2028, 2, 29), None),
            date(2027, 3, 1)
        );
    }

    #[test]
    fn ids_read_back_and_others_are_refused_with_the_choices() {
        for w in Window::ALL {
            assert_eq!(w.id().parse::<Window>(), Ok(w));
        }
        assert_eq!(" ALL ".parse::<Window>(), Ok(Window::All));
        let e = "5y".parse::<Window>().expect_err("not a range");
        assert_eq!(
            e.to_string(),
            "\"5y\" is not a range; use 4w (4 weeks), 3m (3 months), 1y (a year) or all"
        );
    }
}
