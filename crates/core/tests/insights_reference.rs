//! The insights checked against an independent reference.
//!
//! `tests/reference/fixture.json` is a seeded, made-up journal (two time
//! zones, both spring daylight-saving changes, ~200 sessions);
//! `tests/reference/expected.json` holds what `tests/reference/reference.py`
//! computed from it with numpy, scipy.stats (t.ppf, spearmanr) and zoneinfo.
//! Both files are committed, so this test needs no Python; see
//! `tests/reference/README.md` to regenerate them.
//!
//! Every number in expected.json must match within [`TOLERANCE`]; strings,
//! booleans, nulls and list lengths must match exactly. Extra fields on the
//! Rust side (e.g. `summary`) are allowed: expected.json is the minimum.

use backcalm_core::content::Kind;
use backcalm_core::insights::{
    self, association, baseline, daily_pain, days_practised, minutes_per_week, peg_trend,
    practice_days, rankings, rolling_mean, stats, streak_days, technique_effects, BaselineSpec,
    DayRow, Measure,
};
use backcalm_core::journal::{
    CheckIn, CheckInDraft, Defaults, SessionDraft, SessionRecord, TzName,
};
use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

const FIXTURE: &str = include_str!("../../../tests/reference/fixture.json");
const EXPECTED: &str = include_str!("../../../tests/reference/expected.json");

/// The largest difference allowed between a Rust number and scipy/numpy's.
const TOLERANCE: f64 = 1e-9;

#[derive(Deserialize)]
struct Period {
    from: Date,
    to: Date,
}

#[derive(Deserialize)]
struct PegScore {
    date: Date,
    score: f64,
}

#[derive(Deserialize)]
struct TChecks {
    p: Vec<f64>,
    df: Vec<u32>,
}

#[derive(Deserialize)]
struct RawFixture {
    today: Date,
    tz: String,
    weekly_goal_minutes: u32,
    baseline_period: Period,
    baseline_checks: Vec<Date>,
    streak_checks: Vec<Date>,
    t_checks: TChecks,
    kinds: BTreeMap<String, Kind>,
    checkins: Vec<CheckInDraft>,
    sessions: Vec<SessionDraft>,
    peg: Vec<PegScore>,
}

struct Fixture {
    raw: RawFixture,
    tz: TzName,
    checkins: Vec<CheckIn>,
    sessions: Vec<SessionRecord>,
}

impl Fixture {
    fn kind_of(&self) -> impl Fn(&str) -> Option<Kind> + '_ {
        |p| self.raw.kinds.get(p).copied()
    }
}

fn fixture() -> Fixture {
    let raw: RawFixture = serde_json::from_str(FIXTURE)
        .expect("fixture.json parses; regenerate it with make_fixture.py");
    // Validation only needs "now" to be after every record; ids come from the fixture.
    let defaults = Defaults {
        now: "2030-01-01T00:00:00Z".parse().unwrap(),
        tz: TzName::utc(),
        new_id: Uuid::nil(),
    };
    let checkins = raw
        .checkins
        .iter()
        .enumerate()
        .map(|(i, d)| {
            d.validate(&defaults)
                .unwrap_or_else(|e| panic!("fixture check-in {i}: {e}"))
        })
        .collect();
    let sessions = raw
        .sessions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            d.validate(&defaults, |p| raw.kinds.contains_key(p))
                .unwrap_or_else(|e| panic!("fixture session {i}: {e}"))
        })
        .collect();
    let tz = TzName::new(&raw.tz).expect("fixture zone");
    Fixture {
        raw,
        tz,
        checkins,
        sessions,
    }
}

fn expected() -> Value {
    serde_json::from_str(EXPECTED).expect("expected.json parses; regenerate it with reference.py")
}

/// Walks `expected` and checks `actual` against it, collecting every mismatch.
#[derive(Default)]
struct Comparison {
    /// Leaves compared (numbers, strings, booleans, nulls).
    leaves: usize,
    numbers: usize,
    max_abs: f64,
    max_rel: f64,
    /// Where the largest relative difference is, to show in the report.
    worst: String,
    mismatches: Vec<String>,
}

