//! Export and import of ten years of daily use, in every format.
//!
//! The journal: 3,650 check-ins (one a day) and 10,000 practice sessions,
//! made deterministically and stored in a SQLite file in a temp folder.
//! Export = read everything from the store and write the format's text;
//! import = read the text and store it in an empty journal (one transaction).
//! Baseline in the same run: a plain copy of the database file
//! (`std::fs::copy`), and `backcalm backup` (`Store::backup_to`).
//!
//! Run: `cargo bench -p backcalm-bench --bench portability`.

use backcalm_core::export::csv::{from_csv, to_csv};
use backcalm_core::export::fhir::to_fhir_bundle;
use backcalm_core::export::json::{from_json, to_json};
use backcalm_core::export::{Export, ImportReport};
use backcalm_core::journal::{Feel, Note};
use backcalm_core::{CheckIn, Rating, Region, SessionRecord, TzName};
use backcalm_store::Store;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use jiff::{SignedDuration, Timestamp};
use std::hint::black_box;
use std::path::Path;
use tokio::runtime::Runtime;
use uuid::Uuid;

const DAYS: u64 = 3_650;
const SESSIONS: u64 = 10_000;

/// A small deterministic generator (64-bit LCG): the same journal on every run.
struct Draw(u64);

impl Draw {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }

    fn rating(&mut self) -> Rating {
        Rating::try_from(i64::try_from(self.next(11)).unwrap_or(0)).expect("0-10")
    }

    fn maybe_rating(&mut self) -> Option<Rating> {
        (self.next(4) > 0).then(|| self.rating())
    }
}

const NOTES: [&str; 4] = [
    "stiff after the drive, eased with a walk",
    "slept badly; the left side again, \"pins and needles\"",
    "good day — gardening, no flare",
    "work deadline, shoulders tight, pain 6 by evening",
];

const PRACTICES: [&str; 5] = [
    "paced-breathing",
    "body-scan",
    "guided-imagery",
    "progressive-muscle-relaxation",
    "timer",
];

fn ten_years() -> Export {
    let mut draw = Draw(0x0bac_c0a1);
    let start: Timestamp = "2016-01-01T08:00:00Z".parse().expect("valid");
    let tz = TzName::new("Europe/London").expect("known zone");
    let feels = Feel::ALL;
    let regions = Region::all();
    let checkins = (0..DAYS)
        .map(|day| {
            let at = start
                + SignedDuration::from_hours(i64::try_from(day * 24).expect("small"))
                + SignedDuration::from_secs(i64::try_from(draw.next(3_600)).expect("small"));
            CheckIn {
                id: Uuid::from_u128(0xC000_0000 + u128::from(day)),
                recorded_at: at,
                tz: tz.clone(),
                pain: draw.rating(),
                stress: draw.maybe_rating(),
                sleep: draw.maybe_rating(),
                feel: vec![feels[usize::try_from(draw.next(9)).expect("small")]],
                regions: vec![regions[usize::try_from(draw.next(10)).expect("small")]],
                activity: None,
                note: (draw.next(3) == 0)
                    .then(|| Note::new(NOTES[day as usize % NOTES.len()]).expect("short"))
                    .flatten(),
                flare: false,
            }
        })
        .collect();
    let every = SignedDuration::from_secs(i64::try_from(DAYS * 86_400 / SESSIONS).expect("small"));
    let sessions = (0..SESSIONS)
        .map(|n| {
            let minutes = [5u32, 10, 15, 20][usize::try_from(draw.next(4)).expect("small")];
            let completed = draw.next(5) > 0;
            SessionRecord {
                id: Uuid::from_u128(0x5000_0000 + u128::from(n)),
                practice: PRACTICES[usize::try_from(draw.next(5)).expect("small")].to_string(),
                variant: None,
                minutes,
                started_at: start + every * i32::try_from(n).expect("small"),
                tz: tz.clone(),
                actual_s: if completed {
                    minutes * 60
                } else {
                    u32::try_from(draw.next(u64::from(minutes) * 60)).expect("small")
                },
                completed,
                pain_before: draw.maybe_rating(),
                pain_after: draw.maybe_rating(),
                stress_before: draw.maybe_rating(),
                stress_after: draw.maybe_rating(),
                pleasantness: None,
                regions: vec![],
                note: None,
            }
        })
        .collect();
    Export {
        exported_at: "2026-01-01T00:00:00Z".parse().expect("valid"),
        checkins,
        sessions,
        questionnaires: vec![],
    }
}

