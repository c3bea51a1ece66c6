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
        // Short sits keep their guidance at the slow voice (110 wpm with a
        // pause between sentences), so at least 40 % is silence; from 10
        // minutes on, well over half (CONTENT.md).
        assert!(
            silence * 5 >= tl.total_ms * 2,
            "at least 40 % silence at {m} min"
        );
        if m >= 10 {
            assert!(
                silence * 20 >= tl.total_ms * 11,
                "well over half (55 %) silence at {m} min"
            );
        }
    }
}
