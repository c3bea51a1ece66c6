//! Hosted mode's accounts in the store (migration 0005), on SQLite and
//! PostgreSQL: one-time links, signing in, sessions, disabling, and one
//! journal per person through `Store::for_person`.

use crate::fixtures::{at, checkin, with_fresh_postgres};
use backcalm_auth::{PasswordHash, Role, Scope, ShareCode, Token, Username};
use backcalm_store::{AuditEntry, DayRange, LinkPurpose, RedeemError, ShareError, Store};
use uuid::Uuid;

async fn accounts_story(store: &Store) {
    let now = at("2026-06-01T09:00:00Z");
    let week = at("2026-06-08T09:00:00Z");
    assert!(
        !store.admin_ready(now).await.expect("ready?"),
        "no admin yet"
    );

    // An admin invitation makes the server ready to start, until it expires.
    let admin = store
        .create_account(Uuid::from_u128(0xad), Role::Admin, "Ada", now)
        .await
        .expect("account");
    let invite = Token::generate().expect("token");
    store
        .create_link(admin.id, &invite.hash(), LinkPurpose::Invite, now, week)
        .await
        .expect("link");
    assert!(store.admin_ready(now).await.expect("ready?"));
    assert!(!store.admin_ready(week).await.expect("ready?"), "expired");
    assert_eq!(
        store.open_link(&invite.hash(), now).await.expect("open"),
        Some((admin.clone(), LinkPurpose::Invite))
    );

    // Accepting it sets the username and password, once.
    let name = Username::parse("ada").expect("username");
    let password = PasswordHash::generate("correct horse battery");
    let accepted = store
        .redeem_link(&invite.hash(), Some(&name), &password, now)
        .await
        .expect("redeem")
        .expect("a valid link");
    assert_eq!(accepted.username.as_deref(), Some("ada"));
    assert!(accepted.active());
    assert_eq!(
        store
            .redeem_link(&invite.hash(), Some(&name), &password, now)
            .await
            .expect("redeem"),
        Err(RedeemError::NotValid),
        "a used link is not valid"
    );
    assert!(
        store.admin_ready(week).await.expect("ready?"),
        "a real admin"
    );

    // A second account cannot take the same username.
    let sam = store
        .create_account(Uuid::from_u128(0x5a), Role::Patient, "Sam", now)
        .await
        .expect("account");
    let sam_link = Token::generate().expect("token");
    store
        .create_link(sam.id, &sam_link.hash(), LinkPurpose::Invite, now, week)
        .await
        .expect("link");
    assert_eq!(
        store
            .redeem_link(&sam_link.hash(), Some(&name), &password, now)
            .await
            .expect("redeem"),
        Err(RedeemError::UsernameTaken)
    );

    // Signing in finds the account and its hash; sessions come and go.
    let (found, hash) = store
        .account_for_sign_in(&name)
        .await
        .expect("lookup")
        .expect("ada exists");
    assert_eq!(found.id, admin.id);
    assert!(hash.expect("a password").verify("correct horse battery"));
    let session = Token::generate().expect("token");
    store
        .create_login(&session.hash(), admin.id, now)
        .await
        .expect("login");
    let later = at("2026-06-02T09:00:00Z");
    store
        .touch_login(&session.hash(), later)
        .await
        .expect("touch");
    let login = store
        .login(&session.hash())
        .await
        .expect("read")
        .expect("signed in");
    assert_eq!(
        (login.account.id, login.created_at, login.last_seen_at),
        (admin.id, now, later)
    );

    // A reset link sets a new password and ends every session. A second
    // reset link made for the account ends the first one.
    let lost = Token::generate().expect("token");
    store
        .create_link(admin.id, &lost.hash(), LinkPurpose::Reset, now, week)
        .await
        .expect("link");
    assert!(store
        .open_link(&lost.hash(), now)
        .await
        .expect("open")
        .is_some());
    let reset = Token::generate().expect("token");
    store
        .create_link(admin.id, &reset.hash(), LinkPurpose::Reset, now, week)
        .await
        .expect("link");
    assert_eq!(
        store.open_link(&lost.hash(), now).await.expect("open"),
        None,
        "the older reset link ended when the new one was made"
    );
    assert!(store
        .open_link(&reset.hash(), now)
        .await
        .expect("open")
        .is_some());
    let new_password = PasswordHash::generate("a brand new passphrase");
    let after = store
        .redeem_link(&reset.hash(), None, &new_password, later)
        .await
        .expect("redeem")
        .expect("valid");
    assert_eq!(after.username.as_deref(), Some("ada"), "the username stays");
    assert_eq!(store.login(&session.hash()).await.expect("read"), None);

    // Disabling ends sessions and closes the account's links.
    let again = Token::generate().expect("token");
    store
        .create_login(&again.hash(), admin.id, later)
        .await
        .expect("login");
    assert!(store
        .disable_account(admin.id, later)
        .await
        .expect("disable"));
    assert!(!store.disable_account(admin.id, later).await.expect("again"));
    assert_eq!(store.login(&again.hash()).await.expect("read"), None);
    let disabled = store.account(admin.id).await.expect("read").expect("kept");
    assert!(!disabled.active());
    assert_eq!(store.accounts().await.expect("list").len(), 2);
    assert_eq!(
        store
            .open_link(&sam_link.hash(), now)
            .await
            .expect("open")
            .map(|(a, _)| a.id),
        Some(sam.id)
    );

    // One journal per person: neither sees, changes nor deletes the other's.
    let sams = store.for_person(sam.id);
    let adas = store.for_person(admin.id);
    let c = checkin(0x5a01, "2026-06-01T08:00:00Z", "Europe/London");
    sams.insert_checkin(&c).await.expect("insert");
    assert_eq!(
        sams.checkins(&DayRange::all()).await.expect("read"),
        vec![c.clone()]
    );
    assert_eq!(adas.checkins(&DayRange::all()).await.expect("read"), vec![]);
    assert_eq!(adas.checkin(c.id).await.expect("read"), None);
    assert!(!adas.update_checkin(&c).await.expect("update"));
    assert!(!adas.delete_checkin(c.id).await.expect("delete"));
    assert_eq!(
        store.checkins(&DayRange::all()).await.expect("read"),
        vec![],
        "nor the server, acting for no one"
    );
    assert_eq!(adas.delete_everything().await.expect("erase").total(), 0);
    assert_eq!(sams.count_checkins().await.expect("count"), 1);

    sharing_story(store, sam.id).await;
    sign_in_failures_are_counted_by_name_and_address(store).await;
}

