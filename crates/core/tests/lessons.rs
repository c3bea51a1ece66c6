//! The shipped lessons load, keep to their length, cite CLINICAL.md, and make
//! no claim backcalm must never make.

use backcalm_core::content::{embedded_files, SourceFile};
use backcalm_core::lesson::{forbidden_claim, lessons, parse_lesson, Lesson};

/// The sources CLINICAL.md names; a lesson may cite only these.
const CLINICAL_SOURCES: &[&str] = &[
    "Cherkin et al., JAMA 2016",
    "Morone et al., JAMA Internal Medicine 2016",
    "Hilton et al., Annals of Behavioral Medicine 2017",
    "American College of Physicians guideline 2017",
    "Jafari et al. 2020",
    "Busch et al. 2012",
    "Ussher et al. 2014",
    "Howarth et al. 2019",
    "Farrar et al. 2001",
    "IMMPACT, Dworkin et al., J Pain 2008",
    "NHS back pain guidance",
    "British Association of Spine Surgeons 2018",
    "ACP 2007 red flags",
    // Issue 9 asks the moving-gently lesson to cite NICE NG59 ("Low back pain
    // and sciatica in over 16s", 2016) beside ACP 2017 for staying active.
    "NICE guideline NG59 2016",
];

fn shipped() -> Vec<Lesson> {
    lessons(&embedded_files()).unwrap_or_else(|e| panic!("shipped lessons are invalid: {e}"))
}

#[test]
fn at_least_eight_lessons_load_in_file_name_order() {
    let all = shipped();
    assert!(all.len() >= 8, "only {} lessons", all.len());
    assert_eq!(all[0].id, "what-is-mindfulness");
    let ids: Vec<&str> = all.iter().map(|l| l.id.as_str()).collect();
    for topic in [
        "what-is-mindfulness",
        "pain-stress-and-attention",
        "persistent-back-pain",
        "realistic-expectations",
        "different-techniques",
        "sleep-and-pain",
        "moving-gently",
        "when-to-see-a-doctor",
    ] {
        assert!(ids.contains(&topic), "no lesson {topic}; have {ids:?}");
    }
}

#[test]
fn each_lesson_is_300_to_600_words_with_a_source_and_something_to_try() {
    for l in shipped() {
        let n = l.word_count();
        assert!((300..=600).contains(&n), "{} has {n} words", l.id);
        assert!(!l.sources.is_empty(), "{} names no source", l.id);
        assert!(
            !l.summary.trim().is_empty() && !l.summary.contains('\n'),
            "{} summary",
            l.id
        );
        let tail = l.body_markdown.rsplit("\n## ").next().unwrap_or("");
        assert!(
            tail.starts_with("Try this today"),
            "{} does not end with something to try today",
            l.id
        );
        assert!(
            (1..=4).contains(&l.minutes),
            "{} minutes {}",
            l.id,
            l.minutes
        );
    }
}

#[test]
fn every_source_is_one_clinical_md_names() {
    for l in shipped() {
        for s in &l.sources {
            assert!(
                CLINICAL_SOURCES.contains(&s.as_str()),
                "{} cites {s:?}, which CLINICAL.md does not name",
                l.id
            );
        }
    }
}

/// Words that must not appear outside a negation, checked here independently of
/// `forbidden_claim` so a bug there cannot hide a bad lesson.
fn banned_words_in(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if ["cure", "cures", "cured", "curing", "treats"].contains(w) {
            found.push(w.to_string());
        }
        if w.starts_with("diagnos") {
            let before = &words[i.saturating_sub(3)..i];
            if !before
                .iter()
                .any(|b| ["not", "no", "never", "cannot", "can't", "doesn't"].contains(b))
            {
                found.push(w.to_string());
            }
        }
    }
    let joined = words.join(" ");
    for phrase in [
        "reduce your pain",
        "reduces your pain",
        "will reduce your pain",
    ] {
        if joined.contains(phrase) {
            found.push(phrase.to_string());
        }
    }
    found
}

#[test]
fn no_lesson_claims_to_treat_cure_reduce_pain_or_diagnose() {
    for f in embedded_files()
        .iter()
        .filter(|f| f.path.starts_with("lessons/"))
    {
        assert_eq!(banned_words_in(&f.text), Vec::<String>::new(), "{}", f.path);
        assert_eq!(forbidden_claim(&f.text), None, "{}", f.path);
    }
}

