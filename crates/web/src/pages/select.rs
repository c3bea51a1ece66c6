//! The `<select>` entries the practice page and the player both offer: a
//! guided-imagery practice's scenes and a paced practice's breathing paces.

use super::script::pace_words;
use backcalm_core::{Pace, Practice, Timeline};

/// An entry of a `<select>`.
pub(super) struct Choice {
    pub(super) value: String,
    pub(super) label: String,
    pub(super) selected: bool,
}

/// The practice's scenes, the timeline's one chosen.
pub(super) fn scene_choices(p: &Practice, t: &Timeline) -> Vec<Choice> {
    p.scenes
        .iter()
        .map(|s| Choice {
            value: s.id.clone(),
            label: s.title.clone(),
            selected: t.variant.as_deref() == Some(&s.id),
        })
        .collect()
}

/// The preset paces of a paced practice (none for others), the timeline's
/// one chosen.
pub(super) fn pace_choices(p: &Practice, t: &Timeline) -> Vec<Choice> {
    if !p.is_paced() {
        return Vec::new();
    }
    Pace::PRESETS
        .iter()
        .map(|(name, pace)| Choice {
            value: (*name).to_string(),
            label: format!("{} ({name})", pace_words(pace)),
            selected: t.pace.as_ref() == Some(pace),
        })
        .collect()
}

/// [`pace_choices`], and the timeline's pace as "your own" when it is none
/// of the presets, so that a pace typed into the URL stays chosen when the
/// form is sent again.
pub(super) fn pace_choices_with_own(p: &Practice, t: &Timeline) -> Vec<Choice> {
    let mut v = pace_choices(p, t);
    if let Some(pace) = t
        .pace
        .filter(|pace| p.is_paced() && !Pace::PRESETS.iter().any(|(_, q)| q == pace))
    {
        v.push(Choice {
            value: pace.to_string(),
            label: format!("{} (your own)", pace_words(&pace)),
            selected: true,
        });
    }
    v
}
