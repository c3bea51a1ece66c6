//! Hosted mode's accounts (migration 0005): who may sign in, their one-time
//! links (an invitation, a password reset) and their signed-in sessions
//! ("logins"; `sessions` are practice sessions).
//!
//! These are the server's records, not one person's: they are read before
//! anyone is known to be asking, so they carry no `owner`. The store keeps
//! what it is given and reads no clock: tokens arrive already hashed
//! (`backcalm_auth::TokenHash`), passwords as argon2id PHC strings, and every
//! "now" and expiry is the caller's.

use crate::columns::Columns;
use crate::db::{StoredRow, Value};
use crate::{Store, StoreError};
use backcalm_auth::{Attempts, PasswordHash, Role, TokenHash, Username};
use jiff::Timestamp;
use uuid::Uuid;

/// Someone who may sign in to a hosted server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The account's id; also the `owner` of its journal rows.
    pub id: Uuid,
    /// What it may do.
    pub role: Role,
    /// The name others see (e.g. on a clinician's patient list).
    pub name: String,
    /// Chosen when the invitation was accepted; `None` until then.
    pub username: Option<String>,
    /// When the invitation was made.
    pub created_at: Timestamp,
    /// When an admin disabled it; a disabled account cannot sign in.
    pub disabled_at: Option<Timestamp>,
}

impl Account {
    /// Whether it can sign in: set up, and not disabled.
    pub fn active(&self) -> bool {
        self.username.is_some() && self.disabled_at.is_none()
    }
}

/// What a one-time link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Set up a new account: choose a username and a password.
    Invite,
    /// Choose a new password.
    Reset,
}

impl LinkPurpose {
    fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Invite => "invite",
            LinkPurpose::Reset => "reset",
        }
    }
}

/// Why a one-time link could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedeemError {
    /// No such link, or it was used, or it expired, or its account is disabled:
    /// one answer for all, so a link reveals nothing about the others.
    #[error("this link is not valid any more; ask for a new one")]
    NotValid,
    /// Someone already has that username.
    #[error("that username is taken; choose another")]
    UsernameTaken,
}

const ACCOUNT_COLUMNS: &str = "id, role, name, username, created_at, disabled_at";

fn account_row(row: &dyn StoredRow) -> Result<Account, StoreError> {
    let r = Columns::new(row, "accounts");
    let role_text = r.text("role")?;
    let role = role_text
        .parse::<Role>()
        .map_err(|e| r.corrupt("role", e))?;
    Ok(Account {
        id: r.id()?,
        role,
        name: r.text("name")?,
        username: r.opt_text("username")?,
        created_at: r.instant("created_at")?,
        disabled_at: r.opt_instant("disabled_at")?,
    })
}

/// An account with its password hash, for signing in.
fn account_with_password(row: &dyn StoredRow) -> Result<(Account, Option<String>), StoreError> {
    let account = account_row(row)?;
    let hash = Columns::new(row, "accounts").opt_text("password_hash")?;
    Ok((account, hash))
}

/// A signed-in session's account and times.
fn login_row(row: &dyn StoredRow) -> Result<Login, StoreError> {
    let account = account_row(row)?;
    let r = Columns::new(row, "logins");
    Ok(Login {
        account,
        created_at: r.instant("login_created_at")?,
        last_seen_at: r.instant("last_seen_at")?,
    })
}

/// A signed-in session as stored: whose, since when, last used when.
/// Whether it has expired is the caller's rule (idle and absolute limits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// The account signed in.
    pub account: Account,
    /// When it signed in.
    pub created_at: Timestamp,
    /// When the session was last used.
    pub last_seen_at: Timestamp,
}

fn purpose_row(row: &dyn StoredRow) -> Result<(Account, String), StoreError> {
    let account = account_row(row)?;
    let purpose = Columns::new(row, "invitations").text("purpose")?;
    Ok((account, purpose))
}

impl Store {
    /// Makes an account (not yet set up: no username or password).
    pub async fn create_account(
        &self,
        id: Uuid,
        role: Role,
        name: &str,
        now: Timestamp,
    ) -> Result<Account, StoreError> {
        self.db
            .execute(
                INSERT_ACCOUNT.into(),
                insert_account_values(id, role, name, now),
            )
            .await?;
        Ok(new_account(id, role, name, now))
    }

