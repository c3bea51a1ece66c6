//! Every shipped practice loads, and compiles at every length it offers.

use backcalm_core::content::{embedded_files, parse_practice, Library, BELL_TAIL_MS};
use backcalm_core::timeline::{compile, CueKind, Length, Options};
use backcalm_core::Kind;

#[test]
fn shipped_content() {
    let lib = Library::embedded().unwrap_or_else(|e| panic!("shipped content is invalid: {e}"));
    let kinds: Vec<Kind> = lib.practices().iter().map(|p| p.kind).collect();
    for k in Kind::ALL {
        assert!(kinds.contains(&k), "no practice of kind {k}");
    }
    for p in lib.practices() {
        assert!(!p.sources.is_empty(), "{} names no source", p.id);
        for m in p.minutes() {
            let tl = compile(p, &Options::minutes(m))
                .unwrap_or_else(|e| panic!("{} at {m} min: {e}", p.id));
            // The timer runs on after its closing bell for the ring-out.
            let ring_out = if p.kind == Kind::Timer {
                BELL_TAIL_MS
            } else {
                0
            };
            assert_eq!(
                tl.total_ms,
                u64::from(m) * 60_000 + ring_out,
                "{} at {m} min",
                p.id
            );
            assert!(
                tl.cues.windows(2).all(|w| w[0].at_ms <= w[1].at_ms),
                "{} cues out of order",
                p.id
            );
        }
        for scene in &p.scenes {
            let o = Options {
                scene: Some(scene.id.clone()),
                ..Options::minutes(p.default_minutes)
            };
            let tl = compile(p, &o).unwrap_or_else(|e| panic!("{} scene {}: {e}", p.id, scene.id));
            assert!(
                tl.steps
                    .iter()
                    .any(|s| scene.steps.iter().any(|x| x.id == s.id)),
                "scene {} not played",
                scene.id
            );
        }
    }
}

#[test]
fn imagery_offers_at_least_four_scenes_and_timer_runs_open_ended() {
    let lib = Library::embedded().expect("valid content");
    let imagery = lib
        .practices()
        .iter()
        .find(|p| p.kind == Kind::Imagery)
        .expect("imagery");
    assert!(imagery.scenes.len() >= 4);
    let timer = lib
        .practices()
        .iter()
        .find(|p| p.kind == Kind::Timer)
        .expect("timer");
    let tl = compile(
        timer,
        &Options {
            length: Length::Open,
            ..Options::minutes(1)
        },
    )
    .expect("open-ended");
    assert!(tl.open_ended);
    assert_eq!(tl.minutes, None);
    let bells = tl
        .cues
        .iter()
        .filter(|c| matches!(c.what, CueKind::Bell { .. }))
        .count();
    assert_eq!(bells, 1, "open-ended: a start bell and no end bell");
}

#[test]
fn guided_practices_end_with_a_bell_that_rings_out_before_the_end() {
    let lib = Library::embedded().expect("valid content");
    for p in lib.practices().iter().filter(|p| p.kind != Kind::Timer) {
        let tl = compile(p, &Options::minutes(p.default_minutes)).expect("compiles");
        let last_bell = tl
            .cues
            .iter()
            .rev()
            .find(|c| matches!(c.what, CueKind::Bell { .. }));
        assert_eq!(
            last_bell.map(|c| c.at_ms),
            Some(tl.total_ms - BELL_TAIL_MS),
            "{}",
            p.id
        );
    }
}

#[test]
fn a_broken_file_is_refused_with_file_line_and_field() {
    let text = "id = \"x\"\nkind = \"breathing\"\ntitle = \"X\"\nsummary = \"s\"\nauthor = \"a\"\nsources = [\"s\"]\nposture = \"p\"\nmin_minutes = 1\nmax_minutes = 5\ndefault_minutes = 2\n\n[[steps]]\nid = \"open\"\ntext = \"hello\"\nmin_s = \"ten\"\n";
    let err = parse_practice("practices/x.toml", text).expect_err("min_s is a string");
    assert_eq!(err.file, "practices/x.toml");
    assert_eq!(err.line, Some(15), "{err}");
    assert!(err.to_string().contains("practices/x.toml:15"), "{err}");

    let unknown = text.replace("min_s = \"ten\"", "min_s = 10\ncolour = \"blue\"");
    let err = parse_practice("practices/x.toml", &unknown).expect_err("unknown field");
    assert_eq!(err.field, "colour", "{err}");
    assert_eq!(err.line, Some(16), "{err}");

    let too_short = text.replace(
        "min_s = \"ten\"",
        "min_s = 2\n\n[[steps]]\nid = \"close\"\ntext = \"bye now friend\"\nmin_s = 20\n",
    );
    let err = parse_practice("practices/x.toml", &too_short)
        .expect_err("first step too short for the bell");
    assert_eq!(err.field, "steps[open].min_s", "{err}");
    assert_eq!(err.line, Some(13), "{err}");
}

#[test]
fn every_embedded_file_is_utf8_and_listed() {
    let files = embedded_files();
    assert!(
        files.iter().any(|f| f.path.starts_with("practices/")),
        "practices are embedded"
    );
}
