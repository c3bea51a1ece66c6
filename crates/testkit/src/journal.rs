//! proptest strategies for whole journals: check-ins, sessions and
//! questionnaire answers with the instants, zones, ids and text that break
//! naive writers and readers.
//!
//! Every record is built the way the edges build them, through core's
//! checked drafts, so a generated journal is always a valid one. Core's
//! export round trip and the store's portability tests both draw from here,
//! so each exercises the union of what either needs.

use backcalm_core::content::embedded_files;
use backcalm_core::export::csv::{from_csv, to_csv};
use backcalm_core::export::{Export, ImportReport, QuestionnaireAnswer, QuestionnaireDraft};
use backcalm_core::instrument::{instruments, Instrument};
use backcalm_core::journal::{
    CheckIn, CheckInDraft, Defaults, Feel, SessionDraft, SessionRecord, TzName,
};
use backcalm_core::Region;
use jiff::Timestamp;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use uuid::Uuid;

/// Zones with whole-hour (UTC), half-hour (St John's, Kolkata) and 45-minute
/// (Kathmandu, Chatham) offsets, and with daylight saving time (Berlin, Los
/// Angeles, Lord Howe's half-hour shift, Chatham). Before about 1920 several
/// had local mean time offsets with seconds (Kathmandu, +05:41:16).
pub const ZONES: [&str; 8] = [
    "UTC",
    "Europe/Berlin",
    "America/Los_Angeles",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
];

/// Practice ids of generated sessions: two this install ships and two it
/// does not (`timer` is not the shipped `meditation-timer`, and
/// `someone-elses-practice-2` stands for a removed or custom practice), whose
/// sessions must survive export and import all the same.
pub const PRACTICES: [&str; 4] = [
    "paced-breathing",
    "body-scan",
    "timer",
    "someone-elses-practice-2",
];

/// The validation context of generated records: "now" is far in the future,
/// so any generated instant is in the past.
pub fn defaults() -> Defaults {
    Defaults {
        now: "2100-01-01T00:00:00Z".parse().expect("valid instant"),
        tz: TzName::utc(),
        new_id: Uuid::nil(),
    }
}

/// The questionnaires this install ships (PHQ-2, GAD-2, PEG-3).
///
/// # Panics
/// When the embedded instruments do not load, which core's own tests catch first.
pub fn shipped_instruments() -> Vec<Instrument> {
    instruments(&embedded_files()).unwrap_or_else(|e| panic!("shipped instruments: {e}"))
}

/// An instant from 1900-01-01 to 2100-01-01, with whole seconds,
/// milliseconds or nanoseconds (finer than any database keeps by default).
pub fn instant() -> impl Strategy<Value = Timestamp> {
    let nanos = prop_oneof![
        Just(0i32),
        (0..1000i32).prop_map(|ms| ms * 1_000_000),
        0..1_000_000_000i32
    ];
    (-2_208_988_800i64..4_102_444_800i64, nanos)
        .prop_map(|(s, n)| Timestamp::new(s, n).expect("in range"))
}

/// Optional free text with the characters that break naive SQL (quotes,
/// `%` and `_` wildcards), CSV (commas, quotes, line breaks) and JSON
/// (backslashes, U+2028) writers, and text beyond ASCII.
pub fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[a-zA-Z0-9 ,;=\"'\\\\\n\r\t#%_éß漢字😀\u{2028}-]{0,40}")
}

/// An optional 0-10 rating.
fn rating() -> impl Strategy<Value = Option<i64>> {
    proptest::option::of(0..=10i64)
}

/// The record kinds, so that ids stay unique across kinds too.
const CHECKIN: u128 = 1;
const SESSION: u128 = 2;
const ANSWER: u128 = 3;

/// Record `n` of its `kind`: unique within a journal even when proptest
/// shrinks `random` to 0.
fn id(n: usize, kind: u128, random: u64) -> String {
    Uuid::from_u128((u128::from(random) << 64) | (kind << 32) | n as u128).to_string()
}

/// Up to seven check-ins, every optional field sometimes set.
pub fn checkins() -> impl Strategy<Value = Vec<CheckIn>> {
    let feels: Vec<&str> = Feel::ALL.iter().map(|f| f.id()).collect();
    let regions: Vec<String> = Region::all().iter().map(|r| r.to_string()).collect();
    let one = (
        any::<u64>(),
        instant(),
        select(&ZONES[..]),
        (0..=10i64, rating(), rating()),
        subsequence(feels, 0..=3),
        subsequence(regions, 0..=4),
        (text(), text(), any::<bool>()),
    );
    proptest::collection::vec(one, 0..8).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(
                |(
                    n,
                    (r, at, tz, (pain, stress, sleep), feel, regions, (activity, note, flare)),
                )| {
                    CheckInDraft {
                        id: Some(id(n, CHECKIN, r)),
                        recorded_at: Some(at.to_string()),
                        tz: Some(tz.to_string()),
                        pain: Some(pain),
                        stress,
                        sleep,
                        feel: feel.into_iter().map(str::to_string).collect(),
                        regions,
                        activity,
                        note,
                        flare: Some(flare),
                    }
                    .validate(&defaults())
                    .unwrap_or_else(|e| panic!("generated check-in invalid: {e}"))
                },
            )
            .collect()
    })
}

