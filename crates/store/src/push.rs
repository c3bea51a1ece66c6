//! Web Push in hosted mode (migration 0006): the server's VAPID key pair,
//! each device's subscription, and which reminder went out on which day.
//!
//! These are the server's tables, reached through [`Store::server_wide`]:
//! the scheduler reads every signed-in device before it acts for anyone. A
//! subscription belongs to the session it was made in and goes with it
//! (`ON DELETE CASCADE`), so signing out stops a device's reminders.

use crate::columns::Columns;
use crate::db::{StoredRow, Value};
use crate::{Store, StoreError};
use backcalm_auth::TokenHash;
use jiff::civil::Date;
use jiff::Timestamp;
use uuid::Uuid;

/// The server's VAPID key pair, base64url (RFC 8292): the P-256 private
/// scalar and the uncompressed public point.
#[derive(Clone, PartialEq, Eq)]
pub struct PushKeys {
    /// The private key; never shown or logged.
    pub private_key: String,
    /// The public key browsers subscribe with (`applicationServerKey`).
    pub public_key: String,
}

impl std::fmt::Debug for PushKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushKeys")
            .field("private_key", &"[redacted]")
            .field("public_key", &self.public_key)
            .finish()
    }
}

/// A device's push subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushSubscription {
    /// The server's id for it.
    pub id: Uuid,
    /// The push service's address for the device.
    pub endpoint: String,
    /// Whose reminders it receives.
    pub account_id: Uuid,
    /// The device's P-256 public key, base64url (RFC 8291's `ua_public`).
    pub p256dh: String,
    /// The device's 16-byte authentication secret, base64url.
    pub auth: String,
    /// When it was made.
    pub created_at: Timestamp,
}

/// Whether saving a subscription made it or found it as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavedPush {
    /// A new subscription (or one moved from another session or account).
    Created,
    /// The same device, keys and session were there already.
    Existing,
}

const COLUMNS: &str = "s.id, s.endpoint, s.account_id, s.p256dh, s.auth, s.created_at";

fn subscription_row(row: &dyn StoredRow) -> Result<PushSubscription, StoreError> {
    let r = Columns::new(row, "push_subscriptions");
    Ok(PushSubscription {
        id: r.id()?,
        endpoint: r.text("endpoint")?,
        account_id: r.uuid("account_id")?,
        p256dh: r.text("p256dh")?,
        auth: r.text("auth")?,
        created_at: r.instant("created_at")?,
    })
}

fn keys_row(row: &dyn StoredRow) -> Result<PushKeys, StoreError> {
    let r = Columns::new(row, "push_keys");
    Ok(PushKeys {
        private_key: r.text("private_key")?,
        public_key: r.text("public_key")?,
    })
}

fn login_of_row(row: &dyn StoredRow) -> Result<String, StoreError> {
    Columns::new(row, "push_subscriptions").text("login_hash")
}

impl Store {
    /// The server's VAPID keys: the stored pair, or `candidate` kept as the
    /// pair when there is none yet. Several servers starting at once each
    /// offer their own and all get the one stored first.
    pub async fn push_keys(
        &self,
        candidate: &PushKeys,
        now: Timestamp,
    ) -> Result<PushKeys, StoreError> {
        self.db
            .execute(
                "INSERT INTO push_keys (id, private_key, public_key, created_at) \
                 VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING"
                    .into(),
                vec![
                    Value::text(candidate.private_key.as_str()),
                    Value::text(candidate.public_key.as_str()),
                    Value::Instant(now),
                ],
            )
            .await?;
        let rows = self
            .db
            .fetch(
                "SELECT private_key, public_key FROM push_keys WHERE id = 1".into(),
                vec![],
                keys_row,
            )
            .await?;
        rows.into_iter().next().ok_or_else(|| StoreError::Corrupt {
            table: "push_keys",
            column: "id",
            id: "1".to_string(),
            problem: "the key pair just stored is not there".to_string(),
        })
    }

