//! The person's settings: one JSON document (core's [`Settings`]) per owner.

use crate::{Store, StoreError};
use backcalm_core::settings::Settings;
use sqlx::Row;

/// A personal journal has one owner; clinic mode will pass its own.
const OWNER: &str = "local";

impl Store {
    /// The stored settings, or the defaults when none were saved yet.
    pub async fn settings(&self) -> Result<Settings, StoreError> {
        let row = sqlx::query("SELECT body FROM settings WHERE owner = $1")
            .bind(OWNER)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(Settings::default());
        };
        let body: String = row.try_get("body")?;
        let corrupt = |problem: String| StoreError::Corrupt {
            table: "settings",
            column: "body",
            id: OWNER.to_string(),
            problem,
        };
        let settings: Settings = serde_json::from_str(&body)
            .map_err(|e| corrupt(format!("is not a settings document ({e})")))?;
        settings.check().map_err(|e| corrupt(e.to_string()))?;
        Ok(settings)
    }

    /// Saves the settings, replacing what was stored. Check them with
    /// [`Settings::check`] first and tell the person what is wrong: settings
    /// that fail their checks read back as [`StoreError::Corrupt`].
    pub async fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let body = serde_json::to_string(settings).unwrap_or_else(|_| "{}".into());
        sqlx::query(
            "INSERT INTO settings (owner, body) VALUES ($1, $2) \
             ON CONFLICT (owner) DO UPDATE SET body = excluded.body",
        )
        .bind(OWNER)
        .bind(body)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
