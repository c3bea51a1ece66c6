//! Unit tests of the journal types and drafts.

use super::*;

fn defaults() -> Defaults {
    Defaults {
        now: "2026-03-29T12:00:00Z".parse().expect("valid"),
        tz: TzName::new("Europe/Berlin").expect("known zone"),
        new_id: Uuid::from_u128(7),
    }
}

#[test]
fn rating_accepts_exactly_zero_to_ten() {
    assert_eq!(Rating::try_from(0).map(Rating::get), Ok(0));
    assert_eq!(Rating::try_from(10).map(Rating::get), Ok(10));
    assert!(Rating::try_from(11).is_err());
    assert!(Rating::try_from(-1).is_err());
    assert!(serde_json::from_str::<Rating>("11").is_err());
    assert_eq!(
        serde_json::from_str::<Rating>("4").map(Rating::get).ok(),
        Some(4)
    );
}

#[test]
fn draft_without_pain_names_the_field() {
    let err = CheckInDraft::default()
        .validate(&defaults())
        .expect_err("pain missing");
    assert_eq!(err.field, "pain");
}

#[test]
fn draft_fills_defaults_and_sorts_lists() {
    let draft = CheckInDraft {
        pain: Some(6),
        feel: vec!["sharp".into(), "radiating".into(), "sharp".into()],
        regions: vec!["lower-back".into()],
        note: Some("  stiff after the drive  ".into()),
        ..Default::default()
    };
    let c = draft.validate(&defaults()).expect("valid");
    assert!(!c.flare, "no flare unless marked");
    let marked = CheckInDraft {
        flare: Some(true),
        ..draft.clone()
    };
    assert!(marked.validate(&defaults()).expect("valid").flare);
    assert_eq!(
        CheckInDraft::from(&c).flare,
        Some(false),
        "written back explicitly"
    );
    assert_eq!(c.id, Uuid::from_u128(7));
    assert_eq!(c.pain.get(), 6);
    assert_eq!(c.feel, vec![Feel::Radiating, Feel::Sharp]);
    assert_eq!(
        c.note.as_ref().map(Note::as_str),
        Some("stiff after the drive")
    );
    assert_eq!(c.tz.as_str(), "Europe/Berlin");
    // 12:00Z on the day Berlin moved to summer time is 14:00+02:00.
    assert_eq!(c.recorded_at_rfc3339(), "2026-03-29T14:00:00+02:00");
}

#[test]
fn bad_values_name_their_field() {
    let cases: Vec<(CheckInDraft, &str)> = vec![
        (
            CheckInDraft {
                pain: Some(11),
                ..Default::default()
            },
            "pain",
        ),
        (
            CheckInDraft {
                pain: Some(1),
                stress: Some(-2),
                ..Default::default()
            },
            "stress",
        ),
        (
            CheckInDraft {
                pain: Some(1),
                tz: Some("Mars/Base".into()),
                ..Default::default()
            },
            "tz",
        ),
        (
            CheckInDraft {
                pain: Some(1),
                feel: vec!["itchy".into()],
                ..Default::default()
            },
            "feel",
        ),
        (
            CheckInDraft {
                pain: Some(1),
                regions: vec!["tail".into()],
                ..Default::default()
            },
            "where",
        ),
        (
            CheckInDraft {
                pain: Some(1),
                id: Some("abc".into()),
                ..Default::default()
            },
            "id",
        ),
        (
            CheckInDraft {
                pain: Some(1),
                recorded_at: Some("yesterday".into()),
                ..Default::default()
            },
            "recorded_at",
        ),
        (
            CheckInDraft {
                pain: Some(1),
                recorded_at: Some("2027-01-01T00:00:00Z".into()),
                ..Default::default()
            },
            "recorded_at",
        ),
        (
            CheckInDraft {
                pain: Some(1),
                note: Some("x".repeat(2001)),
                ..Default::default()
            },
            "note",
        ),
    ];
    for (draft, field) in cases {
        let err = draft.validate(&defaults()).expect_err(field);
        assert_eq!(err.field, field, "{err}");
    }
}

#[test]
fn offsets_with_seconds_are_written_in_utc_and_read_back_exactly() {
    let tz = TzName::new("Asia/Kathmandu").expect("known zone");
    let at: Timestamp = "1900-06-01T12:00:00.5Z".parse().expect("valid");
    let text = rfc3339_in(at, &tz);
    assert_eq!(text, "1900-06-01T12:00:00.5Z");
    assert_eq!(text.parse::<Timestamp>().ok(), Some(at));
    let now: Timestamp = "2026-06-01T12:00:00Z".parse().expect("valid");
    assert_eq!(rfc3339_in(now, &tz), "2026-06-01T17:45:00+05:45");
}

#[test]
fn local_date_follows_the_records_own_zone() {
    let d = defaults();
    let late_in_la = CheckInDraft {
        pain: Some(3),
        recorded_at: Some("2026-03-29T06:30:00Z".into()),
        tz: Some("America/Los_Angeles".into()),
        ..Default::default()
    }
    .validate(&d)
    .expect("valid");
    assert_eq!(late_in_la.local_date().to_string(), "2026-03-28");
    assert_eq!(
        late_in_la.recorded_at_rfc3339(),
        "2026-03-28T23:30:00-07:00"
    );
}

#[test]
fn session_draft_checks_practice_and_defaults_completed() {
    let d = defaults();
    let known = |p: &str| p == "paced-breathing";
    let draft = SessionDraft {
        practice: Some("paced-breathing".into()),
        minutes: Some(2),
        actual_s: Some(60),
        pain_before: Some(5),
        pain_after: Some(4),
        ..Default::default()
    };
    let s = draft.validate(&d, known).expect("valid");
    assert!(!s.completed);
    assert_eq!(s.actual_s, 60);
    assert_eq!(s.started_at.to_string(), "2026-03-29T11:59:00Z");
    let unknown = SessionDraft {
        practice: Some("yoga".into()),
        minutes: Some(2),
        ..Default::default()
    };
    assert_eq!(
        unknown.validate(&d, known).expect_err("unknown").field,
        "practice"
    );
    let no_minutes = SessionDraft {
        practice: Some("paced-breathing".into()),
        ..Default::default()
    };
    assert_eq!(
        no_minutes.validate(&d, known).expect_err("minutes").field,
        "minutes"
    );
}

#[test]
fn drafts_round_trip_records() {
    let d = defaults();
    let c = CheckInDraft {
        pain: Some(2),
        stress: Some(3),
        sleep: Some(7),
        feel: vec!["tension".into()],
        regions: vec!["calf-left".into()],
        activity: Some("gardening".into()),
        ..Default::default()
    }
    .validate(&d)
    .expect("valid");
    assert_eq!(CheckInDraft::from(&c).validate(&d), Ok(c));
}
