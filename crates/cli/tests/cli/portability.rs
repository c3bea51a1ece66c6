//! `export`, `import` and `report`: round trips, rejected rows, owner-only files.

use crate::insights::{days_before, today};
use crate::serve::{http_post_json, Server};
use crate::Bc;
use serde_json::{json, Value};
use std::path::Path;

/// A journal with check-ins (awkward notes included), sessions and a PEG.
fn seeded() -> Bc {
    let bc = Bc::new();
    let today = today(&bc);
    let notes = [
        "plain",
        "comma, \"quotes\" and\nnew line",
        "ünïcode ✓ — dash",
        "=1+1 starts like a formula",
    ];
    for (k, note) in notes.iter().enumerate() {
        let day = days_before(today, 4 - k as i64);
        bc.log(&[
            "--pain",
            &(3 + k).to_string(),
            "--stress",
            "4",
            "--feel",
            "sharp,radiating",
            "--where",
            "lower-back-left,thigh",
            "--activity",
            "walking",
            "--note",
            note,
            "--at",
            &format!("{day}T07:15:30.123456789+00:00"),
        ]);
    }
    bc.log(&["--pain", "2"]);
    let server = Server::start(&bc);
    for k in 0..3i64 {
        let draft = json!({
            "practice": "paced-breathing",
            "variant": "relaxed",
            "minutes": 3,
            "started_at": format!("{}T20:00:00+01:00", days_before(today, 3 - k)),
            "tz": "Europe/Paris",
            "actual_s": 170 + k,
            "completed": k != 1,
            "pain_before": 5,
            "pain_after": 4,
            "regions": ["neck"],
            "note": "evening, \"quiet\"",
        });
        let answer = http_post_json(&server.addr, "/api/v1/sessions", &draft.to_string());
        assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    }
    drop(server);
    bc.ok(&[
        "questionnaire",
        "take",
        "peg-3",
        "--answers",
        "pain=4,enjoyment=5,activity=5",
    ]);
    bc
}

fn journal_json(bc: &Bc) -> (Value, Value) {
    (
        bc.ok(&["history", "--json"]).json(),
        bc.ok(&["sessions", "--json"]).json(),
    )
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("exists").permissions().mode() & 0o777
}

#[test]
fn json_and_csv_exports_import_back_exactly() {
    let a = seeded();
    let original = journal_json(&a);
    assert_eq!(original.0.as_array().expect("array").len(), 5);
    assert_eq!(original.1.as_array().expect("array").len(), 3);

    let file = a.scratch("export.json");
    let r = a.ok(&["export", "--format", "json", "-o", path(&file)]);
    assert_eq!(
        r.stdout,
        format!(
            "Wrote 5 check-ins, 3 sessions and 1 questionnaire answer to {}.\n",
            file.display()
        )
    );
    let folder = a.scratch("csv/nested");
    a.ok(&["export", "--format", "csv", "-o", path(&folder)]);
    #[cfg(unix)]
    {
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&a.scratch("csv")), 0o700);
        for name in ["checkins.csv", "sessions.csv", "questionnaires.csv"] {
            assert_eq!(mode(&folder.join(name)), 0o600, "{name}");
        }
    }

    let b = Bc::new();
    let r = b.ok(&["import", path(&file)]);
    assert_eq!(
        r.stdout,
        "Added 5 check-ins, 3 sessions and 1 questionnaire answer; \
         0 already in your journal stayed as they were.\n"
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_eq!(journal_json(&b), original, "JSON round trip");
    // Twice adds nothing.
    let r = b.ok(&["import", path(&file)]);
    assert_eq!(
        r.stdout,
        "Added 0 check-ins, 0 sessions and 0 questionnaire answers; \
         9 already in your journal stayed as they were.\n"
    );
    assert_eq!(journal_json(&b), original);

    let c = Bc::new();
    c.ok(&["import", path(&folder)]);
    assert_eq!(journal_json(&c), original, "CSV round trip");
    // One CSV file by its name.
    let d = Bc::new();
    let r = d.ok(&["import", path(&folder.join("sessions.csv"))]);
    assert!(
        r.stdout.starts_with("Added 0 check-ins, 3 sessions"),
        "{}",
        r.stdout
    );
    assert_eq!(d.ok(&["sessions", "--json"]).json(), original.1);

    // The same questionnaire answer came along: exporting B gives A's records.
    let again = b.scratch("again.json");
    b.ok(&["export", "--format", "json", "-o", path(&again)]);
    let first: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("JSON");
    let second: Value =
        serde_json::from_str(&std::fs::read_to_string(&again).expect("read")).expect("JSON");
    for list in ["checkins", "sessions", "questionnaires"] {
        assert_eq!(first[list], second[list], "{list}");
    }
}

