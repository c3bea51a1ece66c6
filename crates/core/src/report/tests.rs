//! The report's view model for a seeded journal, number by number.

use super::*;
use crate::insights::{insights, Effect};
use crate::instrument::PEG_ID;
use crate::journal::{CheckInDraft, Defaults, SessionDraft};
use jiff::civil::date;
use uuid::Uuid;

fn defaults() -> Defaults {
    Defaults {
        now: "2030-01-01T00:00:00Z".parse().unwrap(),
        tz: TzName::utc(),
        new_id: Uuid::nil(),
    }
}

fn checkin(month: i8, day: i8, pain: i64, regions: &[&str], note: Option<&str>) -> CheckIn {
    CheckInDraft {
        recorded_at: Some(format!("2026-{month:02}-{day:02}T09:00:00Z")),
        tz: Some("UTC".into()),
        pain: Some(pain),
        regions: regions.iter().map(|r| r.to_string()).collect(),
        note: note.map(Into::into),
        ..Default::default()
    }
    .validate(&defaults())
    .unwrap()
}

fn session(day: i8, practice: &str, actual_s: i64, pain: Option<(i64, i64)>) -> SessionRecord {
    SessionDraft {
        practice: Some(practice.into()),
        minutes: Some(10),
        started_at: Some(format!("2026-03-{day:02}T20:00:00Z")),
        tz: Some("UTC".into()),
        actual_s: Some(actual_s),
        pain_before: pain.map(|p| p.0),
        pain_after: pain.map(|p| p.1),
        stress_before: pain.map(|_| 5),
        stress_after: pain.map(|_| 4),
        ..Default::default()
    }
    .validate(&defaults(), |_| true)
    .unwrap()
}

fn peg(month: i8, day: i8, score: f64) -> QuestionnaireAnswer {
    QuestionnaireAnswer {
        id: Uuid::from_u128(u128::from(day as u8)),
        instrument: PEG_ID.into(),
        answered_at: format!("2026-{month:02}-{day:02}T10:00:00Z")
            .parse()
            .unwrap(),
        tz: TzName::utc(),
        answers: BTreeMap::new(),
        score,
    }
}

fn kind_of(p: &str) -> Option<Kind> {
    match p {
        "paced-breathing" => Some(Kind::Breathing),
        "body-scan" => Some(Kind::BodyScan),
        _ => None,
    }
}

/// March 2026, Monday 2 to Sunday 29: four whole weeks.
/// Pain 9 on 1 March (before the period), 6 for 2-8 March, 5 on 12-16, 4 on 23-29.
fn journal() -> (Vec<CheckIn>, Vec<SessionRecord>, Vec<QuestionnaireAnswer>) {
    let mut c = vec![checkin(
        3,
        1,
        9,
        &["neck"],
        Some("#clinician outside the period"),
    )];
    for d in 2..=8 {
        let regions: &[&str] = if d <= 4 {
            &["lower-back", "thigh-right"]
        } else {
            &["lower-back"]
        };
        c.push(checkin(3, d, 6, regions, None));
    }
    for d in 12..=16 {
        c.push(checkin(3, d, 5, &["lower-back-left", "thigh-right"], None));
    }
    for d in 23..=29 {
        c.push(checkin(3, d, 4, &[], None));
    }
    c.push(checkin(
        3,
        20,
        5,
        &[],
        Some("  for MY clinician: worse after long drives "),
    ));
    c.push(checkin(3, 10, 5, &[], Some("#clinician Sleeping badly.")));
    c.push(checkin(
        3,
        11,
        5,
        &[],
        Some("A note for my clinician: not marked"),
    ));
    c.push(checkin(4, 2, 2, &["neck"], None));

    // Breathing: d = -2, -1, -1, -2, -2, 0. Body scan: three rated sessions.
    let breathing = [(6, 4), (5, 4), (6, 5), (7, 5), (6, 4), (5, 5)];
    let mut s: Vec<SessionRecord> = breathing
        .iter()
        .zip([2, 3, 4, 10, 11, 24])
        .map(|(&p, d)| session(d, "paced-breathing", 600, Some(p)))
        .collect();
    s.extend([5, 12, 25].map(|d| session(d, "body-scan", 900, Some((6, 5)))));
    s.push(session(26, "paced-breathing", 0, None)); // stopped at once: no practice
    s.push(session(30, "body-scan", 900, Some((6, 1)))); // after the period
    s.push(session(27, "unknown-practice", 300, None));

    let a = vec![
        peg(2, 20, 9.0),
        peg(3, 2, 19.0 / 3.0),
        peg(3, 23, 13.0 / 3.0),
    ];
    (c, s, a)
}

