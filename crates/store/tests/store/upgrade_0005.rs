//! Web Push (issue #14, migration 0006): a hosted server's database made by
//! the release before it (schema version 5) opens with today's code, is
//! migrated, and every account, session, link, share, audit entry and
//! journal record is still there, each person's journal still their own. A
//! SQLite file keeps a copy of itself first. The fixtures in `data/` were
//! made once from `hosted_0005.rs` (`data/README.md` has the command).

use crate::fixtures::with_fresh_postgres;
use crate::hosted_0005::{hosted_0005, ANA, BEN, DR_CHO};
use crate::previous_journal::at_todays_precision;
use backcalm_auth::TokenHash;
use backcalm_store::{
    copy_before_migration, verify_backup, AnswerFilter, DayRange, PushKeys, Schema, Store,
};
use sqlx::postgres::PgPoolOptions;
use std::path::Path;

const SQLITE_FIXTURE: &str = "tests/store/data/hosted-schema-0005.sqlite";
const POSTGRES_FIXTURE: &str = "tests/store/data/postgres-schema-0005.sql";

/// Every record of the fixture, read back through today's store.
async fn everything_is_there(store: &Store) {
    let f = hosted_0005();
    let server = store.server_wide();

    let accounts = server.accounts().await.expect("accounts");
    let mut got: Vec<_> = accounts
        .iter()
        .map(|a| {
            (
                a.id,
                a.role,
                a.name.clone(),
                a.username.clone(),
                a.created_at,
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<_> = f
        .accounts
        .iter()
        .map(|a| {
            (
                a.id,
                a.role,
                a.name.to_string(),
                Some(a.username.to_string()),
                f.made_at,
            )
        })
        .collect();
    want.sort();
    assert_eq!(got, want, "every account, set up as it was");
    assert!(accounts.iter().all(|a| a.active()));
    let ana_name = crate::hosted_0005::username(&f.accounts[2]);
    let (_, hash) = server
        .account_for_sign_in(&ana_name)
        .await
        .expect("sign-in lookup")
        .expect("ana can still sign in");
    assert_eq!(
        hash.as_ref().map(|h| h.as_str()),
        Some(crate::hosted_0005::password_hash().as_str()),
        "the password hash"
    );

    for (token, account) in &f.logins {
        let login = server.login(token).await.expect("login").expect("kept");
        assert_eq!(login.account.id, *account);
        assert_eq!(
            (login.created_at, login.last_seen_at),
            (f.made_at, f.made_at)
        );
    }
    let reset = TokenHash::from_stored("7f".repeat(32));
    let (account, _) = server
        .open_link(&reset, f.made_at)
        .await
        .expect("link")
        .expect("the open reset link is still open");
    assert_eq!(account.id, BEN);

    let ana_shares = server.shares_of_person(ANA).await.expect("shares");
    assert_eq!(ana_shares.len(), 1);
    let live = &f.shares[0];
    assert_eq!(
        (
            ana_shares[0].id,
            ana_shares[0].person_id,
            ana_shares[0].clinician_id
        ),
        (live.id, live.person, live.clinician)
    );
    assert_eq!(ana_shares[0].scopes, live.scopes);
    assert_eq!(live.revoked_at, None);
    let revoked = &f.shares[1];
    assert_eq!(revoked.person, BEN);
    assert!(revoked.revoked_at.is_some());
    assert!(
        server
            .shares_of_person(BEN)
            .await
            .expect("shares")
            .is_empty(),
        "the revoked share stays revoked"
    );
    for used in [&live.code, &revoked.code] {
        assert!(
            server
                .share_with_code(
                    used,
                    BEN,
                    uuid::Uuid::from_u128(0x5C0),
                    &live.scopes,
                    f.made_at
                )
                .await
                .expect("share")
                .is_err(),
            "a used share code stays used"
        );
    }
    let with_cho = server.shares_with_clinician(DR_CHO).await.expect("shares");
    assert_eq!(
        with_cho.iter().map(|s| s.person_id).collect::<Vec<_>>(),
        vec![ANA]
    );

    let mut audit: Vec<_> = server
        .audit(None)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| (e.id, e.person_id, e.actor_id, e.action, e.address, e.at))
        .collect();
    audit.sort();
    let mut want_audit: Vec<_> = f
        .audit
        .iter()
        .map(|(id, p, a, action)| {
            (
                *id,
                *p,
                *a,
                action.to_string(),
                Some("192.0.2.7".to_string()),
                f.made_at,
            )
        })
        .collect();
    want_audit.sort();
    assert_eq!(audit, want_audit, "the audit trail, entry for entry");

    // Each person's journal, and only theirs.
    let ana = server.for_person(ANA);
    let expected = at_todays_precision(f.ana);
    let mut checkins = expected.checkins.clone();
    checkins.sort_by_key(|c| (c.local_date(), c.recorded_at, c.id));
    assert_eq!(
        ana.checkins(&DayRange::all()).await.expect("read"),
        checkins
    );
    let mut sessions = expected.sessions.clone();
    sessions.sort_by_key(|s| (s.local_date(), s.started_at, s.id));
    assert_eq!(
        ana.sessions(&DayRange::all()).await.expect("read"),
        sessions
    );
    let mut answers = expected.answers.clone();
    answers.sort_by_key(|a| (a.answered_at, a.id));
    assert_eq!(
        ana.questionnaire_answers(&AnswerFilter::default())
            .await
            .expect("read"),
        answers
    );
    assert_eq!(ana.screens().await.expect("read"), expected.screens);
    assert_eq!(ana.reminders().await.expect("read"), expected.reminders);
    assert_eq!(ana.settings().await.expect("read"), expected.settings);

    let ben = server.for_person(BEN);
    let mut ben_checkins: Vec<_> = f
        .ben_checkins
        .into_iter()
        .map(|mut c| {
            c.recorded_at = backcalm_core::time::at_precision(c.recorded_at);
            c
        })
        .collect();
    ben_checkins.sort_by_key(|c| (c.local_date(), c.recorded_at, c.id));
    assert_eq!(
        ben.checkins(&DayRange::all()).await.expect("read"),
        ben_checkins
    );
    assert!(ben
        .sessions(&DayRange::all())
        .await
        .expect("read")
        .is_empty());
    assert_eq!(ben.reminders().await.expect("read"), vec![f.ben_reminder]);

    // The clinician's open share code still works once.
    let (code, clinician, expires) = &f.open_code;
    assert!(*expires > f.made_at);
    let share = server
        .share_with_code(
            code,
            BEN,
            uuid::Uuid::from_u128(0x5C1),
            &[backcalm_auth::Scope::Checkins],
            f.made_at,
        )
        .await
        .expect("share")
        .expect("the open code is still open");
    assert_eq!(share.clinician_id, *clinician);

    // The new tables are there and empty: no key until a server starts, no device yet.
    assert!(server
        .live_push_subscriptions(jiff::Timestamp::UNIX_EPOCH, jiff::Timestamp::UNIX_EPOCH)
        .await
        .expect("subscriptions")
        .is_empty());
    let offered = PushKeys {
        private_key: "private".to_string(),
        public_key: "public".to_string(),
    };
    assert_eq!(
        server.push_keys(&offered, f.made_at).await.expect("keys"),
        offered
    );
}

fn fixture(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[tokio::test]
async fn a_hosted_sqlite_database_of_schema_5_keeps_every_record_and_a_copy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("server.sqlite");
    std::fs::copy(fixture(SQLITE_FIXTURE), &path).expect("copy the fixture");
    let store = Store::open_sqlite_file(&path).await.expect("opens");
    assert_eq!(
        store.schema(),
        &Schema {
            before: Some(5),
            now: 6,
            copy: Some(copy_before_migration(&path, 6)),
        }
    );
    everything_is_there(&store).await;
    store.close().await;
    let copy = copy_before_migration(&path, 6);
    let info = verify_backup(&copy).await.expect("the copy is a backup");
    assert_eq!(info.schema_version, 5, "the copy is the database as it was");
    assert_eq!((info.checkins, info.sessions, info.answers), (5, 3, 2));
}

#[tokio::test]
async fn a_hosted_postgres_database_of_schema_5_keeps_every_record() {
    let dump = std::fs::read_to_string(fixture(POSTGRES_FIXTURE)).expect("read the dump");
    with_fresh_postgres(|url| async move {
        let raw = PgPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .expect("connect");
        sqlx::raw_sql(&dump)
            .execute(&raw)
            .await
            .expect("the schema-0005 database loads");
        raw.close().await;
        let store = Store::open(&url).await.expect("opens");
        assert_eq!(
            (store.schema().before, store.schema().now),
            (Some(5), 6),
            "migrated from 5 to 6"
        );
        everything_is_there(&store).await;
        store.close().await;
    })
    .await;
}
