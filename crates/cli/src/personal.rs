//! The person's own places and scene for `practice play` and `practice show`:
//! core's [`personal_defaults`] from the journal, used where no flag names
//! them, and the lines that say what is used and how to change it.

use crate::args::{Place, PracticeOptions};
use crate::journal::{runtime, Location};
use backcalm_core::personal::{
    left_out, painful_purpose, personal_defaults, takes_breath_areas, takes_painful, words, Marked,
    PersonalDefaults, BREATH_AREAS_PURPOSE,
};
use backcalm_core::{BodyPart, Practice, SessionRecord, TzName};
use backcalm_store::DayRange;
use jiff::{Span, Timestamp};
use std::collections::BTreeSet;

/// Reads what [`personal_defaults`] needs for `p` from the journal, without
/// creating it: the check-ins of the days around the window and, when they
/// matter, the sessions.
pub fn load(
    journal: &Location,
    p: &Practice,
    now: Timestamp,
    tz: &TzName,
) -> anyhow::Result<PersonalDefaults> {
    let wants_sessions = takes_breath_areas(p) || !p.scenes.is_empty();
    if !takes_painful(p) && !wants_sessions {
        return Ok(PersonalDefaults::default());
    }
    let today = now.to_zoned(tz.zone()).date();
    // Local days differ by up to a day between zones; two days of margin either side.
    let range = DayRange::between(
        today.saturating_sub(Span::new().days(9)),
        today.saturating_add(Span::new().days(2)),
    );
    let checkins = if takes_painful(p) {
        journal.checkins(&range)?
    } else {
        Vec::new()
    };
    let sessions: Vec<SessionRecord> = if wants_sessions {
        runtime()?.block_on(async {
            let Some(store) = journal.open_for_reading().await? else {
                return anyhow::Ok(Vec::new());
            };
            let found = store.sessions(&DayRange::all()).await;
            store.close().await;
            Ok(found?)
        })?
    } else {
        Vec::new()
    };
    Ok(personal_defaults(p, &checkins, &sessions, now))
}

/// One kind of places: its flag, what it is called, and what the journal suggested.
struct PlaceKind<'a> {
    flag: &'static str,
    legend: &'static str,
    purpose: &'static str,
    suggested: Option<&'a Marked>,
    from: &'static str,
    nothing: &'static str,
}

fn given_parts(given: &[Place]) -> BTreeSet<BodyPart> {
    given.iter().filter_map(|p| p.0).collect()
}

/// The places to use for one kind, and why: a flag, the journal, or nothing found.
fn resolve(k: &PlaceKind<'_>, given: Option<&[Place]>) -> (BTreeSet<BodyPart>, String) {
    match (given, k.suggested) {
        (Some(g), _) => {
            let parts = given_parts(g);
            let why = if parts.is_empty() {
                format!("you chose {} none", k.flag)
            } else {
                format!("you chose them with {}", k.flag)
            };
            (parts, why)
        }
        (None, Some(m)) => (
            m.parts.clone(),
            format!(
                "from {} on {}",
                k.from,
                m.local_date().strftime("%a %-d %b %Y")
            ),
        ),
        (None, None) => (BTreeSet::new(), k.nothing.to_string()),
    }
}

/// The lines about one kind of places; `left_out` when this version has no room for them.
fn place_lines(
    k: &PlaceKind<'_>,
    parts: &BTreeSet<BodyPart>,
    why: &str,
    left_out: bool,
    out: &mut String,
) {
    let chosen = if parts.is_empty() {
        "none".to_string()
    } else {
        words(parts)
    };
    out.push_str(&format!("{}: {chosen} ({why}).", k.legend));
    if left_out {
        out.push_str(" This length is too short to include them; a longer one does.");
    } else if !parts.is_empty() {
        out.push(' ');
        out.push_str(k.purpose);
    }
    out.push('\n');
    out.push_str(&format!(
        "  Change with {flag} PART,PART (e.g. {flag} lower-back,hip), or {flag} none for none.\n",
        flag = k.flag
    ));
}