/// Failed sign-ins are kept in the database (so every server counts them),
/// by the name typed and by address; those older than the window go.
async fn sign_in_failures_are_counted_by_name_and_address(store: &Store) {
    let limit = backcalm_auth::RateLimit::default();
    let start = at("2026-06-04T09:00:00Z");
    for (n, (name, address)) in [
        ("sam", "192.0.2.1"),
        ("sam", "192.0.2.2"),
        ("nobody", "192.0.2.1"),
    ]
    .into_iter()
    .enumerate()
    {
        let when = start + jiff::SignedDuration::from_mins(i64::try_from(n).expect("small"));
        store
            .record_sign_in_failure(Uuid::from_u128(0xf0 + n as u128), name, address, when)
            .await
            .expect("record");
    }
    let now = at("2026-06-04T09:10:00Z");
    let counted = store
        .sign_in_failures("sam", "192.0.2.1", limit.since(now))
        .await
        .expect("read");
    assert_eq!((counted.account.len(), counted.address.len()), (2, 2));
    // Fifteen minutes after the first, it no longer counts (and is gone).
    let later = at("2026-06-04T09:15:30Z");
    let counted = store
        .sign_in_failures("sam", "192.0.2.1", limit.since(later))
        .await
        .expect("read");
    assert_eq!((counted.account.len(), counted.address.len()), (1, 1));
}

