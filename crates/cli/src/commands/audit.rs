//! `backcalm account audit [--person ID] [--json]`: the audit trail of hosted
//! mode, every read of a person's data by someone else, newest first, for
//! whoever runs the server (as an admin sees it at `GET /api/v1/audit`).

use super::accounts::{account_id, local_minute, read, unknown};
use super::{print_json, print_text, serve_config, terminal_width, Globals};
use crate::args::AuditArgs;
use crate::clock::local_tz;
use crate::text::table::{render, Column};
use backcalm_store::{Account, AuditEntry};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Someone in `account audit --json`.
#[derive(Debug, Serialize)]
struct Named<'a> {
    id: Uuid,
    name: &'a str,
}

/// One entry in `account audit --json`: the API's shape.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    id: Uuid,
    person: Named<'a>,
    actor: Named<'a>,
    action: &'a str,
    address: Option<&'a str>,
    at: String,
}

/// `account audit`
pub fn audit(g: &Globals, a: &AuditArgs) -> anyhow::Result<()> {
    let person = a.person.as_deref().map(account_id).transpose()?;
    let (globals, _) = serve_config::server(g, a.config.as_deref(), None)?;
    let journal = globals.journal()?;
    let found = read(&journal, |store| async move {
        let accounts = store.accounts().await?;
        let entries = store.audit(person).await?;
        Ok((accounts, entries))
    })?;
    let (accounts, entries) = found.unwrap_or_default();
    if let Some(p) = person {
        if !accounts.iter().any(|acc| acc.id == p) {
            return Err(unknown(p));
        }
    }
    let names: HashMap<Uuid, &str> = accounts
        .iter()
        .map(|acc: &Account| (acc.id, acc.name.as_str()))
        .collect();
    let name = |id: Uuid| names.get(&id).copied().unwrap_or("(unknown)");
    if a.json {
        let listed: Vec<Entry> = entries
            .iter()
            .map(|e| Entry {
                id: e.id,
                person: Named {
                    id: e.person_id,
                    name: name(e.person_id),
                },
                actor: Named {
                    id: e.actor_id,
                    name: name(e.actor_id),
                },
                action: &e.action,
                address: e.address.as_deref(),
                at: e.at.to_string(),
            })
            .collect();
        return print_json(&listed);
    }
    if entries.is_empty() {
        return print_text("No one has read anyone else's data.\n");
    }
    print_text(&table(&entries, &name, &local_tz()?, terminal_width()))
}

/// The trail as a table for people, times in the local zone.
fn table<'a>(
    entries: &[AuditEntry],
    name: &dyn Fn(Uuid) -> &'a str,
    tz: &backcalm_core::TzName,
    width: Option<usize>,
) -> String {
    let columns = [
        Column::fixed("When"),
        Column::text("Whose", 12),
        Column::text("Read by", 12),
        Column::text("What", 20),
        Column::fixed("From"),
    ];
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                local_minute(e.at, tz),
                name(e.person_id).to_string(),
                name(e.actor_id).to_string(),
                e.action.clone(),
                e.address.clone().unwrap_or_else(|| "-".to_string()),
            ]
        })
        .collect();
    render(&columns, &rows, width)
}
