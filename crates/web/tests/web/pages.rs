//! The HTML pages: each renders with its words, and the check-in form goes
//! round trip without JavaScript.

use crate::common::{app, input_value, App, HOST};
use axum::http::{header, StatusCode};
use backcalm_core::Library;
use backcalm_web::CSP;

const NOTICE: &str = "not medical advice";

fn assert_page(r: &crate::common::Reply, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(
        r.header(header::CONTENT_TYPE).starts_with("text/html"),
        "{:?}",
        r.headers
    );
    assert_eq!(r.header(header::CONTENT_SECURITY_POLICY), CSP);
    assert!(r.body.contains(NOTICE), "every page carries the notice");
    // Scripts only enhance: each is one of our own files, never inline code (CSP);
    // the no-JavaScript paths are exercised by the form tests below.
    for tag in r.body.split("<script").skip(1) {
        let open = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert!(
            open.contains(" src=\"/static/"),
            "only our own script files: <script{open}>"
        );
        assert!(
            tag.find("</script>") == Some(open.len() + 1),
            "no inline code in <script{open}>"
        );
    }
    assert!(!r.body.contains("style="), "no inline styles (CSP)");
}

#[tokio::test]
async fn home_offers_a_two_minute_breathing_practice_first() {
    let app = app().await;
    let r = app.get("/").await;
    assert_page(&r, StatusCode::OK);
    let start = r
        .body
        .find("Start a 2-minute breathing practice")
        .expect("the start button");
    assert!(
        r.body[..start].contains("href=\"/practices/natural-breath?minutes=2\""),
        "the button goes to 2 minutes"
    );
    for link in [
        "href=\"/checkin\"",
        "href=\"/practices\"",
        "href=\"/history\"",
    ] {
        assert!(r.body.contains(link), "{link}");
    }
    assert!(r.body.contains("Talk to a doctor about your back pain"));
    assert!(r.body.contains("Skip to main content"));
}

#[tokio::test]
async fn the_library_page_groups_practices_by_kind() {
    let app = app().await;
    let r = app.get("/practices").await;
    assert_page(&r, StatusCode::OK);
    for p in Library::embedded().expect("content").practices() {
        assert!(
            r.body.contains(&format!("href=\"/practices/{}\"", p.id)),
            "{}",
            p.id
        );
        assert!(r.body.contains(&askama_escape(&p.title)), "{}", p.title);
    }
    let breathing = r.body.find(">Breathing</h2>").expect("breathing heading");
    let timer = r
        .body
        .find(">Meditation timer</h2>")
        .expect("timer heading");
    assert!(breathing < timer, "kinds in library order");
    assert!(
        r.body.contains("1 to 30 minutes, usually 2"),
        "natural breath lengths"
    );
}

/// The few characters askama escapes that titles might hold.
fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('\'', "&#x27;")
        .replace('"', "&quot;")
}

#[tokio::test]
async fn a_practice_page_shows_its_script_at_the_chosen_length() {
    let app = app().await;
    let p = Library::embedded()
        .expect("content")
        .get("natural-breath")
        .expect("practice")
        .clone();
    let r = app.get("/practices/natural-breath?minutes=3").await;
    assert_page(&r, StatusCode::OK);
    assert!(r.body.contains(&askama_escape(&p.title)));
    assert!(r.body.contains(&askama_escape(&p.posture)));
    assert!(r
        .body
        .contains("backcalm practice play natural-breath --minutes 3"));
    assert!(r
        .body
        .contains("<option value=\"3\" selected>3 minutes</option>"));
    assert!(r.body.contains("What you will hear (3 minutes)"));
    assert!(r.body.contains("A bell rings"));
    assert!(
        r.body
            .contains("</span>3:00 <span class=\"script-length\">"),
        "the last step ends at 3:00"
    );
    let first_words = &p.steps[0].text;
    let first_sentence = first_words.split('.').next().expect("words");
    assert!(
        r.body.contains(&askama_escape(first_sentence)),
        "the opening words appear"
    );
}