#[test]
fn exports_refuse_to_overwrite_unless_forced() {
    let a = seeded();
    let file = a.scratch("export.json");
    std::fs::write(&file, "keep me").expect("write");
    let r = a.run(&["export", "--format", "json", "-o", path(&file)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep me");
    a.ok(&["export", "--format", "json", "-o", path(&file), "--force"]);
    assert!(std::fs::read_to_string(&file)
        .expect("read")
        .contains("\"format\": \"backcalm-export\""));
    let folder = a.scratch("csv");
    a.ok(&["export", "--format", "csv", "-o", path(&folder)]);
    assert_eq!(
        a.run(&["export", "--format", "csv", "-o", path(&folder)])
            .code,
        2
    );
    a.ok(&["export", "--format", "csv", "-o", path(&folder), "--force"]);
    // A bad --format is a usage error and writes nothing.
    let other = a.scratch("x.xml");
    assert_eq!(
        a.run(&["export", "--format", "xml", "-o", path(&other)])
            .code,
        2
    );
    assert!(!other.exists());
}

#[test]
fn fhir_and_calendar_exports() {
    let a = seeded();
    a.ok(&["remind", "add", "07:45", "--label", "Breathe, slowly"]);
    let fhir = a.scratch("bundle.json");
    let r = a.ok(&[
        "export",
        "--format",
        "fhir",
        "--pseudonym",
        "patient-17",
        "-o",
        path(&fhir),
    ]);
    assert!(
        r.stdout
            .starts_with("Wrote 5 check-ins and 1 questionnaire answer"),
        "{}",
        r.stdout
    );
    let bundle: Value =
        serde_json::from_str(&std::fs::read_to_string(&fhir).expect("read")).expect("JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    let entries = bundle["entry"].as_array().expect("entries");
    let pain = entries
        .iter()
        .filter(|e| e["resource"]["code"]["coding"][0]["code"] == "72514-3")
        .count();
    assert_eq!(pain, 5, "one pain Observation per check-in");
    assert!(std::fs::read_to_string(&fhir)
        .expect("read")
        .contains("patient-17"));
    let ics = a.scratch("reminders.ics");
    a.ok(&["export", "--format", "ics", "-o", path(&ics)]);
    let text = std::fs::read_to_string(&ics).expect("read");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("SUMMARY:Breathe\\, slowly"), "{text}");
    #[cfg(unix)]
    assert_eq!(mode(&ics), 0o600);
    assert_eq!(
        a.run(&[
            "export",
            "--format",
            "json",
            "--pseudonym",
            "x",
            "-o",
            path(&a.scratch("p.json"))
        ])
        .code,
        2
    );
}

#[test]
fn a_dry_run_writes_nothing() {
    let a = seeded();
    let file = a.scratch("export.json");
    a.ok(&["export", "--format", "json", "-o", path(&file)]);
    let fresh = Bc::new();
    let r = fresh.ok(&["import", path(&file), "--dry-run"]);
    assert!(
        r.stdout.starts_with("Dry run, nothing was changed: the import would add 5 check-ins, 3 sessions and 1 questionnaire answer"),
        "{}",
        r.stdout
    );
    assert!(!fresh.data.exists(), "a dry run creates no journal");
    // Into a journal that has some of the records already.
    let partial = Bc::new();
    partial.ok(&["import", path(&a.scratch("export.json"))]);
    partial.ok(&["log", "--pain", "7"]);
    let before = journal_json(&partial);
    let r = partial.ok(&["import", path(&file), "--dry-run"]);
    assert!(
        r.stdout.contains("9 already in your journal would stay"),
        "{}",
        r.stdout
    );
    assert_eq!(journal_json(&partial), before);
}

#[test]
fn bad_rows_are_listed_with_their_line_and_the_rest_imported() {
    let bc = Bc::new();
    let folder = bc.scratch("in");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let file = folder.join("checkins.csv");
    std::fs::write(
        &file,
        "id,recorded_at,tz,pain,stress,sleep,feel,where,activity,note\r\n\
         2f1c0d0e-93d5-4b1e-9a57-1f2b3c4d5e60,2026-03-01T09:00:00+00:00,Europe/London,4,,,,,,\r\n\
         3f1c0d0e-93d5-4b1e-9a57-1f2b3c4d5e61,2026-03-02T09:00:00+00:00,Europe/London,11,,,,,,\r\n\
         4f1c0d0e-93d5-4b1e-9a57-1f2b3c4d5e62,2026-03-03T09:00:00+00:00,Europe/London,5,,,tingly,,,\r\n",
    )
    .expect("write");
    let r = bc.ok(&["import", path(&file)]);
    let rejected: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(rejected.len(), 2, "{}", r.stderr);
    assert!(
        rejected[0].starts_with("rejected: checkins.csv line 3: pain")
            && rejected[0].contains("11"),
        "{}",
        r.stderr
    );
    assert!(
        rejected[1].starts_with("rejected: checkins.csv line 4: feel")
            && rejected[1].contains("tingly"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("Added 1 check-in"), "{}", r.stdout);
    assert!(r.stdout.contains("2 rows were rejected"), "{}", r.stdout);
    let history = bc.history(&[]);
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["pain"], 4);

    // Every row bad: exit 1, nothing imported.
    let other = Bc::new();
    let bad = other.scratch("checkins.csv");
    std::fs::write(
        &bad,
        "id,recorded_at,tz,pain,stress,sleep,feel,where,activity,note\r\n\
         5f1c0d0e-93d5-4b1e-9a57-1f2b3c4d5e63,2026-03-02T09:00:00+00:00,Europe/London,12,,,,,,\r\n",
    )
    .expect("write");
    let r = other.run(&["import", path(&bad)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("line 2"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was imported"), "{}", r.stderr);
    assert!(!other.data.exists());

    // Not an export at all.
    let text = other.scratch("notes.txt");
    std::fs::write(&text, "dear diary").expect("write");
    let r = other.run(&["import", path(&text)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("not valid JSON"), "{}", r.stderr);
    assert!(!other.data.exists());
}

#[test]
fn the_report_is_a_pdf_with_text_or_an_html_page() {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("pdftotext").is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "pdftotext is needed for this test: apt-get install poppler-utils (scripts/test does)"
    );
    let a = seeded();
    let pdf = a.scratch("report.pdf");
    let r = a.ok(&["report", "-o", path(&pdf)]);
    assert!(
        r.stdout.starts_with(&format!("Wrote {}", pdf.display())),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("5 check-ins, 3 sessions, 1 questionnaires"),
        "{}",
        r.stdout
    );
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    #[cfg(unix)]
    assert_eq!(mode(&pdf), 0o600);
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Pain"), "{text}");

    let html = a.scratch("report.html");
    let today = today(&a);
    a.ok(&[
        "report",
        "--from",
        &days_before(today, 6).to_string(),
        "--to",
        &today.to_string(),
        "-o",
        path(&html),
    ]);
    let page = std::fs::read_to_string(&html).expect("the page");
    assert!(page.starts_with("<!doctype html>"), "a whole page");
    assert!(page.contains("Pain"));
    // A range counts back from today and stops at the journal's first record.
    let ranged = a.scratch("ranged.html");
    let r = a.ok(&["report", "--range", "all", "-o", path(&ranged)]);
    let first = days_before(today, 4);
    assert!(
        r.stdout
            .contains(&format!("({first} to {today}: 5 check-ins")),
        "{}",
        r.stdout
    );
    let page = std::fs::read_to_string(&ranged).expect("the page");
    assert!(page.contains(&format!("Period <strong>{first} to {today}</strong>")));
    for (args, word) in [
        (vec!["report", "-o", "x.txt"], ".pdf"),
        (
            vec![
                "report",
                "--from",
                "2026-03-02",
                "--to",
                "2026-03-01",
                "-o",
                "x.pdf",
            ],
            "2026-03-02",
        ),
    ] {
        let r = a.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(word), "{}", r.stderr);
    }
}