    /// Keeps a device's subscription for `account`, made in the session
    /// `login`. The endpoint names the device: saving it again with the same
    /// keys and session is [`SavedPush::Existing`]; anything else (new keys, a
    /// new session, or another account signed in on the same browser)
    /// replaces what was there, so a device receives one person's reminders.
    pub async fn save_push_subscription(
        &self,
        sub: &PushSubscription,
        login: &TokenHash,
    ) -> Result<(PushSubscription, SavedPush), StoreError> {
        let mut tx = self.db.begin().await?;
        let found = tx
            .fetch(
                format!(
                    "SELECT {COLUMNS}, s.login_hash FROM push_subscriptions s WHERE s.endpoint = $1"
                ),
                vec![Value::text(sub.endpoint.as_str())],
                |row| Ok((subscription_row(row)?, login_of_row(row)?)),
            )
            .await?;
        if let Some((old, old_login)) = found.into_iter().next() {
            let same = old.account_id == sub.account_id
                && old.p256dh == sub.p256dh
                && old.auth == sub.auth
                && old_login == login.as_str();
            if same {
                tx.rollback().await?;
                return Ok((old, SavedPush::Existing));
            }
            tx.execute(
                "DELETE FROM push_subscriptions WHERE id = $1".into(),
                vec![Value::Uuid(old.id)],
            )
            .await?;
        }
        tx.execute(
            "INSERT INTO push_subscriptions \
             (id, endpoint, account_id, login_hash, p256dh, auth, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
                .into(),
            vec![
                Value::Uuid(sub.id),
                Value::text(sub.endpoint.as_str()),
                Value::Uuid(sub.account_id),
                Value::text(login.as_str()),
                Value::text(sub.p256dh.as_str()),
                Value::text(sub.auth.as_str()),
                Value::Instant(sub.created_at),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok((sub.clone(), SavedPush::Created))
    }

    /// The account's devices, oldest first.
    pub async fn push_subscriptions_of(
        &self,
        account: Uuid,
    ) -> Result<Vec<PushSubscription>, StoreError> {
        self.db
            .fetch(
                format!(
                    "SELECT {COLUMNS} FROM push_subscriptions s WHERE s.account_id = $1 \
                     ORDER BY s.created_at, s.id"
                ),
                vec![Value::Uuid(account)],
                subscription_row,
            )
            .await
    }

    /// Removes one of the account's devices; `false` if it has no such one.
    pub async fn delete_push_subscription(
        &self,
        account: Uuid,
        id: Uuid,
    ) -> Result<bool, StoreError> {
        let n = self
            .db
            .execute(
                "DELETE FROM push_subscriptions WHERE id = $1 AND account_id = $2".into(),
                vec![Value::Uuid(id), Value::Uuid(account)],
            )
            .await?;
        Ok(n > 0)
    }

    /// Forgets a device the push service says is gone (404 or 410).
    pub async fn forget_push_endpoint(&self, endpoint: &str) -> Result<bool, StoreError> {
        let n = self
            .db
            .execute(
                "DELETE FROM push_subscriptions WHERE endpoint = $1".into(),
                vec![Value::text(endpoint)],
            )
            .await?;
        Ok(n > 0)
    }

    /// Every device whose session is still live: used since `seen_after`,
    /// begun after `created_after`, by an account that is not disabled.
    /// Ordered by account, so the scheduler reads each journal once.
    pub async fn live_push_subscriptions(
        &self,
        seen_after: Timestamp,
        created_after: Timestamp,
    ) -> Result<Vec<PushSubscription>, StoreError> {
        self.db
            .fetch(
                format!(
                    "SELECT {COLUMNS} FROM push_subscriptions s \
                     JOIN logins l ON l.token_hash = s.login_hash \
                     JOIN accounts a ON a.id = s.account_id \
                     WHERE l.last_seen_at > $1 AND l.created_at > $2 AND a.disabled_at IS NULL \
                     ORDER BY s.account_id, s.created_at, s.id"
                ),
                vec![Value::Instant(seen_after), Value::Instant(created_after)],
                subscription_row,
            )
            .await
    }

    /// Claims the sending of `reminder` on its local day `day`: `true` for
    /// the one caller that adds the mark (it sends), `false` once it is
    /// there, whichever server added it.
    pub async fn claim_push(
        &self,
        account: Uuid,
        reminder: Uuid,
        day: Date,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let n = self
            .db
            .execute(
                "INSERT INTO push_sent (account_id, reminder_id, local_date, sent_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"
                    .into(),
                vec![
                    Value::Uuid(account),
                    Value::Uuid(reminder),
                    Value::Date(day),
                    Value::Instant(now),
                ],
            )
            .await?;
        Ok(n == 1)
    }

    /// Drops the marks of days before `day`; how many went.
    pub async fn forget_push_marks(&self, day: Date) -> Result<u64, StoreError> {
        self.db
            .execute(
                "DELETE FROM push_sent WHERE local_date < $1".into(),
                vec![Value::Date(day)],
            )
            .await
    }
}
