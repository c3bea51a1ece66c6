//! The shipped questionnaires: only those CLINICAL.md allows, with its codes,
//! scored by worked examples, refusing incomplete or impossible answers.

use backcalm_core::content::{embedded_files, SourceFile};
use backcalm_core::instrument::{instruments, parse_instrument, Instrument, Method, ScoreError};
use backcalm_core::lesson::forbidden_claim;
use std::collections::BTreeMap;

fn shipped() -> Vec<Instrument> {
    instruments(&embedded_files())
        .unwrap_or_else(|e| panic!("shipped instruments are invalid: {e}"))
}

fn get(id: &str) -> Instrument {
    shipped()
        .into_iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no instrument {id}"))
}

fn answers(pairs: &[(&str, u8)]) -> BTreeMap<String, u8> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn only_instruments_clinical_md_marks_free_to_ship() {
    let ids: Vec<String> = shipped().into_iter().map(|i| i.id).collect();
    assert_eq!(ids, ["gad-2", "peg-3", "phq-2"]);
    for banned in [
        "pcs", "odi", "oswestry", "promis", "pseq", "ffmq", "start", "phq-9",
    ] {
        assert!(
            !ids.iter().any(|id| id.contains(banned)),
            "{banned} must not ship"
        );
    }
    for i in shipped() {
        assert!(
            !i.licence.text.trim().is_empty() && !i.licence.source.trim().is_empty(),
            "{}",
            i.id
        );
        let words = [&i.title, &i.intro]
            .into_iter()
            .chain(i.items.iter().map(|x| &x.text))
            .chain(i.bands.iter().map(|b| &b.text));
        for w in words {
            assert_eq!(forbidden_claim(w), None, "{}: {w}", i.id);
        }
    }
}

#[test]
fn peg_3_is_three_0_to_10_items_about_the_past_week_scored_as_a_mean() {
    let peg = get("peg-3");
    assert!(peg.id.contains("peg"));
    assert_eq!(peg.recall, "past week");
    assert_eq!(peg.every_days, Some(7));
    assert_eq!(peg.scoring.method, Method::Mean);
    let ids: Vec<&str> = peg.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["pain", "enjoyment", "activity"]);
    assert!(
        peg.items[0].text.contains("average"),
        "{}",
        peg.items[0].text
    );
    assert!(peg.items[1].text.contains("enjoyment of life"));
    assert!(peg.items[2].text.contains("general activity"));
    for item in &peg.items {
        let s = peg.scale_of(item).expect("scale");
        assert_eq!((s.min, s.max), (0, 10), "{}", item.id);
        assert!(s.labels.len() >= 2, "{} anchors", item.id);
    }
    assert_eq!(
        peg.scale_of(&peg.items[0])
            .map(|s| s.labels[0].text.as_str()),
        Some("No pain")
    );
    assert!(
        peg.bands.is_empty(),
        "CLINICAL.md gives no PEG bands; none may be invented"
    );
}

/// The published wording, word for word (CLINICAL.md, Questionnaires): a
/// validated instrument is only valid as published.
#[test]
fn every_question_stem_answer_and_attribution_is_the_published_wording() {
    let peg = get("peg-3");
    let items: Vec<&str> = peg.items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        items,
        [
            "What number best describes your pain on average in the past week?",
            "What number best describes how, during the past week, pain has interfered with your enjoyment of life?",
            "What number best describes how, during the past week, pain has interfered with your general activity?",
        ]
    );
    let anchors = |item: usize| -> Vec<(u8, String)> {
        peg.scale_of(&peg.items[item])
            .expect("scale")
            .labels
            .iter()
            .map(|l| (l.value, l.text.clone()))
            .collect()
    };
    assert_eq!(
        anchors(0),
        [
            (0, "No pain".into()),
            (10, "Pain as bad as you can imagine".into())
        ]
    );
    for item in [1, 2] {
        assert_eq!(
            anchors(item),
            [
                (0, "Does not interfere".into()),
                (10, "Completely interferes".into())
            ]
        );
    }
    assert_eq!(peg.citation, "PEG: Krebs et al., J Gen Intern Med 2009");
    assert_eq!(peg.attribution, None);

    let stem =
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?";
    let attribution = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.";
    for (id, texts, citation) in [
        (
            "phq-2",
            [
                "Little interest or pleasure in doing things",
                "Feeling down, depressed, or hopeless",
            ],
            "Patient Health Questionnaire-2 (PHQ-2): Kroenke, Spitzer & Williams, Med Care 2003",
        ),
        (
            "gad-2",
            [
                "Feeling nervous, anxious, or on edge",
                "Not being able to stop or control worrying",
            ],
            "Generalized Anxiety Disorder-2 (GAD-2): Kroenke et al., Ann Intern Med 2007",
        ),
    ] {
        let inst = get(id);
        assert_eq!(inst.intro, stem, "{id}");
        let items: Vec<&str> = inst.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(items, texts, "{id}");
        assert_eq!(inst.citation, citation, "{id}");
        assert_eq!(inst.attribution.as_deref(), Some(attribution), "{id}");
        let answers: Vec<&str> = inst.scales[0]
            .labels
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            answers,
            [
                "Not at all",
                "Several days",
                "More than half the days",
                "Nearly every day"
            ],
            "{id}"
        );
    }
}

