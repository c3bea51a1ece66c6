//! The pages for insights (whose tables must show the API's numbers),
//! the safety screen and its first-start and rescreen prompts, the
//! questionnaires, lessons, settings with reminders, the program, and the
//! home page's step for today. Every form POST needs the page's token.

use crate::care_seed::{seed_checkins, seed_sessions};
use crate::common::{app, input_value, App, Reply};
use axum::http::{header, Method, StatusCode};
use backcalm_core::safety::questions;
use backcalm_web::CSP;
use serde_json::{json, Value};

fn assert_page(r: &Reply, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(r.header(header::CONTENT_SECURITY_POLICY), CSP);
    assert!(
        r.body.contains("not medical advice"),
        "every page carries the notice"
    );
    // Scripts only enhance: no inline code (CSP), and nothing here needs them.
    for tag in r.body.split("<script").skip(1) {
        let open = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert!(
            open.contains(" src=\"/static/"),
            "only our own script files: <script{open}>"
        );
    }
    assert!(!r.body.contains("style="), "no inline styles (CSP)");
}

/// Text content of an HTML fragment: tags dropped, the few entities askama writes decoded.
fn text(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body rows of the table with this id, each as its cells' text.
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let end = html[start..].find("</table>").expect("table ends") + start;
    let body_start = html[start..end].find("<tbody>").expect("tbody") + start;
    let mut rows = Vec::new();
    for row in html[body_start..end].split("<tr").skip(1) {
        let mut cells = Vec::new();
        let mut rest = row;
        while let Some(open) = rest.find(['<']).filter(|_| rest.contains("<t")) {
            let after = &rest[open..];
            if after.starts_with("<td") || after.starts_with("<th") {
                let content_start = after.find('>').expect("tag ends") + 1;
                let close = after.find("</t").expect("cell ends");
                cells.push(text(&after[content_start..close]));
                rest = &after[close + 4..];
            } else {
                rest = &after[1..];
            }
        }
        rows.push(cells);
    }
    rows
}

/// A number as the pages write it (a real minus sign, maybe a % after it).
fn number(s: &str) -> f64 {
    s.trim()
        .trim_end_matches('%')
        .replace('\u{2212}', "-")
        .parse()
        .unwrap_or_else(|_| panic!("{s:?} is not a number"))
}

/// Whether a shown number is the API's value rounded to what is shown.
fn shows(shown: &str, value: f64) -> bool {
    let decimals = shown
        .split('.')
        .nth(1)
        .map_or(0, |d| d.trim_end_matches('%').len());
    let half_step = 0.5 * 10f64.powi(-(decimals as i32));
    (number(shown) - value).abs() <= half_step + 1e-9
}

fn span(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let open = html[at..].find('>').expect("tag ends") + at + 1;
    let close = html[open..].find('<').expect("text ends") + open;
    text(&html[open..close])
}