impl Comparison {
    fn check(&mut self, path: &str, expected: &Value, actual: &Value) {
        match (expected, actual) {
            (Value::Number(e), Value::Number(a)) => {
                let (e, a) = (
                    e.as_f64().unwrap_or(f64::NAN),
                    a.as_f64().unwrap_or(f64::NAN),
                );
                let diff = (a - e).abs();
                self.leaves += 1;
                self.numbers += 1;
                self.max_abs = self.max_abs.max(diff);
                if e != 0.0 && diff / e.abs() > self.max_rel {
                    self.max_rel = diff / e.abs();
                    self.worst = format!("{path} (expected {e:?}, got {a:?})");
                }
                if diff.is_nan() || diff > TOLERANCE {
                    self.mismatches
                        .push(format!("{path}: expected {e:?}, got {a:?} (diff {diff:e})"));
                }
            }
            (Value::Object(e), Value::Object(a)) => {
                for (key, ev) in e {
                    match a.get(key) {
                        Some(av) => self.check(&format!("{path}.{key}"), ev, av),
                        None => self
                            .mismatches
                            .push(format!("{path}.{key}: missing on the Rust side")),
                    }
                }
            }
            (Value::Array(e), Value::Array(a)) => {
                if e.len() != a.len() {
                    self.mismatches.push(format!(
                        "{path}: expected {} items, got {}",
                        e.len(),
                        a.len()
                    ));
                }
                for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                    self.check(&format!("{path}[{i}]"), ev, av);
                }
            }
            (e, a) => {
                self.leaves += 1;
                if e != a {
                    self.mismatches
                        .push(format!("{path}: expected {e}, got {a}"));
                }
            }
        }
    }

    fn assert_ok(&self, what: &str) {
        println!(
            "{what}: {} values, {} numbers, max |diff| {:e}, max relative diff {:e} at {}",
            self.leaves, self.numbers, self.max_abs, self.max_rel, self.worst
        );
        assert!(self.leaves > 0, "{what}: nothing was compared");
        assert!(
            self.mismatches.is_empty(),
            "{what}: {} mismatches:\n{}",
            self.mismatches.len(),
            self.mismatches.join("\n")
        );
    }
}

fn compare(what: &str, expected: &Value, actual: &Value) {
    let mut c = Comparison::default();
    c.check(what, expected, actual);
    c.assert_ok(what);
}

fn value(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).expect("serializes")
}

#[test]
fn edge_case_checkins_land_on_their_own_local_day() {
    let f = fixture();
    let day_of = |at: &str| {
        f.checkins
            .iter()
            .find(|c| c.recorded_at == at.parse::<jiff::Timestamp>().unwrap())
            .map(CheckIn::local_date)
            .unwrap_or_else(|| panic!("fixture has a check-in at {at}"))
    };
    assert_eq!(
        day_of("2026-03-08T00:30:00-05:00"),
        jiff::civil::date(2026, 3, 8)
    );
    assert_eq!(
        day_of("2026-03-07T23:30:00-05:00"),
        jiff::civil::date(2026, 3, 7)
    );
    assert_eq!(
        day_of("2026-03-14T20:00:00-04:00"),
        jiff::civil::date(2026, 3, 14)
    );
    assert_eq!(
        day_of("2026-03-29T00:30:00+01:00"),
        jiff::civil::date(2026, 3, 29)
    );
    assert_eq!(
        day_of("2026-03-28T23:50:00+01:00"),
        jiff::civil::date(2026, 3, 28)
    );
}

#[test]
fn daily_pain_and_rolling_mean_match() {
    let f = fixture();
    let days = daily_pain(&f.checkins);
    let rolling = rolling_mean(&days, 7);
    let rows: Vec<DayRow> = days
        .iter()
        .zip(rolling)
        .map(|(d, r)| DayRow {
            date: d.date,
            pain_mean: d.pain_mean,
            n: d.n,
            rolling7: r,
        })
        .collect();
    compare("days", &expected()["days"], &value(rows));
}

#[test]
fn practice_counts_match() {
    let f = fixture();
    let e = expected();
    let today = f.raw.today;
    let streaks: Vec<Value> = f
        .raw
        .streak_checks
        .iter()
        .map(|&d| json!({ "today": d, "streak_days": streak_days(&f.sessions, d) }))
        .collect();
    let actual = json!({
        "practice_days": practice_days(&f.sessions),
        "days_practised_7": days_practised(&f.sessions, today, 7),
        "days_practised_30": days_practised(&f.sessions, today, 30),
        "streak_days": streak_days(&f.sessions, today),
        "streaks": streaks,
        "weeks_monday": minutes_per_week(&f.sessions, today, Weekday::Monday, Some(f.raw.weekly_goal_minutes)),
        "weeks_sunday": minutes_per_week(&f.sessions, today, Weekday::Sunday, None),
    });
    let keys = [
        "practice_days",
        "days_practised_7",
        "days_practised_30",
        "streak_days",
        "streaks",
        "weeks_monday",
        "weeks_sunday",
    ];
    let wanted: serde_json::Map<String, Value> = keys
        .iter()
        .map(|k| (k.to_string(), e[*k].clone()))
        .collect();
    compare("practice", &Value::Object(wanted), &actual);
}

