//! Personal by default: the practice and player pages (and the program's
//! links) start from the places of a recent check-in, the areas marked after
//! the last natural-breath session and the scene rated best; each is shown
//! before starting, changeable without JavaScript, and reaches the Timeline.

use crate::common::{app, App, Reply};
use axum::http::StatusCode;

/// The value of `attr="…"` on the first element that has it.
fn attr(html: &str, attr: &str) -> String {
    let needle = format!("{attr}=\"");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no {attr} in the page"))
        + needle.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].replace("&amp;", "&")
}

/// The body-part ids ticked for `key` ("painful", "breath_areas") on a page.
fn ticked(html: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let needle = format!("name=\"{key}\" value=\"");
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let end = after.find('"').expect("closing quote");
        let tag_end = after.find('>').expect("end of tag");
        if after[..tag_end].contains(" checked") {
            out.push(after[..end].to_string());
        }
        rest = &after[end..];
    }
    out
}

async fn check_in(app: &App, at: &str, pain: u8, places: &[&str]) {
    let body = serde_json::json!({
        "pain": pain, "recorded_at": at, "tz": "Europe/London", "where": places,
    });
    let r = app.post("/api/v1/checkins", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

async fn session(app: &App, body: serde_json::Value) {
    let r = app.post("/api/v1/sessions", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

fn ok(r: Reply) -> Reply {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r
}

#[tokio::test]
async fn the_player_starts_from_the_latest_check_in_of_the_last_7_days() {
    let app = app().await;
    // Nothing yet: nothing ticked, and the default URL is unchanged.
    let empty = ok(app.get("/practices/body-scan/play").await);
    assert_eq!(ticked(&empty.body, "painful"), Vec::<String>::new());
    assert!(
        empty
            .body
            .contains("(no places marked in your check-ins of the last 7 days)"),
        "{}",
        empty.body
    );
    assert_eq!(
        attr(&empty.body, "data-timeline-url"),
        "/api/v1/practices/body-scan?minutes=10"
    );

    // Older than 7 days (now is 2026-11-26T10:00Z): not used.
    check_in(&app, "2026-11-19T09:59:59Z", 7, &["hip"]).await;
    let old = ok(app.get("/practices/body-scan/play").await);
    assert_eq!(ticked(&old.body, "painful"), Vec::<String>::new());

    check_in(
        &app,
        "2026-11-25T09:00:00Z",
        6,
        &["lower-back-left", "neck"],
    )
    .await;
    let r = ok(app.get("/practices/body-scan/play").await);
    // In the page's order: the back first.
    assert_eq!(ticked(&r.body, "painful"), ["lower-back", "neck"]);
    assert!(
        r.body.contains("<span class=\"places-legend\">Where it hurts:</span> <strong class=\"places-chosen\">neck and lower back</strong> <span class=\"places-source\">(from your check-in on Wed 25 Nov 2026, 09:00)</span>"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(
            "<input type=\"hidden\" name=\"painful\" value=\"none\" form=\"options-form\">"
        ),
        "unticking every box sends none"
    );
    let url = attr(&r.body, "data-timeline-url");
    assert_eq!(
        url,
        "/api/v1/practices/body-scan?minutes=10&painful=neck%2Clower-back"
    );
    // The API answers the page's URL with the version that lingers there.
    let with = ok(app.get(&url).await).json();
    let named = ok(app
        .get("/api/v1/practices/body-scan?minutes=10&painful=lower-back,neck")
        .await)
    .json();
    let without = ok(app.get("/api/v1/practices/body-scan?minutes=10").await).json();
    assert_eq!(with, named);
    assert_ne!(with, without);

    // The form as a browser sends it: the hidden none, then each ticked box.
    let chosen = ok(app
        .get("/practices/body-scan/play?minutes=10&painful=none&painful=hip&painful=calf")
        .await);
    assert_eq!(ticked(&chosen.body, "painful"), ["hip", "calf"]);
    assert!(chosen.body.contains("(as chosen)"), "{}", chosen.body);
    assert_eq!(
        attr(&chosen.body, "data-timeline-url"),
        "/api/v1/practices/body-scan?minutes=10&painful=hip%2Ccalf"
    );
    // Marked places survive short versions (issue #9): five minutes still
    // visits them, so the page promises nothing it leaves out.
    let short = ok(app
        .get("/practices/body-scan/play?minutes=5&painful=hip,calf")
        .await);
    assert!(short.body.contains("(as chosen)"), "{}", short.body);
    assert!(!short.body.contains("too short"), "{}", short.body);
    let timeline = ok(app
        .get("/api/v1/practices/body-scan?minutes=5&painful=hip,calf")
        .await)
    .json();
    let steps: Vec<&str> = timeline["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert!(
        steps.contains(&"hips") || steps.iter().any(|s| s.contains("hip")),
        "{steps:?}"
    );
    assert!(
        steps
            .iter()
            .any(|s| s.contains("calf") || s.contains("calves")),
        "{steps:?}"
    );
    // Nothing ticked: none, though the check-in names places.
    let none = ok(app
        .get("/practices/body-scan/play?minutes=5&painful=none")
        .await);
    assert_eq!(ticked(&none.body, "painful"), Vec::<String>::new());
    assert!(none.body.contains("<strong class=\"places-chosen\">none</strong> <span class=\"places-source\">(none chosen)</span>"));
    let url = attr(&none.body, "data-timeline-url");
    assert_eq!(url, "/api/v1/practices/body-scan?minutes=5&painful=none");
    assert_eq!(
        ok(app.get(&url).await).json(),
        ok(app.get("/api/v1/practices/body-scan?minutes=5").await).json()
    );
    // A typo is named, and the person's usual version is offered.
    let typo = app.get("/practices/body-scan/play?painful=spleen").await;
    assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(typo.body.contains("painful: "), "{}", typo.body);
    assert_eq!(ticked(&typo.body, "painful"), ["lower-back", "neck"]);

    // A check-in of pain 0 since then: nothing hurts now.
    check_in(&app, "2026-11-26T08:00:00Z", 0, &[]).await;
    let calm = ok(app.get("/practices/pmr/play").await);
    assert_eq!(ticked(&calm.body, "painful"), Vec::<String>::new());
}

#[tokio::test]
async fn the_practice_page_and_the_programs_links_carry_the_places() {
    let app = app().await;
    check_in(&app, "2026-11-25T09:00:00Z", 6, &["lower-back"]).await;
    let page = ok(app.get("/practices/body-scan?minutes=5").await);
    assert_eq!(ticked(&page.body, "painful"), ["lower-back"]);
    assert!(page
        .body
        .contains("<form class=\"chooser\" id=\"options-form\" method=\"get\">"));
    assert!(
        page.body
            .contains("backcalm practice play body-scan --minutes 5 --painful lower-back</code>"),
        "{}",
        page.body
    );
    assert_eq!(
        attr(&page.body, "download href"),
        "/api/v1/practices/body-scan/audio?minutes=5&painful=lower-back"
    );
    // Paced breathing has no places to choose.
    let paced = ok(app.get("/practices/paced-breathing").await);
    assert!(!paced.body.contains("class=\"places\""));

    let program = ok(app.get("/program").await);
    let start = program
        .body
        .find("href=\"/practices/body-scan?minutes=")
        .expect("the body-scan week links to it");
    let link = attr(&program.body[start..], "href");
    assert!(link.ends_with("&painful=lower-back"), "{link}");
}

#[tokio::test]
async fn natural_breath_invites_you_back_to_what_you_marked_last_time() {
    let app = app().await;
    session(
        &app,
        serde_json::json!({
            "practice": "natural-breath", "minutes": 2,
            "started_at": "2026-11-20T08:00:00Z", "regions": ["abdomen"],
        }),
    )
    .await;
    session(
        &app,
        serde_json::json!({
            "practice": "natural-breath", "minutes": 2,
            "started_at": "2026-11-24T08:00:00Z", "regions": ["chest", "upper-back-right"],
        }),
    )
    .await;
    let r = ok(app.get("/practices/natural-breath/play").await);
    assert_eq!(ticked(&r.body, "breath_areas"), ["upper-back", "chest"]);
    assert!(r
        .body
        .contains("(from your last session on Tue 24 Nov 2026, 08:00)"));
    assert!(
        r.body
            .contains("next time the practice invites you back to them"),
        "the after-session question says what happens next"
    );
    let url = attr(&r.body, "data-timeline-url");
    assert_eq!(
        url,
        "/api/v1/practices/natural-breath?minutes=2&breath_areas=chest%2Cupper-back"
    );
    let tl = ok(app.get(&url).await).json();
    let words: Vec<&str> = tl["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert!(
        words
            .iter()
            .any(|w| w.contains("your chest and your upper back")),
        "{words:?}"
    );
    // One minute has no room for them, and says so.
    let short = ok(app.get("/practices/natural-breath/play?minutes=1").await);
    assert!(
        short.body.contains(
            "(from your last session on Tue 24 Nov 2026, 08:00; too short at this length)"
        ) && short
            .body
            .contains("This length is too short to include them; a longer one does."),
        "{}",
        short.body
    );
    // The home page's first practice and today's step carry them.
    let home = ok(app.get("/").await);
    assert!(
        home.body
            .contains("/practices/natural-breath?minutes=2&amp;breath_areas=chest,upper-back\""),
        "{}",
        home.body
    );
}

#[tokio::test]
async fn imagery_suggests_the_scene_rated_most_pleasant_and_any_other_can_be_chosen() {
    let app = app().await;
    for (day, scene, rating) in [(20, "beach", 4), (21, "forest", 9), (22, "forest", 8)] {
        session(
            &app,
            serde_json::json!({
                "practice": "guided-imagery", "minutes": 10, "variant": scene,
                "started_at": format!("2026-11-{day}T08:00:00Z"), "pleasantness": rating,
            }),
        )
        .await;
    }
    let r = ok(app.get("/practices/guided-imagery/play").await);
    assert!(
        r.body.contains("<option value=\"forest\" selected>"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(
            "the scene you rated most pleasant (8.5 out of 10 on average over 2 sessions)"
        ),
        "{}",
        r.body
    );
    assert_eq!(
        attr(&r.body, "data-timeline-url"),
        "/api/v1/practices/guided-imagery?minutes=10&scene=forest"
    );
    // The first scene can still be chosen, though it is the file's default.
    let beach = ok(app.get("/practices/guided-imagery/play?scene=beach").await);
    assert!(beach.body.contains("<option value=\"beach\" selected>"));
    assert!(!beach.body.contains("rated most pleasant"));
    assert_eq!(
        attr(&beach.body, "data-timeline-url"),
        "/api/v1/practices/guided-imagery?minutes=10&scene=beach"
    );
    let page = ok(app.get("/practices/guided-imagery").await);
    assert!(page.body.contains("<option value=\"forest\" selected>"));
    assert!(page.body.contains("rated most pleasant"));
}
