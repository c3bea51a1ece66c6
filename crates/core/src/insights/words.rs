//! The insights in words for the person, and numbers as people read them:
//! the one wording the web pages, the CLI and the report all use.

use super::{Association, ChangeLabel, Effect, Measure, Ranking};

/// A number to `decimals` places with a real minus sign (U+2212): `−1.2`,
/// `4.0`; never `−0.0`.
pub fn number(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let is_zero = text.chars().all(|c| c == '0' || c == '.');
    if x < 0.0 && !is_zero {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

/// A signed change: `+0.5`, `−1.2`, and `0.0` without a sign.
pub fn signed(x: f64, decimals: usize) -> String {
    let text = number(x, decimals);
    if x > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{text}")
    } else {
        text
    }
}

/// A mean rating as people say it: `8` when it is whole to a twentieth,
/// else one decimal (`8.3`).
pub fn mean_rating(mean: f64) -> String {
    if (mean - mean.round()).abs() < 0.05 {
        format!("{}", mean.round())
    } else {
        format!("{mean:.1}")
    }
}

/// The IMMPACT label of a change since the start, for the person: a heading
/// and what it means.
pub fn change_words(label: ChangeLabel) -> (&'static str, &'static str) {
    match label {
        ChangeLabel::Substantial => ("A substantial change", "Pain researchers call a drop of 50% or more substantial: most people would feel it as a big difference."),
        ChangeLabel::Meaningful => ("A meaningful change", "A drop of 30% or more is the size most people notice as a real improvement; researchers call it meaningful."),
        ChangeLabel::Minimal => ("A small change", "A drop of 10% to 30% is small. Researchers count it as the least change that can matter; it may not feel like much yet."),
        ChangeLabel::None => ("No important change yet", "Your average is within 10% of where you started. Changes from practice usually take weeks to months, if they come."),
        ChangeLabel::Worse => ("Higher than at the start", "Your average pain is at least 10% higher than at the start. If it has risen sharply, or anything new worries you, take the warning-signs check and talk to a doctor."),
    }
}

/// Strength and direction of a rank correlation with next-day pain, in words.
pub fn association_words(a: &Association) -> String {
    let strength = match a.rho.abs() {
        r if r < 0.1 => return format!("There is hardly any link so far ({} pairs of days).", a.n),
        r if r < 0.3 => "a weak",
        r if r < 0.5 => "a moderate",
        _ => "a strong",
    };
    let direction = match (a.measure, a.rho >= 0.0) {
        (Measure::Sleep, false) => {
            "nights you slept better tended to be followed by days with less pain"
        }
        (Measure::Sleep, true) => {
            "nights you slept better tended to be followed by days with more pain"
        }
        (Measure::Stress, true) => {
            "more stressful days tended to be followed by days with more pain"
        }
        (Measure::Stress, false) => {
            "more stressful days tended to be followed by days with less pain"
        }
    };
    format!(
        "There is {strength} link: {direction} ({} pairs of days).",
        a.n
    )
}

/// A technique's mean change with its 95% interval: `−1.25 (−1.80 to −0.70)`.
pub fn effect_words(e: &Effect) -> String {
    format!(
        "{} ({} to {})",
        signed(e.mean, 2),
        signed(e.ci_low, 2),
        signed(e.ci_high, 2)
    )
}

/// One technique followed by a larger drop than another, in a sentence.
pub fn ranking_words(r: &Ranking) -> String {
    format!(
        "{} was followed by a larger drop in {} than {}: their 95% intervals do not overlap.",
        r.better.label(),
        r.measure,
        r.worse.label().to_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_say_them() {
        assert_eq!(number(-1.25, 1), "\u{2212}1.2");
        assert_eq!(number(-0.04, 1), "0.0");
        assert_eq!(number(4.0, 1), "4.0");
        assert_eq!(signed(0.5, 1), "+0.5");
        assert_eq!(signed(-2.0, 2), "\u{2212}2.00");
        assert_eq!(signed(0.004, 2), "0.00");
        assert_eq!(signed(-0.004, 2), "0.00");
        assert_eq!(mean_rating(8.0), "8");
        assert_eq!(mean_rating(7.98), "8");
        assert_eq!(mean_rating(8.26), "8.3");
        assert_eq!(mean_rating(8.5), "8.5");
    }

    #[test]
    fn a_weak_link_and_no_link_are_told_apart() {
        let a = |rho: f64, measure| Association {
            measure,
            rho,
            n: 12,
            caution: super::super::association::CAUTION,
        };
        assert_eq!(
            association_words(&a(0.05, Measure::Sleep)),
            "There is hardly any link so far (12 pairs of days)."
        );
        assert_eq!(
            association_words(&a(-0.2, Measure::Sleep)),
            "There is a weak link: nights you slept better tended to be followed by days with less pain (12 pairs of days)."
        );
        assert_eq!(
            association_words(&a(0.6, Measure::Stress)),
            "There is a strong link: more stressful days tended to be followed by days with more pain (12 pairs of days)."
        );
    }
}