fn baseline_value(r: Result<insights::Baseline, insights::Need>) -> Value {
    match r {
        Ok(b) => value(b),
        Err(need) => json!({ "need": need.message }),
    }
}

#[test]
fn baselines_match() {
    let f = fixture();
    let e = expected();
    let checks: Vec<Value> = f
        .raw
        .baseline_checks
        .iter()
        .map(|&d| json!({ "today": d, "result": baseline_value(baseline(&f.checkins, BaselineSpec::FirstDays(7), d)) }))
        .collect();
    compare("baselines", &e["baselines"], &Value::Array(checks));
    let spec = BaselineSpec::Period {
        from: f.raw.baseline_period.from,
        to: f.raw.baseline_period.to,
    };
    compare(
        "baseline_period",
        &e["baseline_period"],
        &baseline_value(baseline(&f.checkins, spec, f.raw.today)),
    );
}

#[test]
fn technique_effects_and_rankings_match() {
    let f = fixture();
    let e = expected();
    let effects = technique_effects(&f.sessions, f.kind_of());
    compare("techniques", &e["techniques"], &value(&effects));
    compare("rankings", &e["rankings"], &value(rankings(&effects)));
}

#[test]
fn associations_match() {
    let f = fixture();
    let actual = json!({
        "sleep": association(&f.checkins, Measure::Sleep),
        "stress": association(&f.checkins, Measure::Stress),
    });
    compare("associations", &expected()["associations"], &actual);
}

#[test]
fn peg_trend_matches() {
    let f = fixture();
    let scores: Vec<(Date, f64)> = f.raw.peg.iter().map(|p| (p.date, p.score)).collect();
    compare("peg", &expected()["peg"], &value(peg_trend(&scores)));
}

/// The t quantile must agree with the 40-digit mpmath value to this relative error.
const T_RELATIVE: f64 = 1e-12;

#[test]
fn t_quantiles_match_scipy_and_high_precision() {
    let f = fixture();
    let e = expected();
    let rows = e["t_quantiles"].as_array().expect("t_quantiles list");
    assert_eq!(
        rows.len(),
        f.raw.t_checks.p.len() * f.raw.t_checks.df.len(),
        "regenerate expected.json"
    );
    let (mut vs_scipy, mut vs_exact, mut worst) = (0.0_f64, 0.0_f64, String::new());
    let mut bad = Vec::new();
    for row in rows {
        let num = |k: &str| {
            row[k]
                .as_f64()
                .unwrap_or_else(|| panic!("t_quantiles row lacks {k}: {row}"))
        };
        let (p, scipy, exact) = (num("p"), num("t"), num("t_exact"));
        let df = row["df"]
            .as_u64()
            .and_then(|d| u32::try_from(d).ok())
            .expect("df");
        let t = stats::student_t_quantile(p, df).expect("valid p and df");
        let (abs, rel) = ((t - scipy).abs(), (t - exact).abs() / exact.abs());
        vs_scipy = vs_scipy.max(abs);
        if rel > vs_exact {
            vs_exact = rel;
            worst = format!("p {p}, df {df}");
        }
        if abs > TOLERANCE || rel > T_RELATIVE {
            bad.push(format!(
                "p {p}, df {df}: ours {t:?}, scipy {scipy:?}, mpmath {exact:?}"
            ));
        }
    }
    println!(
        "t_quantiles: {} values, max |ours - scipy| {vs_scipy:e}, max relative |ours - mpmath| {vs_exact:e} at {worst}",
        rows.len()
    );
    assert!(
        bad.is_empty(),
        "{} t quantiles off:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn insights_contract_matches() {
    let f = fixture();
    let all = insights::insights(
        &f.checkins,
        &f.sessions,
        f.kind_of(),
        f.raw.today,
        &f.tz,
        Some(f.raw.weekly_goal_minutes),
    );
    let actual = value(&all);
    compare("insights", &expected()["insights"], &actual);
    // The contract's shape, beyond the numbers: these keys are always present.
    for key in [
        "baseline",
        "techniques",
        "streak_days",
        "days",
        "days_practised_7",
        "days_practised_30",
        "weeks",
        "associations",
        "needs",
    ] {
        assert!(actual.get(key).is_some(), "insights JSON lacks {key}");
    }
    assert_eq!(actual["baseline"]["label"], "meaningful");
    let timer = actual["techniques"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["kind"] == "timer"))
        .expect("timer row");
    assert!(
        timer["pain"].is_null() && timer["stress"].is_null(),
        "3 timer sessions: not enough data"
    );
    assert!(
        all.needs.iter().any(|n| n
            .message
            .starts_with("Meditation timer: not enough data yet")),
        "{:?}",
        all.needs
    );
}
