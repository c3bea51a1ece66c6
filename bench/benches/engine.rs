//! Compiling every practice at every length it offers.
//!
//! Baseline in the same run: parsing and checking the shipped content alone.

use backcalm_core::content::Library;
use backcalm_core::timeline::{compile, Options};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let lib = Library::embedded().expect("shipped content is valid");
    let cases: usize = lib.practices().iter().map(|p| p.minutes().len()).sum();
    let mut g = c.benchmark_group("engine");
    g.bench_function("load_content (baseline)", |b| {
        b.iter(|| black_box(Library::embedded().expect("valid")))
    });
    g.bench_function(
        format!("compile_every_practice_every_length ({cases} timelines)"),
        |b| {
            b.iter(|| {
                let mut cues = 0usize;
                for p in lib.practices() {
                    for m in p.minutes() {
                        cues += compile(p, &Options::minutes(m))
                            .expect("compiles")
                            .cues
                            .len();
                    }
                }
                black_box(cues)
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