fn report_for(from: Date, to: Date, today: Date) -> Report {
    let (c, s, a) = journal();
    let mut answers = BTreeMap::new();
    answers.insert("weight-loss".to_string(), true);
    answers.insert("night-pain".to_string(), false);
    answers.insert("saddle-numbness".to_string(), false);
    build(&ReportInput {
        checkins: &c,
        sessions: &s,
        answers: &a,
        screen: Some(ScreenSummary::from_answers(
            date(2026, 3, 15),
            Action::Soon,
            &answers,
        )),
        from,
        to,
        today,
        tz: TzName::utc(),
        kind_of: &kind_of,
        weekly_goal_minutes: Some(30),
    })
}

fn march() -> Report {
    report_for(date(2026, 3, 2), date(2026, 3, 29), date(2026, 4, 5))
}

#[test]
fn period_and_counts() {
    let r = march();
    assert_eq!(
        r.period,
        Period {
            from: date(2026, 3, 2),
            to: date(2026, 3, 29),
            days: 28
        }
    );
    assert_eq!(r.period.to_string(), "2026-03-02 to 2026-03-29");
    assert_eq!(r.generated_on, date(2026, 4, 5));
    // 7 + 5 + 7 + 3 noted check-ins; 1 March and 2 April are outside.
    assert_eq!(
        r.records,
        RecordCounts {
            checkins: 22,
            days_with_checkins: 22,
            sessions: 11,
            questionnaires: 2
        }
    );
    // Swapped ends give the same report.
    assert_eq!(
        report_for(date(2026, 3, 29), date(2026, 3, 2), date(2026, 4, 5)),
        r
    );
}

#[test]
fn baseline_is_the_periods_first_week_against_its_last() {
    let b = march().baseline;
    let change = b.change.expect("enough days");
    assert_eq!((change.pain, change.current), (6.0, 4.0));
    assert_eq!((change.baseline_days, change.current_days), (7, 7));
    assert_eq!(
        (change.baseline_from, change.baseline_to),
        (date(2026, 3, 2), date(2026, 3, 8))
    );
    assert!((change.percent_change - (-100.0 / 3.0)).abs() < 1e-12);
    assert_eq!(change.label, ChangeLabel::Meaningful);
    assert_eq!(
        b.immpact,
        Some("moderately important improvement (IMMPACT: 30% or more lower)")
    );
    assert_eq!(
        b.sentence,
        "Average pain 6.0/10 in the baseline (2026-03-02 to 2026-03-08, 7 days with check-ins) and 4.0/10 \
in the 7 days to 2026-03-29 (7 days with check-ins): 33% lower."
    );
    // A short period has no comparison, and says what is missing.
    let short = report_for(date(2026, 3, 2), date(2026, 3, 6), date(2026, 4, 5)).baseline;
    assert_eq!((short.change, short.immpact), (None, None));
    assert!(
        short.sentence.starts_with("Not enough data yet"),
        "{}",
        short.sentence
    );
}

#[test]
fn daily_pain_matches_insights_and_its_window_reaches_before_the_period() {
    let (c, s, _) = journal();
    let to = date(2026, 3, 29);
    let upto: Vec<CheckIn> = c.iter().filter(|x| x.local_date() <= to).cloned().collect();
    let all = insights(&upto, &s, kind_of, to, &TzName::utc(), Some(30));
    let want: Vec<DayRow> = all
        .days
        .into_iter()
        .filter(|d| d.date >= date(2026, 3, 2))
        .collect();
    let r = march();
    assert_eq!(r.pain.days, want);
    // 2 March: its window holds 1 and 2 March only (9, 6): too few days for a mean.
    assert_eq!(
        (r.pain.days[0].date, r.pain.days[0].rolling7),
        (date(2026, 3, 2), None)
    );
    // 3 March: 1, 2 and 3 March: (9 + 6 + 6) / 3, the 9 from before the period included.
    assert_eq!(r.pain.days[1].rolling7, Some(7.0));
    assert_eq!(r.pain.range, Some((4.0, 6.0)));
    let means: Vec<f64> = r.pain.days.iter().map(|d| d.pain_mean).collect();
    assert_eq!(r.pain.mean, crate::insights::stats::mean(&means));
    assert_eq!(
        r.pain.mean,
        Some((7.0 * 6.0 + 8.0 * 5.0 + 7.0 * 4.0) / 22.0)
    );
}

