//! The shipped program file, and a bad file refused with file, line and field.

use super::*;

#[test]
fn the_shipped_program_introduces_one_technique_a_week_and_grows_gently() {
    let p = program();
    let weeks = p.weeks();
    assert_eq!(
        weeks.iter().map(|w| w.week).collect::<Vec<_>>(),
        (1..=8).collect::<Vec<u8>>()
    );
    // Week 7's kind is the guided sitting meditation's own (its file names it).
    let kinds: Vec<Kind> = weeks.iter().map(|w| w.kind).collect();
    assert_eq!(
        [&kinds[..6], &kinds[7..]].concat(),
        vec![
            Kind::Breathing,
            Kind::Breathing,
            Kind::BodyScan,
            Kind::Pmr,
            Kind::Imagery,
            Kind::Movement,
            Kind::Breathing,
        ]
    );
    assert_eq!(
        weeks[6].practice, "sitting-meditation",
        "guided, not the timer"
    );
    assert_ne!(weeks[6].kind, Kind::Timer);
    assert_eq!(
        weeks.iter().map(|w| w.daily_minutes).collect::<Vec<_>>(),
        vec![2, 3, 10, 5, 8, 8, 10, 10]
    );
    assert_eq!(
        weeks.iter().map(|w| w.short_minutes).collect::<Vec<_>>(),
        vec![None, None, Some(5), None, None, None, None, None],
        "the body scan runs 10 minutes with a 5-minute option"
    );
    // Safety and honest expectations come in the first two weeks.
    let read_by_week_2: Vec<&str> = weeks[..2]
        .iter()
        .flat_map(|w| std::iter::once(&w.lesson).chain(&w.also_read))
        .map(String::as_str)
        .collect();
    for lesson in ["when-to-see-a-doctor", "realistic-expectations"] {
        assert!(
            read_by_week_2.contains(&lesson),
            "{lesson}: {read_by_week_2:?}"
        );
    }
    // PHQ-2 and GAD-2 are offered in weeks 1 and 8 (CLINICAL.md, crisis path).
    let offered: Vec<(u8, Vec<String>)> = weeks
        .iter()
        .filter(|w| !w.questionnaires.is_empty())
        .map(|w| (w.week, w.questionnaires.clone()))
        .collect();
    let both = vec!["phq-2".to_string(), "gad-2".to_string()];
    assert_eq!(offered, vec![(1, both.clone()), (8, both)]);
    assert_eq!(weeks[0].practice, "natural-breath");
    assert_eq!(weeks[0].lesson, "what-is-mindfulness");
    assert!(weeks.iter().all(|w| w.peg), "the PEG is asked every week");
    assert!(weeks[7].choose, "the last week is the person's own choice");
    let lessons: Vec<&str> = weeks.iter().map(|w| w.lesson.as_str()).collect();
    let mut unique = lessons.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 8, "each week has its own lesson: {lessons:?}");
    for w in weeks {
        let lower = w.intro.to_lowercase();
        assert!(
            NEVER_SAY.iter().all(|x| !lower.contains(x)),
            "week {}: {}",
            w.week,
            w.intro
        );
    }
}

