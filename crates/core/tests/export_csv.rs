//! The CSV export: RFC 4180 text, one file per record type, and import that
//! names the line of every rejected row.

mod export_fixture;

use backcalm_core::export::csv::{from_csv, to_csv};
use backcalm_core::export::{ImportError, RecordType};
use export_fixture::sample;

fn file(name: &str) -> String {
    to_csv(&sample())
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, text)| text)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn three_files_with_headers_crlf_and_quoting_where_needed() {
    let names: Vec<String> = to_csv(&sample()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["checkins.csv", "sessions.csv", "questionnaires.csv"]
    );
    let checkins = file("checkins.csv");
    let expected = concat!(
        "id,recorded_at,tz,pain,stress,sleep,feel,where,activity,note,flare\r\n",
        "00000000-0000-4000-8000-000000000001,2026-03-29T14:00:00.123456789+02:00,Europe/Berlin,6,4,3,",
        "radiating;sharp,lower-back-left;calf-left,",
        "\"drove 3 h, then \"\"gardening\"\"\",",
        "\"stiff, sore;\nbetter after a walk — ça va 😀\",true\r\n",
        "00000000-0000-4000-8000-000000000002,2026-03-28T23:30:00-07:00,America/Los_Angeles,0,,,,,,,false\r\n",
    );
    assert_eq!(checkins, expected);
    let sessions = file("sessions.csv");
    assert_eq!(
        sessions,
        concat!(
            "id,practice,variant,minutes,started_at,tz,actual_s,completed,pain_before,pain_after,",
            "stress_before,stress_after,pleasantness,regions,note\r\n",
            "00000000-0000-4000-8000-000000000011,paced-breathing,4-7-8,5,2026-03-29T07:15:30.5+05:45,",
            "Asia/Kathmandu,241,false,5,3,7,4,,chest,\"dizzy at the end, \"\"stopped\"\"\"\r\n",
        )
    );
    let questionnaires = file("questionnaires.csv");
    assert_eq!(
        questionnaires,
        concat!(
            "id,instrument,answered_at,tz,answers,score\r\n",
            "00000000-0000-4000-8000-000000000021,peg-3,2026-03-29T20:00:00+02:00,Europe/Berlin,",
            "activity=2;enjoyment=4;pain=5,3.6666666666666665\r\n",
            "00000000-0000-4000-8000-000000000022,phq-2,2026-03-29T20:05:00+02:00,Europe/Berlin,",
            "down=2;interest=1,3\r\n",
        )
    );
}

#[test]
fn every_file_reads_back_identically() {
    let export = sample();
    for (name, text) in to_csv(&export) {
        let report = from_csv(&name, &text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report.rejected, vec![], "{name}");
        match name.as_str() {
            "checkins.csv" => assert_eq!(report.checkins, export.checkins),
            "sessions.csv" => assert_eq!(report.sessions, export.sessions),
            _ => assert_eq!(report.questionnaires, export.questionnaires),
        }
        assert_eq!(report.exported_at, None);
    }
}

#[test]
fn rejected_rows_are_named_by_the_line_they_start_on() {
    // Line 2 holds a two-line note, so the next row starts on line 4.
    let text = concat!(
        "id,recorded_at,tz,pain,stress,sleep,feel,where,activity,note\n",
        "00000000-0000-4000-8000-00000000000a,2026-03-01T08:00:00Z,UTC,3,,,,,,\"two\nlines\"\n",
        "00000000-0000-4000-8000-00000000000b,2026-03-01T09:00:00Z,UTC,eleven,,,,,,\n",
        "00000000-0000-4000-8000-00000000000c,2026-03-01T10:00:00Z,UTC,4,,,itchy,,,\n",
        "00000000-0000-4000-8000-00000000000d,2026-03-01T11:00:00Z,UTC,4,,,,,,a,b\n",
        "00000000-0000-4000-8000-00000000000a,2026-03-01T12:00:00Z,UTC,5,,,,,,\n",
        ",2026-03-01T12:00:00Z,UTC,5,,,,,,\n",
        "00000000-0000-4000-8000-00000000000e,2026-03-01 12:00,UTC,5,,,,,,\n",
        "00000000-0000-4000-8000-00000000000f,2026-03-01T13:00:00+01:00,Europe/Paris,2,1,9,dull-ache,neck,,\n",
    );
    let report = from_csv("checkins.csv", text).expect("a check-in file");
    let got: Vec<(usize, &str)> = report
        .rejected
        .iter()
        .map(|r| (r.line_or_index, r.reason.as_str()))
        .collect();
    let lines: Vec<usize> = got.iter().map(|g| g.0).collect();
    assert_eq!(lines, [4, 5, 6, 7, 8, 9], "{got:#?}");
    assert!(report
        .rejected
        .iter()
        .all(|r| r.record_type == RecordType::CheckIn));
    assert_eq!(got[0].1, "pain: \"eleven\" is not a whole number");
    assert!(
        got[1].1.starts_with("feel: unknown feeling \"itchy\""),
        "{}",
        got[1].1
    );
    assert!(
        got[2].1.starts_with("has 11 fields but the header has 10"),
        "{}",
        got[2].1
    );
    assert!(
        got[3].1.contains("already used by the check-in at line 2"),
        "{}",
        got[3].1
    );
    assert!(
        got[4].1.starts_with("id: is required in an import"),
        "{}",
        got[4].1
    );
    assert!(
        got[5]
            .1
            .starts_with("recorded_at: \"2026-03-01 12:00\" is not an RFC 3339 time"),
        "{}",
        got[5].1
    );
    let kept: Vec<u8> = report.checkins.iter().map(|c| c.pain.get()).collect();
    assert_eq!(kept, [3, 2]);
    assert_eq!(
        report.checkins[0].note.as_ref().map(|n| n.as_str()),
        Some("two\nlines")
    );
    assert_eq!(
        report.checkins[1].recorded_at_rfc3339(),
        "2026-03-01T13:00:00+01:00"
    );
    // The same lines with CRLF or lone-CR line ends.
    for end in ["\r\n", "\r"] {
        let other = from_csv("checkins.csv", &text.replace('\n', end)).expect("a check-in file");
        let lines: Vec<usize> = other.rejected.iter().map(|r| r.line_or_index).collect();
        assert_eq!(lines, [4, 5, 6, 7, 8, 9], "{end:?}: {:#?}", other.rejected);
    }
}

