//! Small, exact statistics: means, sample standard deviation, Student's t
//! quantiles, average ranks and Spearman's rho.
//!
//! Written here rather than taken from a crate because only these few are
//! needed, and each one is checked against scipy in `tests/reference/`
//! (`crates/core/tests/insights_reference.rs`): t quantiles agree to about
//! 1e-12 relative, the rest to a few units in the last place.

use std::f64::consts::{FRAC_PI_2, PI};

/// The arithmetic mean; `None` for an empty slice.
pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    Some(xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The sample standard deviation (divisor n − 1, two passes for accuracy);
/// `None` below two values.
pub fn sample_sd(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let m = mean(xs)?;
    let ss: f64 = xs.iter().map(|x| (x - m) * (x - m)).sum();
    Some((ss / (xs.len() - 1) as f64).sqrt())
}

/// P(|T| < t) for Student's t with `df` degrees of freedom, as a function of
/// θ = atan(t / √df), 0 ≤ θ < π/2.
///
/// For whole degrees of freedom the distribution has a closed form, a finite
/// sum of powers of cos θ (Abramowitz & Stegun 26.7.3 and 26.7.4). Every term
/// is positive, so the sum loses no precision to cancellation.
fn central_mass(theta: f64, df: u32) -> f64 {
    let (s, c) = theta.sin_cos();
    let c2 = c * c;
    if df % 2 == 1 {
        // Odd: (2/π)·(θ + sin θ·(cos θ + (2/3)cos³θ + (2·4)/(3·5)cos⁵θ + …)), up to cos^(df−2).
        let mut sum = 0.0;
        if df > 1 {
            let mut term = c;
            sum = c;
            let mut k = 3;
            while k + 2 <= df {
                term *= c2 * f64::from(k - 1) / f64::from(k);
                sum += term;
                k += 2;
            }
        }
        (2.0 / PI) * (theta + s * sum)
    } else {
        // Even: sin θ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + …), up to cos^(df−2).
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut k = 2;
        while k + 2 <= df {
            term *= c2 * f64::from(k - 1) / f64::from(k);
            sum += term;
            k += 2;
        }
        s * sum
    }
}

/// The cumulative distribution function of Student's t with `df` ≥ 1 whole
/// degrees of freedom; `None` when `df` is 0 or `t` is not a number.
pub fn student_t_cdf(t: f64, df: u32) -> Option<f64> {
    if df == 0 || t.is_nan() {
        return None;
    }
    let theta = (t.abs() / f64::from(df).sqrt()).atan();
    let half = 0.5 * central_mass(theta, df);
    Some(if t >= 0.0 { 0.5 + half } else { 0.5 - half })
}

/// The quantile (inverse CDF) of Student's t with `df` ≥ 1 whole degrees of
/// freedom: the t with P(T ≤ t) = `p`. `None` unless 0 < p < 1 and df ≥ 1.
///
/// Solved by bisection on θ = atan(t/√df) over [0, π/2), where the closed-form
/// [`student_t_cdf`] is monotone, until the interval cannot shrink further in
/// f64; then t = √df·tan θ. Accurate to about 1e-12 relative for the usual
/// confidence levels (checked against scipy.stats.t.ppf); far in the tails
/// (p within ~1e-12 of 0 or 1) the answer is limited by f64 resolution of p.
///
/// A pure function, and the insights ask for the same few (p, df) on every
/// page view while each answer costs O(df) per step (a tenth of ten years of
/// insights): the last answers are kept, per thread.
pub fn student_t_quantile(p: f64, df: u32) -> Option<f64> {
    if df == 0 || !(p > 0.0 && p < 1.0) {
        return None;
    }
    if p == 0.5 {
        return Some(0.0);
    }
    thread_local! {
        static KEPT: std::cell::RefCell<Vec<((u64, u32), f64)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let key = (p.to_bits(), df);
    if let Some(t) = KEPT.with(|k| k.borrow().iter().find(|(k, _)| *k == key).map(|(_, t)| *t)) {
        return Some(t);
    }
    let t = t_quantile_by_bisection(p, df);
    KEPT.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= 64 {
            k.remove(0);
        }
        k.push((key, t));
    });
    Some(t)
}

/// [`student_t_quantile`] for 0 < p < 1, p ≠ 0.5 and df > 0, computed.
fn t_quantile_by_bisection(p: f64, df: u32) -> f64 {
    // Work in the upper half; the distribution is symmetric.
    let target = (2.0 * p - 1.0).abs();
    let (mut lo, mut hi) = (0.0_f64, FRAC_PI_2);
    // ~60 halvings reach f64 resolution; the bound only guards against surprises.
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if central_mass(mid, df) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let theta = 0.5 * (lo + hi);
    let t = f64::from(df).sqrt() * theta.tan();
    if p > 0.5 {
        t
    } else {
        -t
    }
}