#[tokio::test]
async fn practice_pages_offer_scenes_paces_and_movement_notes() {
    let app = app().await;
    let r = app
        .get("/practices/guided-imagery?minutes=10&scene=forest")
        .await;
    assert_page(&r, StatusCode::OK);
    assert!(r
        .body
        .contains("<option value=\"forest\" selected>A forest path</option>"));
    assert!(r.body.contains("--scene forest"));

    let r = app
        .get("/practices/paced-breathing?minutes=2&pace=box")
        .await;
    assert_page(&r, StatusCode::OK);
    assert!(r.body.contains("Breathe with the pacer:"));
    assert!(r.body.contains("4 s in, hold 4 s, 4 s out, rest 4 s"));
    assert!(r.body.contains("--pace box"));

    let r = app
        .get("/practices/paced-breathing?minutes=2&pace=5:7")
        .await;
    assert_page(&r, StatusCode::OK);
    assert!(
        r.body
            .contains("<option value=\"5:7\" selected>5 s in, 7 s out (your own)</option>"),
        "a typed pace stays chosen"
    );
    assert!(r.body.contains("--pace 5:7"));

    let r = app.get("/practices/mindful-movement").await;
    assert_page(&r, StatusCode::OK);
    assert!(r.body.contains("Lying or seated:") && r.body.contains("Stop if:"));

    let r = app
        .get("/practices/meditation-timer?minutes=20&delay=60")
        .await;
    assert_page(&r, StatusCode::OK);
    assert!(
        r.body.contains("Quiet time"),
        "the settling-in minute is silent"
    );
    assert!(r.body.contains("<time class=\"at\" datetime=\"PT60S\">1:00</time> <span class=\"words\">A bell rings</span>"));
}

#[tokio::test]
async fn a_bad_choice_shows_the_usual_version_and_why() {
    let app = app().await;
    let r = app.get("/practices/natural-breath?minutes=99").await;
    assert_page(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("99 minutes is not offered"), "{}", r.body);
    assert!(r.body.contains("What you will hear (2 minutes)"));
}