#[test]
fn columns_may_be_reordered_and_a_byte_order_mark_is_ignored() {
    let text = "\u{feff}score,answers,tz,answered_at,instrument,id\r\n\
                ,pain=1;enjoyment=2;activity=3,UTC,2026-03-01T08:00:00Z,peg-3,00000000-0000-4000-8000-000000000031\r\n\
                9,interest=0;down=1,UTC,2026-03-01T08:00:00Z,phq-2,00000000-0000-4000-8000-000000000032\r\n\
                ,interest=0,UTC,2026-03-01T08:00:00Z,phq-2,00000000-0000-4000-8000-000000000033\r\n";
    let report = from_csv("export/questionnaires.csv", text).expect("a questionnaire file");
    assert_eq!(report.questionnaires.len(), 1);
    assert_eq!(report.questionnaires[0].score, 2.0);
    let reasons: Vec<(usize, &str)> = report
        .rejected
        .iter()
        .map(|r| (r.line_or_index, r.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:#?}");
    assert_eq!(reasons[0].0, 3, "{reasons:#?}");
    assert!(
        reasons[0]
            .1
            .starts_with("score: 9 does not match the answers, which score 1"),
        "{}",
        reasons[0].1
    );
    assert_eq!(reasons[1].0, 4);
    assert!(
        reasons[1].1.contains("question `down` has no answer"),
        "{}",
        reasons[1].1
    );
}

#[test]
fn unknown_files_and_bad_headers_are_whole_file_errors() {
    assert!(matches!(
        from_csv("pain.csv", "id\n"),
        Err(ImportError::UnknownCsvFile { .. })
    ));
    let cases = [
        ("", "is empty; the first line must be the header"),
        ("id,practice\n", "lacks the column(s) variant, minutes"),
        ("id,id\n", "appears twice"),
        (
            "mood\n",
            "column \"mood\" is not one of this file's columns",
        ),
    ];
    for (text, expected) in cases {
        let err = from_csv("sessions.csv", text).expect_err(text).to_string();
        assert!(err.starts_with("sessions.csv: "), "{err}");
        assert!(err.contains(expected), "{text:?}: {err}");
    }
}

#[test]
fn session_booleans_and_practice_ids_are_checked() {
    let header = "id,practice,variant,minutes,started_at,tz,actual_s,completed,pain_before,pain_after,stress_before,stress_after,pleasantness,regions,note\n";
    let text = format!(
        "{header}\
         00000000-0000-4000-8000-000000000041,body-scan,,10,2026-03-01T08:00:00Z,UTC,600,yes,,,,,,,\n\
         00000000-0000-4000-8000-000000000042,Body Scan!,,10,2026-03-01T08:00:00Z,UTC,600,true,,,,,,,\n\
         00000000-0000-4000-8000-000000000043,my-own-practice,,10,2026-03-01T08:00:00Z,UTC,600,TRUE,,,,,,hip-left;hip-right,\n"
    );
    let report = from_csv("sessions.csv", &text).expect("a session file");
    let reasons: Vec<&str> = report.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, [
        "completed: \"yes\" is not true or false",
        "practice: \"Body Scan!\" is not a practice id; ids are lowercase letters, digits and dashes",
    ]);
    assert_eq!(report.sessions.len(), 1);
    assert!(report.sessions[0].completed);
    assert_eq!(report.sessions[0].practice, "my-own-practice");
    assert_eq!(report.sessions[0].regions.len(), 2);
}

#[test]
fn a_checkins_file_from_before_the_flare_column_still_imports() {
    let old = concat!(
        "id,recorded_at,tz,pain,stress,sleep,feel,where,activity,note\r\n",
        "00000000-0000-4000-8000-000000000001,2026-03-29T14:00:00+02:00,Europe/Berlin,6,4,3,sharp,,,\r\n",
    );
    let report = from_csv("checkins.csv", old).expect("an older file reads");
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.checkins.len(), 1);
    assert!(!report.checkins[0].flare, "no column: not a flare");
    let new = concat!(
        "flare,id,recorded_at,tz,pain,stress,sleep,feel,where,activity,note\r\n",
        "TRUE,00000000-0000-4000-8000-000000000001,2026-03-29T14:00:00+02:00,Europe/Berlin,6,,,,,,\r\n",
        "maybe,00000000-0000-4000-8000-000000000002,2026-03-29T15:00:00+02:00,Europe/Berlin,6,,,,,,\r\n",
    );
    let report = from_csv("checkins.csv", new).expect("reads");
    assert!(report.checkins[0].flare);
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert!(
        report.rejected[0]
            .reason
            .contains("flare: \"maybe\" is not true or false"),
        "{:?}",
        report.rejected
    );
}
