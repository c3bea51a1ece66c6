//! Web Push's tables in the store (migration 0006), on SQLite and
//! PostgreSQL: one key pair for every server, a device's subscription tied
//! to its session, and a reminder sent once a day whichever server sends it.

use crate::fixtures::{at, with_fresh_postgres};
use backcalm_auth::{Role, Token};
use backcalm_store::{PushKeys, PushSubscription, SavedPush, Store};
use jiff::civil::date;
use jiff::Timestamp;
use uuid::Uuid;

fn keys(n: u8) -> PushKeys {
    PushKeys {
        private_key: format!("private-{n}"),
        public_key: format!("public-{n}"),
    }
}

fn device(n: u128, account: Uuid, now: Timestamp) -> PushSubscription {
    PushSubscription {
        id: Uuid::from_u128(0xD0 + n),
        endpoint: format!("https://push.example/device-{n}"),
        account_id: account,
        p256dh: format!("key-{n}"),
        auth: format!("auth-{n}"),
        created_at: now,
    }
}

pub async fn push_story(server: &Store) {
    let now = at("2026-06-01T09:00:00Z");
    let long_ago = at("2026-01-01T00:00:00Z");

    // The first key offered is kept; a second server gets that one, not its own.
    assert_eq!(
        server.push_keys(&keys(1), now).await.expect("keys"),
        keys(1)
    );
    assert_eq!(
        server.push_keys(&keys(2), now).await.expect("keys"),
        keys(1)
    );

    let ana = server
        .create_account(Uuid::from_u128(0xA), Role::Patient, "Ana", now)
        .await
        .expect("account")
        .id;
    let ben = server
        .create_account(Uuid::from_u128(0xB), Role::Patient, "Ben", now)
        .await
        .expect("account")
        .id;
    let ana_phone = Token::generate().expect("token").hash();
    let ana_laptop = Token::generate().expect("token").hash();
    let ben_phone = Token::generate().expect("token").hash();
    for (login, who) in [(&ana_phone, ana), (&ana_laptop, ana), (&ben_phone, ben)] {
        server.create_login(login, who, now).await.expect("login");
    }

    // A device once; saving it again is the same subscription.
    let phone = device(1, ana, now);
    assert_eq!(
        server
            .save_push_subscription(&phone, &ana_phone)
            .await
            .expect("save"),
        (phone.clone(), SavedPush::Created)
    );
    let mut again = phone.clone();
    again.id = Uuid::from_u128(0xFF);
    assert_eq!(
        server
            .save_push_subscription(&again, &ana_phone)
            .await
            .expect("save"),
        (phone.clone(), SavedPush::Existing),
        "the stored one, with its id"
    );
    let laptop = device(2, ana, now);
    server
        .save_push_subscription(&laptop, &ana_laptop)
        .await
        .expect("save");
    assert_eq!(
        server.push_subscriptions_of(ana).await.expect("list"),
        vec![phone.clone(), laptop.clone()]
    );

    // Ben signs in on Ana's laptop's browser: the device is his now, not both.
    let mut taken = device(2, ben, now);
    taken.id = Uuid::from_u128(0xE2);
    assert_eq!(
        server
            .save_push_subscription(&taken, &ben_phone)
            .await
            .expect("save")
            .1,
        SavedPush::Created
    );
    assert_eq!(
        server.push_subscriptions_of(ana).await.expect("list"),
        vec![phone.clone()]
    );
    assert_eq!(
        server.push_subscriptions_of(ben).await.expect("list"),
        vec![taken.clone()]
    );
    assert_eq!(
        server
            .live_push_subscriptions(long_ago, long_ago)
            .await
            .expect("live")
            .len(),
        2
    );

    // Only the owner removes a device.
    assert!(!server
        .delete_push_subscription(ben, phone.id)
        .await
        .expect("delete"));
    assert!(server
        .delete_push_subscription(ben, taken.id)
        .await
        .expect("delete"));
    assert!(server
        .push_subscriptions_of(ben)
        .await
        .expect("list")
        .is_empty());

    // Signing out takes the session's devices with it.
    assert!(server.end_login(&ana_phone).await.expect("sign out"));
    assert!(server
        .push_subscriptions_of(ana)
        .await
        .expect("list")
        .is_empty());

    // A session unused since before the idle cut-off, or too old, reaches no device.
    server
        .save_push_subscription(&laptop, &ana_laptop)
        .await
        .expect("save");
    let live = |seen: &str, created: &str| server.live_push_subscriptions(at(seen), at(created));
    assert_eq!(
        live("2026-05-31T00:00:00Z", "2026-05-01T00:00:00Z")
            .await
            .expect("live"),
        vec![laptop.clone()]
    );
    assert!(live("2026-06-01T09:00:00Z", "2026-05-01T00:00:00Z")
        .await
        .expect("live")
        .is_empty());
    assert!(live("2026-05-31T00:00:00Z", "2026-06-01T09:00:00Z")
        .await
        .expect("live")
        .is_empty());

    // A gone endpoint is forgotten.
    assert!(server
        .forget_push_endpoint(&laptop.endpoint)
        .await
        .expect("forget"));
    assert!(!server
        .forget_push_endpoint(&laptop.endpoint)
        .await
        .expect("forget"));

    // Disabling an account ends its sessions, and its devices with them.
    server
        .save_push_subscription(&laptop, &ana_laptop)
        .await
        .expect("save");
    assert!(server.disable_account(ana, now).await.expect("disable"));
    assert!(server
        .push_subscriptions_of(ana)
        .await
        .expect("list")
        .is_empty());

    // One claim per reminder and local day; the next day is a new one.
    let reminder = Uuid::from_u128(0x7);
    let day = date(2026, 6, 1);
    assert!(server
        .claim_push(ana, reminder, day, now)
        .await
        .expect("claim"));
    assert!(!server
        .claim_push(ana, reminder, day, now)
        .await
        .expect("claim"));
    assert!(server
        .claim_push(ana, reminder, date(2026, 6, 2), now)
        .await
        .expect("claim"));
    assert_eq!(
        server
            .forget_push_marks(date(2026, 6, 2))
            .await
            .expect("forget"),
        1
    );
    assert!(
        server
            .claim_push(ana, reminder, day, now)
            .await
            .expect("claim"),
        "a mark forgotten can be claimed again"
    );
}

