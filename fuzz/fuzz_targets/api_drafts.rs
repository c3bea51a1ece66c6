//! The JSON API's request bodies: `CheckInDraft`, `SessionDraft` and
//! `QuestionnaireDraft` read with serde_json and validated, as the web
//! handlers do, with fixed defaults (now, zone, new id).
//!
//! The first byte picks the type; the rest is the body. Never panics; a valid
//! record serializes, and its own draft validates to the same record again.
#![no_main]

use backcalm_core::content::{embedded_files, Library};
use backcalm_core::export::QuestionnaireDraft;
use backcalm_core::instrument::{instruments, Instrument};
use backcalm_core::journal::{CheckInDraft, Defaults, SessionDraft, TzName};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use uuid::Uuid;

fn defaults() -> Defaults {
    Defaults {
        now: "2026-03-29T12:00:00Z".parse().expect("valid instant"),
        tz: TzName::new("Europe/Berlin").expect("known zone"),
        new_id: Uuid::from_u128(0x00ba_c0ca),
    }
}

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::embedded().expect("shipped content is valid"))
}

fn shipped() -> &'static [Instrument] {
    static SHIPPED: OnceLock<Vec<Instrument>> = OnceLock::new();
    SHIPPED.get_or_init(|| instruments(&embedded_files()).expect("shipped instruments are valid"))
}

fn known_practice(id: &str) -> bool {
    library().get(id).is_some()
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let d = defaults();
    match pick % 3 {
        0 => {
            let Ok(draft) = serde_json::from_slice::<CheckInDraft>(body) else {
                return;
            };
            let Ok(c) = draft.validate(&d) else { return };
            serde_json::to_string(&c).expect("a check-in serializes");
            assert_eq!(CheckInDraft::from(&c).validate(&d), Ok(c));
        }
        1 => {
            let Ok(draft) = serde_json::from_slice::<SessionDraft>(body) else {
                return;
            };
            let Ok(s) = draft.validate(&d, known_practice) else {
                return;
            };
            serde_json::to_string(&s).expect("a session serializes");
            assert_eq!(SessionDraft::from(&s).validate(&d, known_practice), Ok(s));
        }
        _ => {
            let Ok(draft) = serde_json::from_slice::<QuestionnaireDraft>(body) else {
                return;
            };
            let Ok(a) = draft.validate(&d, shipped()) else {
                return;
            };
            serde_json::to_string(&a).expect("an answer serializes");
            assert_eq!(QuestionnaireDraft::from(&a).validate(&d, shipped()), Ok(a));
        }
    }
});
