use super::*;
use crate::journal::Rating;
use crate::Library;
use proptest::prelude::*;
use uuid::Uuid;

fn at(s: &str) -> Timestamp {
    s.parse().expect("instant")
}

fn checkin(n: u128, when: Timestamp, zone: &str, pain: u8, regions: &[&str]) -> CheckIn {
    CheckIn {
        id: Uuid::from_u128(n),
        recorded_at: when,
        tz: TzName::new(zone).expect("zone"),
        pain: Rating::try_from(i64::from(pain)).expect("0-10"),
        stress: None,
        sleep: None,
        feel: Vec::new(),
        regions: regions.iter().map(|r| r.parse().expect("region")).collect(),
        activity: None,
        note: None,
        flare: false,
    }
}

fn session(
    n: u128,
    practice: &str,
    when: Timestamp,
    variant: Option<&str>,
    pleasantness: Option<u8>,
    regions: &[&str],
) -> SessionRecord {
    SessionRecord {
        id: Uuid::from_u128(n),
        practice: practice.into(),
        variant: variant.map(str::to_string),
        minutes: 5,
        started_at: when,
        tz: TzName::new("Europe/London").expect("zone"),
        actual_s: 300,
        completed: true,
        pain_before: None,
        pain_after: None,
        stress_before: None,
        stress_after: None,
        pleasantness: pleasantness.map(|p| Rating::try_from(i64::from(p)).expect("0-10")),
        regions: regions.iter().map(|r| r.parse().expect("region")).collect(),
        note: None,
    }
}

fn set(parts: &[BodyPart]) -> BTreeSet<BodyPart> {
    parts.iter().copied().collect()
}

const NOW: &str = "2026-03-29T12:00:00Z";

#[test]
fn the_window_is_seven_days_to_the_second() {
    let now = at(NOW);
    let edge = now.checked_sub(RECENT_CHECKIN).expect("in range");
    assert_eq!(edge, at("2026-03-22T12:00:00Z"));
    let on_edge = [checkin(1, edge, "UTC", 5, &["neck"])];
    assert_eq!(
        recent_painful(&on_edge, now).map(|m| m.parts),
        Some(set(&[BodyPart::Neck])),
        "exactly 7 days ago still counts"
    );
    let past_edge = [checkin(
        1,
        edge.checked_sub(SignedDuration::from_secs(1))
            .expect("in range"),
        "UTC",
        5,
        &["neck"],
    )];
    assert_eq!(
        recent_painful(&past_edge, now),
        None,
        "7 days and 1 s ago does not"
    );
}

#[test]
fn the_window_is_in_hours_not_local_days_across_a_clock_change() {
    // Europe/London moved to summer time on 2026-03-29: now (12:00Z) is 13:00
    // local, and 7 local days back would be 13:00 GMT (13:00Z) on the 22nd, only
    // 167 hours. The window is 168 hours, so 12:30Z on the 22nd still counts.
    let now = at(NOW);
    let c = [checkin(
        1,
        at("2026-03-22T12:30:00Z"),
        "Europe/London",
        4,
        &["calf-left"],
    )];
    let m = recent_painful(&c, now).expect("inside");
    assert_eq!(m.parts, set(&[BodyPart::Calf]));
    assert_eq!(m.local_date(), "2026-03-22".parse::<Date>().expect("date"));
}

#[test]
fn the_latest_check_in_is_the_latest_instant_whatever_its_zone() {
    let now = at(NOW);
    // 09:00 in Tokyo on the 28th is 00:00Z; 20:00 in New York on the 27th is 00:00Z + 1 h.
    let tokyo = checkin(1, at("2026-03-28T00:00:00Z"), "Asia/Tokyo", 6, &["neck"]);
    let new_york = checkin(
        2,
        at("2026-03-28T01:00:00Z"),
        "America/New_York",
        6,
        &["lower-back-right"],
    );
    let m = recent_painful(&[tokyo.clone(), new_york.clone()], now).expect("found");
    assert_eq!(m.parts, set(&[BodyPart::LowerBack]));
    assert_eq!(m.tz.as_str(), "America/New_York");
    assert_eq!(m.local_date(), "2026-03-27".parse::<Date>().expect("date"));
    // Order of the slice does not matter.
    assert_eq!(recent_painful(&[new_york, tokyo], now), Some(m));
}