#[tokio::test]
async fn sqlite_push_story() {
    let store = Store::open("sqlite::memory:").await.expect("open");
    push_story(&store.server_wide()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_push_story() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        push_story(&store.server_wide()).await;
        store.close().await;
    })
    .await;
}

/// Two servers claiming the same reminders at once send each exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_two_servers_claim_each_reminder_once() {
    with_fresh_postgres(|url| async move {
        let one = Store::open(&url).await.expect("open").server_wide();
        let two = Store::open(&url).await.expect("open").server_wide();
        let now = at("2026-06-01T09:00:00Z");
        let who = one
            .create_account(Uuid::from_u128(0xA), Role::Patient, "Ana", now)
            .await
            .expect("account")
            .id;
        let day = date(2026, 6, 1);
        let claims = (0..50u128).map(|n| {
            let (one, two) = (one.clone(), two.clone());
            tokio::spawn(async move {
                let r = Uuid::from_u128(n);
                let (a, b) = tokio::join!(
                    one.claim_push(who, r, day, now),
                    two.claim_push(who, r, day, now)
                );
                (a.expect("claim"), b.expect("claim"))
            })
        });
        for claim in claims {
            let (a, b) = claim.await.expect("task");
            assert!(a ^ b, "exactly one server claims: {a} {b}");
        }
        one.close().await;
        two.close().await;
    })
    .await;
}