async fn journal_at(path: &Path, journal: &Export) -> Store {
    let store = Store::open_sqlite_file(path).await.expect("open");
    let report = ImportReport {
        checkins: journal.checkins.clone(),
        sessions: journal.sessions.clone(),
        ..ImportReport::default()
    };
    store.import(&report, false).await.expect("fill");
    store
}

fn csv_report(files: &[(String, String)]) -> ImportReport {
    let mut all = ImportReport::default();
    for (name, text) in files {
        let r = from_csv(name, text).expect("our own CSV");
        all.checkins.extend(r.checkins);
        all.sessions.extend(r.sessions);
        all.questionnaires.extend(r.questionnaires);
        all.rejected.extend(r.rejected);
    }
    all
}

/// A fresh, empty journal in its own folder (made outside the timing).
fn empty_journal(rt: &Runtime) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = rt
        .block_on(Store::open_sqlite_file(&dir.path().join("journal.db")))
        .expect("open");
    (dir, store)
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let journal = ten_years();
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    {
        let store = rt.block_on(journal_at(&live, &journal));
        // Closing the last connection folds the write-ahead log into the file.
        rt.block_on(store.close());
    }
    let store = rt.block_on(Store::open_sqlite_file(&live)).expect("reopen");
    let exported = rt.block_on(store.export_all()).expect("export");
    assert_eq!(exported.checkins.len() as u64, DAYS);
    assert_eq!(exported.sessions.len() as u64, SESSIONS);
    let json = to_json(&exported);
    let csv = to_csv(&exported);

    let mut g = c.benchmark_group("portability (3,650 check-ins, 10,000 sessions)");
    g.sample_size(10);

    g.bench_function("file copy (baseline)", |b| {
        let copy = dir.path().join("copy.db");
        b.iter(|| std::fs::copy(&live, &copy).expect("copy"))
    });
    g.bench_function("backup_to", |b| {
        let dest = dir.path().join("backup.db");
        b.iter(|| rt.block_on(store.backup_to(&dest)).expect("backup"))
    });

    g.bench_function("export json", |b| {
        b.iter(|| {
            let e = rt.block_on(store.export_all()).expect("export");
            black_box(to_json(&e).len())
        })
    });
    g.bench_function("export csv", |b| {
        b.iter(|| {
            let e = rt.block_on(store.export_all()).expect("export");
            black_box(to_csv(&e).iter().map(|(_, t)| t.len()).sum::<usize>())
        })
    });
    g.bench_function("export fhir", |b| {
        let generated: Timestamp = "2026-01-01T00:00:00Z".parse().expect("valid");
        b.iter(|| {
            let e = rt.block_on(store.export_all()).expect("export");
            let bundle = to_fhir_bundle(&e, "bench-patient", generated);
            black_box(serde_json::to_string(&bundle).expect("serialize").len())
        })
    });

    g.bench_function("import json", |b| {
        b.iter_batched(
            || empty_journal(&rt),
            |(dir, target)| {
                let report = from_json(&json).expect("our own JSON");
                let done = rt.block_on(target.import(&report, false)).expect("import");
                assert_eq!(done.added() as u64, DAYS + SESSIONS);
                (dir, target)
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("import csv", |b| {
        b.iter_batched(
            || empty_journal(&rt),
            |(dir, target)| {
                let report = csv_report(&csv);
                let done = rt.block_on(target.import(&report, false)).expect("import");
                assert_eq!(done.added() as u64, DAYS + SESSIONS);
                (dir, target)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
