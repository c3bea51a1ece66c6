//! Hosted mode's accounts in the store (migration 0005), on SQLite and
//! PostgreSQL: one-time links, signing in, sessions, disabling, and one
//! journal per person through `Store::for_person`.

use crate::fixtures::{at, checkin, with_fresh_postgres};
use backcalm_auth::{PasswordHash, Role, Token, Username};
use backcalm_store::{DayRange, LinkPurpose, RedeemError, Store};
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

    // A reset link sets a new password and ends every session.
    let reset = Token::generate().expect("token");
    store
        .create_link(admin.id, &reset.hash(), LinkPurpose::Reset, now, week)
        .await
        .expect("link");
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
        "nor the local journal"
    );
    assert_eq!(adas.delete_everything().await.expect("erase").total(), 0);
    assert_eq!(sams.count_checkins().await.expect("count"), 1);
}

#[tokio::test]
async fn sqlite_accounts_story() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_sqlite_file(&dir.path().join("server.db"))
        .await
        .expect("open");
    accounts_story(&store).await;
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_accounts_story() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        accounts_story(&store).await;
        store.close().await;
    })
    .await;
}