/// Ranks 1..=n with ties given the average of the ranks they span (the
/// "average" method of scipy.stats.rankdata). Ratings are never NaN; if one
/// were, it would sort last (`total_cmp`) and get a rank of its own.
pub fn average_ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut ranks = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        // Positions i..=j (0-based) share the mean of ranks i+1..=j+1.
        let shared = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = shared;
        }
        i = j + 1;
    }
    ranks
}

/// Pearson's correlation coefficient; `None` when the lengths differ, there
/// are fewer than two pairs, or either side does not vary.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 2 {
        return None;
    }
    let mx = mean(xs)?;
    let my = mean(ys)?;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    // Rounding can push |r| a hair past 1 for perfectly monotone data.
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Spearman's rank correlation: Pearson's r of the average ranks, so ties are
/// handled as scipy.stats.spearmanr does. `None` as for [`pearson`].
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() {
        return None;
    }
    pearson(&average_ranks(xs), &average_ranks(ys))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1.0)
    }

    #[test]
    fn t_quantiles_match_closed_forms_and_tables() {
        // df = 1 is Cauchy: tan(π(p − ½)); df = 2: (2p−1)/√(2p(1−p)).
        for p in [0.6, 0.9, 0.975, 0.995] {
            let cauchy = (PI * (p - 0.5)).tan();
            let two = (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
            assert!(
                close(student_t_quantile(p, 1).unwrap(), cauchy, 1e-12),
                "df 1, p {p}"
            );
            assert!(
                close(student_t_quantile(p, 2).unwrap(), two, 1e-12),
                "df 2, p {p}"
            );
        }
        // Printed two-sided 95% values (scipy.stats.t.ppf(0.975, df)).
        let table = [
            (4, 2.7764451051977934),
            (9, 2.262157162798205),
            (29, 2.045229642132703),
        ];
        for (df, t) in table {
            assert!(
                close(student_t_quantile(0.975, df).unwrap(), t, 1e-12),
                "df {df}"
            );
        }
        assert_eq!(student_t_quantile(0.5, 7), Some(0.0));
        assert_eq!(student_t_quantile(0.975, 0), None);
        assert_eq!(student_t_quantile(1.0, 3), None);
        assert_eq!(student_t_quantile(f64::NAN, 3), None);
    }

    #[test]
    fn t_quantile_is_antisymmetric() {
        for df in [1, 2, 5, 30, 200] {
            let up = student_t_quantile(0.9, df).unwrap();
            let down = student_t_quantile(0.1, df).unwrap();
            assert!(close(up, -down, 1e-12), "df {df}: {up} vs {down}");
        }
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 20.0, 5.0]),
            vec![2.0, 3.5, 3.5, 1.0]
        );
        assert_eq!(average_ranks(&[1.0, 1.0, 1.0]), vec![2.0, 2.0, 2.0]);
        assert!(average_ranks(&[]).is_empty());
    }

    #[test]
    fn spearman_of_constant_side_is_undefined() {
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]), None);
        assert_eq!(spearman(&[1.0], &[2.0]), None);
    }

    #[test]
    fn sd_uses_n_minus_one() {
        assert_eq!(
            sample_sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]),
            Some((32.0_f64 / 7.0).sqrt())
        );
        assert_eq!(sample_sd(&[3.0]), None);
    }

    proptest! {
        #[test]
        fn cdf_inverts_quantile(p in 0.001f64..0.999, df in 1u32..400) {
            let t = student_t_quantile(p, df).unwrap();
            let back = student_t_cdf(t, df).unwrap();
            prop_assert!((back - p).abs() < 1e-13, "p {p} df {df} t {t} back {back}");
        }

        #[test]
        fn spearman_of_monotone_series_is_one(
            xs in proptest::collection::btree_set(-1000i32..1000, 2..40),
        ) {
            let xs: Vec<f64> = xs.into_iter().map(f64::from).collect();
            // Any strictly increasing transform keeps the ranks.
            let up: Vec<f64> = xs.iter().map(|x| x.powi(3) + 7.0).collect();
            let down: Vec<f64> = xs.iter().map(|x| -x.exp2()).collect();
            prop_assert_eq!(spearman(&xs, &up), Some(1.0));
            prop_assert_eq!(spearman(&xs, &down), Some(-1.0));
        }
    }
}
