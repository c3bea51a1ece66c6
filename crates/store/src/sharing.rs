//! Hosted mode's sharing and audit trail (migration 0005): a clinician's
//! one-use share codes, the shares people make with them, and every read of
//! a person's data by someone else.
//!
//! Like accounts, these are the server's records; each method says whose
//! they are by its arguments. Codes arrive hashed; the store reads no clock.

use crate::columns::Columns;
use crate::db::{StoredRow, Value};
use crate::{Store, StoreError};
use backcalm_auth::{Scope, TokenHash};
use jiff::Timestamp;
use uuid::Uuid;

/// A person's journal, shared with one clinician.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// The share's id (what a person revokes).
    pub id: Uuid,
    /// Whose journal.
    pub person_id: Uuid,
    /// The person's name.
    pub person_name: String,
    /// Who sees it.
    pub clinician_id: Uuid,
    /// The clinician's name.
    pub clinician_name: String,
    /// What they see.
    pub scopes: Vec<Scope>,
    /// When it was made.
    pub created_at: Timestamp,
}

impl Share {
    /// Whether `scope` is shared.
    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }
}

/// Why a share code could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// No such code, or used, expired, or its clinician's account disabled.
    #[error("that share code is not valid any more; ask your clinician for a new one")]
    NotValid,
    /// The code is the person's own (a clinician sharing with themselves).
    #[error("that share code is your own; a share is with someone else")]
    OwnCode,
}

/// One read of a person's data by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// The entry's id.
    pub id: Uuid,
    /// Whose data was read.
    pub person_id: Uuid,
    /// Who read it.
    pub actor_id: Uuid,
    /// What was read: the route or the command.
    pub action: String,
    /// From which address, when known.
    pub address: Option<String>,
    /// When.
    pub at: Timestamp,
}

/// A share with both names. The names (and, in the callers' conditions,
/// whether an account is disabled) are looked up one account at a time by
/// its key, as scalar subqueries: a join let PostgreSQL's planner read the
/// whole accounts table for a clinician's fifty patients (bench/load.sh),
/// and a query for one clinician reads no one else's row.
const SHARE_SELECT: &str = "SELECT s.id, s.person_id, \
     (SELECT p.name FROM accounts p WHERE p.id = s.person_id) AS person_name, s.clinician_id, \
     (SELECT c.name FROM accounts c WHERE c.id = s.clinician_id) AS clinician_name, \
     s.scopes, s.created_at FROM shares s";

/// The condition that the account in `column` of `shares s` is not disabled.
fn enabled(column: &str) -> String {
    format!("(SELECT a.disabled_at FROM accounts a WHERE a.id = s.{column}) IS NULL")
}

