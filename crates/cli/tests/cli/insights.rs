//! `insights`: the CLI, the JSON API and the /insights page give the same numbers.

use crate::serve::{http_post_json, Server};
use crate::Bc;
use backcalm_core::insights::association::CAUTION;
use backcalm_core::insights::words::{association_words, change_words};
use backcalm_core::insights::{Association, ChangeLabel, Measure};
use jiff::civil::Date;
use jiff::Span;
use serde_json::{json, Value};

/// Today as the binary sees it (London time), read from an empty journal.
pub(crate) fn today(bc: &Bc) -> Date {
    let i = bc.ok(&["insights", "--json"]).json();
    i["today"]
        .as_str()
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| panic!("no today in {i}"))
}

pub(crate) fn days_before(day: Date, n: i64) -> Date {
    day.saturating_sub(Span::new().days(n))
}

/// A number as the web pages write it: a real minus sign, `decimals` places.
fn page_num(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let zero = text.chars().all(|c| c == '0' || c == '.');
    if x < 0.0 && !zero {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

fn page_signed(x: f64, decimals: usize) -> String {
    let text = page_num(x, decimals);
    if x > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{text}")
    } else {
        text
    }
}

/// The text of the element with this id: `id="ID">TEXT<`.
fn by_id<'p>(page: &'p str, id: &str) -> &'p str {
    let marker = format!("id=\"{id}\">");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no #{id} on the page"))
        + marker.len();
    let len = page[start..].find('<').expect("element ends");
    &page[start..start + len]
}

/// The cells (`<td …>TEXT</td>`) of the table row that starts at `marker`.
fn row_cells(page: &str, marker: &str) -> Vec<String> {
    let start = page
        .find(marker)
        .unwrap_or_else(|| panic!("no row {marker:?} on the page"));
    let end = start + page[start..].find("</tr>").expect("row ends");
    page[start..end]
        .split("<td")
        .skip(1)
        .map(|cell| {
            let open = cell.find('>').expect("cell opens") + 1;
            let close = cell.find("</td>").expect("cell closes");
            cell[open..close].to_string()
        })
        .collect()
}