/// A clinician's code, a person's share with scopes, revoking, and the audit trail.
async fn sharing_story(store: &Store, sam: Uuid) {
    let now = at("2026-06-03T09:00:00Z");
    let week = at("2026-06-10T09:00:00Z");
    let kim = store
        .create_account(Uuid::from_u128(0xc1), Role::Clinician, "Dr Kim", now)
        .await
        .expect("clinician");
    let code = ShareCode::generate().expect("code");
    store
        .create_share_code(&code.hash(), kim.id, now, week)
        .await
        .expect("code kept");
    // A typo, then the code as read aloud (grouped, lower case).
    let typo = ShareCode::parse("0000-0000-0000").expect("a code");
    assert_eq!(
        store
            .share_with_code(
                &typo.hash(),
                sam,
                Uuid::from_u128(0x5e),
                &[Scope::Checkins],
                now
            )
            .await
            .expect("share"),
        Err(ShareError::NotValid)
    );
    let typed = ShareCode::parse(&code.grouped().to_lowercase()).expect("typed");
    let share = store
        .share_with_code(
            &typed.hash(),
            sam,
            Uuid::from_u128(0x5e),
            &[Scope::Sessions, Scope::Checkins],
            now,
        )
        .await
        .expect("share")
        .expect("a valid code");
    assert_eq!(
        (share.person_name.as_str(), share.clinician_name.as_str()),
        ("Sam", "Dr Kim")
    );
    assert_eq!(
        share.scopes,
        vec![Scope::Checkins, Scope::Sessions],
        "in order, once"
    );
    assert!(share.allows(Scope::Checkins) && !share.allows(Scope::Notes));
    assert_eq!(
        store
            .share_with_code(
                &code.hash(),
                sam,
                Uuid::from_u128(0x5f),
                &[Scope::Notes],
                now
            )
            .await
            .expect("share"),
        Err(ShareError::NotValid),
        "a code is used once"
    );
    assert_eq!(
        store.shares_of_person(sam).await.expect("list"),
        vec![share.clone()]
    );
    assert_eq!(
        store.shares_with_clinician(kim.id).await.expect("list"),
        vec![share.clone()]
    );
    assert_eq!(
        store.share_between(sam, kim.id).await.expect("between"),
        Some(share.clone())
    );

    // A clinician cannot share with themselves.
    let own = ShareCode::generate().expect("code");
    store
        .create_share_code(&own.hash(), kim.id, now, week)
        .await
        .expect("code kept");
    assert_eq!(
        store
            .share_with_code(
                &own.hash(),
                kim.id,
                Uuid::from_u128(0x60),
                &[Scope::Notes],
                now
            )
            .await
            .expect("share"),
        Err(ShareError::OwnCode)
    );

    // A code works until it expires, not at that instant or after.
    let late = ShareCode::generate().expect("code");
    store
        .create_share_code(&late.hash(), kim.id, now, week)
        .await
        .expect("code kept");
    for when in [week, at("2026-06-11T09:00:00Z")] {
        assert_eq!(
            store
                .share_with_code(
                    &late.hash(),
                    sam,
                    Uuid::from_u128(0x61),
                    &[Scope::Checkins],
                    when
                )
                .await
                .expect("share"),
            Err(ShareError::NotValid),
            "at {when}"
        );
    }

    // Every look is on record; the person reads their own trail.
    let look = AuditEntry {
        id: Uuid::from_u128(0xa0),
        person_id: sam,
        actor_id: kim.id,
        action: "GET /api/v1/patients/{id}/checkins".into(),
        address: Some("192.0.2.7".into()),
        at: now,
    };
    store.append_audit(&look).await.expect("append");
    assert_eq!(
        store.audit(Some(sam)).await.expect("trail"),
        vec![look.clone()]
    );
    assert_eq!(store.audit(Some(kim.id)).await.expect("trail"), vec![]);
    assert_eq!(
        store.audit(None).await.expect("everyone's"),
        vec![look.clone()]
    );

    // Many looks at once (a patient list) are all kept, past one
    // statement's worth of rows; a batch with a bad row keeps none.
    let batch: Vec<AuditEntry> = (1..=1201_u128)
        .map(|i| AuditEntry {
            id: Uuid::from_u128(0xa000 + i),
            action: "GET /api/v1/patients".into(),
            at: now
                .checked_add(jiff::SignedDuration::from_micros(
                    i64::try_from(i).expect("small"),
                ))
                .expect("in range"),
            ..look.clone()
        })
        .collect();
    store.append_audits(&batch).await.expect("append many");
    let trail = store.audit(Some(sam)).await.expect("trail");
    assert_eq!(trail.len(), 1202);
    assert_eq!(trail.first(), batch.last(), "newest first");
    assert_eq!(trail.last(), Some(&look));
    let mut again = batch[..3].to_vec();
    again[2].id = Uuid::from_u128(0xb000);
    again[0].id = Uuid::from_u128(0xb001);
    assert!(
        store.append_audits(&again).await.is_err(),
        "an id already kept"
    );
    assert_eq!(store.audit(Some(sam)).await.expect("trail").len(), 1202);

    // Revoking takes effect at once; revoking again finds nothing; only the person can.
    assert!(!store
        .revoke_share(kim.id, share.id, now)
        .await
        .expect("not hers"));
    assert!(store
        .revoke_share(sam, share.id, now)
        .await
        .expect("revoke"));
    assert!(!store.revoke_share(sam, share.id, now).await.expect("again"));
    assert_eq!(
        store.share_between(sam, kim.id).await.expect("between"),
        None
    );
    assert_eq!(
        store.shares_with_clinician(kim.id).await.expect("list"),
        vec![]
    );
}

