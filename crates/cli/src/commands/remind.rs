//! `backcalm remind add | list | remove`: daily reminders, one a day unless
//! the person asks for more (core's `reminder::validate_new`).

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::{RemindAddArgs, RemindListArgs, RemindRemoveArgs};
use crate::clock::local_tz;
use crate::failure::Refusal;
use crate::text::table::{render, Column};
use anyhow::Context;
use backcalm_core::reminder::{format_time, validate_new, Reminder, ReminderError};
use backcalm_core::settings::MAX_REMINDERS_PER_DAY;
use uuid::Uuid;

/// `remind add`: checks the time and label, then the one-a-day rule, then stores; prints the id.
pub fn add(g: &Globals, a: &RemindAddArgs) -> anyhow::Result<()> {
    let tz = local_tz()?;
    let journal = g.journal()?;
    let new = Reminder::new(
        Uuid::new_v4(),
        &a.time,
        tz,
        a.label.as_deref().unwrap_or(""),
    )
    .map_err(|e| refuse(&e))?;
    let rt = crate::journal::runtime()?;
    let stored = rt.block_on(async {
        let store = journal.open_for_writing().await?;
        let added = async {
            let existing = store.reminders().await?;
            let settings = store.settings().await?;
            // The settings may allow more a day; --allow-more asks for it once.
            let allow_more = a.allow_more || settings.reminders_per_day > 1;
            validate_new(&existing, &new, allow_more).map_err(|e| refuse(&e))?;
            let cap = if a.allow_more {
                usize::from(MAX_REMINDERS_PER_DAY)
            } else {
                usize::from(settings.reminders_per_day)
            };
            if existing.len() >= cap {
                return Err(Refusal(format!(
                    "there are already {} daily reminders, the most backcalm sets ({cap}); \
                     remove one first with `backcalm remind remove ID`",
                    existing.len()
                ))
                .into());
            }
            anyhow::Ok(store.insert_reminder(&new).await?.into_inner())
        }
        .await;
        store.close().await;
        added
    })?;
    print_text(&format!("{}\n", stored.id))
}

/// A reminder problem as the person typed it, naming the flag for a label.
fn refuse(e: &ReminderError) -> anyhow::Error {
    let text = match e {
        ReminderError::LabelTooLong { .. } => format!("--label: {e}"),
        ReminderError::OneADay { .. } => format!("{e} (add --allow-more)"),
        _ => e.to_string(),
    };
    Refusal(text).into()
}

/// `remind list`
pub fn list(g: &Globals, a: &RemindListArgs) -> anyhow::Result<()> {
    let journal = g.journal()?;
    let rt = crate::journal::runtime()?;
    let reminders = rt.block_on(async {
        let Some(store) = journal.open_for_reading().await? else {
            return anyhow::Ok(Vec::new());
        };
        let found = store.reminders().await;
        store.close().await;
        Ok(found?)
    })?;
    if a.json {
        return print_json(&reminders);
    }
    if reminders.is_empty() {
        return print_text("No reminders. Add a daily one with: backcalm remind add 08:30\n");
    }
    let columns = [
        Column::fixed("Time"),
        Column::fixed("Zone"),
        Column::text("Label", 12),
        Column::fixed("Id"),
    ];
    let rows: Vec<Vec<String>> = reminders
        .iter()
        .map(|r| {
            vec![
                format_time(r.time),
                r.tz.to_string(),
                r.label.clone(),
                r.id.to_string(),
            ]
        })
        .collect();
    let mut text = render(&columns, &rows, terminal_width());
    text.push_str("\nFor your calendar app: backcalm export --format ics -o reminders.ics\n");
    print_text(&text)
}

/// `remind remove`
pub fn remove(g: &Globals, a: &RemindRemoveArgs) -> anyhow::Result<()> {
    let id = Uuid::parse_str(a.id.trim()).map_err(|_| {
        Refusal(format!(
            "{:?} is not a reminder id; copy the id from `backcalm remind list`",
            a.id
        ))
    })?;
    let journal = g.journal()?;
    let rt = crate::journal::runtime()?;
    let removed = rt
        .block_on(async {
            let Some(store) = journal.open_for_reading().await? else {
                return anyhow::Ok(false);
            };
            let removed = store.delete_reminder(id).await;
            store.close().await;
            Ok(removed?)
        })
        .context("the reminder was not removed")?;
    if !removed {
        return Err(Refusal(format!(
            "there is no reminder {id}; see yours with `backcalm remind list`"
        ))
        .into());
    }
    print_text(&format!("Removed the reminder {id}.\n"))
}
