//! Property tests: any journal survives JSON and CSV exactly (ids, instants
//! to the nanosecond, zones, awkward text), and no input makes import panic.

mod export_fixture;

use backcalm_core::export::csv::{from_csv, to_csv};
use backcalm_core::export::json::{from_json, to_json};
use backcalm_core::export::{Export, ImportReport, QuestionnaireAnswer, QuestionnaireDraft};
use backcalm_core::journal::{CheckIn, CheckInDraft, Feel, SessionDraft, SessionRecord};
use backcalm_core::Region;
use export_fixture::{answer, checkin, session, shipped};
use jiff::Timestamp;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{json, Value};

/// Zones with whole-hour, half-hour, 45-minute and DST offsets; before about
/// 1920 several had local mean time offsets with seconds (+05:41:16).
const ZONES: [&str; 8] = [
    "UTC",
    "Europe/Berlin",
    "America/Los_Angeles",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
];

/// 1900-01-01 to 2100-01-01, with whole seconds, milliseconds or nanoseconds.
fn instant() -> impl Strategy<Value = Timestamp> {
    let nanos = prop_oneof![
        Just(0i32),
        (0..1000i32).prop_map(|ms| ms * 1_000_000),
        0..1_000_000_000i32
    ];
    (-2_208_988_800i64..4_102_444_800i64, nanos)
        .prop_map(|(s, n)| Timestamp::new(s, n).expect("in range"))
}

/// Text with the characters that break naive CSV and JSON writers.
fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[a-zA-Z0-9 ,;=\"'\\\\\n\r\t#éß漢字😀\u{2028}-]{0,40}")
}

fn rating() -> impl Strategy<Value = Option<i64>> {
    proptest::option::of(0..=10i64)
}

fn id(n: usize, random: u64) -> String {
    // The index keeps ids unique even when proptest shrinks `random` to 0.
    uuid::Uuid::from_u128((u128::from(random) << 64) | n as u128).to_string()
}

fn checkins() -> impl Strategy<Value = Vec<CheckIn>> {
    let feels: Vec<&str> = Feel::ALL.iter().map(|f| f.id()).collect();
    let regions: Vec<String> = Region::all().iter().map(|r| r.to_string()).collect();
    let one = (
        any::<u64>(),
        instant(),
        select(&ZONES[..]),
        0..=10i64,
        (rating(), rating()),
        subsequence(feels, 0..=3),
        subsequence(regions, 0..=4),
        (text(), text()),
    );
    proptest::collection::vec(one, 0..8).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(
                |(n, (r, at, tz, pain, (stress, sleep), feel, regions, (activity, note)))| {
                    checkin(CheckInDraft {
                        id: Some(id(n, r)),
                        recorded_at: Some(at.to_string()),
                        tz: Some(tz.to_string()),
                        pain: Some(pain),
                        stress,
                        sleep,
                        feel: feel.into_iter().map(str::to_string).collect(),
                        regions,
                        activity,
                        note,
                    })
                },
            )
            .collect()
    })
}

/// Shipped practices and one this install does not know.
const PRACTICES: [&str; 4] = [
    "paced-breathing",
    "body-scan",
    "timer",
    "someone-elses-practice-2",
];

fn sessions() -> impl Strategy<Value = Vec<SessionRecord>> {
    let regions: Vec<String> = Region::all().iter().map(|r| r.to_string()).collect();
    let one = (
        (
            any::<u64>(),
            select(&PRACTICES[..]),
            proptest::option::of("[a-zA-Z0-9 ,\"-]{0,20}"),
        ),
        (0..=1440i64, 0..=86_400i64, any::<bool>()),
        instant(),
        select(&ZONES[..]),
        (rating(), rating(), rating(), rating(), rating()),
        subsequence(regions, 0..=3),
        text(),
    );
    proptest::collection::vec(one, 0..6).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(
                |(
                    n,
                    (
                        (r, practice, variant),
                        (minutes, actual_s, completed),
                        at,
                        tz,
                        ratings,
                        regions,
                        note,
                    ),
                )| {
                    session(SessionDraft {
                        id: Some(id(n, r)),
                        practice: Some(practice.to_string()),
                        variant,
                        minutes: Some(minutes),
                        started_at: Some(at.to_string()),
                        tz: Some(tz.to_string()),
                        actual_s: Some(actual_s),
                        completed: Some(completed),
                        pain_before: ratings.0,
                        pain_after: ratings.1,
                        stress_before: ratings.2,
                        stress_after: ratings.3,
                        pleasantness: ratings.4,
                        regions,
                        note,
                    })
                },
            )
            .collect()
    })
}

