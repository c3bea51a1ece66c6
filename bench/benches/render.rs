//! Rendering a 20-minute practice to WAV, bells only.
//!
//! The baseline is real time: the figure that matters is how many times
//! faster than the practice itself the file is made (target: at least 500x).

use backcalm_core::content::Library;
use backcalm_core::timeline::{compile, IntervalBells, Options};
use criterion::{criterion_group, criterion_main, Criterion};
use std::io::Cursor;

fn bench(c: &mut Criterion) {
    let lib = Library::embedded().expect("shipped content is valid");
    let timer = lib.get("meditation-timer").expect("the timer ships");
    let tl = compile(
        timer,
        &Options {
            interval: Some(IntervalBells::Every(1)),
            ..Options::minutes(20)
        },
    )
    .expect("compiles");
    let scan = lib.get("body-scan").expect("the body scan ships");
    let scan_tl = compile(scan, &Options::minutes(20)).expect("compiles");
    let mut g = c.benchmark_group("render");
    g.sample_size(10);
    for (name, tl) in [
        ("timer_20min_bell_every_minute", &tl),
        ("body_scan_20min_bells_only", &scan_tl),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Cursor::new(Vec::with_capacity(tl.total_ms as usize * 96 + 64));
                backcalm_audio::render_wav(tl, None, &mut out).expect("renders")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