#[test]
fn insights_json_matches_the_api_and_the_page() {
    let bc = Bc::new();
    let today = today(&bc);
    assert!(!bc.data.exists(), "insights on no journal creates nothing");
    // Twenty days: a first week at 6, then lower; stress and sleep vary for the associations.
    for k in 1..=20i64 {
        let day = days_before(today, 21 - k);
        let pain = if k <= 7 { 6 } else { 3 + k % 3 };
        bc.log(&[
            "--pain",
            &pain.to_string(),
            "--stress",
            &(2 + k % 5).to_string(),
            "--sleep",
            &(4 + k % 4).to_string(),
            "--at",
            &format!("{day}T12:00:00Z"),
        ]);
    }
    // A second check-in on one day, so a day's mean is not just one rating.
    bc.log(&[
        "--pain",
        "8",
        "--at",
        &format!("{}T18:00:00Z", days_before(today, 3)),
    ]);
    let server = Server::start(&bc);
    // Six rated breathing sessions (enough for an interval) and two unrated body scans.
    for k in 0..8i64 {
        let day = days_before(today, 8 - k);
        let (practice, before, after) = if k < 6 {
            ("paced-breathing", json!(5 + k % 2), json!(3 + k % 3))
        } else {
            ("body-scan", Value::Null, Value::Null)
        };
        let draft = json!({
            "practice": practice,
            "minutes": 5,
            "started_at": format!("{day}T08:00:00Z"),
            "tz": "Europe/London",
            "actual_s": 300,
            "completed": true,
            "pain_before": before,
            "pain_after": after,
            "stress_before": before,
            "stress_after": json!(2),
        });
        let answer = http_post_json(&server.addr, "/api/v1/sessions", &draft.to_string());
        assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    }
    let api: Value = serde_json::from_str(&server.get("/api/v1/insights")).expect("JSON");
    let page = server.get("/insights");
    let cli = bc.ok(&["insights", "--json"]).json();
    drop(server);
    assert_eq!(cli, api, "insights --json is GET /api/v1/insights");

    // The contract's fields, with real numbers in them.
    let b = &cli["baseline"];
    for key in ["pain", "current", "percent_change", "label"] {
        assert!(!b[key].is_null(), "baseline.{key} in {b}");
    }
    assert_eq!(b["pain"], 6.0);
    let techniques = cli["techniques"].as_array().expect("techniques");
    assert_eq!(techniques.len(), 2, "{techniques:?}");
    let breathing = &techniques[0];
    assert_eq!(breathing["kind"], "breathing");
    assert_eq!(breathing["n"], 6);
    for key in ["mean", "ci_low", "ci_high"] {
        assert!(breathing["pain"][key].is_f64(), "{breathing}");
    }
    assert_eq!(techniques[1]["kind"], "body-scan");
    assert!(techniques[1]["pain"].is_null(), "unrated: no number");
    assert!(cli["streak_days"].as_u64().is_some());
    let days = cli["days"].as_array().expect("days");
    assert_eq!(days.len(), 20);
    for key in ["date", "pain_mean", "rolling7"] {
        assert!(days[19].get(key).is_some(), "days[].{key}");
    }

    // The page shows the same numbers.
    let f = |v: &Value| v.as_f64().expect("a number");
    assert_eq!(by_id(&page, "baseline-pain"), page_num(f(&b["pain"]), 1));
    assert_eq!(
        by_id(&page, "baseline-current"),
        page_num(f(&b["current"]), 1)
    );
    assert_eq!(
        by_id(&page, "baseline-percent"),
        format!("{}%", page_signed(f(&b["percent_change"]), 0))
    );
    assert_eq!(
        by_id(&page, "practised-7"),
        cli["days_practised_7"].to_string()
    );
    assert_eq!(
        by_id(&page, "practised-30"),
        cli["days_practised_30"].to_string()
    );
    for d in days {
        let date = d["date"].as_str().expect("date");
        let cells = row_cells(&page, &format!("<tr data-date=\"{date}\">"));
        let rolling = d["rolling7"]
            .as_f64()
            .map(|r| page_num(r, 1))
            .unwrap_or_else(|| "–".into());
        assert_eq!(
            cells,
            [page_num(f(&d["pain_mean"]), 1), d["n"].to_string(), rolling],
            "{date}"
        );
    }
    let e = &breathing["pain"];
    let cells = row_cells(&page, "<tr><th scope=\"row\">Breathing</th>");
    assert_eq!(
        cells,
        [
            "6".to_string(),
            format!(
                "{} ({} to {})",
                page_signed(f(&e["mean"]), 2),
                page_signed(f(&e["ci_low"]), 2),
                page_signed(f(&e["ci_high"]), 2)
            ),
            {
                let s = &breathing["stress"];
                format!(
                    "{} ({} to {})",
                    page_signed(f(&s["mean"]), 2),
                    page_signed(f(&s["ci_low"]), 2),
                    page_signed(f(&s["ci_high"]), 2)
                )
            }
        ]
    );

    // The readable summary says the same in words.
    let text = bc.ok(&["insights"]).stdout;
    let percent = f(&b["percent_change"]);
    assert!(
        text.contains(&format!(
            "Your average pain in the last 7 days is {:.1}, against 6.0 in your first days",
            f(&b["current"])
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("{:.0}% lower.", percent.abs())),
        "{text}"
    );
    assert!(text.contains("Body scan (2 sessions):"), "{text}");
    assert!(text.contains("not enough data yet (0 of 5)"), "{text}");
    assert!(text.contains("association, not cause"), "{text}");
    assert!(text.contains("7-day mean pain"), "{text}");
    assert!(!text.contains("in a row"), "streaks are opt-in: {text}");

    // And in the page's words: core's, one wording for both edges.
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let (text, page) = (flat(&text), flat(&page));
    let label = match b["label"].as_str().expect("label") {
        "substantial" => ChangeLabel::Substantial,
        "meaningful" => ChangeLabel::Meaningful,
        "minimal" => ChangeLabel::Minimal,
        "none" => ChangeLabel::None,
        _ => ChangeLabel::Worse,
    };
    let (heading, meaning) = change_words(label);
    assert!(text.contains(&format!("{heading}. {meaning}")), "{text}");
    assert!(page.contains(heading) && page.contains(meaning), "{page}");
    let sleep = &cli["associations"]["sleep"];
    if !sleep.is_null() {
        let words = association_words(&Association {
            measure: Measure::Sleep,
            rho: f(&sleep["rho"]),
            n: sleep["n"].as_u64().expect("n") as usize,
            caution: CAUTION,
        });
        assert!(text.contains(&words), "{words} in {text}");
        assert!(page.contains(&words), "{words} in {page}");
    }
    let e = &breathing["pain"];
    let numbers = format!(
        "{} ({} to {})",
        page_signed(f(&e["mean"]), 2),
        page_signed(f(&e["ci_low"]), 2),
        page_signed(f(&e["ci_high"]), 2)
    );
    assert!(
        text.contains(&format!("pain {numbers}, 6 rated sessions")),
        "{numbers} in {text}"
    );
}

#[test]
fn a_thin_journal_is_told_what_to_log() {
    let bc = Bc::new();
    let today = today(&bc);
    bc.log(&[
        "--pain",
        "5",
        "--at",
        &format!("{}T12:00:00Z", days_before(today, 1)),
    ]);
    let text = bc.ok(&["insights"]).stdout;
    assert!(text.contains("Log 9 more days to see a trend."), "{text}");
    assert!(text.contains("No practice sessions yet"), "{text}");
    let json = bc.ok(&["insights", "--json"]).json();
    assert_eq!(json["baseline"], Value::Null);
    assert_eq!(json["days"][0]["pain_mean"], 5.0);
}
