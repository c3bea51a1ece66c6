//! `/insights`: what the journal shows, in charts drawn on the server and in
//! tables of the same numbers, with "not enough data yet" where that is the
//! honest answer (CLINICAL.md: no number below 5 sessions of a technique).

use super::{message_page, render, storage_failed};
use crate::access::Journal;
use crate::charts::{
    baseline_shown, effect_words, effects_chart, minutes_chart, num, pain_chart, point_words,
    signed, Chart, Outcome, PainRange,
};
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use backcalm_core::chart::{bin_pain, Grain, Window};
use backcalm_core::insights::words::{association_words, change_words, ranking_words};
use backcalm_core::insights::{peg_trend, Baseline, Insights, Measure, Topic};
use backcalm_core::instrument::PEG_ID;
use backcalm_store::answer_local_date;
use jiff::civil::Date;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/insights", get(show))
}

struct BaselineView {
    pain: String,
    current: String,
    percent: String,
    label: &'static str,
    heading: &'static str,
    meaning: &'static str,
    from: String,
    to: String,
}

/// One row of the pain table: a day, a week or a month.
struct DayView {
    date: String,
    words: String,
    pain: String,
    n: usize,
    /// The 7-day mean for a day; the days with check-ins for a week or month.
    last: String,
}

/// One of the ranges offered above the chart.
struct RangeLink {
    id: &'static str,
    label: &'static str,
    current: bool,
}

struct WeekView {
    start: String,
    words: String,
    minutes: String,
    goal: String,
    met: &'static str,
}

struct TechniqueView {
    kind: &'static str,
    n: usize,
    pain: String,
    stress: String,
}

struct EffectChart {
    heading: String,
    chart: Chart,
}

struct AssociationView {
    heading: &'static str,
    rho: String,
    words: String,
}

struct PegView {
    date: String,
    words: String,
    score: String,
}

#[derive(Template)]
#[template(path = "insights.html")]
struct InsightsPage {
    current: &'static str,
    today: String,
    baseline: Option<BaselineView>,
    baseline_need: String,
    ranges: Vec<RangeLink>,
    range_from: String,
    range_to: String,
    /// "Day", "Week" or "Month": what a row of the pain table is.
    grain: &'static str,
    baseline_in_range: bool,
    /// Whether the journal has any check-in at all (in the range or not).
    has_checkins: bool,
    pain_chart: Option<Chart>,
    days: Vec<DayView>,
    minutes_chart: Option<Chart>,
    weeks: Vec<WeekView>,
    goal: String,
    practised_7: usize,
    practised_30: usize,
    show_streak: bool,
    streak_days: u32,
    techniques: Vec<TechniqueView>,
    effect_charts: Vec<EffectChart>,
    technique_needs: Vec<String>,
    rankings: Vec<String>,
    associations: Vec<AssociationView>,
    association_needs: Vec<String>,
    peg: Vec<PegView>,
    peg_change: String,
}

fn baseline_view(b: &Baseline, today: Date) -> BaselineView {
    let (heading, meaning) = change_words(b.label);
    // The year too, once the first days are in another year than today.
    let day = |d: Date| {
        if d.year() == today.year() {
            crate::charts::short_date(d)
        } else {
            d.strftime("%-d %b %Y").to_string()
        }
    };
    BaselineView {
        pain: num(b.pain, 1),
        current: num(b.current, 1),
        percent: format!("{}%", signed(b.percent_change, 0)),
        label: b.label.id(),
        heading,
        meaning,
        from: day(b.baseline_from),
        to: day(b.baseline_to),
    }
}

fn effect_cell(e: Option<backcalm_core::insights::Effect>) -> String {
    match e {
        Some(e) => effect_words(&e),
        None => "not enough data yet".into(),
    }
}

/// The first day of the journal: its first check-in or the week of its first session.
fn first_record(i: &Insights) -> Option<Date> {
    let checkin = i.days.first().map(|d| d.date);
    let session = i.weeks.first().map(|w| w.week_start);
    checkin.into_iter().chain(session).min()
}