#[test]
fn peg_trend_of_the_period() {
    let p = march().peg;
    assert_eq!(p.trend.points.len(), 2, "20 February is outside");
    assert_eq!(p.trend.change, Some(13.0 / 3.0 - 19.0 / 3.0));
    assert_eq!(
        p.sentence,
        "PEG-3 score 6.3 on 2026-03-02 and 4.3 on 2026-03-23 (\u{2212}2.0, 32% lower; 2 scores)."
    );
    let none = report_for(date(2026, 1, 1), date(2026, 1, 31), date(2026, 4, 5));
    assert_eq!(none.peg.sentence, "No PEG-3 answers in this period.");
}

#[test]
fn adherence_per_week() {
    let a = march().adherence;
    let rows: Vec<(Date, u8, usize, f64, Option<bool>)> = a
        .weeks
        .iter()
        .map(|w| {
            (
                w.week_start,
                w.days_in_period,
                w.sessions,
                w.minutes,
                w.goal_met,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (date(2026, 3, 2), 7, 4, 45.0, Some(true)),
            (date(2026, 3, 9), 7, 3, 35.0, Some(true)),
            (date(2026, 3, 16), 7, 0, 0.0, Some(false)),
            // The 0-second session counts for nothing; the unknown practice's 5 minutes count.
            (date(2026, 3, 23), 7, 3, 30.0, Some(true)),
        ]
    );
    assert_eq!((a.sessions, a.minutes, a.days_practised), (10, 110.0, 10));
    assert_eq!((a.full_weeks, a.full_weeks_goal_met), (4, Some(3)));
    assert_eq!(
        a.sentence,
        "10 sessions on 10 days, 110 minutes in all. Weekly goal of 30 minutes met in 3 of 4 full weeks."
    );
    // Minutes are core's own per-week figures.
    let (_, s, _) = journal();
    let in_march: Vec<SessionRecord> = s
        .into_iter()
        .filter(|x| x.local_date() <= date(2026, 3, 29))
        .collect();
    let core: Vec<f64> = minutes_per_week(&in_march, date(2026, 3, 29), Weekday::Monday, None)
        .iter()
        .map(|w| w.minutes)
        .collect();
    assert_eq!(core, vec![45.0, 35.0, 0.0, 30.0]);
}

#[test]
fn edge_weeks_are_partial_and_leading_empty_weeks_are_shown() {
    // Wednesday 25 February to Wednesday 11 March.
    let a = report_for(date(2026, 2, 25), date(2026, 3, 11), date(2026, 4, 5)).adherence;
    let rows: Vec<(Date, u8, usize)> = a
        .weeks
        .iter()
        .map(|w| (w.week_start, w.days_in_period, w.sessions))
        .collect();
    assert_eq!(
        rows,
        vec![
            (date(2026, 2, 23), 5, 0),
            (date(2026, 3, 2), 7, 4),
            (date(2026, 3, 9), 3, 2),
        ]
    );
    assert_eq!((a.full_weeks, a.full_weeks_goal_met), (1, Some(1)));
}

#[test]
fn techniques_show_a_ci_from_five_sessions_only() {
    let t = march().techniques;
    assert_eq!(t.len(), 2);
    assert_eq!(
        (t[0].kind, t[0].label, t[0].sessions),
        (Kind::Breathing, "Breathing", 7)
    );
    let want = Effect::of(&[-2.0, -1.0, -1.0, -2.0, -2.0, 0.0]).unwrap();
    assert_eq!(t[0].pain, Change::Shown(want));
    assert_eq!(want.n, 6);
    assert!((want.mean - (-8.0 / 6.0)).abs() < 1e-12);
    assert_eq!(
        t[0].pain.text(),
        format!(
            "\u{2212}1.3 (95% CI {} to {}), n = 6",
            signed(want.ci_low),
            signed(want.ci_high)
        )
    );
    assert_eq!(t[0].stress, Change::Shown(Effect::of(&[-1.0; 6]).unwrap()));
    assert_eq!((t[1].kind, t[1].sessions), (Kind::BodyScan, 3));
    assert_eq!(t[1].pain, Change::NotEnoughData { rated: 3 });
    assert_eq!(t[1].pain.text(), "not enough data yet (n < 5)");
    // Exactly what the insights page computes for the same sessions.
    let (_, s, _) = journal();
    let in_march: Vec<SessionRecord> = s
        .into_iter()
        .filter(|x| x.local_date() <= date(2026, 3, 29))
        .collect();
    let core = technique_effects(&in_march, kind_of);
    assert_eq!(core[0].pain, Some(want));
    assert_eq!(core[1].pain, None);
}

#[test]
fn body_map_most_frequent_first() {
    let b = march().body_map;
    let got: Vec<(String, &str, usize)> = b
        .iter()
        .map(|r| (r.region.to_string(), r.words.as_str(), r.checkins))
        .collect();
    assert_eq!(
        got,
        vec![
            ("thigh-right".to_string(), "right side of the thighs", 8),
            ("lower-back".to_string(), "lower back", 7),
            (
                "lower-back-left".to_string(),
                "left side of the lower back",
                5
            ),
        ]
    );
}

#[test]
fn notes_marked_for_the_clinician() {
    let n = march().notes;
    assert_eq!(
        n,
        vec![
            ClinicianNote {
                date: date(2026, 3, 10),
                text: "Sleeping badly.".into()
            },
            ClinicianNote {
                date: date(2026, 3, 20),
                text: "worse after long drives".into()
            },
        ]
    );
    assert_eq!(clinician_text("#clinician: knees too"), Some("knees too"));
    assert_eq!(clinician_text("#clinicians"), None);
    assert_eq!(clinician_text("#CLINICIAN"), Some(""));
    assert_eq!(clinician_text("For my"), None);
    assert_eq!(clinician_text("note #clinician"), None);
    assert_eq!(clinician_text("Für my clinician: ü"), None);
}

#[test]
fn screen_summary_lists_the_yes_answers() {
    let s = march().screen.expect("given");
    // "weight-loss" is the first version's question: still named, in its own words.
    assert_eq!(s.yes, vec!["weight loss without trying".to_string()]);
    assert_eq!(
        s.sentence(),
        "Taken on 2026-03-15: See a doctor soon. Answered yes: weight loss without trying."
    );
    let none = ScreenSummary::from_answers(date(2026, 3, 1), Action::None, &BTreeMap::new());
    assert_eq!(
        none.sentence(),
        "Taken on 2026-03-01: no warning sign was answered yes (nothing urgent found)."
    );
}

#[test]
fn wording_and_json_contract() {
    let r = march();
    assert!(r
        .provenance
        .contains("Generated by backcalm from the person's own records"));
    assert!(r.disclaimer.contains("Not medical advice"));
    assert!(r.association_note.contains("associated with"));
    for text in [r.provenance, r.disclaimer, r.association_note] {
        let lower = text.to_lowercase();
        assert!(
            !lower.contains("treats") && !lower.contains("reduces pain"),
            "{text}"
        );
    }
    let json = serde_json::to_value(&r).unwrap();
    for key in [
        "period",
        "baseline",
        "peg",
        "pain",
        "adherence",
        "techniques",
        "body_map",
        "screen",
        "notes",
        "disclaimer",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["techniques"][1]["pain"]["status"], "not_enough_data");
    assert_eq!(json["techniques"][0]["pain"]["status"], "shown");
    assert_eq!(json["techniques"][0]["pain"]["n"], 6);
    assert_eq!(json["body_map"][0]["region"], "thigh-right");
    assert_eq!(json["baseline"]["change"]["label"], "meaningful");
}

#[test]
fn signed_numbers() {
    assert_eq!(signed(-1.25), "\u{2212}1.2");
    assert_eq!(signed(0.04), "0.0");
    assert_eq!(signed(-0.04), "0.0");
    assert_eq!(signed(2.0), "+2.0");
}
