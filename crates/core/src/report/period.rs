//! The period a report covers: the days asked for, or a range counted back
//! from the last day that never reaches before the journal began.

use super::answer_date;
use crate::chart::Window;
use crate::export::QuestionnaireAnswer;
use crate::journal::{CheckIn, SessionRecord};
use jiff::civil::Date;

/// The local day of the journal's first record of any kind (check-in,
/// session or questionnaire answer), for a [`crate::chart::Window`] that
/// should not reach before the journal began.
pub fn first_record_day(
    checkins: &[CheckIn],
    sessions: &[SessionRecord],
    answers: &[QuestionnaireAnswer],
) -> Option<Date> {
    let c = checkins.iter().map(CheckIn::local_date);
    let s = sessions.iter().map(SessionRecord::local_date);
    let a = answers.iter().map(answer_date);
    c.chain(s).chain(a).min()
}

/// The report's period from what was asked: `to` (default `today`), and
/// either `from` or a range (default [`Window::DEFAULT`]: 3 months, or the
/// whole journal when it is shorter). Refused, with words that say what to
/// change, when both `from` and a range are given or `from` is after `to`.
pub fn choose_period(
    from: Option<Date>,
    to: Option<Date>,
    window: Option<Window>,
    today: Date,
    first_record: Option<Date>,
) -> Result<(Date, Date), PeriodError> {
    let to = to.unwrap_or(today);
    let from = match (from, window) {
        (Some(_), Some(w)) => return Err(PeriodError::FromAndRange(w)),
        (Some(from), None) => from,
        (None, w) => w.unwrap_or(Window::DEFAULT).first_day(to, first_record),
    };
    if from > to {
        return Err(PeriodError::Reversed { from, to });
    }
    Ok((from, to))
}

/// Why a report period was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// A first day and a range were both given.
    #[error("give either a first day or a range ({0}), not both: the range counts back from the last day")]
    FromAndRange(Window),
    /// The first day is after the last.
    #[error("the period starts on {from}, after it ends on {to}; give the earlier day first")]
    Reversed {
        /// The first day asked for.
        from: Date,
        /// The last day asked for.
        to: Date,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 26);

    #[test]
    fn the_default_is_three_months_or_the_whole_shorter_journal() {
        let long = Some(date(2016, 1, 1));
        assert_eq!(
            choose_period(None, None, None, TODAY, long),
            Ok((date(2026, 8, 27), TODAY))
        );
        let short = Some(date(2026, 10, 1));
        assert_eq!(
            choose_period(None, None, None, TODAY, short),
            Ok((date(2026, 10, 1), TODAY))
        );
        assert_eq!(
            choose_period(None, None, None, TODAY, None),
            Ok((date(2026, 8, 27), TODAY)),
            "an empty journal still gets a period to show"
        );
    }

    #[test]
    fn a_range_counts_back_from_the_last_day() {
        let long = Some(date(2016, 1, 1));
        assert_eq!(
            choose_period(
                None,
                Some(date(2025, 1, 31)),
                Some(Window::FourWeeks),
                TODAY,
                long
            ),
            Ok((date(2025, 1, 4), date(2025, 1, 31)))
        );
        assert_eq!(
            choose_period(None, None, Some(Window::All), TODAY, long),
            Ok((date(2016, 1, 1), TODAY))
        );
    }

    #[test]
    fn from_and_a_range_together_or_backwards_are_refused() {
        let e = choose_period(
            Some(date(2026, 1, 1)),
            None,
            Some(Window::Year),
            TODAY,
            None,
        )
        .expect_err("both");
        assert_eq!(
            e.to_string(),
            "give either a first day or a range (1y), not both: the range counts back from the last day"
        );
        let e =
            choose_period(Some(date(2026, 12, 1)), None, None, TODAY, None).expect_err("reversed");
        assert_eq!(
            e,
            PeriodError::Reversed {
                from: date(2026, 12, 1),
                to: TODAY
            }
        );
    }
}
