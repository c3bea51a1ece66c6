//! `backcalm log` and `backcalm history`: pain check-ins.

use super::{print_json, print_text, terminal_width, Globals};
use crate::args::{LogArgs, RangeArgs};
use crate::clock::{local_tz, wall_now};
use crate::failure::{refuse_field, Refusal};
use crate::text::table::{cuts, render, Column};
use backcalm_app::{rescreen_given_days, week_ending};
use backcalm_core::insights::DayPain;
use backcalm_core::journal::view::CheckInView;
use backcalm_core::safety::support::{after_check_in, check_in_concerns};
use backcalm_core::safety::CrisisNumbers;
use backcalm_core::{CheckIn, CheckInDraft, Defaults};
use backcalm_store::{DayRange, Insert, ScreenRecord, Store};
use uuid::Uuid;

/// `log`: validate everything first, then store, then print only the id.
///
/// When the check-in calls for the safety screen again (core's
/// `should_rescreen`), a short notice goes to stderr; stdout stays the id.
pub fn log(g: &Globals, a: &LogArgs) -> anyhow::Result<()> {
    let tz = local_tz()?;
    let journal = g.journal()?;
    let draft = CheckInDraft {
        id: None,
        recorded_at: a.at.clone(),
        tz: None,
        pain: Some(a.pain),
        stress: a.stress,
        sleep: a.sleep,
        feel: a.feel.clone(),
        regions: a.regions.clone(),
        activity: a.activity.clone(),
        note: a.note.clone(),
        flare: a.flare.then_some(true),
    };
    let defaults = Defaults {
        now: wall_now(),
        tz,
        new_id: Uuid::new_v4(),
    };
    let checkin = draft.validate(&defaults).map_err(refuse_field)?;
    let rt = crate::journal::runtime()?;
    let (stored, notice, support) = rt.block_on(async {
        let store = journal.open_for_writing().await?;
        let inserted = store.insert_checkin(&checkin).await;
        let (notice, support) = match &inserted {
            Ok(_) => (
                rescreen_check(&store, &checkin).await,
                support_check(&store, &checkin).await,
            ),
            Err(_) => (None, None),
        };
        store.close().await;
        let stored = match inserted? {
            Insert::Created(c) | Insert::Existing(c) => c,
        };
        anyhow::Ok((stored, notice, support))
    })?;
    print_text(&format!("{}\n", stored.id))?;
    // Crisis lines first: they matter most. On stderr, so stdout stays the id.
    if let Some(support) = support {
        eprintln!("{support}");
    }
    if let Some(notice) = notice {
        eprintln!("{notice}");
    }
    Ok(())
}