/// Up to five sessions of the [`PRACTICES`], complete or not, with any
/// ratings, and a variant that is sometimes empty (stored as none).
pub fn sessions() -> impl Strategy<Value = Vec<SessionRecord>> {
    let regions: Vec<String> = Region::all().iter().map(|r| r.to_string()).collect();
    let one = (
        (
            any::<u64>(),
            select(&PRACTICES[..]),
            proptest::option::of("[a-zA-Z0-9 ,\"-]{0,20}"),
        ),
        (0..=1440i64, 0..=86_400i64, any::<bool>()),
        (instant(), select(&ZONES[..])),
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
                        (at, tz),
                        ratings,
                        regions,
                        note,
                    ),
                )| {
                    SessionDraft {
                        id: Some(id(n, SESSION, r)),
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
                    }
                    .validate(&defaults(), |_| true)
                    .unwrap_or_else(|e| panic!("generated session invalid: {e}"))
                },
            )
            .collect()
    })
}

/// Up to five answers to the shipped questionnaires, each item anywhere on
/// its own scale.
pub fn questionnaire_answers() -> impl Strategy<Value = Vec<QuestionnaireAnswer>> {
    let known = shipped_instruments();
    let one = (
        any::<u64>(),
        0..known.len(),
        proptest::collection::vec(any::<u8>(), 3),
        instant(),
        select(&ZONES[..]),
    );
    proptest::collection::vec(one, 0..6).prop_map(move |rows| {
        rows.into_iter()
            .enumerate()
            .map(|(n, (r, which, raw, at, tz))| {
                let inst = &known[which];
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
                QuestionnaireDraft {
                    id: Some(id(n, ANSWER, r)),
                    instrument: Some(inst.id.clone()),
                    answered_at: Some(at.to_string()),
                    tz: Some(tz.to_string()),
                    answers,
                    score: None,
                }
                .validate(&defaults(), &known)
                .unwrap_or_else(|e| panic!("generated answer invalid: {e}"))
            })
            .collect()
    })
}

/// A whole journal, as an export made at any [`instant`].
pub fn journal() -> impl Strategy<Value = Export> {
    (instant(), checkins(), sessions(), questionnaire_answers()).prop_map(
        |(exported_at, checkins, sessions, questionnaires)| Export {
            exported_at,
            checkins,
            sessions,
            questionnaires,
        },
    )
}

/// Every CSV file core writes for `export`, read back and gathered into one
/// report, as an import of the whole folder would see it.
///
/// # Panics
/// When a file cannot be read at all, naming it and showing its text.
pub fn read_back_csv(export: &Export) -> ImportReport {
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

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::content::Library;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::HashSet;

    /// The sessions deliberately include practices this install does not ship.
    #[test]
    fn practices_are_both_shipped_and_unknown() {
        let library = Library::embedded().expect("shipped practices");
        let shipped: Vec<bool> = PRACTICES
            .iter()
            .map(|id| library.get(id).is_some())
            .collect();
        assert_eq!(shipped, [true, true, false, false]);
    }

    #[test]
    fn zones_are_known() {
        for name in ZONES {
            assert!(TzName::new(name).is_ok(), "{name}");
        }
    }

    /// Over many journals every kind of record, every zone and every
    /// practice turns up, and ids never repeat within a journal.
    #[test]
    fn journals_cover_what_they_promise() {
        let mut runner = TestRunner::deterministic();
        let strategy = journal();
        let (mut zones, mut practices) = (HashSet::new(), HashSet::new());
        let (mut finer_than_ms, mut empty_variant_seen) = (false, false);
        let mut counts = [0usize; 3];
        for _ in 0..200 {
            let j = strategy.new_tree(&mut runner).expect("a journal").current();
            counts[0] += j.checkins.len();
            counts[1] += j.sessions.len();
            counts[2] += j.questionnaires.len();
            let mut ids = HashSet::new();
            for c in &j.checkins {
                zones.insert(c.tz.to_string());
                finer_than_ms |= c.recorded_at.subsec_nanosecond() % 1_000_000 != 0;
                assert!(ids.insert(c.id), "{}", c.id);
            }
            for s in &j.sessions {
                practices.insert(s.practice.clone());
                empty_variant_seen |= s.variant.is_none();
                assert!(ids.insert(s.id), "{}", s.id);
            }
            for a in &j.questionnaires {
                assert!(ids.insert(a.id), "{}", a.id);
            }
        }
        assert!(counts.iter().all(|&n| n > 0), "{counts:?}");
        assert_eq!(zones.len(), ZONES.len(), "{zones:?}");
        assert_eq!(practices.len(), PRACTICES.len(), "{practices:?}");
        assert!(finer_than_ms && empty_variant_seen);
    }
}
