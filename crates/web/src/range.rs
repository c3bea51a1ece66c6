//! The `from`/`to` day filter shared by the API lists and the history page,
//! and the words for the chart ranges the insights and report pages offer.

use crate::param::BadParam;
use backcalm_core::chart::Window;
use backcalm_store::DayRange;
use jiff::civil::Date;

/// Reads `from` and `to` (local dates, `YYYY-MM-DD`, inclusive) from query pairs.
/// Empty values count as absent; other parameters are left to the caller.
pub fn day_range(pairs: &[(String, String)]) -> Result<DayRange, BadParam> {
    let mut range = DayRange {
        from: None,
        to: None,
    };
    for (k, v) in pairs {
        let slot = match k.as_str() {
            "from" => &mut range.from,
            "to" => &mut range.to,
            _ => continue,
        };
        if v.trim().is_empty() {
            continue;
        }
        *slot = Some(parse_date(k, v)?);
    }
    if let (Some(from), Some(to)) = (range.from, range.to) {
        if from > to {
            return Err(BadParam::refused(
                "to",
                format!("{to} is before from ({from}); give the earlier day as from"),
            ));
        }
    }
    Ok(range)
}

/// A range as its link says it: "Last 4 weeks", "Last 3 months", "Last year", "All time".
pub(crate) fn window_link(w: Window) -> &'static str {
    match w {
        Window::FourWeeks => "Last 4 weeks",
        Window::ThreeMonths => "Last 3 months",
        Window::Year => "Last year",
        Window::All => "All time",
    }
}

fn parse_date(param: &str, v: &str) -> Result<Date, BadParam> {
    v.trim().parse::<Date>().map_err(|_| {
        BadParam::malformed(
            param,
            format!("{v:?} is not a date; use YYYY-MM-DD, e.g. 2026-11-26"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn reads_both_ends_and_ignores_empty_ones() {
        let r = day_range(&pairs(&[("from", "2026-11-01"), ("to", "")])).expect("valid");
        assert_eq!(r.from, Some(jiff::civil::date(2026, 11, 1)));
        assert_eq!(r.to, None);
    }

    #[test]
    fn refuses_garbled_and_reversed_ranges() {
        let e = day_range(&pairs(&[("from", "yesterday")])).expect_err("garbled");
        assert_eq!((e.param.as_str(), e.malformed), ("from", true));
        let e = day_range(&pairs(&[("from", "2026-11-02"), ("to", "2026-11-01")]))
            .expect_err("reversed");
        assert_eq!((e.param.as_str(), e.malformed), ("to", false));
    }
}