#[test]
fn peg_scores_are_the_unrounded_mean() {
    let peg = get("peg-3");
    let s = peg
        .score(&answers(&[("pain", 6), ("enjoyment", 5), ("activity", 7)]))
        .expect("complete");
    assert_eq!(s.value, 6.0);
    assert_eq!((s.band, s.positive), (None, false));

    let s = peg
        .score(&answers(&[("pain", 3), ("enjoyment", 4), ("activity", 4)]))
        .expect("complete");
    assert!((s.value - 11.0 / 3.0).abs() < 1e-12, "{}", s.value);
    assert_ne!(s.value, 3.67, "stored unrounded");
    assert_eq!(peg.display_score(s.value), "3.67");
    assert_eq!(peg.range(), (0.0, 10.0));
}

#[test]
fn phq_2_and_gad_2_are_positive_from_a_total_of_3() {
    for (id, a, b) in [
        ("phq-2", "interest", "down"),
        ("gad-2", "nervous", "worrying"),
    ] {
        let inst = get(id);
        assert_eq!(inst.recall, "last 2 weeks");
        assert_eq!(inst.scoring.method, Method::Sum);
        let s = inst.score(&answers(&[(a, 1), (b, 2)])).expect("complete");
        assert_eq!(s.value, 3.0, "{id}");
        assert!(s.positive, "{id}: 3 is a positive screen");
        assert!(
            s.band.as_deref().is_some_and(|t| t.contains("doctor")),
            "{id}: {:?}",
            s.band
        );

        let s = inst.score(&answers(&[(a, 1), (b, 1)])).expect("complete");
        assert_eq!(s.value, 2.0, "{id}");
        assert!(!s.positive, "{id}: 2 is negative");

        let s = inst.score(&answers(&[(a, 0), (b, 0)])).expect("complete");
        assert_eq!((s.value, s.positive), (0.0, false), "{id}");
        let s = inst.score(&answers(&[(a, 3), (b, 3)])).expect("complete");
        assert_eq!((s.value, s.positive), (6.0, true), "{id}");
        assert_eq!(inst.display_score(s.value), "6");

        let labels: Vec<(u8, &str)> = inst.scales[0]
            .labels
            .iter()
            .map(|l| (l.value, l.text.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                (0, "Not at all"),
                (1, "Several days"),
                (2, "More than half the days"),
                (3, "Nearly every day")
            ],
            "{id}"
        );
    }
}

#[test]
fn loinc_codes_are_clinical_md_s() {
    let phq = get("phq-2");
    assert_eq!(phq.loinc.as_deref(), Some("55757-9"));
    assert_eq!(phq.scoring.loinc.as_deref(), Some("55758-7"));
    let items: Vec<Option<&str>> = phq.items.iter().map(|i| i.loinc.as_deref()).collect();
    assert_eq!(items, [Some("44250-9"), Some("44255-8")]);
    let answer_codes: Vec<Option<&str>> = phq.scales[0]
        .labels
        .iter()
        .map(|l| l.loinc.as_deref())
        .collect();
    assert_eq!(
        answer_codes,
        [
            Some("LA6568-5"),
            Some("LA6569-3"),
            Some("LA6570-1"),
            Some("LA6571-9")
        ]
    );

    let gad = get("gad-2");
    let items: Vec<Option<&str>> = gad.items.iter().map(|i| i.loinc.as_deref()).collect();
    assert_eq!(items, [Some("69725-0"), Some("68509-9")]);
    assert!(
        get("peg-3").items.iter().all(|i| i.loinc.is_none()),
        "CLINICAL.md: PEG has no LOINC code"
    );
}

#[test]
fn incomplete_or_impossible_answers_are_refused_naming_the_item() {
    let peg = get("peg-3");
    let e = peg
        .score(&answers(&[("pain", 6), ("activity", 7)]))
        .expect_err("enjoyment missing");
    assert_eq!(
        e,
        ScoreError::Missing {
            item: "enjoyment".into()
        }
    );
    assert!(e.to_string().contains("`enjoyment`"), "{e}");

    let e = peg
        .score(&answers(&[("pain", 11), ("enjoyment", 5), ("activity", 7)]))
        .expect_err("11 > 10");
    assert_eq!(
        e,
        ScoreError::OutOfRange {
            item: "pain".into(),
            given: 11,
            min: 0,
            max: 10
        }
    );
    assert!(e.to_string().contains("from 0 to 10"), "{e}");

    let phq = get("phq-2");
    let e = phq
        .score(&answers(&[("interest", 1), ("down", 4)]))
        .expect_err("4 > 3");
    assert_eq!(
        e,
        ScoreError::OutOfRange {
            item: "down".into(),
            given: 4,
            min: 0,
            max: 3
        }
    );
    let e = phq
        .score(&answers(&[("interest", 1), ("down", 1), ("self-harm", 0)]))
        .expect_err("unknown item");
    assert!(
        matches!(e, ScoreError::Unknown { ref item, .. } if item == "self-harm"),
        "{e}"
    );
    assert!(phq.score(&BTreeMap::new()).is_err());
}