#[test]
fn the_program_view_has_the_cli_contract_shape() {
    let p = program();
    let today = plan(&p, &empty_history(date(2026, 3, 2)), date(2026, 3, 2));
    let json = serde_json::to_value(ProgramView::new(&p, Some(&today))).expect("serializes");
    assert_eq!(json["current_week"], 1);
    let weeks = json["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 8);
    assert_eq!(weeks[2]["week"], 3);
    assert_eq!(weeks[2]["kind"], "body-scan");
    assert_eq!(weeks[2]["lesson"], "pain-stress-and-attention");
    assert_eq!(weeks[2]["daily_minutes"], 10);
    assert_eq!(weeks[2]["short_minutes"], 5);
    assert_eq!(weeks[0]["also_read"][0], "when-to-see-a-doctor");
    assert_eq!(weeks[0]["questionnaires"][1], "gad-2");
    let none = serde_json::to_value(ProgramView::new(&p, None)).expect("serializes");
    assert!(none["current_week"].is_null());
}

#[test]
fn a_bad_program_file_is_refused_with_file_line_and_field() {
    let text = shipped_text();
    let cases: Vec<(String, &str, usize, &str)> = vec![
        (
            text.replacen("practice = \"natural-breath\"", "practice = \"yoga\"", 1),
            "weeks[1].practice",
            line_of(&text, "practice = \"natural-breath\"", 0),
            "not a practice id",
        ),
        (
            text.replacen("kind = \"body-scan\"", "kind = \"pmr\"", 1),
            "weeks[3].kind",
            line_of(&text, "kind = \"body-scan\"", 0),
            "make them agree",
        ),
        (
            text.replacen("kind = \"body-scan\"", "kind = \"yoga\"", 1),
            "weeks[3].kind",
            line_of(&text, "kind = \"body-scan\"", 0),
            "yoga",
        ),
        (
            text.replacen(
                "lesson = \"breathing-without-effort\"",
                "lesson = \"no-such-lesson\"",
                1,
            ),
            "weeks[2].lesson",
            line_of(&text, "lesson = \"breathing-without-effort\"", 0),
            "not a lesson id",
        ),
        (
            text.replacen("week = 4", "week = 5", 1),
            "weeks[4].week",
            line_of(&text, "week = 4", 0),
            "number the weeks 1 to 8",
        ),
        (
            text.replacen("daily_minutes = 2", "daily_minutes = 5", 1),
            "weeks[1].daily_minutes",
            line_of(&text, "daily_minutes = 2", 0),
            "CLINICAL.md",
        ),
        (
            text.replacen("daily_minutes = 3", "daily_minutes = 9", 1),
            "weeks[2].daily_minutes",
            line_of(&text, "daily_minutes = 3", 0),
            "grow gently",
        ),
        (
            text.replacen("short_minutes = 5", "short_minutes = 4", 1),
            "weeks[3].short_minutes",
            line_of(&text, "short_minutes = 5", 0),
            "range of 5 to 45",
        ),
        (
            text.replacen("short_minutes = 5", "short_minutes = 7", 1),
            "weeks[3].short_minutes",
            line_of(&text, "short_minutes = 5", 0),
            "grow gently",
        ),
        (
            text.replacen("short_minutes = 5", "short_minutes = 10", 1),
            "weeks[3].short_minutes",
            line_of(&text, "short_minutes = 5", 0),
            "not shorter",
        ),
        (
            text.replacen("daily_minutes = 5", "daily_minutes = 4", 1),
            "weeks[4].daily_minutes",
            line_of(&text, "daily_minutes = 5", 0),
            "range of 5 to 20",
        ),
        (
            text.replacen(
                "also_read = [\"when-to-see-a-doctor\"]",
                "also_read = [\"no-such-lesson\"]",
                1,
            ),
            "weeks[1].also_read",
            line_of(&text, "also_read = [\"when-to-see-a-doctor\"]", 0),
            "not a lesson id",
        ),
        (
            text.replacen(
                "questionnaires = [\"phq-2\", \"gad-2\"]",
                "questionnaires = [\"phq-9\"]",
                1,
            ),
            "weeks[1].questionnaires",
            line_of(&text, "questionnaires = [\"phq-2\", \"gad-2\"]", 0),
            "not a questionnaire id",
        ),
        (
            text.replacen(
                "questionnaires = [\"phq-2\", \"gad-2\"]",
                "questionnaires = [\"peg-3\"]",
                1,
            ),
            "weeks[1].questionnaires",
            line_of(&text, "questionnaires = [\"phq-2\", \"gad-2\"]", 0),
            "peg = true",
        ),
        (
            text.replacen(
                "intro = \"This week is about",
                "intro = \"If you missed a day, this week is about",
                1,
            ),
            "weeks[1].intro",
            line_of(&text, "intro = \"This week is about", 0),
            "missed",
        ),
        (
            text.replacen("\npeg = true\n", "\npeg = true\ncolour = \"red\"\n", 1),
            "weeks[1].colour",
            line_of(&text, "peg = true", 1) + 1,
            "unknown field",
        ),
    ];
    for (bad, field, line, says) in cases {
        let err = parse(&bad).expect_err(field);
        assert_eq!(err.file, PROGRAM_FILE);
        assert_eq!(err.field, field, "{err}");
        assert_eq!(err.line, Some(line), "{err}");
        assert!(err.message.contains(says), "{err}");
    }
    let seven = text.rsplit_once("[[weeks]]").expect("weeks").0;
    let err = parse(seven).expect_err("seven weeks");
    assert_eq!(err.field, "weeks");
    assert!(err.message.contains("exactly 8"), "{err}");
}