fn questionnaires() -> impl Strategy<Value = Vec<QuestionnaireAnswer>> {
    let instruments = shipped();
    let one = (
        any::<u64>(),
        0..instruments.len(),
        proptest::collection::vec(any::<u8>(), 3),
        instant(),
        select(&ZONES[..]),
    );
    proptest::collection::vec(one, 0..6).prop_map(move |rows| {
        rows.into_iter()
            .enumerate()
            .map(|(n, (r, which, raw, at, tz))| {
                let inst = &instruments[which];
                // Each raw byte folded onto its item's scale.
                let answers = inst
                    .items
                    .iter()
                    .zip(raw.iter().cycle())
                    .map(|(item, b)| {
                        let s = inst.scale_of(item).expect("checked instrument");
                        let v = s.min + b % (s.max - s.min + 1);
                        (item.id.clone(), i64::from(v))
                    })
                    .collect();
                answer(QuestionnaireDraft {
                    id: Some(id(n, r)),
                    instrument: Some(inst.id.clone()),
                    answered_at: Some(at.to_string()),
                    tz: Some(tz.to_string()),
                    answers,
                    score: None,
                })
            })
            .collect()
    })
}

fn journal() -> impl Strategy<Value = Export> {
    (instant(), checkins(), sessions(), questionnaires()).prop_map(
        |(exported_at, checkins, sessions, questionnaires)| Export {
            exported_at,
            checkins,
            sessions,
            questionnaires,
        },
    )
}

fn csv_round_trip(export: &Export) -> ImportReport {
    let mut all = ImportReport::default();
    for (name, text) in to_csv(export) {
        let r = from_csv(&name, &text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        all.checkins.extend(r.checkins);
        all.sessions.extend(r.sessions);
        all.questionnaires.extend(r.questionnaires);
        all.rejected.extend(r.rejected);
    }
    all
}

fn assert_same(report: &ImportReport, export: &Export) {
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.checkins, export.checkins);
    assert_eq!(report.sessions, export.sessions);
    assert_eq!(report.questionnaires, export.questionnaires);
    // Idempotent import at the store rests on ids surviving unchanged.
    let ids = |r: &[CheckIn]| r.iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(&report.checkins), ids(&export.checkins));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn json_reproduces_the_journal_exactly(export in journal()) {
        let text = to_json(&export);
        let report = from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_same(&report, &export);
        prop_assert_eq!(report.exported_at, Some(export.exported_at));
        // Reading the same file again gives the same records with the same ids.
        prop_assert_eq!(from_json(&text).expect("again"), report);
    }

    #[test]
    fn csv_reproduces_the_journal_exactly(export in journal()) {
        let report = csv_round_trip(&export);
        assert_same(&report, &export);
        prop_assert_eq!(csv_round_trip(&export), report);
    }

    #[test]
    fn json_then_csv_then_json_is_stable(export in journal()) {
        let via_json = from_json(&to_json(&export)).expect("json");
        let again = Export {
            exported_at: export.exported_at,
            checkins: via_json.checkins,
            sessions: via_json.sessions,
            questionnaires: via_json.questionnaires,
        };
        assert_same(&csv_round_trip(&again), &export);
    }
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::from),
        select(&ZONES[..]).prop_map(Value::from),
        instant().prop_map(|t| Value::from(t.to_string())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::btree_map(
                select(
                    &[
                        "id",
                        "pain",
                        "tz",
                        "recorded_at",
                        "answers",
                        "score",
                        "where",
                        "feel",
                        "practice",
                        "x"
                    ][..]
                )
                .prop_map(str::to_string),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = from_json(&text);
        let lossy = String::from_utf8_lossy(&bytes);
        let _ = from_json(&lossy);
        for name in ["checkins.csv", "sessions.csv", "questionnaires.csv", "other.csv"] {
            let _ = from_csv(name, &text);
            let _ = from_csv(name, &lossy);
        }
    }

    #[test]
    fn arbitrary_records_in_a_real_document_never_panic(
        records in proptest::collection::vec(any_json(), 0..6),
        version in any_json(),
    ) {
        for list in ["checkins", "sessions", "questionnaires"] {
            let doc = json!({ "format": "backcalm-export", "version": 1, list: records });
            let report = from_json(&doc.to_string()).expect("a well-formed document");
            // Each record is either accepted or rejected, never lost.
            prop_assert_eq!(report.accepted() + report.rejected.len(), records.len());
        }
        let doc = json!({ "format": "backcalm-export", "version": version });
        let _ = from_json(&doc.to_string());
    }

    #[test]
    fn arbitrary_rows_under_a_real_header_never_panic(
        body in "[a-z0-9=;,\"\r\n :.+-]{0,200}",
        cut in any::<prop::sample::Index>(),
        export in journal(),
    ) {
        for (name, text) in to_csv(&export) {
            let header = text.split("\r\n").next().unwrap_or_default().to_string();
            let report = from_csv(&name, &format!("{header}\r\n{body}")).expect("header is right");
            prop_assert!(report.rejected.iter().all(|r| r.line_or_index >= 2));
            // A real file cut short anywhere (on a character boundary).
            let chars: Vec<char> = text.chars().collect();
            let at = cut.index(chars.len() + 1);
            let _ = from_csv(&name, &chars[..at].iter().collect::<String>());
        }
        let text = to_json(&export);
        let chars: Vec<char> = text.chars().collect();
        let _ = from_json(&chars[..cut.index(chars.len() + 1)].iter().collect::<String>());
    }
}