/// Core's gentle message with crisis lines, when the check-in calls for it
/// (pain 10 with stress 10, or words of self-harm); the person's own numbers,
/// or the defaults when the settings cannot be read.
async fn support_check(store: &Store, c: &CheckIn) -> Option<String> {
    if check_in_concerns(c).is_empty() {
        return None;
    }
    let numbers = match store.settings().await {
        Ok(s) => s.crisis_numbers(),
        Err(_) => CrisisNumbers::default(),
    };
    let s = after_check_in(c, &numbers)?;
    let width = super::terminal_width().unwrap_or(80).min(80);
    let mut text = format!("\n{}\n", s.heading);
    for line in crate::text::wrap(&s.message, width) {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str("Your check-in is saved. Your numbers at any time: backcalm help-now\n");
    Some(text)
}

/// Reads what the rescreen rule needs; a read that fails only costs the notice.
async fn rescreen_check(store: &Store, c: &CheckIn) -> Option<String> {
    // The week's daily means, added up by the database, without this check-in.
    let week = store
        .daily_pain(&week_ending(c.local_date()), Some(c.id))
        .await
        .ok()?;
    let latest_screen = store.latest_screen().await.ok()?;
    rescreen_notice(c, &week, latest_screen.as_ref())
}

/// The notice suggesting `backcalm screen`, when the check-in calls for it
/// and no screen was taken since (`backcalm_app::rescreen_given_days`, the
/// rule the web app's home page applies).
fn rescreen_notice(
    c: &CheckIn,
    week_without_it: &[DayPain],
    latest_screen: Option<&ScreenRecord>,
) -> Option<String> {
    let why = rescreen_given_days(c, week_without_it, latest_screen)?;
    Some(format!(
        "{} Please take the warning-signs check now: backcalm screen",
        why.words()
    ))
}

/// Checks `--from`/`--to` and turns them into the store's day range.
pub fn day_range(a: &RangeArgs) -> anyhow::Result<DayRange> {
    if let (Some(from), Some(to)) = (a.from, a.to) {
        if from > to {
            return Err(Refusal(format!(
                "--from {from} is after --to {to}; give the earlier day first"
            ))
            .into());
        }
    }
    Ok(DayRange {
        from: a.from,
        to: a.to,
    })
}

/// `history`
pub fn history(g: &Globals, a: &RangeArgs) -> anyhow::Result<()> {
    let range = day_range(a)?;
    let mut checkins = g.journal()?.checkins(&range)?;
    checkins.sort_by_key(|c| (c.recorded_at, c.id));
    if a.json {
        let view: Vec<CheckInView<'_>> = checkins.iter().map(CheckInView::from).collect();
        return print_json(&view);
    }
    if checkins.is_empty() {
        let line = match (a.from, a.to) {
            (None, None) => "No check-ins yet. Log one with: backcalm log --pain 4".to_string(),
            _ => format!("No check-ins {}.", describe_range(a)),
        };
        return print_text(&format!("{line}\n"));
    }
    print_text(&table(&checkins, terminal_width()))
}

/// "from 2026-03-01 to 2026-03-31", for an empty result.
pub fn describe_range(a: &RangeArgs) -> String {
    match (a.from, a.to) {
        (Some(f), Some(t)) => format!("from {f} to {t}"),
        (Some(f), None) => format!("from {f} on"),
        (None, Some(t)) => format!("up to {t}"),
        (None, None) => String::new(),
    }
}

/// Check-ins as a table, in each record's own local time.
fn table(checkins: &[CheckIn], width: Option<usize>) -> String {
    let columns = [
        Column::fixed("Date"),
        Column::fixed("Time"),
        Column::number("Pain"),
        Column::number("Stress"),
        Column::number("Sleep"),
        Column::text("Feel", 8),
        Column::text("Where", 8),
        Column::text("Note", 20),
    ];
    let opt =
        |r: Option<backcalm_core::Rating>| r.map(|r| r.to_string()).unwrap_or_else(|| "-".into());
    let rows: Vec<Vec<String>> = checkins
        .iter()
        .map(|c| {
            let local = c.recorded_at.to_zoned(c.tz.zone());
            let note = match (&c.activity, &c.note) {
                (Some(act), Some(n)) => format!("{} ({})", n.as_str(), act.as_str()),
                (Some(act), None) => format!("({})", act.as_str()),
                (None, Some(n)) => n.as_str().to_string(),
                (None, None) => String::new(),
            };
            vec![
                local.date().to_string(),
                local.strftime("%H:%M").to_string(),
                c.pain.to_string(),
                opt(c.stress),
                opt(c.sleep),
                c.flare
                    .then_some("flare")
                    .into_iter()
                    .chain(c.feel.iter().map(|f| f.id()))
                    .collect::<Vec<_>>()
                    .join(", "),
                c.regions
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                note.replace('\n', " "),
            ]
        })
        .collect();
    let mut out = render(&columns, &rows, width);
    let n = checkins.len();
    out.push_str(&format!(
        "\n{n} check-in{}.\n",
        if n == 1 { "" } else { "s" }
    ));
    if cuts(&columns, &rows, width) {
        out.push_str("Some text was cut to fit; `backcalm history --json` shows all of it.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use backcalm_core::TzName;

    fn checkin() -> CheckIn {
        let d = Defaults {
            now: "2026-03-29T12:00:00Z".parse().expect("instant"),
            tz: TzName::new("Europe/London").expect("zone"),
            new_id: Uuid::from_u128(1),
        };
        CheckInDraft {
            pain: Some(6),
            stress: Some(3),
            feel: vec!["dull-ache".into()],
            regions: vec!["lower-back-left".into()],
            activity: Some("gardening".into()),
            note: Some("stiff".into()),
            recorded_at: Some("2026-03-29T07:45:00Z".into()),
            ..Default::default()
        }
        .validate(&d)
        .expect("valid")
    }

    fn pain_at(pain: i64, at: &str, feel: &[&str], n: u128) -> CheckIn {
        let d = Defaults {
            now: "2026-04-01T00:00:00Z".parse().expect("instant"),
            tz: TzName::new("Europe/London").expect("zone"),
            new_id: Uuid::from_u128(n),
        };
        CheckInDraft {
            pain: Some(pain),
            feel: feel.iter().map(|f| f.to_string()).collect(),
            recorded_at: Some(at.into()),
            ..Default::default()
        }
        .validate(&d)
        .expect("valid")
    }

    #[test]
    fn the_notice_says_why_and_what_to_run() {
        let checkins: Vec<CheckIn> = (1..=3)
            .map(|d| pain_at(4, &format!("2026-03-{:02}T09:00:00Z", 20 + d), &[], d))
            .collect();
        let week = backcalm_core::insights::daily_pain(&checkins);
        let seven = pain_at(7, "2026-03-24T09:00:00Z", &[], 10);
        assert_eq!(
            rescreen_notice(&seven, &week, None).as_deref(),
            Some("Your pain is 3 or more points above your average for the past week. Please take the warning-signs check now: backcalm screen")
        );
        let numb = pain_at(2, "2026-03-24T09:00:00Z", &["numbness-or-weakness"], 12);
        assert_eq!(
            rescreen_notice(&numb, &[], None).as_deref(),
            Some("You noted numbness or weakness. Please take the warning-signs check now: backcalm screen")
        );
        assert_eq!(rescreen_notice(&seven, &week[..2], None), None);
        // A screen taken since the check-in has answered it already.
        let screen = ScreenRecord::stored(
            Uuid::from_u128(99),
            "2026-03-24T10:00:00Z".parse().expect("instant"),
            TzName::utc(),
            Default::default(),
            backcalm_core::safety::Action::None,
        );
        assert_eq!(rescreen_notice(&seven, &week, Some(&screen)), None);
    }

    #[test]
    fn json_view_keeps_the_contract_field_names() {
        let c = checkin();
        let v = serde_json::to_value(CheckInView::from(&c)).expect("serializes");
        assert_eq!(v["recorded_at"], "2026-03-29T08:45:00+01:00");
        assert_eq!(v["tz"], "Europe/London");
        assert_eq!(v["pain"], 6);
        assert_eq!(v["sleep"], serde_json::Value::Null);
        assert_eq!(v["feel"], serde_json::json!(["dull-ache"]));
        assert_eq!(v["where"], serde_json::json!(["lower-back-left"]));
        assert_eq!(v["activity"], "gardening");
        assert_eq!(v["note"], "stiff");
    }

    #[test]
    fn table_shows_local_time_and_fits_the_width() {
        let t = table(&[checkin()], Some(80));
        let lines: Vec<&str> = t.lines().collect();
        assert!(
            lines[0].starts_with("Date        Time   Pain  Stress  Sleep"),
            "{t}"
        );
        assert!(
            lines[1].starts_with("2026-03-29  08:45     6       3      -"),
            "{t}"
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 80), "{t}");
        assert!(t.contains("\n1 check-in.\n"), "{t}");
        assert!(
            t.ends_with("`backcalm history --json` shows all of it.\n"),
            "{t}"
        );
        assert!(table(&[checkin()], None).ends_with("\n1 check-in.\n"));
    }

    #[test]
    fn a_backwards_range_is_refused() {
        let a = RangeArgs {
            from: "2026-03-02".parse().ok(),
            to: "2026-03-01".parse().ok(),
            json: false,
        };
        let err = day_range(&a).expect_err("backwards");
        assert_eq!(
            crate::failure::exit_code(&err),
            crate::failure::EXIT_REFUSED
        );
    }
}
