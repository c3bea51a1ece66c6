//! Serves the app on 127.0.0.1 over a throwaway journal with a few sample
//! records, to look at the pages in a browser or take screenshots.
//!
//! `cargo run -p backcalm-web --example preview -- 8099`

use backcalm_core::{CheckInDraft, Library, SessionDraft, TzName};
use backcalm_store::Store;
use backcalm_web::{serve, AppState, Clock, IdSource};
use std::net::SocketAddr;
use std::sync::Arc;
use uuid::Uuid;

/// A fixed "now", so the sample history reads the same every time.
const NOW: &str = "2026-11-26T10:00:00Z";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = std::env::args()
        .nth(1)
        .map(|p| p.parse())
        .transpose()?
        .unwrap_or(0);
    let dir = tempfile::tempdir()?;
    let store = Store::open_sqlite_file(&dir.path().join("journal.db")).await?;
    let library = Library::embedded()?;
    let tz = TzName::new("Europe/London")?;
    let clock: Clock = Arc::new(|| NOW.parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH));
    let ids: IdSource = Arc::new(Uuid::new_v4);
    let state = AppState::new(
        store.clone(),
        library.clone(),
        tz.clone(),
        clock.clone(),
        ids,
    );
    seed(&store, &library, &tz).await?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    serve(state, addr, |a| println!("backcalm preview on http://{a}/")).await?;
    Ok(())
}

async fn seed(
    store: &Store,
    library: &Library,
    tz: &TzName,
) -> Result<(), Box<dyn std::error::Error>> {
    let defaults = |id: u128| backcalm_core::Defaults {
        now: NOW.parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH),
        tz: tz.clone(),
        new_id: Uuid::from_u128(id),
    };
    let checkins = [
        (
            "2026-11-24T07:40:00Z",
            6,
            Some(7),
            Some(3),
            vec!["dull-ache", "tension"],
            vec!["lower-back", "hip-left"],
            Some("Stiff getting out of bed"),
        ),
        (
            "2026-11-25T21:10:00Z",
            4,
            Some(4),
            None,
            vec!["worse-with-activity"],
            vec!["lower-back-left"],
            None,
        ),
        (
            "2026-11-26T09:30:00Z",
            3,
            Some(2),
            Some(6),
            vec![],
            vec![],
            Some("Better after a walk"),
        ),
    ];
    for (i, (at, pain, stress, sleep, feel, regions, note)) in checkins.into_iter().enumerate() {
        let c = CheckInDraft {
            recorded_at: Some(at.into()),
            pain: Some(pain),
            stress,
            sleep,
            feel: feel.into_iter().map(String::from).collect(),
            regions: regions.into_iter().map(String::from).collect(),
            note: note.map(String::from),
            ..Default::default()
        }
        .validate(&defaults(i as u128 + 1))?;
        store.insert_checkin(&c).await?;
    }
    let s = SessionDraft {
        practice: Some("natural-breath".into()),
        minutes: Some(2),
        started_at: Some("2026-11-26T09:35:00Z".into()),
        pain_before: Some(4),
        pain_after: Some(3),
        ..Default::default()
    }
    .validate(&defaults(10), |p| library.get(p).is_some())?;
    store.insert_session(&s).await?;
    Ok(())
}