fn share_row(row: &dyn StoredRow) -> Result<Share, StoreError> {
    let r = Columns::new(row, "shares");
    let names: Vec<String> = r.json("scopes", "a JSON array of scopes")?;
    let scopes = names
        .iter()
        .map(|n| n.parse::<Scope>().map_err(|e| r.corrupt("scopes", e)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Share {
        id: r.id()?,
        person_id: r.uuid("person_id")?,
        person_name: r.text("person_name")?,
        clinician_id: r.uuid("clinician_id")?,
        clinician_name: r.text("clinician_name")?,
        scopes,
        created_at: r.instant("created_at")?,
    })
}

fn audit_row(row: &dyn StoredRow) -> Result<AuditEntry, StoreError> {
    let r = Columns::new(row, "audit");
    Ok(AuditEntry {
        id: r.id()?,
        person_id: r.uuid("person_id")?,
        actor_id: r.uuid("actor_id")?,
        action: r.text("action")?,
        address: r.opt_text("address")?,
        at: r.instant("at")?,
    })
}

fn id_row(row: &dyn StoredRow) -> Result<Uuid, StoreError> {
    Columns::new(row, "share_codes").uuid("clinician_id")
}

/// Scopes as stored: a JSON array of their names, in [`Scope::ALL`] order, once each.
fn scopes_json(scopes: &[Scope]) -> Value {
    let names: Vec<serde_json::Value> = Scope::ALL
        .into_iter()
        .filter(|s| scopes.contains(s))
        .map(|s| serde_json::Value::from(s.as_str()))
        .collect();
    Value::Json(serde_json::Value::Array(names))
}

impl Store {
    /// Keeps a clinician's new share code (only its hash).
    pub async fn create_share_code(
        &self,
        code: &TokenHash,
        clinician: Uuid,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "INSERT INTO share_codes (code_hash, clinician_id, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)"
                    .into(),
                vec![
                    Value::text(code.as_str()),
                    Value::Uuid(clinician),
                    Value::Instant(now),
                    Value::Instant(expires_at),
                ],
            )
            .await?;
        Ok(())
    }

    /// Uses a share code: `person` shares `scopes` with the code's clinician,
    /// as share `id`. The code is then used up. In one transaction.
    pub async fn share_with_code(
        &self,
        code: &TokenHash,
        person: Uuid,
        id: Uuid,
        scopes: &[Scope],
        now: Timestamp,
    ) -> Result<Result<Share, ShareError>, StoreError> {
        let mut tx = self.db.begin().await?;
        let clinician = tx
            .fetch(
                "SELECT k.clinician_id FROM share_codes k JOIN accounts c ON c.id = k.clinician_id \
                 WHERE k.code_hash = $1 AND k.used_at IS NULL AND k.expires_at > $2 \
                 AND c.disabled_at IS NULL AND c.role = 'clinician'"
                    .into(),
                vec![Value::text(code.as_str()), Value::Instant(now)],
                id_row,
            )
            .await?;
        let Some(clinician) = clinician.into_iter().next() else {
            return Ok(Err(ShareError::NotValid));
        };
        if clinician == person {
            return Ok(Err(ShareError::OwnCode));
        }
        let claimed = tx
            .execute(
                "UPDATE share_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL"
                    .into(),
                vec![Value::Instant(now), Value::text(code.as_str())],
            )
            .await?;
        if claimed == 0 {
            return Ok(Err(ShareError::NotValid));
        }
        tx.execute(
            "INSERT INTO shares (id, person_id, clinician_id, scopes, created_at) \
             VALUES ($1, $2, $3, $4, $5)"
                .into(),
            vec![
                Value::Uuid(id),
                Value::Uuid(person),
                Value::Uuid(clinician),
                scopes_json(scopes),
                Value::Instant(now),
            ],
        )
        .await?;
        let share = tx
            .fetch(
                format!("{SHARE_SELECT} WHERE s.id = $1"),
                vec![Value::Uuid(id)],
                share_row,
            )
            .await?;
        tx.commit().await?;
        share
            .into_iter()
            .next()
            .map(Ok)
            .ok_or_else(|| StoreError::Worker("the new share could not be read back".into()))
    }

    /// A person's shares that are in force, oldest first.
    pub async fn shares_of_person(&self, person: Uuid) -> Result<Vec<Share>, StoreError> {
        self.db
            .fetch(
                format!(
                    "{SHARE_SELECT} WHERE s.person_id = $1 AND s.revoked_at IS NULL \
                     ORDER BY s.created_at, s.id"
                ),
                vec![Value::Uuid(person)],
                share_row,
            )
            .await
    }

    /// The shares in force with a clinician, whose accounts are not disabled.
    pub async fn shares_with_clinician(&self, clinician: Uuid) -> Result<Vec<Share>, StoreError> {
        self.db
            .fetch(
                format!(
                    "{SHARE_SELECT} WHERE s.clinician_id = $1 AND s.revoked_at IS NULL \
                     AND {} ORDER BY person_name, s.id",
                    enabled("person_id")
                ),
                vec![Value::Uuid(clinician)],
                share_row,
            )
            .await
    }

    /// The share in force between `person` and `clinician`, if there is one.
    pub async fn share_between(
        &self,
        person: Uuid,
        clinician: Uuid,
    ) -> Result<Option<Share>, StoreError> {
        let rows = self
            .db
            .fetch(
                format!(
                    "{SHARE_SELECT} WHERE s.person_id = $1 AND s.clinician_id = $2 \
                     AND s.revoked_at IS NULL AND {} AND {} \
                     ORDER BY s.created_at DESC, s.id LIMIT 1",
                    enabled("person_id"),
                    enabled("clinician_id")
                ),
                vec![Value::Uuid(person), Value::Uuid(clinician)],
                share_row,
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    /// Revokes one of `person`'s shares; `false` if they have no such share in force.
    pub async fn revoke_share(
        &self,
        person: Uuid,
        id: Uuid,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let n = self
            .db
            .execute(
                "UPDATE shares SET revoked_at = $1 \
                 WHERE id = $2 AND person_id = $3 AND revoked_at IS NULL"
                    .into(),
                vec![Value::Instant(now), Value::Uuid(id), Value::Uuid(person)],
            )
            .await?;
        Ok(n > 0)
    }

    /// Appends one read of a person's data to the audit trail.
    pub async fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        self.append_audits(std::slice::from_ref(entry)).await
    }

    /// Appends several reads at once, all or none: a clinician's patient
    /// list reads fifty people, and fifty inserts each committed on its own
    /// cost fifty waits for the disk where one statement costs one.
    pub async fn append_audits(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        /// Six values a row: SQLite takes 32,766 parameters a statement.
        const ROWS: usize = 1000;
        let mut tx = self.db.begin().await?;
        for chunk in entries.chunks(ROWS) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let n = i * 6;
                    format!(
                        "(${}, ${}, ${}, ${}, ${}, ${})",
                        n + 1,
                        n + 2,
                        n + 3,
                        n + 4,
                        n + 5,
                        n + 6
                    )
                })
                .collect();
            let values = chunk
                .iter()
                .flat_map(|e| {
                    [
                        Value::Uuid(e.id),
                        Value::Uuid(e.person_id),
                        Value::Uuid(e.actor_id),
                        Value::text(e.action.clone()),
                        Value::opt_text(e.address.as_deref()),
                        Value::Instant(e.at),
                    ]
                })
                .collect();
            tx.execute(
                format!(
                    "INSERT INTO audit (id, person_id, actor_id, action, address, at) VALUES {}",
                    rows.join(", ")
                ),
                values,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The audit trail, newest first: of one person's data, or (`None`, for
    /// an admin) of everyone's.
    pub async fn audit(&self, person: Option<Uuid>) -> Result<Vec<AuditEntry>, StoreError> {
        let (filter, args) = match person {
            Some(p) => (" WHERE person_id = $1", vec![Value::Uuid(p)]),
            None => ("", Vec::new()),
        };
        self.db
            .fetch(
                format!(
                    "SELECT id, person_id, actor_id, action, address, at FROM audit{filter} \
                     ORDER BY at DESC, id"
                ),
                args,
                audit_row,
            )
            .await
    }
}