    /// A new account and its invitation link, both or neither: an account
    /// that no link can ever open is never left behind.
    pub async fn invite_account(
        &self,
        id: Uuid,
        role: Role,
        name: &str,
        token: &TokenHash,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<Account, StoreError> {
        let mut tx = self.db.begin().await?;
        tx.execute(
            INSERT_ACCOUNT.into(),
            insert_account_values(id, role, name, now),
        )
        .await?;
        tx.execute(
            INSERT_LINK.into(),
            vec![
                Value::text(token.as_str()),
                Value::Uuid(id),
                Value::text(LinkPurpose::Invite.as_str()),
                Value::Instant(now),
                Value::Instant(expires_at),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(new_account(id, role, name, now))
    }

    /// The account with this id.
    pub async fn account(&self, id: Uuid) -> Result<Option<Account>, StoreError> {
        let rows = self
            .db
            .fetch(
                format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"),
                vec![Value::Uuid(id)],
                account_row,
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    /// Every account, oldest first.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.db
            .fetch(
                format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, id"),
                Vec::new(),
                account_row,
            )
            .await
    }

    /// The account that signs in as `username`, with its password hash.
    pub async fn account_for_sign_in(
        &self,
        username: &Username,
    ) -> Result<Option<(Account, Option<PasswordHash>)>, StoreError> {
        let rows = self
            .db
            .fetch(
                format!(
                    "SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE username = $1"
                ),
                vec![Value::text(username.as_str())],
                account_with_password,
            )
            .await?;
        let Some((account, hash)) = rows.into_iter().next() else {
            return Ok(None);
        };
        let hash = match hash {
            Some(text) => Some(PasswordHash::parse(&text).map_err(|_| StoreError::Corrupt {
                table: "accounts",
                column: "password_hash",
                id: account.id.to_string(),
                problem: "is not an argon2id password hash".into(),
            })?),
            None => None,
        };
        Ok(Some((account, hash)))
    }

    /// Disables an account and ends all its sessions; `false` if there is none.
    pub async fn disable_account(&self, id: Uuid, now: Timestamp) -> Result<bool, StoreError> {
        let mut tx = self.db.begin().await?;
        let changed = tx
            .execute(
                "UPDATE accounts SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL".into(),
                vec![Value::Instant(now), Value::Uuid(id)],
            )
            .await?;
        tx.execute(
            "DELETE FROM logins WHERE account_id = $1".into(),
            vec![Value::Uuid(id)],
        )
        .await?;
        tx.commit().await?;
        Ok(changed > 0)
    }

    /// Whether hosted mode can start: an admin who can sign in, or an
    /// admin invitation still open at `now`.
    pub async fn admin_ready(&self, now: Timestamp) -> Result<bool, StoreError> {
        let rows = self
            .db
            .fetch(
                "SELECT COUNT(*) AS n FROM accounts a WHERE a.role = 'admin' \
                 AND a.disabled_at IS NULL AND (a.username IS NOT NULL OR EXISTS ( \
                   SELECT 1 FROM invitations i WHERE i.account_id = a.id \
                   AND i.purpose = 'invite' AND i.used_at IS NULL AND i.expires_at > $1))"
                    .into(),
                vec![Value::Instant(now)],
                crate::count_row,
            )
            .await?;
        Ok(rows.first().copied().unwrap_or(0) > 0)
    }

    /// Keeps a one-time link for `account` (only the token's hash).
    pub async fn create_link(
        &self,
        account: Uuid,
        token: &TokenHash,
        purpose: LinkPurpose,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await?;
        // A new link replaces the account's older open ones of the same
        // purpose: a reset link printed by mistake, or lost, stops working
        // as soon as a new one is made. They end now, as if expired.
        tx.execute(
            "UPDATE invitations SET expires_at = $1 \
             WHERE account_id = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1"
                .into(),
            vec![
                Value::Instant(now),
                Value::Uuid(account),
                Value::text(purpose.as_str()),
            ],
        )
        .await?;
        tx.execute(
            INSERT_LINK.into(),
            vec![
                Value::text(token.as_str()),
                Value::Uuid(account),
                Value::text(purpose.as_str()),
                Value::Instant(now),
                Value::Instant(expires_at),
            ],
        )
        .await?;
        tx.commit().await
    }

    /// The account and purpose of a link that can still be used at `now`.
    pub async fn open_link(
        &self,
        token: &TokenHash,
        now: Timestamp,
    ) -> Result<Option<(Account, LinkPurpose)>, StoreError> {
        let rows = self
            .db
            .fetch(
                format!(
                    "SELECT {}, i.purpose FROM invitations i JOIN accounts a ON a.id = i.account_id \
                     WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 \
                     AND a.disabled_at IS NULL",
                    prefixed("a")
                ),
                vec![Value::text(token.as_str()), Value::Instant(now)],
                purpose_row,
            )
            .await?;
        Ok(rows.into_iter().next().map(|(account, purpose)| {
            let purpose = if purpose == "reset" {
                LinkPurpose::Reset
            } else {
                LinkPurpose::Invite
            };
            (account, purpose)
        }))
    }

    /// Uses a one-time link: sets the password (and, for an invitation, the
    /// username) and marks the link used, in one transaction. A reset also
    /// ends every session of the account.
    pub async fn redeem_link(
        &self,
        token: &TokenHash,
        username: Option<&Username>,
        password: &PasswordHash,
        now: Timestamp,
    ) -> Result<Result<Account, RedeemError>, StoreError> {
        let Some((account, purpose)) = self.open_link(token, now).await? else {
            return Ok(Err(RedeemError::NotValid));
        };
        let mut tx = self.db.begin().await?;
        // Marking it used first makes a second, simultaneous use find nothing.
        let claimed = tx
            .execute(
                "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL"
                    .into(),
                vec![Value::Instant(now), Value::text(token.as_str())],
            )
            .await?;
        if claimed == 0 {
            return Ok(Err(RedeemError::NotValid));
        }
        let username = match (purpose, username) {
            (LinkPurpose::Invite, Some(u)) => {
                let taken = tx
                    .fetch(
                        "SELECT COUNT(*) AS n FROM accounts WHERE username = $1".into(),
                        vec![Value::text(u.as_str())],
                        crate::count_row,
                    )
                    .await?;
                if taken.first().copied().unwrap_or(0) > 0 {
                    return Ok(Err(RedeemError::UsernameTaken));
                }
                Some(u.as_str().to_string())
            }
            _ => account.username.clone(),
        };
        tx.execute(
            "UPDATE accounts SET username = $1, password_hash = $2 WHERE id = $3".into(),
            vec![
                Value::Text(username.clone()),
                Value::text(password.as_str()),
                Value::Uuid(account.id),
            ],
        )
        .await?;
        if purpose == LinkPurpose::Reset {
            tx.execute(
                "DELETE FROM logins WHERE account_id = $1".into(),
                vec![Value::Uuid(account.id)],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(Account {
            username,
            ..account
        }))
    }

    /// Replaces an account's password hash (a rehash at sign-in with stronger parameters).
    pub async fn set_password_hash(
        &self,
        account: Uuid,
        password: &PasswordHash,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE accounts SET password_hash = $1 WHERE id = $2".into(),
                vec![Value::text(password.as_str()), Value::Uuid(account)],
            )
            .await?;
        Ok(())
    }

    /// Keeps a new signed-in session (only the token's hash).
    pub async fn create_login(
        &self,
        token: &TokenHash,
        account: Uuid,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "INSERT INTO logins (token_hash, account_id, created_at, last_seen_at) \
                 VALUES ($1, $2, $3, $3)"
                    .into(),
                vec![
                    Value::text(token.as_str()),
                    Value::Uuid(account),
                    Value::Instant(now),
                ],
            )
            .await?;
        Ok(())
    }

    /// The session with this token, with its account, if it exists.
    pub async fn login(&self, token: &TokenHash) -> Result<Option<Login>, StoreError> {
        let rows = self
            .db
            .fetch(
                format!(
                    "SELECT {}, l.created_at AS login_created_at, l.last_seen_at \
                     FROM logins l JOIN accounts a ON a.id = l.account_id WHERE l.token_hash = $1",
                    prefixed("a")
                ),
                vec![Value::text(token.as_str())],
                login_row,
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    /// Notes that the session was used at `now` (for the idle limit).
    pub async fn touch_login(&self, token: &TokenHash, now: Timestamp) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE logins SET last_seen_at = $1 WHERE token_hash = $2".into(),
                vec![Value::Instant(now), Value::text(token.as_str())],
            )
            .await?;
        Ok(())
    }

    /// Ends one session; `false` if there was none.
    pub async fn end_login(&self, token: &TokenHash) -> Result<bool, StoreError> {
        let n = self
            .db
            .execute(
                "DELETE FROM logins WHERE token_hash = $1".into(),
                vec![Value::text(token.as_str())],
            )
            .await?;
        Ok(n > 0)
    }

    /// Ends every session of an account; how many there were.
    pub async fn end_logins(&self, account: Uuid) -> Result<u64, StoreError> {
        self.db
            .execute(
                "DELETE FROM logins WHERE account_id = $1".into(),
                vec![Value::Uuid(account)],
            )
            .await
    }

    /// Notes a failed sign-in: the username as typed, and the address it came from.
    pub async fn record_sign_in_failure(
        &self,
        id: Uuid,
        username: &str,
        address: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "INSERT INTO sign_in_failures (id, username, address, at) VALUES ($1, $2, $3, $4)"
                    .into(),
                vec![
                    Value::Uuid(id),
                    Value::text(username),
                    Value::text(address),
                    Value::Instant(at),
                ],
            )
            .await?;
        Ok(())
    }

    /// The failed sign-ins since `since` that count against an attempt as
    /// `username` from `address` (for `backcalm_auth::RateLimit::check`).
    /// Older ones are deleted on the way: they never count again.
    pub async fn sign_in_failures(
        &self,
        username: &str,
        address: &str,
        since: Timestamp,
    ) -> Result<Attempts, StoreError> {
        self.db
            .execute(
                "DELETE FROM sign_in_failures WHERE at <= $1".into(),
                vec![Value::Instant(since)],
            )
            .await?;
        let account = self
            .db
            .fetch(
                "SELECT at FROM sign_in_failures WHERE username = $1 AND at > $2".into(),
                vec![Value::text(username), Value::Instant(since)],
                at_row,
            )
            .await?;
        let address = self
            .db
            .fetch(
                "SELECT at FROM sign_in_failures WHERE address = $1 AND at > $2".into(),
                vec![Value::text(address), Value::Instant(since)],
                at_row,
            )
            .await?;
        Ok(Attempts { account, address })
    }

    /// The same database acting for no one, for hosted mode's own tables
    /// (accounts, logins, share codes, shares, audit), which have no owner.
    /// On PostgreSQL a single statement then runs on its own, without the
    /// transaction and setting a person's statements need: the sign-in
    /// check every request makes is one round trip. A journal table read
    /// through it answers nothing (no row's owner is no one; on PostgreSQL
    /// the policies also refuse a transaction with no person set).
    pub fn server_wide(&self) -> Store {
        Store {
            db: self.db.for_person(crate::db::NO_PERSON),
            schema: self.schema.clone(),
        }
    }

    /// The same journal, acting for `person` (hosted mode: an account's id).
    /// Every statement of the returned store names that owner; on
    /// PostgreSQL its row-level security policies check it again.
    pub fn for_person(&self, person: Uuid) -> Store {
        Store {
            db: self.db.for_person(&person.to_string()),
            schema: self.schema.clone(),
        }
    }
}

/// [`INSERT_ACCOUNT`]'s values.
fn insert_account_values(id: Uuid, role: Role, name: &str, now: Timestamp) -> Vec<Value> {
    vec![
        Value::Uuid(id),
        Value::text(role.as_str()),
        Value::text(name),
        Value::Instant(now),
    ]
}

/// An account just made: no username or password until its link is used.
fn new_account(id: Uuid, role: Role, name: &str, now: Timestamp) -> Account {
    Account {
        id,
        role,
        name: name.to_string(),
        username: None,
        created_at: backcalm_core::time::at_precision(now),
        disabled_at: None,
    }
}

const INSERT_ACCOUNT: &str =
    "INSERT INTO accounts (id, role, name, created_at) VALUES ($1, $2, $3, $4)";
const INSERT_LINK: &str =
    "INSERT INTO invitations (token_hash, account_id, purpose, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5)";

fn at_row(row: &dyn StoredRow) -> Result<Timestamp, StoreError> {
    Columns::new(row, "sign_in_failures").instant("at")
}

/// The account columns, each from table alias `a`, under their own names.
fn prefixed(alias: &str) -> String {
    ACCOUNT_COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