#[tokio::test]
async fn unknown_pages_are_html_404_and_unknown_api_routes_json() {
    let app = app().await;
    let r = app.get("/practices/yoga").await;
    assert_page(&r, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Page not found"));
    let r = app.get("/nowhere").await;
    assert_page(&r, StatusCode::NOT_FOUND);
    let r = app.post_form("/history", &[("a", "b")], None).await;
    assert_page(&r, StatusCode::METHOD_NOT_ALLOWED);
    let r = app.get("/api/v1/nowhere").await;
    assert_eq!(r.header(header::CONTENT_TYPE), "application/problem+json");
}

#[tokio::test]
async fn static_files_are_served_with_their_types() {
    let app = app().await;
    let css = app.get("/static/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header(header::CONTENT_TYPE), "text/css; charset=utf-8");
    assert!(css.body.contains("prefers-color-scheme: dark"));
    assert!(css.body.contains(":focus-visible"));
    let icon = app.get("/static/icon.svg").await;
    assert_eq!(icon.header(header::CONTENT_TYPE), "image/svg+xml");
}

async fn open_form(app: &App) -> (String, String) {
    let r = app.get("/checkin").await;
    assert_page(&r, StatusCode::OK);
    (input_value(&r.body, "csrf"), input_value(&r.body, "id"))
}

#[tokio::test]
async fn the_checkin_form_offers_every_choice() {
    let app = app().await;
    let r = app.get("/checkin").await;
    assert_page(&r, StatusCode::OK);
    for n in 0..=10 {
        assert!(
            r.body
                .contains(&format!("id=\"pain-{n}\" name=\"pain\" value=\"{n}\"")),
            "pain {n}"
        );
    }
    assert!(r
        .body
        .contains("<label for=\"feel-dull-ache\">Dull ache</label>"));
    assert!(r.body.contains("<th scope=\"row\">Lower back</th>"));
    assert!(r
        .body
        .contains("<span class=\"visually-hidden\">Left side of the lower back</span>"));
    assert!(r.body.contains("value=\"lower-back-left\""));
    assert!(r.body.contains("name=\"stress\"") && r.body.contains("name=\"sleep\""));
    assert!(r.body.contains("<textarea id=\"note\" name=\"note\""));
    assert!(r.body.contains("method=\"post\" action=\"/checkin\""));
}

#[tokio::test]
async fn a_checkin_sent_from_the_form_appears_in_the_history() {
    let app = app().await;
    let (csrf, id) = open_form(&app).await;
    let origin = format!("http://{HOST}");
    let fields = [
        ("csrf", csrf.as_str()),
        ("id", id.as_str()),
        ("pain", "7"),
        ("feel", "sharp"),
        ("feel", "tension"),
        ("where", "lower-back-left"),
        ("stress", "5"),
        ("sleep", ""),
        ("note", "after gardening & lifting"),
    ];
    let r = app.post_form("/checkin", &fields, Some(&origin)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header(header::LOCATION), "/history");

    // A double click sends it again: still one check-in.
    assert_eq!(
        app.post_form("/checkin", &fields, None).await.status,
        StatusCode::SEE_OTHER
    );
    let stored = app.get("/api/v1/checkins").await.json();
    assert_eq!(stored.as_array().map(Vec::len), Some(1));
    assert_eq!(stored[0]["pain"], 7);
    assert_eq!(stored[0]["sleep"], serde_json::Value::Null);
    assert_eq!(stored[0]["feel"], serde_json::json!(["sharp", "tension"]));

    // Back to the same form, other answers: not silently dropped, not
    // overwriting, and no way to a second copy.
    let mut changed = fields.to_vec();
    changed[2] = ("pain", "2");
    let r = app.post_form("/checkin", &changed, None).await;
    assert_page(&r, StatusCode::CONFLICT);
    assert!(r.body.contains("nothing was saved this time"));
    assert_eq!(input_value(&r.body, "id"), id, "the form keeps its id");
    assert!(r
        .body
        .contains("id=\"pain-2\" name=\"pain\" value=\"2\" checked"));
    assert_eq!(
        app.get("/api/v1/checkins").await.json()[0]["pain"],
        7,
        "the first check-in stands"
    );

    let h = app.get("/history").await;
    assert_page(&h, StatusCode::OK);
    assert!(h.body.contains("after gardening &amp; lifting"));
    assert!(h.body.contains("Thu 26 Nov 2026, 10:00"));
    assert!(h.body.contains("Left side of the lower back"));
    assert!(h
        .body
        .contains("Sharp or stabbing, Muscle tension or spasm"));
    assert!(h.body.contains("<span class=\"pain-badge\">7</span>"));
}

#[tokio::test]
async fn a_form_without_the_token_or_from_another_site_is_refused() {
    let app = app().await;
    let (csrf, id) = open_form(&app).await;
    let r = app
        .post_form(
            "/checkin",
            &[("csrf", "forged"), ("id", &id), ("pain", "3")],
            None,
        )
        .await;
    assert_page(&r, StatusCode::FORBIDDEN);
    let r = app
        .post_form("/checkin", &[("id", &id), ("pain", "3")], None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            "/checkin",
            &[("csrf", &csrf), ("id", &id), ("pain", "3")],
            Some("https://evil.example"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/v1/checkins").await.json(),
        serde_json::json!([]),
        "nothing was saved"
    );
}

#[tokio::test]
async fn an_invalid_form_comes_back_with_the_message_and_what_was_entered() {
    let app = app().await;
    let (csrf, id) = open_form(&app).await;
    let r = app
        .post_form(
            "/checkin",
            &[
                ("csrf", &csrf),
                ("id", &id),
                ("pain", "11"),
                ("where", "hand-right"),
                ("note", "keep me"),
            ],
            None,
        )
        .await;
    assert_page(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("11 is not on the 0-10 scale"), "{}", r.body);
    assert!(
        r.body.contains("id=\"pain-error\""),
        "the message sits at the pain field"
    );
    assert!(r.body.contains(">keep me</textarea>"));
    assert!(r.body.contains("value=\"hand-right\" checked"));
    assert!(
        r.body.contains("<details class=\"more\" open>"),
        "the ticked place stays in view"
    );
    assert_eq!(
        input_value(&r.body, "id"),
        id,
        "the same id, so a fixed resend saves once"
    );

    let r = app
        .post_form(
            "/checkin",
            &[("csrf", &csrf), ("id", &id), ("stress", "4")],
            None,
        )
        .await;
    assert_page(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Pain is required"));
    assert!(r
        .body
        .contains("id=\"stress-4\" name=\"stress\" value=\"4\" checked"));
    assert_eq!(
        app.get("/api/v1/checkins").await.json(),
        serde_json::json!([])
    );
}

#[tokio::test]
async fn history_lists_sessions_newest_first_and_filters_by_day() {
    let app = app().await;
    for (at, pain) in [("2026-11-24T08:00:00Z", 6), ("2026-11-25T20:00:00Z", 4)] {
        let body = serde_json::json!({"pain": pain, "recorded_at": at}).to_string();
        assert_eq!(
            app.post("/api/v1/checkins", &body).await.status,
            StatusCode::CREATED
        );
    }
    let s = serde_json::json!({"practice": "body-scan", "minutes": 10, "actual_s": 300, "pain_before": 6, "pain_after": 4});
    assert_eq!(
        app.post("/api/v1/sessions", &s.to_string()).await.status,
        StatusCode::CREATED
    );

    let h = app.get("/history").await;
    assert_page(&h, StatusCode::OK);
    let newer = h
        .body
        .find("Wed 25 Nov 2026, 20:00")
        .expect("the newer check-in");
    let older = h
        .body
        .find("Tue 24 Nov 2026, 08:00")
        .expect("the older check-in");
    assert!(newer < older, "newest first");
    assert!(h.body.contains("Body scan"));
    assert!(h.body.contains("6 → 4"));
    assert!(h.body.contains("5 min of 10 min"));
    assert!(h.body.contains("Ended early"));

    let h = app.get("/history?from=2026-11-25&to=2026-11-25").await;
    assert_page(&h, StatusCode::OK);
    assert!(h.body.contains("Wed 25 Nov 2026, 20:00"));
    assert!(!h.body.contains("Tue 24 Nov 2026"));
    assert!(h.body.contains("No practice sessions on these days"));
    assert!(h.body.contains("value=\"2026-11-25\""));

    let h = app.get("/history?from=someday").await;
    assert_page(&h, StatusCode::BAD_REQUEST);
    assert!(h.body.contains("is not a date"));
}

#[tokio::test]
async fn pages_ask_for_the_reminder_code_only_once_a_reminder_is_set() {
    let app = app().await;
    for path in [
        "/",
        "/practices/natural-breath/play",
        "/insights",
        "/settings",
    ] {
        let r = app.get(path).await;
        assert_page(&r, StatusCode::OK);
        assert!(
            r.body.starts_with("<!doctype html>\n<html lang=\"en\">"),
            "{path}"
        );
        assert!(!r.body.contains("data-reminders"), "{path}");
    }
    // Settings is where reminders are set, so it offers the permission button either way.
    assert!(app
        .get("/settings")
        .await
        .body
        .contains(r#"<script type="module" src="/static/reminders.js"></script>"#));
    assert!(!app.get("/").await.body.contains("/static/reminders.js"));

    let r = app
        .post(
            "/api/v1/reminders",
            r#"{"time": "08:30", "label": "Breathe"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for path in [
        "/",
        "/practices/natural-breath/play",
        "/insights",
        "/settings",
    ] {
        let r = app.get(path).await;
        assert!(
            r.body
                .starts_with("<!doctype html>\n<html lang=\"en\" data-reminders>"),
            "{path}"
        );
    }
    // Not a page: the API and 404s are not marked.
    assert!(!app.get("/nowhere").await.body.contains("data-reminders"));
}
