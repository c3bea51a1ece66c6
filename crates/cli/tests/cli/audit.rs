//! `account audit [--person ID] [--json]`: the audit trail the server keeps,
//! printed on the server's machine, on SQLite and on PostgreSQL.

use crate::accounts::{invite, refused, with_store};
use crate::postgres::FreshPostgres;
use crate::Bc;
use backcalm_store::AuditEntry;
use jiff::Timestamp;
use serde_json::json;
use uuid::Uuid;

/// A clinician who read Sam's check-ins, then Sam's list entry; Kim untouched.
fn story(bc: &Bc) {
    assert_eq!(bc.ok(&["account", "audit", "--json"]).stdout, "[]\n");
    let (cleo, _) = invite(bc, "clinician", "Cleo Clinician");
    let (sam, _) = invite(bc, "patient", "Sam Jones");
    let (kim, _) = invite(bc, "patient", "Kim Lee");
    let first = Uuid::new_v4();
    let second = Uuid::new_v4();
    with_store(bc, |s| async move {
        for (id, action, at) in [
            (first, "GET /api/v1/patients", "2026-11-26T10:00:00Z"),
            (
                second,
                "GET /api/v1/patients/{id}/checkins",
                "2026-11-26T10:05:00Z",
            ),
        ] {
            let at: Timestamp = at.parse().expect("an instant");
            s.append_audit(&AuditEntry {
                id,
                person_id: sam,
                actor_id: cleo,
                action: action.to_string(),
                address: Some("203.0.113.9".to_string()),
                at,
            })
            .await
            .expect("appended");
        }
    });

    let all = bc.ok(&["account", "audit", "--json"]).json();
    assert_eq!(
        all,
        json!([
            {"id": second, "person": {"id": sam, "name": "Sam Jones"},
             "actor": {"id": cleo, "name": "Cleo Clinician"},
             "action": "GET /api/v1/patients/{id}/checkins", "address": "203.0.113.9",
             "at": "2026-11-26T10:05:00Z"},
            {"id": first, "person": {"id": sam, "name": "Sam Jones"},
             "actor": {"id": cleo, "name": "Cleo Clinician"},
             "action": "GET /api/v1/patients", "address": "203.0.113.9",
             "at": "2026-11-26T10:00:00Z"},
        ])
    );
    let sams = bc
        .ok(&["account", "audit", "--person", &sam.to_string(), "--json"])
        .json();
    assert_eq!(sams, all);
    let kims = bc.ok(&["account", "audit", "--person", &kim.to_string(), "--json"]);
    assert_eq!(kims.stdout, "[]\n");
    let text = bc.ok(&["account", "audit"]).stdout;
    for w in [
        "Sam Jones",
        "Cleo Clinician",
        "GET /api/v1/patients",
        "203.0.113.9",
    ] {
        assert!(text.contains(w), "{w:?} missing in {text}");
    }
    refused(
        &bc.run(&["account", "audit", "--person", "sam"]),
        &["is not an account id"],
    );
    refused(
        &bc.run(&["account", "audit", "--person", &Uuid::new_v4().to_string()]),
        &["there is no account"],
    );
}

#[test]
fn audit_prints_the_trail_newest_first_on_sqlite() {
    story(&Bc::new());
}

#[test]
fn audit_prints_the_trail_newest_first_on_postgres() {
    let pg = FreshPostgres::create();
    let mut bc = Bc::new();
    bc.database_url = Some(pg.url.clone());
    story(&bc);
}
