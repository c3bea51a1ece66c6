//! The `from`/`to` day filter shared by the API lists and the history page,
//! and the words for the chart ranges the insights and report pages offer.

use crate::param::BadParam;
use backcalm_core::chart::Window;
use backcalm_store::DayRange;
use jiff::civil::Date;

/// Reads `from` and `to` (local dates, `YYYY-MM-DD`, inclusive) from the
/// API's query pairs. An empty value is refused, as `format: date` says;
/// other parameters are left to the caller.
pub fn day_range(pairs: &[(String, String)]) -> Result<DayRange, BadParam> {
    read_range(pairs, false)
}

/// [`day_range`] for a page's filter form, which sends its empty fields:
/// there an empty value counts as absent.
pub fn day_range_from_form(pairs: &[(String, String)]) -> Result<DayRange, BadParam> {
    read_range(pairs, true)
}

fn read_range(pairs: &[(String, String)], empty_is_absent: bool) -> Result<DayRange, BadParam> {
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
            if empty_is_absent {
                continue;
            }
            return Err(BadParam::malformed(
                k,
                "is empty; give a date as YYYY-MM-DD, or leave the parameter out",
            ));
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
    backcalm_core::time::date(v.trim()).map_err(|e| BadParam::malformed(param, e.to_string()))
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
    fn a_form_leaves_empty_ends_open_and_the_api_refuses_them() {
        let both = pairs(&[("from", "2026-11-01"), ("to", "")]);
        let r = day_range_from_form(&both).expect("valid");
        assert_eq!(r.from, Some(jiff::civil::date(2026, 11, 1)));
        assert_eq!(r.to, None);
        let e = day_range(&both).expect_err("empty to");
        assert_eq!((e.param.as_str(), e.malformed), ("to", true));
        let r = day_range(&pairs(&[("to", "2026-11-02")])).expect("valid");
        assert_eq!(r.to, Some(jiff::civil::date(2026, 11, 2)));
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
