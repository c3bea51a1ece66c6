//! The guided sitting meditation: breath, then sounds, then thoughts, 5-20
//! minutes, mostly silence, in its own file with author and sources.

use super::{build, practice, speaks};
use backcalm_core::content::{speech_ms, BUDGET_WPM};
use backcalm_core::timeline::Options;
use backcalm_core::Kind;

#[test]
fn sitting_meditation_guides_breath_then_sounds_then_thoughts() {
    let p = practice("sitting-meditation");
    assert_eq!(p.kind, Kind::Meditation);
    assert_eq!((p.min_minutes, p.max_minutes), (5, 20));
    assert!(!p.author.trim().is_empty());
    assert!(p.sources.iter().any(|s| s.contains("Cherkin")));
    for m in p.minutes() {
        let tl = build(p, &Options::minutes(m));
        let said = speaks(&tl);
        let first = |word: &str| {
            said.iter()
                .position(|s| s.1.to_lowercase().contains(word))
                .unwrap_or_else(|| panic!("{word} at {m} min"))
        };
        assert!(first("breath") < first("sounds"), "at {m} min");
        assert!(first("sounds") < first("thoughts"), "at {m} min");
        assert!(
            said.iter().any(|s| s.1.contains("wanders")),
            "the wandering mind at {m} min"
        );
        let spoken: u64 = said.iter().map(|s| speech_ms(s.1, BUDGET_WPM)).sum();
        let silence = tl.total_ms - spoken;
        assert!(silence * 2 > tl.total_ms, "mostly silence at {m} min");
        if m >= 10 {
            assert!(
                silence * 3 > tl.total_ms * 2,
                "well over half silence at {m} min"
            );
        }
    }
}
