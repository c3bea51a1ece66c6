//! `backcalm sessions`: practice sessions from the journal.

use super::checkins::{day_range, describe_range};
use super::{print_json, print_text, terminal_width, Globals};
use crate::args::RangeArgs;
use crate::text::table::{cuts, render, Column};
use backcalm_core::journal::view::SessionView;
use backcalm_core::{Rating, SessionRecord};

/// Time practised in words, never "0 minutes" for a short first try.
fn practised_words(total_s: u64) -> String {
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if total_s < 60 {
        plural(total_s, "second")
    } else {
        plural(total_s / 60, "minute")
    }
}

/// `sessions`
pub fn list(g: &Globals, a: &RangeArgs) -> anyhow::Result<()> {
    let range = day_range(a)?;
    let journal = g.journal()?;
    let rt = crate::journal::runtime()?;
    let mut sessions = rt.block_on(async {
        let Some(store) = journal.open_for_reading().await? else {
            return anyhow::Ok(Vec::new());
        };
        let found = store.sessions(&range).await;
        store.close().await;
        Ok(found?)
    })?;
    sessions.sort_by_key(|s| (s.started_at, s.id));
    if a.json {
        let view: Vec<SessionView<'_>> = sessions.iter().map(SessionView::from).collect();
        return print_json(&view);
    }
    if sessions.is_empty() {
        let line = match (a.from, a.to) {
            (None, None) => {
                "No practice sessions yet. Try a short one with: backcalm practice play paced-breathing".to_string()
            }
            _ => format!("No practice sessions {}.", describe_range(a)),
        };
        return print_text(&format!("{line}\n"));
    }
    print_text(&table(&sessions, terminal_width()))
}

/// "6 → 4", "6 → -", or empty when neither was given.
fn before_after(before: Option<Rating>, after: Option<Rating>) -> String {
    let show = |r: Option<Rating>| r.map(|r| r.to_string()).unwrap_or_else(|| "-".into());
    match (before, after) {
        (None, None) => String::new(),
        _ => format!("{} → {}", show(before), show(after)),
    }
}

fn table(sessions: &[SessionRecord], width: Option<usize>) -> String {
    let columns = [
        Column::fixed("Date"),
        Column::fixed("Time"),
        Column::text("Practice", 10),
        Column::fixed("Practised"),
        Column::fixed("Finished"),
        Column::fixed("Pain"),
        Column::fixed("Stress"),
        Column::text("Note", 10),
    ];
    let rows: Vec<Vec<String>> = sessions
        .iter()
        .map(|s| {
            let local = s.started_at.to_zoned(s.tz.zone());
            let planned = if s.minutes == 0 {
                "open".to_string()
            } else {
                format!("{} min", s.minutes)
            };
            vec![
                local.date().to_string(),
                local.strftime("%H:%M").to_string(),
                match &s.variant {
                    Some(v) => format!("{} ({v})", s.practice),
                    None => s.practice.clone(),
                },
                format!(
                    "{} of {planned}",
                    crate::text::mm_ss(u64::from(s.actual_s) * 1000)
                ),
                if s.completed { "yes" } else { "no" }.to_string(),
                before_after(s.pain_before, s.pain_after),
                before_after(s.stress_before, s.stress_after),
                s.note
                    .as_ref()
                    .map(|n| n.as_str().replace('\n', " "))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let mut out = render(&columns, &rows, width);
    let n = sessions.len();
    let total_s: u64 = sessions.iter().map(|s| u64::from(s.actual_s)).sum();
    out.push_str(&format!(
        "\n{n} session{}, {} practised.\n",
        if n == 1 { "" } else { "s" },
        practised_words(total_s)
    ));
    if cuts(&columns, &rows, width) {
        out.push_str("Some text was cut to fit; `backcalm sessions --json` shows all of it.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::{Defaults, SessionDraft, TzName};
    use uuid::Uuid;

    #[test]
    fn time_practised_is_never_zero_minutes() {
        assert_eq!(practised_words(0), "0 seconds");
        assert_eq!(practised_words(1), "1 second");
        assert_eq!(practised_words(18), "18 seconds");
        assert_eq!(practised_words(60), "1 minute");
        assert_eq!(practised_words(150), "2 minutes");
    }

    fn session() -> SessionRecord {
        let d = Defaults {
            now: "2026-03-29T12:00:00Z".parse().expect("instant"),
            tz: TzName::new("Europe/London").expect("zone"),
            new_id: Uuid::from_u128(2),
        };
        SessionDraft {
            practice: Some("paced-breathing".into()),
            variant: Some("relaxed".into()),
            minutes: Some(2),
            actual_s: Some(120),
            started_at: Some("2026-03-29T07:00:00Z".into()),
            pain_before: Some(6),
            pain_after: Some(4),
            ..Default::default()
        }
        .validate(&d, |_| true)
        .expect("valid")
    }

    #[test]
    fn json_view_has_the_web_api_fields() {
        let s = session();
        let v = serde_json::to_value(SessionView::from(&s)).expect("serializes");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "id",
            "practice",
            "variant",
            "minutes",
            "started_at",
            "tz",
            "actual_s",
            "completed",
            "pain_before",
            "pain_after",
            "stress_before",
            "stress_after",
            "pleasantness",
            "regions",
            "note",
        ] {
            assert!(keys.contains(&key), "missing {key}: {v}");
        }
        assert_eq!(v["started_at"], "2026-03-29T08:00:00+01:00");
        assert_eq!(v["completed"], true);
    }

    #[test]
    fn table_reads_well() {
        let t = table(&[session()], None);
        assert!(
            t.contains(
                "2026-03-29  08:00  paced-breathing (relaxed)  02:00 of 2 min  yes       6 → 4"
            ),
            "{t}"
        );
        assert!(t.ends_with("1 session, 2 minutes practised.\n"), "{t}");
    }
}
