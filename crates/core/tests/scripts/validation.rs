//! The load-time checks behind the rules: content that breaks them is refused
//! with the step and field named.

use backcalm_core::content::parse_practice;

const HEAD: &str = "title = \"X\"\nsummary = \"s\"\nauthor = \"a\"\nsources = [\"s\"]\nposture = \"p\"\nmin_minutes = 5\nmax_minutes = 10\ndefault_minutes = 5\n";
const OPEN: &str = "\n[[steps]]\nid = \"open\"\ntext = \"hello\"\nmin_s = 10\n";
const CLOSE: &str = "\n[[steps]]\nid = \"close\"\ntext = \"bye now\"\nmin_s = 10\n";

fn file(kind: &str, top: &str, middle: &str) -> String {
    format!("id = \"x\"\nkind = \"{kind}\"\n{HEAD}{top}{OPEN}{middle}{CLOSE}")
}

fn refused(text: &str) -> String {
    let err = parse_practice("practices/x.toml", text).expect_err("refused");
    format!("{} | {}", err.field, err.message)
}

const HOLD: &str = "\n[[steps]]\nid = \"hands\"\nregions = [\"hand\"]\ntext = \"Make gentle fists, and hold; keep breathing.\"\nhold_s = HOLD\nmin_s = MIN\n\n[[steps.follow]]\nafter_s = 0\ntext = \"And let go.\"\n";

#[test]
fn a_pmr_hold_is_five_to_seven_seconds_with_a_rest_after_it() {
    let hold = |h: &str, min: &str| HOLD.replace("HOLD", h).replace("MIN", min);
    assert!(parse_practice("practices/x.toml", &file("pmr", "", &hold("5", "31"))).is_ok());
    let err = refused(&file("pmr", "", &hold("9", "40")));
    assert!(
        err.starts_with("steps[hands].hold_s") && err.contains("5-7"),
        "{err}"
    );
    let err = refused(&file("pmr", "", &hold("5", "20")));
    assert!(
        err.starts_with("steps[hands].min_s") && err.contains("rest of 20 s"),
        "{err}"
    );
    let long = hold("7", "40").replace(
        "Make gentle fists.",
        "Make gentle fists with both of your hands, curling every one of your fingers in.",
    );
    let err = refused(&file("pmr", "", &long));
    assert!(
        err.starts_with("steps[hands].hold_s") && err.contains("within 7 s"),
        "{err}"
    );
    let two = hold("6", "40").replace("fists, and hold;", "fists. Hold,");
    let err = refused(&file("pmr", "", &two));
    assert!(err.contains("one sentence"), "{err}");
    let err = refused(&file("body-scan", "", &hold("5", "31")));
    assert!(
        err.contains("only progressive muscle relaxation holds"),
        "{err}"
    );
    let no_release = hold("5", "31").replace("after_s = 0", "after_s = 2");
    let err = refused(&file("pmr", "", &no_release));
    assert!(err.contains("release"), "{err}");
}

#[test]
fn a_step_names_its_regions_once() {
    let both = "\n[[steps]]\nid = \"neck\"\nregion = \"neck\"\nregions = [\"shoulder\"]\ntext = \"Neck.\"\nmin_s = 5\n";
    assert!(refused(&file("body-scan", "", both)).starts_with("steps[neck].regions"));
    let twice =
        "\n[[steps]]\nid = \"neck\"\nregions = [\"neck\", \"neck\"]\ntext = \"Neck.\"\nmin_s = 5\n";
    assert!(refused(&file("body-scan", "", twice)).contains("twice"));
}

#[test]
fn paced_steps_have_words_for_after_the_pacer_stops() {
    let top = "pacer_done_text = \"That was the last round.\"\n\n[pace]\ninhale = 4\nexhale = 6\n";
    let pacer = "\n[[steps]]\nid = \"pace\"\npacer = true\ntext = \"Breathe with the pacer.\"\nunpaced_text = \"Breathe as you like.\"\nmin_s = 30\n";
    let ok = file("breathing", top, pacer);
    assert!(
        parse_practice("practices/x.toml", &ok).is_ok(),
        "{}",
        refused(&ok)
    );
    let no_unpaced = ok.replace("unpaced_text = \"Breathe as you like.\"\n", "");
    assert!(refused(&no_unpaced).starts_with("steps[pace].unpaced_text"));
    let no_done = ok.replace("pacer_done_text = \"That was the last round.\"\n", "");
    assert!(refused(&no_done).starts_with("pacer_done_text"));
    let seated_when =
        "\n[[steps]]\nid = \"sit\"\nwhen = \"limited-pace\"\ntext = \"Sit up.\"\nmin_s = 5\n";
    assert!(refused(&file("body-scan", "", seated_when)).starts_with("steps[sit].when"));
}

#[test]
fn a_movement_has_spoken_seated_words() {
    let step = "\n[[steps]]\nid = \"tilt\"\ntext = \"Tilt.\"\nalternative = \"Seated: tilt.\"\nstop_if = \"Stop if it hurts.\"\nmin_s = 10\n";
    let err = refused(&file("movement", "", step));
    assert!(err.starts_with("steps[tilt].seated_text"), "{err}");
    let with = step.replace("min_s = 10", "seated_text = \"Tilt, seated.\"\nmin_s = 10");
    assert!(parse_practice("practices/x.toml", &file("movement", "", &with)).is_ok());
}
