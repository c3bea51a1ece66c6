//! The clinician report for eight weeks of made-up records
//! (`backcalm_report::sample`): building the view model, rendering the HTML
//! page and the one-page PDF. Target: the PDF well under 2 s. The PDF case
//! needs the `pdf` feature: `cargo bench -p backcalm-bench --bench report --features pdf`.

use backcalm_core::report::{build, ReportInput};
use backcalm_core::TzName;
use backcalm_report::sample;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let journal = sample::journal();
    let tz = TzName::new(sample::ZONE).expect("the sample's zone is known");
    let report = sample::report();
    let mut g = c.benchmark_group("report");
    g.sample_size(20);
    g.bench_function("build_view_model_8_weeks", |b| {
        b.iter(|| {
            build(black_box(&ReportInput {
                checkins: &journal.checkins,
                sessions: &journal.sessions,
                answers: &journal.answers,
                screen: Some(journal.screen.clone()),
                from: sample::FROM,
                to: sample::TO,
                today: sample::TODAY,
                tz: tz.clone(),
                kind_of: &sample::kind_of,
                weekly_goal_minutes: Some(sample::GOAL_MINUTES),
            }))
        })
    });
    g.bench_function("html", |b| {
        b.iter(|| backcalm_report::html(black_box(&report)))
    });
    #[cfg(feature = "pdf")]
    g.bench_function("pdf_a4", |b| {
        b.iter(|| backcalm_report::pdf(black_box(&report)).expect("renders"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