/// "Week from 2 Mar 2026" from "week from 2 Mar 2026".
fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A day with its year, as the page says it.
fn long_day(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

fn build(
    i: &Insights,
    window: Window,
    show_streak: bool,
    peg: Vec<PegView>,
    peg_change: String,
) -> InsightsPage {
    let to = i.days.last().map_or(i.today, |d| d.date.max(i.today));
    let from = window.first_day(to, first_record(i));
    let (grain, points) = bin_pain(&i.days, from, to);
    let need = |topic: Topic| -> Vec<String> {
        i.needs
            .iter()
            .filter(|n| n.topic == topic)
            .map(|n| n.message.clone())
            .collect()
    };
    let mut effect_charts = Vec::new();
    for (outcome, heading) in [
        (Outcome::Pain, "Change in pain"),
        (Outcome::Stress, "Change in stress"),
    ] {
        if let Some(chart) = effects_chart(&i.techniques, outcome) {
            effect_charts.push(EffectChart {
                heading: heading.into(),
                chart,
            });
        }
    }
    // Weeks that reach into the range.
    let weeks: Vec<_> = i
        .weeks
        .iter()
        .filter(|w| w.week_start.saturating_add(jiff::Span::new().days(6)) >= from)
        .cloned()
        .collect();
    let goal = i
        .weeks
        .first()
        .and_then(|w| w.goal_minutes)
        .map(|g| g.to_string())
        .unwrap_or_default();
    InsightsPage {
        current: "insights",
        today: i.today.strftime("%A %-d %B %Y").to_string(),
        baseline: i.baseline.as_ref().map(|b| baseline_view(b, i.today)),
        baseline_need: need(Topic::Baseline).join(" "),
        ranges: Window::ALL
            .into_iter()
            .map(|w| RangeLink {
                id: w.id(),
                label: crate::range::window_link(w),
                current: w == window,
            })
            .collect(),
        range_from: long_day(from),
        range_to: long_day(to),
        grain: match grain {
            Grain::Day => "Day",
            Grain::Week => "Week",
            Grain::Month => "Month",
        },
        baseline_in_range: i
            .baseline
            .as_ref()
            .is_some_and(|b| baseline_shown(b, from, to)),
        has_checkins: !i.days.is_empty(),
        pain_chart: pain_chart(
            PainRange {
                from,
                to,
                grain,
                points: &points,
            },
            i.baseline.as_ref(),
        ),
        days: points
            .iter()
            .map(|p| DayView {
                date: p.from.to_string(),
                words: match grain {
                    Grain::Day => p.from.strftime("%a %-d %b %Y").to_string(),
                    _ => capitalised(&point_words(grain, p)),
                },
                pain: num(p.pain_mean, 1),
                n: p.checkins,
                last: match grain {
                    Grain::Day => p.rolling7.map(|r| num(r, 1)).unwrap_or_else(|| "–".into()),
                    _ => p.days.to_string(),
                },
            })
            .collect(),
        minutes_chart: minutes_chart(&weeks),
        weeks: weeks
            .iter()
            .map(|w| WeekView {
                start: w.week_start.to_string(),
                words: w.week_start.strftime("%a %-d %b %Y").to_string(),
                minutes: num(w.minutes, 1),
                goal: w
                    .goal_minutes
                    .map(|g| g.to_string())
                    .unwrap_or_else(|| "–".into()),
                met: match w.goal_met {
                    Some(true) => "yes",
                    Some(false) => "not yet",
                    None => "–",
                },
            })
            .collect(),
        goal,
        practised_7: i.days_practised_7,
        practised_30: i.days_practised_30,
        show_streak,
        streak_days: i.streak_days,
        techniques: i
            .techniques
            .iter()
            .map(|t| TechniqueView {
                kind: t.kind.label(),
                n: t.n,
                pain: effect_cell(t.pain),
                stress: effect_cell(t.stress),
            })
            .collect(),
        effect_charts,
        technique_needs: need(Topic::Technique),
        rankings: i.rankings.iter().map(ranking_words).collect(),
        associations: [&i.associations.sleep, &i.associations.stress]
            .into_iter()
            .flatten()
            .map(|a| AssociationView {
                heading: match a.measure {
                    Measure::Sleep => "Sleep and next-day pain",
                    Measure::Stress => "Stress and next-day pain",
                },
                rho: signed(a.rho, 2),
                words: association_words(a),
            })
            .collect(),
        association_needs: need(Topic::Association),
        peg,
        peg_change,
    }
}

/// The range asked for in `?range=` (the default when none is), or what to tell the person.
fn asked_window(q: Result<Query<Vec<(String, String)>>, QueryRejection>) -> Result<Window, String> {
    let Ok(Query(pairs)) = q else {
        return Err("The address could not be read. Choose a range from the Insights page.".into());
    };
    match pairs.iter().find(|(k, _)| k == "range") {
        None => Ok(Window::DEFAULT),
        Some((_, v)) if v.trim().is_empty() => Ok(Window::DEFAULT),
        Some((_, v)) => v.parse::<Window>().map_err(|_| {
            format!("“{v}” is not a range. Choose 4w (4 weeks), 3m (3 months), 1y (a year) or all.")
        }),
    }
}

async fn show(
    Journal(state): Journal,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let window = match asked_window(q) {
        Ok(w) => w,
        Err(message) => {
            return message_page(
                StatusCode::BAD_REQUEST,
                "That range did not work",
                &message,
                Some(("/insights", "Show the last 3 months")),
            )
        }
    };
    let journal = match state.snapshot().await {
        Ok(j) => j,
        Err(e) => return storage_failed(e),
    };
    let trend = peg_trend(
        &journal
            .answers
            .iter()
            .filter(|a| a.instrument == PEG_ID)
            .map(|a| (answer_local_date(a), a.score))
            .collect::<Vec<_>>(),
    );
    let peg = trend
        .points
        .iter()
        .map(|p| PegView {
            date: p.date.to_string(),
            words: p.date.strftime("%a %-d %b %Y").to_string(),
            score: num(p.score, 2),
        })
        .collect();
    let peg_change = match (trend.change, trend.percent_change) {
        (Some(c), Some(p)) => format!(
            "From your first PEG to your latest the score changed by {} ({}%).",
            signed(c, 2),
            signed(p, 0)
        ),
        (Some(c), None) => format!(
            "From your first PEG to your latest the score changed by {}.",
            signed(c, 2)
        ),
        _ => String::new(),
    };
    let insights = state.insights(&journal);
    render(
        StatusCode::OK,
        &build(
            &insights,
            window,
            journal.settings.show_streak,
            peg,
            peg_change,
        ),
    )
}