/// An invitation makes the account and its link together, or neither.
async fn invitations_are_whole(store: &Store, now: jiff::Timestamp, week: jiff::Timestamp) {
    let token = Token::generate().expect("token");
    let lee = Uuid::from_u128(0x1ee);
    let made = store
        .invite_account(lee, Role::Patient, "Lee", &token.hash(), now, week)
        .await
        .expect("invite");
    assert_eq!((made.id, made.name.as_str()), (lee, "Lee"));
    let (opened, purpose) = store
        .open_link(&token.hash(), now)
        .await
        .expect("open")
        .expect("the link opens");
    assert_eq!((opened.id, purpose), (lee, LinkPurpose::Invite));
    // The same link hash again cannot be stored, so no account is made either.
    let orphan = Uuid::from_u128(0x0bad);
    assert!(store
        .invite_account(orphan, Role::Patient, "Nobody", &token.hash(), now, week)
        .await
        .is_err());
    assert_eq!(store.account(orphan).await.expect("read"), None);
    assert_eq!(store.accounts().await.expect("list").len(), 1);
}

#[tokio::test]
async fn sqlite_invitations_are_whole() {
    let store = Store::open("sqlite::memory:").await.expect("open");
    invitations_are_whole(
        &store,
        at("2026-06-01T09:00:00Z"),
        at("2026-06-08T09:00:00Z"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_invitations_are_whole() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        invitations_are_whole(
            &store,
            at("2026-06-01T09:00:00Z"),
            at("2026-06-08T09:00:00Z"),
        )
        .await;
        store.close().await;
    })
    .await;
}

#[tokio::test]
async fn sqlite_accounts_story() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_sqlite_file(&dir.path().join("server.db"))
        .await
        .expect("open");
    // As hosted mode's server runs it: acting for no one.
    accounts_story(&store.server_wide()).await;
    store.close().await;
    // Nothing in backcalm changes or removes an audit entry; in SQLite
    // triggers refuse it too (PostgreSQL's grants: tests/store/rls.rs).
    let url = format!("sqlite://{}", dir.path().join("server.db").display());
    for change in ["UPDATE audit SET action = 'nothing'", "DELETE FROM audit"] {
        let refused = crate::fixtures::raw_execute(&url, change, &[]).await;
        assert!(
            refused.as_ref().is_err_and(|e| e.contains("append-only")),
            "{change}: {refused:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_accounts_story() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        accounts_story(&store.server_wide()).await;
        store.close().await;
    })
    .await;
}