fn places(parts: &BTreeSet<BodyPart>) -> Vec<Place> {
    parts.iter().map(|p| Place(Some(*p))).collect()
}

/// The options to play with: the person's defaults where no flag names the
/// places or the scene, and the lines that tell them what is used and how to
/// change it (empty when the practice uses none of these).
pub fn fill(
    p: &Practice,
    given: &PracticeOptions,
    d: &PersonalDefaults,
) -> (PracticeOptions, String) {
    let mut o = given.clone();
    let mut note = String::new();
    let painful = PlaceKind {
        flag: "--painful",
        legend: "Where it hurts",
        purpose: painful_purpose(p),
        suggested: d.painful.as_ref(),
        from: "your check-in",
        nothing: "no places marked in your check-ins of the last 7 days",
    };
    let breath = PlaceKind {
        flag: "--breath-areas",
        legend: "Areas to come back to",
        purpose: BREATH_AREAS_PURPOSE,
        suggested: d.breath_areas.as_ref(),
        from: "your last session",
        nothing: "none marked after your last session",
    };
    let painful_parts = takes_painful(p).then(|| resolve(&painful, given.painful.as_deref()));
    let breath_parts =
        takes_breath_areas(p).then(|| resolve(&breath, given.breath_areas.as_deref()));
    if let Some((parts, _)) = &painful_parts {
        o.painful = Some(places(parts));
    }
    if let Some((parts, _)) = &breath_parts {
        o.breath_areas = Some(places(parts));
    }
    let left = left_out(p, &crate::options::to_options(p, &o));
    if let Some((parts, why)) = &painful_parts {
        place_lines(&painful, parts, why, left.painful, &mut note);
    }
    if let Some((parts, why)) = &breath_parts {
        place_lines(&breath, parts, why, left.breath_areas, &mut note);
    }
    if let (None, Some(s)) = (&given.scene, &d.scene) {
        if let Some(scene) = p.scene(&s.scene) {
            o.scene = Some(s.scene.clone());
            let ids: Vec<&str> = p.scenes.iter().map(|s| s.id.as_str()).collect();
            note.push_str(&format!(
                "Scene: {}, the one you rated most pleasant ({} out of 10 on average over {} rated session{}).\n  Choose another with --scene NAME: {}.\n",
                scene.title,
                backcalm_core::insights::words::mean_rating(s.mean()),
                s.rated,
                if s.rated == 1 { "" } else { "s" },
                ids.join(", ")
            ));
        }
    }
    (o, note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::personal::SceneSuggestion;
    use backcalm_core::Library;

    fn practice(id: &str) -> Practice {
        Library::embedded()
            .expect("built-in library")
            .get(id)
            .expect("shipped")
            .clone()
    }

    fn marked(parts: &[BodyPart]) -> Marked {
        Marked {
            parts: parts.iter().copied().collect(),
            at: "2026-03-27T08:00:00Z".parse().expect("instant"),
            tz: TzName::new("Europe/London").expect("zone"),
        }
    }

    #[test]
    fn the_check_in_fills_in_painful_places_and_says_so() {
        let p = practice("body-scan");
        let d = PersonalDefaults {
            painful: Some(marked(&[BodyPart::LowerBack, BodyPart::Calf])),
            ..Default::default()
        };
        let (o, note) = fill(&p, &PracticeOptions::default(), &d);
        assert_eq!(
            o.painful,
            Some(vec![
                Place(Some(BodyPart::LowerBack)),
                Place(Some(BodyPart::Calf))
            ])
        );
        assert_eq!(
            note,
            "Where it hurts: lower back and calves (from your check-in on Fri 27 Mar 2026). \
             The scan stays a little longer with these places, if you wish.\n  \
             Change with --painful PART,PART (e.g. --painful lower-back,hip), or --painful none for none.\n"
        );
    }

    #[test]
    fn a_flag_wins_and_none_means_none() {
        let p = practice("pmr");
        let d = PersonalDefaults {
            painful: Some(marked(&[BodyPart::LowerBack])),
            ..Default::default()
        };
        let none = PracticeOptions {
            painful: Some(vec![Place(None)]),
            ..Default::default()
        };
        let (o, note) = fill(&p, &none, &d);
        assert_eq!(o.painful, Some(vec![]));
        assert!(
            note.starts_with("Where it hurts: none (you chose --painful none).\n"),
            "{note}"
        );
        let neck = PracticeOptions {
            painful: Some(vec![Place(Some(BodyPart::Neck))]),
            ..Default::default()
        };
        let (o, note) = fill(&p, &neck, &d);
        assert_eq!(o.painful, Some(vec![Place(Some(BodyPart::Neck))]));
        assert!(
            note.starts_with("Where it hurts: neck (you chose them with --painful). These are only noticed, never tensed.\n"),
            "{note}"
        );
    }

    #[test]
    fn breath_areas_and_scenes_go_to_the_practices_that_use_them() {
        let breath = practice("natural-breath");
        let d = PersonalDefaults {
            painful: Some(marked(&[BodyPart::LowerBack])),
            breath_areas: Some(marked(&[BodyPart::Chest])),
            scene: Some(SceneSuggestion {
                scene: "lake".into(),
                rated: 2,
                sum: 17,
            }),
        };
        let (o, note) = fill(&breath, &PracticeOptions::default(), &d);
        assert_eq!(o.painful, None, "natural breath has no painful places");
        assert_eq!(o.breath_areas, Some(vec![Place(Some(BodyPart::Chest))]));
        assert!(
            note.starts_with(
                "Areas to come back to: chest (from your last session on Fri 27 Mar 2026)."
            ),
            "{note}"
        );
        assert!(!note.contains("Scene"), "{note}");
        let imagery = practice("guided-imagery");
        let (o, note) = fill(&imagery, &PracticeOptions::default(), &d);
        assert_eq!(o.scene.as_deref(), Some("lake"));
        assert!(note.starts_with("Scene: "), "{note}");
        assert!(
            note.contains(
                "the one you rated most pleasant (8.5 out of 10 on average over 2 rated sessions)"
            ),
            "{note}"
        );
        assert!(note.contains("--scene NAME: beach, forest, lake"), "{note}");
        // A scene named on the command line stays.
        let chosen = PracticeOptions {
            scene: Some("beach".into()),
            ..Default::default()
        };
        let (o, note) = fill(&imagery, &chosen, &d);
        assert_eq!((o.scene.as_deref(), note.as_str()), (Some("beach"), ""));
        // The timer uses none of these and says nothing.
        let timer = practice("meditation-timer");
        let (o, note) = fill(&timer, &PracticeOptions::default(), &d);
        assert_eq!((o.painful, o.breath_areas, note.as_str()), (None, None, ""));
    }

    #[test]
    fn a_version_too_short_for_the_areas_says_so() {
        let d = PersonalDefaults {
            breath_areas: Some(marked(&[BodyPart::Chest])),
            ..Default::default()
        };
        let one = PracticeOptions {
            minutes: Some(1),
            ..Default::default()
        };
        let (_, note) = fill(&practice("natural-breath"), &one, &d);
        assert!(
            note.starts_with("Areas to come back to: chest (from your last session on Fri 27 Mar 2026). This length is too short to include them; a longer one does.\n"),
            "{note}"
        );
    }

    #[test]
    fn nothing_in_the_journal_says_where_to_add_places() {
        let (o, note) = fill(
            &practice("body-scan"),
            &PracticeOptions::default(),
            &PersonalDefaults::default(),
        );
        assert_eq!(o.painful, Some(vec![]));
        assert!(
            note.starts_with("Where it hurts: none (no places marked in your check-ins of the last 7 days).\n  Change with --painful"),
            "{note}"
        );
    }
}