const MINIMAL: &str = r#"id = "x"
title = "X"
intro = "How often?"
recall = "past 2 weeks"
citation = "C"

[licence]
text = "Free."
source = "CLINICAL.md"

[[scales]]
id = "f"
min = 0
max = 3
labels = [{ value = 0, text = "Never" }, { value = 3, text = "Always" }]

[[items]]
id = "a"
text = "A?"
scale = "f"
loinc = "44250-9"

[scoring]
method = "sum"

[[bands]]
min = 0
max = 2
text = "Low."

[[bands]]
min = 3
max = 3
text = "High."
positive = true
"#;

#[test]
fn a_minimal_file_parses_and_broken_ones_name_file_line_and_field() {
    let x = parse_instrument("instruments/x.toml", MINIMAL).expect("valid");
    assert_eq!(x.score(&answers(&[("a", 3)])).map(|s| s.positive), Ok(true));

    let bad_code = MINIMAL.replace("44250-9", "44250-8");
    let e = parse_instrument("instruments/x.toml", &bad_code).expect_err("check digit");
    assert_eq!(
        (e.field.as_str(), e.line),
        ("items[a].loinc", Some(21)),
        "{e}"
    );

    let bad_scale = MINIMAL.replace("scale = \"f\"", "scale = \"g\"");
    let e = parse_instrument("instruments/x.toml", &bad_scale).expect_err("unknown scale");
    assert_eq!(
        (e.field.as_str(), e.line),
        ("items[a].scale", Some(20)),
        "{e}"
    );

    let gap = MINIMAL.replace(
        "min = 3\nmax = 3\ntext = \"High.\"",
        "min = 3\nmax = 2\ntext = \"High.\"",
    );
    let e = parse_instrument("instruments/x.toml", &gap).expect_err("band min > max");
    assert_eq!(
        (e.field.as_str(), e.line),
        ("bands[1].max", Some(33)),
        "{e}"
    );

    let typo = MINIMAL.replace("method = \"sum\"", "method = \"total\"");
    let e = parse_instrument("instruments/x.toml", &typo).expect_err("unknown method");
    assert_eq!(e.line, Some(24), "{e}");
    assert!(e.to_string().starts_with("instruments/x.toml:24"), "{e}");

    let extra = MINIMAL.replace("citation = \"C\"", "citation = \"C\"\ncolour = \"blue\"");
    let e = parse_instrument("instruments/x.toml", &extra).expect_err("unknown field");
    assert!(e.message.contains("colour"), "{e}");

    let twice = [
        SourceFile {
            path: "instruments/a.toml".into(),
            text: MINIMAL.into(),
        },
        SourceFile {
            path: "instruments/b.toml".into(),
            text: MINIMAL.into(),
        },
    ];
    let e = instruments(&twice).expect_err("same id twice");
    assert_eq!(
        (e.file.as_str(), e.field.as_str()),
        ("instruments/b.toml", "id")
    );
}

#[test]
fn loinc_codes_need_a_correct_check_digit() {
    let with_code = |code: &str| MINIMAL.replace("44250-9", code);
    for good in [
        "44255-8", "55758-7", "55757-9", "69725-0", "68509-9", "72514-3",
    ] {
        assert!(
            parse_instrument("instruments/x.toml", &with_code(good)).is_ok(),
            "{good}"
        );
    }
    for bad in [
        "44250-8", "55758-1", "4425-09", "44250", "x4250-9", "44250-99", "LA6568-5",
    ] {
        assert!(
            parse_instrument("instruments/x.toml", &with_code(bad)).is_err(),
            "{bad}"
        );
    }
    let answer = |code: &str| {
        MINIMAL.replace(
            "text = \"Never\" }",
            &format!("text = \"Never\", loinc = \"{code}\" }}"),
        )
    };
    assert!(parse_instrument("instruments/x.toml", &answer("LA6568-5")).is_ok());
    let e = parse_instrument("instruments/x.toml", &answer("6568-5")).expect_err("not an LA code");
    assert_eq!(
        (e.field.as_str(), e.line),
        ("scales[f].labels", Some(15)),
        "{e}"
    );
}