#[test]
fn a_check_in_without_a_body_map_is_passed_over_and_pain_zero_ends_the_search() {
    let now = at(NOW);
    let marked = checkin(
        1,
        at("2026-03-27T08:00:00Z"),
        "UTC",
        6,
        &["lower-back", "lower-back-left", "thigh-right"],
    );
    let no_map = checkin(2, at("2026-03-28T08:00:00Z"), "UTC", 5, &[]);
    let m = recent_painful(&[marked.clone(), no_map.clone()], now).expect("found");
    assert_eq!(
        m.parts,
        set(&[BodyPart::LowerBack, BodyPart::Thigh]),
        "sides merge"
    );
    assert_eq!(m.words(), "lower back and thighs");
    assert_eq!(m.at, marked.recorded_at);
    let no_pain = checkin(3, at("2026-03-29T08:00:00Z"), "UTC", 0, &[]);
    assert_eq!(
        recent_painful(&[marked.clone(), no_map.clone(), no_pain], now),
        None
    );
    // Pain 0 with places marked still names them (the person marked them).
    let zero_marked = checkin(4, at("2026-03-29T08:00:00Z"), "UTC", 0, &["hip"]);
    assert_eq!(
        recent_painful(&[marked, no_map, zero_marked], now).map(|m| m.parts),
        Some(set(&[BodyPart::Hip]))
    );
    assert_eq!(recent_painful(&[], now), None);
}

#[test]
fn breath_areas_come_from_the_last_session_of_that_practice() {
    let older = session(
        1,
        "natural-breath",
        at("2026-01-05T08:00:00Z"),
        None,
        None,
        &["chest"],
    );
    let newer = session(
        2,
        "natural-breath",
        at("2026-03-01T08:00:00Z"),
        None,
        None,
        &["abdomen", "upper-back-left"],
    );
    let other = session(
        3,
        "body-scan",
        at("2026-03-20T08:00:00Z"),
        None,
        None,
        &["knee"],
    );
    let m = last_marked_areas(
        &[newer.clone(), other.clone(), older.clone()],
        "natural-breath",
    )
    .expect("found");
    assert_eq!(m.parts, set(&[BodyPart::Abdomen, BodyPart::UpperBack]));
    assert_eq!(m.at, newer.started_at);
    // The last session marked nothing: nothing to invite back to.
    let nothing = session(
        4,
        "natural-breath",
        at("2026-03-02T08:00:00Z"),
        None,
        None,
        &[],
    );
    assert_eq!(
        last_marked_areas(&[older, newer, other, nothing], "natural-breath"),
        None
    );
}

#[test]
fn the_scene_rated_best_on_average_is_suggested_and_ties_go_to_the_latest() {
    let lib = Library::embedded().expect("content");
    let imagery = lib.get("guided-imagery").expect("shipped");
    assert!(imagery.scenes.len() >= 3, "three scenes to choose from");
    let (a, b, c) = (
        imagery.scenes[0].id.as_str(),
        imagery.scenes[1].id.as_str(),
        imagery.scenes[2].id.as_str(),
    );
    let t = |d: u8| at(&format!("2026-03-{d:02}T08:00:00Z"));
    let sessions = vec![
        session(1, "guided-imagery", t(1), Some(a), Some(9), &[]),
        session(2, "guided-imagery", t(2), Some(a), Some(5), &[]),
        session(3, "guided-imagery", t(3), Some(b), Some(8), &[]),
        session(4, "guided-imagery", t(4), Some(c), None, &[]),
        session(
            5,
            "guided-imagery",
            t(5),
            Some("not-a-scene"),
            Some(10),
            &[],
        ),
        session(6, "someone-else", t(6), Some(c), Some(10), &[]),
    ];
    let s = best_rated_scene(imagery, &sessions).expect("rated");
    assert_eq!(
        (s.scene.as_str(), s.rated, s.sum),
        (b, 1, 8),
        "8 beats a mean of 7"
    );
    assert!((s.mean() - 8.0).abs() < 1e-9);
    // a's mean rises to 8 (9, 5, 10): a tie, and a was rated last.
    let mut more = sessions.clone();
    more.push(session(7, "guided-imagery", t(7), Some(a), Some(10), &[]));
    let s = best_rated_scene(imagery, &more).expect("rated");
    assert_eq!((s.scene.as_str(), s.rated, s.sum), (a, 3, 24));
    assert_eq!(
        best_rated_scene(imagery, &sessions[3..]),
        None,
        "nothing rated"
    );
}

