//! The person's settings: one JSON document (core's [`Settings`]) per owner.

use crate::db::{StoredRow, Value};
use crate::{Store, StoreError};
use backcalm_core::settings::Settings;

fn corrupt(owner: &str, problem: String) -> StoreError {
    StoreError::Corrupt {
        table: "settings",
        column: "body",
        id: owner.to_string(),
        problem,
    }
}

fn body(row: &dyn StoredRow) -> Result<Option<serde_json::Value>, StoreError> {
    row.json("body").map_err(|e| corrupt("(settings)", e))
}

impl Store {
    /// The stored settings, or the defaults when none were saved yet.
    pub async fn settings(&self) -> Result<Settings, StoreError> {
        let owner = self.db.person().to_string();
        let rows = self
            .db
            .fetch(
                "SELECT body FROM settings WHERE owner = $1".into(),
                vec![Value::text(owner.clone())],
                body,
            )
            .await?;
        let Some(Some(body)) = rows.into_iter().next() else {
            return Ok(Settings::default());
        };
        let settings: Settings = serde_json::from_value(body)
            .map_err(|e| corrupt(&owner, format!("is not a settings document ({e})")))?;
        settings
            .check()
            .map_err(|e| corrupt(&owner, e.to_string()))?;
        Ok(settings)
    }

    /// Saves the settings, replacing what was stored. Check them with
    /// [`Settings::check`] first and tell the person what is wrong: settings
    /// that fail their checks read back as [`StoreError::Corrupt`].
    pub async fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        // Settings are plain data (strings, numbers, lists): they always serialize.
        let body = serde_json::to_value(settings).unwrap_or_else(|_| serde_json::json!({}));
        self.db
            .execute(
                "INSERT INTO settings (owner, body) VALUES ($1, $2) \
                 ON CONFLICT (owner) DO UPDATE SET body = excluded.body"
                    .into(),
                vec![Value::text(self.db.person()), Value::Json(body)],
            )
            .await?;
        Ok(())
    }
}