#[test]
fn the_banned_word_check_catches_what_it_should() {
    assert_eq!(
        banned_words_in("This practice cures back pain."),
        vec!["cures"]
    );
    assert_eq!(banned_words_in("It treats pain."), vec!["treats"]);
    assert_eq!(
        banned_words_in("It will reduce your\npain."),
        vec!["reduce your pain", "will reduce your pain"]
    );
    assert_eq!(banned_words_in("We diagnose the cause."), vec!["diagnose"]);
    assert!(
        banned_words_in("backcalm does not diagnose anything; it is not a diagnosis.").is_empty()
    );
    assert!(banned_words_in("A secure chair; weekend retreats; treatment options.").is_empty());
}

fn lesson_text(front: &str, body: &str) -> String {
    format!("+++\n{front}+++\n{body}")
}

const FRONT: &str = "id = \"x\"\ntitle = \"X\"\nsummary = \"One line.\"\nsources = [\"Farrar et al. 2001\"]\nminutes = 1\n";
const BODY: &str = "\nA change of about 2 points matters [Farrar et al. 2001].\n";

#[test]
fn a_lesson_that_claims_a_cure_is_refused_at_its_line() {
    let text = lesson_text(FRONT, &format!("{BODY}\nThis practice cures\nback pain.\n"));
    let e = parse_lesson("lessons/01-x.md", &text).expect_err("claims a cure");
    assert_eq!(e.line, Some(11), "{e}");
    assert!(e.message.contains("cures"), "{e}");
    let diagnosis = lesson_text(FRONT, &format!("{BODY}backcalm can diagnose you.\n"));
    assert!(parse_lesson("lessons/01-x.md", &diagnosis).is_err());
    let negated = lesson_text(
        FRONT,
        &format!("{BODY}backcalm does not diagnose anything.\n"),
    );
    assert!(parse_lesson("lessons/01-x.md", &negated).is_ok());
}

#[test]
fn broken_front_matter_names_file_line_and_field() {
    let no_fence = parse_lesson("lessons/01-x.md", "id = \"x\"\n").expect_err("no +++");
    assert_eq!(
        (no_fence.line, no_fence.field.as_str()),
        (Some(1), "(front matter)")
    );

    let wrong_type = lesson_text(&FRONT.replace("minutes = 1", "minutes = \"one\""), BODY);
    let e = parse_lesson("lessons/01-x.md", &wrong_type).expect_err("minutes is text");
    assert_eq!(e.line, Some(6), "{e}");
    assert!(e.to_string().starts_with("lessons/01-x.md:6"), "{e}");

    let missing = lesson_text(&FRONT.replace("summary = \"One line.\"\n", ""), BODY);
    let e = parse_lesson("lessons/01-x.md", &missing).expect_err("no summary");
    assert_eq!(e.field, "summary", "{e}");

    let no_sources = lesson_text(&FRONT.replace("[\"Farrar et al. 2001\"]", "[]"), BODY);
    let e = parse_lesson("lessons/01-x.md", &no_sources).expect_err("no sources");
    assert_eq!((e.field.as_str(), e.line), ("sources", Some(5)), "{e}");

    let uncited = lesson_text(
        &FRONT.replace(
            "[\"Farrar et al. 2001\"]",
            "[\"Farrar et al. 2001\", \"Busch et al. 2012\"]",
        ),
        BODY,
    );
    let e = parse_lesson("lessons/01-x.md", &uncited).expect_err("Busch never cited");
    assert!(e.message.contains("Busch"), "{e}");

    let long = lesson_text(&FRONT.replace("minutes = 1", "minutes = 9"), BODY);
    let e = parse_lesson("lessons/01-x.md", &long).expect_err("9 minutes for 12 words");
    assert_eq!(e.field, "minutes", "{e}");
    assert!(e.message.contains("set minutes = 1"), "{e}");
}

#[test]
fn lessons_are_ordered_by_number_and_need_one() {
    let file = |path: &str, id: &str| SourceFile {
        path: path.into(),
        text: lesson_text(&FRONT.replace("\"x\"", &format!("\"{id}\"")), BODY),
    };
    let got = lessons(&[
        file("lessons/10-ten.md", "ten"),
        file("lessons/2-two.md", "two"),
        file("practices/ignored.toml", "nope"),
    ])
    .expect("valid");
    let ids: Vec<&str> = got.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["two", "ten"], "10 sorts after 2 as a number");

    let e = lessons(&[file("lessons/intro.md", "intro")]).expect_err("no number");
    assert_eq!(
        (e.file.as_str(), e.field.as_str()),
        ("lessons/intro.md", "(file name)")
    );
    let e = lessons(&[file("lessons/01-a.md", "a"), file("lessons/02-b.md", "a")])
        .expect_err("same id");
    assert!(e.message.contains("unique"), "{e}");
    let e = lessons(&[file("lessons/01-a.md", "a"), file("lessons/1-b.md", "b")])
        .expect_err("same number");
    assert!(e.message.contains("number 1"), "{e}");
}
