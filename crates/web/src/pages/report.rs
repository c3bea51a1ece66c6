//! `/report`: the one-page clinician report in the app, for printing or
//! saving as PDF from the browser; `/report.pdf`, the same report as a PDF
//! file; and `/report.css`, the report's own print stylesheet.

use super::{message_page, render, storage_failed};
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backcalm_core::report::{build, Report, ReportInput, ScreenSummary};
use backcalm_store::{AnswerFilter, DayRange, StoreError};
use jiff::civil::Date;
use jiff::Span;

/// The default period, like `backcalm report`: the 28 days ending today.
const DEFAULT_DAYS: i64 = 28;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/report", get(show))
        .route("/report.pdf", get(pdf))
        .route("/report.css", get(stylesheet))
}

/// The report page: the report's own HTML inside the app's layout.
#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    current: &'static str,
    body: String,
    from: String,
    to: String,
}

/// The period asked for, or why it cannot be read.
fn period(
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
    today: Date,
) -> Result<(Date, Date), String> {
    let Ok(Query(pairs)) = q else {
        return Err("The address could not be read. Open the report from Settings.".into());
    };
    let day = |name: &str| -> Result<Option<Date>, String> {
        match pairs.iter().find(|(k, _)| k == name) {
            None => Ok(None),
            Some((_, v)) if v.trim().is_empty() => Ok(None),
            Some((_, v)) => backcalm_core::time::date(v.trim()).map(Some).map_err(|_| {
                format!("“{v}” is not a date. Write the {name} day as YYYY-MM-DD, e.g. 2026-11-01.")
            }),
        }
    };
    let to = day("to")?.unwrap_or(today);
    let from =
        day("from")?.unwrap_or_else(|| to.saturating_sub(Span::new().days(DEFAULT_DAYS - 1)));
    if from > to {
        return Err(format!(
            "The period starts on {from}, after it ends on {to}. Give the earlier day as “from”."
        ));
    }
    Ok((from, to))
}

/// Builds the report for the period from the whole journal.
async fn report(state: &AppState, from: Date, to: Date, today: Date) -> Result<Report, StoreError> {
    let store = &state.store;
    let checkins = store.checkins(&DayRange::all()).await?;
    let sessions = store.sessions(&DayRange::all()).await?;
    let answers = store
        .questionnaire_answers(&AnswerFilter::default())
        .await?;
    let screen = store.latest_screen().await?;
    let settings = store.settings().await?;
    let library = &state.library;
    let kind_of = |id: &str| library.get(id).map(|p| p.kind);
    Ok(build(&ReportInput {
        checkins: &checkins,
        sessions: &sessions,
        answers: &answers,
        screen: screen
            .as_ref()
            .map(|s| ScreenSummary::from_answers(s.local_date(), s.action, &s.answers)),
        from,
        to,
        today,
        tz: state.tz().clone(),
        kind_of: &kind_of,
        weekly_goal_minutes: settings.weekly_goal_minutes,
    }))
}

/// The report for the asked period, or the page to answer with instead.
async fn asked_report(
    state: &AppState,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<(Report, Date, Date), Response> {
    let today = state.now().to_zoned(state.tz().zone()).date();
    let (from, to) = period(q, today).map_err(|message| {
        message_page(
            StatusCode::BAD_REQUEST,
            "That period did not work",
            &message,
            Some(("/report", "Show the last 28 days")),
        )
    })?;
    let r = report(state, from, to, today)
        .await
        .map_err(storage_failed)?;
    Ok((r, from, to))
}

async fn show(
    State(state): State<AppState>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    match asked_report(&state, q).await {
        Ok((r, from, to)) => render(
            StatusCode::OK,
            &ReportPage {
                current: "",
                body: backcalm_report::html_body(&r),
                from: from.to_string(),
                to: to.to_string(),
            },
        ),
        Err(page) => page,
    }
}

async fn pdf(
    State(state): State<AppState>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let (r, from, to) = match asked_report(&state, q).await {
        Ok(x) => x,
        Err(page) => return page,
    };
    match backcalm_report::pdf(&r) {
        Ok(bytes) => {
            let mut res = (StatusCode::OK, bytes).into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            // Dates are ASCII digits and dashes, so the header is always valid.
            if let Ok(v) = HeaderValue::from_str(&format!(
                "attachment; filename=\"backcalm-report-{from}-to-{to}.pdf\""
            )) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(e) => {
            eprintln!("backcalm web: the PDF report failed: {e}");
            message_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The PDF could not be made",
                "Something went wrong while making the PDF. The report page still works: use your browser’s Print, and choose “Save as PDF”.",
                Some(("/report", "Back to the report")),
            )
        }
    }
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        backcalm_report::PRINT_CSS,
    )
        .into_response()
}