#[test]
fn each_practice_gets_only_the_defaults_it_uses() {
    let lib = Library::embedded().expect("content");
    let now = at(NOW);
    let checkins = [checkin(
        1,
        at("2026-03-28T08:00:00Z"),
        "UTC",
        6,
        &["lower-back"],
    )];
    let sessions = [
        session(
            1,
            "natural-breath",
            at("2026-03-27T08:00:00Z"),
            None,
            None,
            &["chest"],
        ),
        session(
            2,
            "guided-imagery",
            at("2026-03-27T09:00:00Z"),
            Some("forest"),
            Some(9),
            &[],
        ),
    ];
    let d = |id: &str| personal_defaults(lib.get(id).expect("shipped"), &checkins, &sessions, now);
    for id in ["body-scan", "pmr", "mindful-movement"] {
        let got = d(id);
        assert_eq!(
            got.painful.map(|m| m.parts),
            Some(set(&[BodyPart::LowerBack])),
            "{id}"
        );
        assert_eq!((got.breath_areas, got.scene), (None, None), "{id}");
    }
    let breath = d("natural-breath");
    assert_eq!(breath.painful, None);
    assert_eq!(
        breath.breath_areas.map(|m| m.parts),
        Some(set(&[BodyPart::Chest]))
    );
    for id in ["paced-breathing", "meditation-timer"] {
        assert_eq!(d(id), PersonalDefaults::default(), "{id}");
    }
    let imagery = d("guided-imagery");
    assert_eq!((imagery.painful, imagery.breath_areas), (None, None));
    let scene = imagery.scene.expect("suggested");
    assert!(lib
        .get("guided-imagery")
        .expect("shipped")
        .scene(&scene.scene)
        .is_some());
    assert_eq!(scene.scene, "forest");
}

#[test]
fn a_version_too_short_for_the_places_says_so() {
    let lib = Library::embedded().expect("content");
    let breath = lib.get("natural-breath").expect("shipped");
    let mut o = Options::minutes(2);
    o.breath_areas = set(&[BodyPart::Chest]);
    assert_eq!(
        left_out(breath, &o),
        LeftOut::default(),
        "2 minutes comes back to them"
    );
    o.length = crate::Length::Minutes(1);
    assert_eq!(
        left_out(breath, &o),
        LeftOut {
            painful: false,
            breath_areas: true
        },
        "1 minute has no room for them"
    );
    let scan = lib.get("body-scan").expect("shipped");
    let mut o = Options::minutes(10);
    o.painful = set(&[BodyPart::LowerBack]);
    assert_eq!(left_out(scan, &o), LeftOut::default());
    // Nothing chosen: nothing left out.
    assert_eq!(left_out(scan, &Options::minutes(10)), LeftOut::default());
}

fn region_ids() -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(
        Region::all()
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>(),
        0..4,
    )
}

proptest! {
    /// Whatever the journal, the default is the newest check-in inside the
    /// window with a body map, unless a newer one in the window said pain 0.
    #[test]
    fn the_default_is_the_newest_marked_check_in_of_the_window(
        records in proptest::collection::vec(
            (-20 * 24 * 3600i64..3600, 0u8..=10, region_ids(), 0usize..4),
            0..12,
        )
    ) {
        let now = at(NOW);
        let zones = ["UTC", "Asia/Tokyo", "America/New_York", "Asia/Kathmandu"];
        let checkins: Vec<CheckIn> = records
            .iter()
            .enumerate()
            .map(|(i, (offset, pain, regions, zone))| {
                let when = now.checked_add(SignedDuration::from_secs(*offset)).expect("in range");
                let regions: Vec<&str> = regions.iter().map(String::as_str).collect();
                checkin(i as u128, when, zones[*zone], *pain, &regions)
            })
            .collect();
        let since = now.checked_sub(RECENT_CHECKIN).expect("in range");
        let mut window: Vec<&CheckIn> = checkins.iter().filter(|c| c.recorded_at >= since).collect();
        window.sort_by_key(|c| (c.recorded_at, c.id));
        let expected = window
            .iter()
            .rev()
            .find(|c| !c.regions.is_empty() || c.pain.get() == 0)
            .filter(|c| !c.regions.is_empty())
            .map(|c| c.regions.iter().map(|r| r.part).collect::<BTreeSet<_>>());
        let got = recent_painful(&checkins, now);
        prop_assert_eq!(got.as_ref().map(|m| m.parts.clone()), expected);
        if let Some(m) = got {
            prop_assert!(m.at >= since);
            prop_assert!(!m.parts.is_empty());
        }
    }
}