#[tokio::test]
async fn the_insights_page_shows_the_apis_numbers() {
    let app = app().await;
    seed_checkins(&app).await;
    seed_sessions(&app).await;
    let api = app.get("/api/v1/insights").await.json();
    let page = app.get("/insights").await;
    assert_page(&page, StatusCode::OK);
    let html = &page.body;

    // Change from baseline, with its label in plain words.
    let b = &api["baseline"];
    assert!(shows(
        &span(html, "baseline-percent"),
        b["percent_change"].as_f64().unwrap()
    ));
    assert_eq!(span(html, "baseline-percent"), "\u{2212}33%");
    assert!(shows(
        &span(html, "baseline-current"),
        b["current"].as_f64().unwrap()
    ));
    assert!(shows(
        &span(html, "baseline-pain"),
        b["pain"].as_f64().unwrap()
    ));
    assert!(html.contains("A meaningful change"));
    assert!(html.contains("real improvement"), "the label is explained");

    // Every day: date, mean, count and rolling mean.
    let days = table(html, "pain-table");
    let api_days = api["days"].as_array().unwrap();
    assert_eq!(days.len(), api_days.len());
    for (row, d) in days.iter().zip(api_days) {
        assert!(
            shows(&row[1], d["pain_mean"].as_f64().unwrap()),
            "{row:?} vs {d}"
        );
        assert_eq!(row[2], d["n"].to_string());
        match d["rolling7"].as_f64() {
            Some(r) => assert!(shows(&row[3], r), "{row:?} vs {d}"),
            None => assert_eq!(row[3], "–"),
        }
    }
    assert!(html.contains("data-date=\"2026-11-12\""));

    // Every week's minutes and goal.
    let weeks = table(html, "weeks-table");
    let api_weeks = api["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), api_weeks.len());
    for (row, w) in weeks.iter().zip(api_weeks) {
        assert!(
            shows(&row[1], w["minutes"].as_f64().unwrap()),
            "{row:?} vs {w}"
        );
        assert_eq!(row[2], w["goal_minutes"].to_string());
        assert_eq!(
            row[3],
            if w["goal_met"] == true {
                "yes"
            } else {
                "not yet"
            }
        );
    }
    assert_eq!(
        span(html, "practised-7"),
        api["days_practised_7"].to_string()
    );
    assert_eq!(
        span(html, "practised-30"),
        api["days_practised_30"].to_string()
    );

    // Per technique: the mean and its interval, or "not enough data yet".
    let techniques = table(html, "techniques-table");
    let api_t = api["techniques"].as_array().unwrap();
    assert_eq!(techniques.len(), api_t.len());
    for (row, t) in techniques.iter().zip(api_t) {
        assert_eq!(row[1], t["n"].to_string());
        for (cell, key) in [(&row[2], "pain"), (&row[3], "stress")] {
            if t[key].is_null() {
                assert_eq!(cell, "not enough data yet");
                continue;
            }
            // "−1.17 (−2.03 to −0.30)"
            let parts: Vec<&str> = cell
                .split(['(', ')', ' '])
                .filter(|p| !p.is_empty() && *p != "to")
                .collect();
            assert_eq!(parts.len(), 3, "{cell}");
            for (shown, field) in parts.iter().zip(["mean", "ci_low", "ci_high"]) {
                assert!(
                    shows(shown, t[key][field].as_f64().unwrap()),
                    "{cell} {field} vs {}",
                    t[key]
                );
            }
        }
    }
    assert_eq!(techniques[0][0], "Breathing");
    assert_eq!(techniques[1][0], "Body scan");
    assert!(html.contains("Breathing: not enough data yet for pain or stress"));

    // Associations say what they are.
    assert!(html.contains("association, not cause"));
}

#[tokio::test]
async fn insights_charts_are_accessible_and_the_streak_is_opt_in() {
    let app = app().await;
    seed_checkins(&app).await;
    seed_sessions(&app).await;
    let html = app.get("/insights").await.body;
    for key in ["pain", "minutes", "effect-pain", "effect-stress"] {
        for fit in ["wide", "compact"] {
            let id = format!("{key}-{fit}");
            assert!(
                html.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")),
                "{id}"
            );
            assert!(html.contains(&format!("<title id=\"{id}-title\">")), "{id}");
            assert!(html.contains(&format!("<desc id=\"{id}-desc\">")), "{id}");
        }
    }
    assert_eq!(html.matches("role=\"img\"").count(), 8);
    assert!(
        html.contains("The 7-day mean went from 6.0 to 4.0."),
        "the description says the trend"
    );
    assert!(
        html.contains("baseline 6.0"),
        "the baseline line is labelled where it is drawn"
    );
    assert!(html.contains("goal 30 min"), "so is the goal");
    assert!(
        !html.contains("id=\"streak\""),
        "no streak unless asked for"
    );

    app.json(Method::PUT, "/api/v1/settings", r#"{"show_streak": true}"#)
        .await;
    let html = app.get("/insights").await.body;
    assert_eq!(span(&html, "streak"), "6");
}

#[tokio::test]
async fn a_new_journal_says_what_to_log() {
    let app = app().await;
    for day in [24, 25] {
        let body = json!({"pain": 5, "recorded_at": format!("2026-11-{day}T09:00:00Z")});
        app.post("/api/v1/checkins", &body.to_string()).await;
    }
    let page = app.get("/insights").await;
    assert_page(&page, StatusCode::OK);
    assert_eq!(
        span(&page.body, "baseline-need"),
        "Log 8 more days to see a trend."
    );
    assert!(!page.body.contains("id=\"baseline-percent\""));
    let empty = crate::common::app().await.get("/insights").await;
    assert_page(&empty, StatusCode::OK);
    assert!(empty.body.contains("Log 10 more days to see a trend."));
    assert!(empty.body.contains("No check-ins yet"));
}

async fn answer_screen(app: &App, yes: &[&str]) -> Reply {
    let form = app.get("/screen").await.body;
    let csrf = input_value(&form, "csrf");
    let id = input_value(&form, "id");
    let names: Vec<(String, &str)> = questions()
        .iter()
        .map(|q| {
            (
                format!("q.{}", q.id),
                if yes.contains(&q.id) { "yes" } else { "no" },
            )
        })
        .collect();
    let mut pairs: Vec<(&str, &str)> = vec![("csrf", &csrf), ("id", &id)];
    pairs.extend(names.iter().map(|(k, v)| (k.as_str(), *v)));
    app.post_form("/screen", &pairs, None).await
}

#[tokio::test]
async fn the_first_start_prompt_stays_until_a_screen_is_taken() {
    let app = app().await;
    for _ in 0..2 {
        let home = app.get("/").await;
        assert_page(&home, StatusCode::OK);
        assert!(
            home.body.contains("id=\"first-start\""),
            "until a screen is taken"
        );
        assert!(home.body.contains("href=\"/screen\""));
        assert!(home.body.contains("not medical advice"));
    }
    let screen = app.get("/screen").await;
    assert_page(&screen, StatusCode::OK);
    assert!(screen.body.contains("Before you start"));
    assert_eq!(
        screen.body.matches("type=\"radio\"").count(),
        40,
        "20 yes/no questions"
    );
    // The framing comes before the first question.
    let framing = screen
        .body
        .find("Answer about how things are now. A long-standing symptom your doctor already knows about is a &quot;no&quot; unless it has changed.")
        .expect("the framing");
    let first = screen
        .body
        .find("id=\"q-saddle-numbness\"")
        .expect("first question");
    assert!(framing < first);

    let r = answer_screen(&app, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = app.get("/").await.body;
    assert!(
        !home.contains("id=\"first-start\""),
        "gone once a screen is stored"
    );
    assert!(!home.contains("id=\"rescreen\""));
}

#[tokio::test]
async fn a_screen_result_comes_first_with_the_number_to_call() {
    let app = app().await;
    let r = answer_screen(&app, &["saddle-numbness", "night-pain"]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let to = r.header(header::LOCATION).to_string();
    assert!(to.starts_with("/screen?taken="), "{to}");
    let page = app.get(&to).await;
    assert_page(&page, StatusCode::OK);
    let html = &page.body;
    let result = html.find("id=\"result\"").expect("a result");
    let form = html
        .find("<form class=\"screen-form\"")
        .expect("the form again");
    assert!(result < form, "the result is at the top");
    assert!(html.contains("data-action=\"emergency\""));
    assert!(html.contains("<h1 id=\"result-title\">Call emergency services now</h1>"));
    assert!(html.contains("href=\"tel:999\""));
    assert!(html.contains("Your answers are saved"));
    assert!(html.contains("Take the check again"));
    let stored = app.get("/api/v1/screens").await.json();
    assert_eq!(stored[0]["action"], "emergency");
    assert_eq!(
        stored[0]["reasons"],
        json!(["saddle-numbness", "night-pain"])
    );

    // Retaking is always possible; the latest result is what the page shows.
    answer_screen(&app, &["weight-loss-6-months"]).await;
    let html = app.get("/screen").await.body;
    assert!(html.contains("data-action=\"soon\""));
    assert!(html.contains("Your last safety check"));
}

#[tokio::test]
async fn an_unanswered_question_is_pointed_out_and_answers_are_kept() {
    let app = app().await;
    let form = app.get("/screen").await.body;
    let csrf = input_value(&form, "csrf");
    let r = app
        .post_form("/screen", &[("csrf", &csrf), ("q.night-pain", "yes")], None)
        .await;
    assert_page(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Question 1 has no answer yet"),
        "{}",
        r.body
    );
    assert!(r.body.contains("href=\"#q-saddle-numbness\""));
    assert!(r
        .body
        .contains("id=\"q-night-pain-yes\" name=\"q.night-pain\" value=\"yes\" checked"));
    assert_eq!(app.get("/api/v1/screens").await.json(), json!([]));
}

#[tokio::test]
async fn every_new_form_refuses_a_post_without_the_token() {
    let app = app().await;
    for (path, pairs) in [
        ("/screen", vec![("q.weight-loss", "yes")]),
        ("/questionnaires/peg-3", vec![("a.pain", "3")]),
        ("/settings", vec![("goal", "45")]),
        ("/settings/reminders", vec![("time", "08:00")]),
        (
            "/settings/reminders/7a1c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a/delete",
            vec![],
        ),
        (
            "/questionnaires/answers/7a1c2d6e-8f7a-4c1b-9a3e-2f4d6b8c0e1a/delete",
            vec![],
        ),
    ] {
        let mut with_bad = pairs.clone();
        with_bad.push(("csrf", "not-the-token"));
        for sent in [&pairs, &with_bad] {
            let r = app.post_form(path, sent, None).await;
            assert_page(&r, StatusCode::FORBIDDEN);
        }
        let csrf = input_value(&app.get("/settings").await.body, "csrf");
        let mut cross = pairs.clone();
        cross.push(("csrf", &csrf));
        let r = app
            .post_form(path, &cross, Some("https://evil.example"))
            .await;
        assert_page(&r, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        app.get("/api/v1/settings").await.json()["weekly_goal_minutes"],
        30
    );
    assert_eq!(app.get("/api/v1/reminders").await.json(), json!([]));
}

/// A screen with every answer "no", taken on 20 November.
async fn earlier_screen(app: &App) {
    let answers: serde_json::Map<String, Value> = questions()
        .iter()
        .map(|q| (q.id.to_string(), Value::Bool(false)))
        .collect();
    let body = json!({"answers": answers, "taken_at": "2026-11-20T09:00:00Z"});
    let r = app.post("/api/v1/screen", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn the_rescreen_prompt_follows_a_sharp_rise_in_pain() {
    let app = app().await;
    earlier_screen(&app).await;
    for day in [22, 23, 24] {
        let body = json!({"pain": 3, "recorded_at": format!("2026-11-{day}T09:00:00Z")});
        app.post("/api/v1/checkins", &body.to_string()).await;
    }
    assert!(!app.get("/").await.body.contains("id=\"rescreen\""));
    // 6 is exactly 3 above the mean of the days before: offer the screen again.
    let body = json!({"pain": 6, "recorded_at": "2026-11-26T09:30:00Z"});
    app.post("/api/v1/checkins", &body.to_string()).await;
    let home = app.get("/").await.body;
    assert!(home.contains("id=\"rescreen\""), "{home}");
    assert!(home.contains("Take the safety check again"));
    // Why, in the words `backcalm log` uses for the same check-in.
    assert!(home.contains(
        "<p>Your pain is 3 or more points above your average for the past week. Please take the safety check again"
    ));
    answer_screen(&app, &[]).await;
    assert!(
        !app.get("/").await.body.contains("id=\"rescreen\""),
        "taken since"
    );
}

#[tokio::test]
async fn new_numbness_after_a_screen_also_offers_it_again() {
    let app = app().await;
    earlier_screen(&app).await;
    let body = json!({"pain": 2, "feel": ["numbness-or-weakness"]});
    let r = app.post("/api/v1/checkins", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let home = app.get("/").await.body;
    assert!(home.contains("id=\"rescreen\""));
    assert!(home.contains("<p>You noted numbness or weakness. Please take the safety check again"));
}

async fn answer_questionnaire(app: &App, id: &str, answers: &[(&str, &str)]) -> Reply {
    let form = app.get(&format!("/questionnaires/{id}")).await.body;
    let csrf = input_value(&form, "csrf");
    let answer_id = input_value(&form, "id");
    let names: Vec<(String, &str)> = answers
        .iter()
        .map(|(k, v)| (format!("a.{k}"), *v))
        .collect();
    let mut pairs: Vec<(&str, &str)> = vec![("csrf", &csrf), ("id", &answer_id)];
    pairs.extend(names.iter().map(|(k, v)| (k.as_str(), *v)));
    app.post_form(&format!("/questionnaires/{id}"), &pairs, None)
        .await
}

#[tokio::test]
async fn the_peg_form_scores_and_keeps_the_answers() {
    let app = app().await;
    let list = app.get("/questionnaires").await;
    assert_page(&list, StatusCode::OK);
    for id in ["peg-3", "phq-2", "gad-2"] {
        assert!(
            list.body
                .contains(&format!("href=\"/questionnaires/{id}\"")),
            "{id}"
        );
    }
    let form = app.get("/questionnaires/peg-3").await;
    assert_page(&form, StatusCode::OK);
    assert_eq!(
        form.body.matches("type=\"radio\"").count(),
        33,
        "3 questions, 0 to 10"
    );
    assert!(form
        .body
        .contains("0: No pain · 10: Pain as bad as you can imagine"));
    for words in [
        "What number best describes your pain on average in the past week?",
        "What number best describes how, during the past week, pain has interfered with your enjoyment of life?",
        "What number best describes how, during the past week, pain has interfered with your general activity?",
        "0: Does not interfere · 10: Completely interferes",
        "PEG: Krebs et al., J Gen Intern Med 2009.",
    ] {
        assert!(form.body.contains(words), "{words}");
    }
    for id in ["phq-2", "gad-2"] {
        let form = app.get(&format!("/questionnaires/{id}")).await;
        assert_page(&form, StatusCode::OK);
        for words in [
            "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
            "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.",
            ">Not at all<",
            ">Several days<",
            ">More than half the days<",
            ">Nearly every day<",
        ] {
            assert!(form.body.contains(words), "{id}: {words}");
        }
    }
    let phq = app.get("/questionnaires/phq-2").await.body;
    assert!(phq.contains("Feeling down, depressed, or hopeless"));
    assert!(phq.contains("Kroenke, Spitzer &amp; Williams, Med Care 2003"));
    let gad = app.get("/questionnaires/gad-2").await.body;
    assert!(gad.contains("Feeling nervous, anxious, or on edge"));
    assert!(gad.contains("Kroenke et al., Ann Intern Med 2007"));

    let r = answer_questionnaire(
        &app,
        "peg-3",
        &[("pain", "5"), ("enjoyment", "3"), ("activity", "3")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(r.header(header::LOCATION)).await;
    assert_page(&page, StatusCode::OK);
    assert_eq!(span(&page.body, "score"), "3.67");
    assert!(!page.body.contains("id=\"doctor\""));
    let stored = app.get("/api/v1/answers?instrument=peg-3").await.json();
    assert_eq!(
        stored[0]["answers"],
        json!({"pain": 5, "enjoyment": 3, "activity": 3})
    );

    let missing = answer_questionnaire(&app, "peg-3", &[("pain", "5")]).await;
    assert_page(&missing, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("Question 2 has no answer yet"));
    assert!(missing
        .body
        .contains("id=\"a-pain-5\" name=\"a.pain\" value=\"5\" checked"));

    // The earlier answers can be deleted for good.
    let id = stored[0]["id"].as_str().unwrap().to_string();
    let csrf = input_value(&page.body, "csrf");
    let r = app
        .post_form(
            &format!("/questionnaires/answers/{id}/delete"),
            &[("csrf", &csrf)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/api/v1/answers").await.json(), json!([]));
}

#[tokio::test]
async fn a_positive_phq2_suggests_a_doctor_and_shows_crisis_numbers() {
    let app = app().await;
    let r = answer_questionnaire(&app, "phq-2", &[("interest", "2"), ("down", "2")]).await;
    let page = app.get(r.header(header::LOCATION)).await;
    assert_page(&page, StatusCode::OK);
    assert_eq!(span(&page.body, "score"), "4");
    assert!(page.body.contains("id=\"doctor\""));
    // The band suggests the doctor, once; the crisis lines come in core's
    // words, as the API's advice and the CLI say them.
    assert_eq!(page.body.matches("consider talking to a doctor").count(), 1);
    assert!(page.body.contains("<h2>Someone to talk to</h2>"));
    assert!(page.body.contains(
        "<p>If you are struggling right now, or have thoughts of harming yourself, talk to someone today:</p>"
    ));
    assert!(page.body.contains("In an emergency call</span>"));
    assert!(page.body.contains("Samaritans 116 123"));
    assert!(page.body.contains("href=\"tel:988\""));
    let calm = answer_questionnaire(&app, "gad-2", &[("nervous", "1"), ("worrying", "0")]).await;
    let page = app.get(calm.header(header::LOCATION)).await.body;
    assert!(!page.contains("id=\"doctor\""));
    assert!(
        page.contains("Below the screening threshold") || page.contains("below"),
        "{page}"
    );
}

#[tokio::test]
async fn lessons_render_from_markdown() {
    let app = app().await;
    let list = app.get("/learn").await;
    assert_page(&list, StatusCode::OK);
    assert_eq!(list.body.matches("href=\"/learn/").count(), 10);
    let page = app.get("/learn/what-is-mindfulness").await;
    assert_page(&page, StatusCode::OK);
    assert!(page.body.contains("<h1>What mindfulness is</h1>"));
    assert!(page.body.contains("<h2>What it is not</h2>"));
    assert!(page.body.contains("<li>Cherkin et al., JAMA 2016</li>"));
    assert!(page.body.contains("week 1 of the program"));
    assert!(
        page.body
            .contains("href=\"/learn/pain-stress-and-attention\""),
        "the next lesson"
    );
    assert_page(&app.get("/learn/nope").await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn settings_are_saved_from_the_form() {
    let app = app().await;
    let page = app.get("/settings").await;
    assert_page(&page, StatusCode::OK);
    assert!(page.body.contains("name=\"goal\" value=\"30\""));
    assert!(!page
        .body
        .contains("id=\"show_streak\" name=\"show_streak\" value=\"on\" checked"));
    let csrf = input_value(&page.body, "csrf");
    let r = app
        .post_form(
            "/settings",
            &[
                ("csrf", &csrf),
                ("goal", "45"),
                ("show_streak", "on"),
                ("country", "other"),
                ("place", "Australia"),
                ("emergency", "000"),
                ("crisis", "Lifeline 13 11 14"),
                ("per_day", "2"),
                ("program_start", ""),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = app.get("/api/v1/settings").await.json();
    assert_eq!(s["weekly_goal_minutes"], 45);
    assert_eq!(s["show_streak"], true);
    assert_eq!(s["announce_phases"], false, "an unticked box is off");
    assert_eq!(s["country"], "other");
    assert_eq!(s["crisis"]["lines"][0]["emergency"], "000");
    assert_eq!(s["reminders_per_day"], 2);
    let page = app.get("/settings?saved=settings").await.body;
    assert!(page.contains("Your settings are saved."));
    assert!(page.contains("name=\"place\" value=\"Australia\""));

    let bad = app
        .post_form(
            "/settings",
            &[("csrf", &csrf), ("goal", "lots"), ("per_day", "1")],
            None,
        )
        .await;
    assert_page(&bad, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("href=\"#field-goal\""));
    assert!(
        bad.body.contains("name=\"goal\" value=\"lots\""),
        "what was typed comes back"
    );
    assert_eq!(
        app.get("/api/v1/settings").await.json(),
        s,
        "nothing changed"
    );
}

#[tokio::test]
async fn reminders_are_added_and_removed_from_the_settings_page() {
    let app = app().await;
    let page = app.get("/settings").await.body;
    let csrf = input_value(&page, "csrf");
    let id = input_value(&page, "id");
    let add = [
        ("csrf", csrf.as_str()),
        ("id", id.as_str()),
        ("time", "07:45"),
        ("label", "Body scan"),
    ];
    let r = app.post_form("/settings/reminders", &add, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.post_form("/settings/reminders", &add, None)
            .await
            .status,
        StatusCode::SEE_OTHER,
        "a resend adds nothing"
    );
    let listed = app.get("/api/v1/reminders").await.json();
    assert_eq!(
        listed,
        json!([{"id": id, "time": "07:45", "tz": "Europe/London", "label": "Body scan"}])
    );
    let page = app.get("/settings").await.body;
    assert!(page.contains("<span class=\"reminder-time\">07:45</span>"));
    assert!(
        !page.contains("action=\"/settings/reminders\""),
        "one a day: no second add form"
    );

    let second = [("csrf", csrf.as_str()), ("time", "21:00")];
    let r = app.post_form("/settings/reminders", &second, None).await;
    assert_page(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("one a day"), "{}", r.body);

    let r = app
        .post_form(
            &format!("/settings/reminders/{id}/delete"),
            &[("csrf", &csrf)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/api/v1/reminders").await.json(), json!([]));
    // Sent again (a second click), it says it is not there, not "removed".
    let r = app
        .post_form(
            &format!("/settings/reminders/{id}/delete"),
            &[("csrf", &csrf)],
            None,
        )
        .await;
    assert_page(&r, StatusCode::NOT_FOUND);
    assert!(
        r.body.contains("may have been removed already"),
        "{}",
        r.body
    );
    let bad = [("csrf", csrf.as_str()), ("time", "7.45")];
    let r = app.post_form("/settings/reminders", &bad, None).await;
    assert_page(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("use HH:MM"));
}

#[tokio::test]
async fn home_shows_todays_step_progress_and_the_peg_when_due() {
    let app = app().await;
    let home = app.get("/").await;
    assert_page(&home, StatusCode::OK);
    let html = &home.body;
    assert!(html.contains("Your first step"));
    assert!(html.contains("Arriving with the breath"));
    let start = html
        .find("Start a 2-minute breathing practice")
        .expect("the start button");
    assert!(html[..start].contains("href=\"/practices/natural-breath?minutes=2\""));
    assert!(html.contains("href=\"/learn/what-is-mindfulness\""));
    assert!(html.contains("href=\"/insights\""));

    seed_sessions(&app).await;
    let html = app.get("/").await.body;
    assert!(html.contains("Today · week 2 of 8, day 3"), "{html}");
    assert!(html.contains("A slower, easier rhythm"));
    assert!(html.contains("href=\"/learn/breathing-without-effort\""));
    assert!(html.contains("id=\"peg-due\""));
    assert!(html.contains("practised on 6 of the last 7 days · 15 of 30 minutes this week"));

    app.post(
        "/api/v1/instruments/peg-3/answers",
        r#"{"answers": {"pain": 4, "enjoyment": 2, "activity": 3}}"#,
    )
    .await;
    assert!(!app.get("/").await.body.contains("id=\"peg-due\""));

    let program = app.get("/program").await;
    assert_page(&program, StatusCode::OK);
    assert_eq!(program.body.matches("<li class=\"week").count(), 8);
    assert_eq!(program.body.matches("aria-current=\"step\"").count(), 1);
    assert!(program
        .body
        .contains("Week 2 <span class=\"tag\">this week</span>"));
}

#[tokio::test]
async fn questionnaire_and_lesson_pages_404_kindly() {
    let app = app().await;
    let r = app.get("/questionnaires/phq-9").await;
    assert_page(&r, StatusCode::NOT_FOUND);
    assert!(r.body.contains("href=\"/questionnaires\""));
    let _: Value = app.get("/api/v1/settings").await.json();
}
