//! `/report`: the one-page clinician report in the app, for printing or
//! saving as PDF from the browser; `/report.pdf`, the same report as a PDF
//! file; and `/report.css`, the report's own print stylesheet.

use super::{message_page, render, storage_failed};
use crate::access::Journal;
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backcalm_app::{ReportAsk, ReportChoice};
use backcalm_core::chart::Window;
use backcalm_core::report::PeriodError;
use jiff::civil::Date;

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
    ranges: Vec<RangeLink>,
}

/// One of the ranges the page offers.
struct RangeLink {
    id: &'static str,
    label: &'static str,
    current: bool,
}

/// Reads the address's `from`, `to` and `range`, or says what is wrong with it.
fn asked(q: Result<Query<Vec<(String, String)>>, QueryRejection>) -> Result<ReportAsk, String> {
    let Ok(Query(pairs)) = q else {
        return Err("The address could not be read. Open the report from Settings.".into());
    };
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let day = |name: &str| -> Result<Option<Date>, String> {
        value(name)
            .map(|v| {
                backcalm_core::time::date(v).map_err(|_| {
                    format!(
                        "“{v}” is not a date. Write the {name} day as YYYY-MM-DD, e.g. 2026-11-01."
                    )
                })
            })
            .transpose()
    };
    let window = value("range")
        .map(|v| {
            v.parse::<Window>().map_err(|_| {
                format!(
                    "“{v}” is not a range. Choose 4w (4 weeks), 3m (3 months), 1y (a year) or all."
                )
            })
        })
        .transpose()?;
    Ok(ReportAsk {
        from: day("from")?,
        to: day("to")?,
        window,
    })
}

/// A refused period in words for the page.
fn period_words(e: PeriodError) -> String {
    match e {
        PeriodError::FromAndRange(_) => "Give either a “from” day or a range, not both: a range counts back from the last day. Choose a range from the report page, or clear the range to give your own days.".to_string(),
        PeriodError::Reversed { from, to } => format!(
            "The period starts on {from}, after it ends on {to}. Give the earlier day as “from”."
        ),
    }
}

/// The report for the asked period, or the page to answer with instead.
async fn asked_report(
    state: &AppState,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<ReportChoice, Response> {
    let refuse = |message: &str| {
        message_page(
            StatusCode::BAD_REQUEST,
            "That period did not work",
            message,
            Some(("/report", "Show the last 3 months")),
        )
    };
    let ask = asked(q).map_err(|m| refuse(&m))?;
    let snapshot = state.snapshot().await.map_err(storage_failed)?;
    backcalm_app::report(&snapshot, &state.library, ask, state.today(), state.tz())
        .map_err(|e| refuse(&period_words(e)))
}

async fn show(
    Journal(state): Journal,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    match asked_report(&state, q).await {
        Ok(ReportChoice {
            report: r,
            from,
            to,
            window,
        }) => render(
            StatusCode::OK,
            &ReportPage {
                current: "",
                body: backcalm_report::html_body(&r),
                from: from.to_string(),
                to: to.to_string(),
                ranges: Window::ALL
                    .into_iter()
                    .map(|w| RangeLink {
                        id: w.id(),
                        label: crate::range::window_link(w),
                        current: window == Some(w),
                    })
                    .collect(),
            },
        ),
        Err(page) => page,
    }
}

async fn pdf(
    Journal(state): Journal,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let ReportChoice {
        report: r,
        from,
        to,
        ..
    } = match asked_report(&state, q).await {
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
            tracing::error!("the PDF report failed: {e}");
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
