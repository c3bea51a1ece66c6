//! The weekly PEG-3 scores over time (Krebs et al. 2009; CLINICAL.md).
//!
//! Scoring the questionnaire is done elsewhere; this takes plain
//! (date, score) pairs.

use jiff::civil::Date;
use serde::Serialize;

/// One PEG score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PegPoint {
    /// The local date it was answered.
    pub date: Date,
    /// The score, 0-10 (mean of the three items).
    pub score: f64,
}

/// PEG scores in date order and the change from the first to the last.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PegTrend {
    /// Every score, sorted by date (stable for equal dates).
    pub points: Vec<PegPoint>,
    /// Last score − first score (negative = lower); `None` with fewer than two scores.
    pub change: Option<f64>,
    /// The change as a percentage of the first score; `None` when that is 0 or there is no change yet.
    pub percent_change: Option<f64>,
}

/// Sorts the scores by date and reports the change from first to last.
pub fn peg_trend(scores: &[(Date, f64)]) -> PegTrend {
    let mut points: Vec<PegPoint> = scores
        .iter()
        .map(|&(date, score)| PegPoint { date, score })
        .collect();
    points.sort_by_key(|p| p.date);
    let (change, percent_change) = match (points.first(), points.last()) {
        (Some(first), Some(last)) if points.len() >= 2 => {
            let change = last.score - first.score;
            let pct = (first.score != 0.0).then(|| change / first.score * 100.0);
            (Some(change), pct)
        }
        _ => (None, None),
    };
    PegTrend {
        points,
        change,
        percent_change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn change_is_last_minus_first_by_date() {
        let t = peg_trend(&[
            (date(2026, 2, 8), 5.0),
            (date(2026, 2, 1), 8.0),
            (date(2026, 2, 15), 6.0),
        ]);
        assert_eq!(t.points.first().map(|p| p.date), Some(date(2026, 2, 1)));
        assert_eq!(t.change, Some(-2.0));
        assert_eq!(t.percent_change, Some(-25.0));
        assert_eq!(peg_trend(&[(date(2026, 2, 1), 4.0)]).change, None);
        assert_eq!(
            peg_trend(&[(date(2026, 2, 1), 0.0), (date(2026, 2, 8), 1.0)]).percent_change,
            None
        );
    }
}
