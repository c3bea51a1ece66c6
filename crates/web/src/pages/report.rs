//! `/report`: the one-page clinician report in the app, for printing or
//! saving as PDF from the browser; `/report.pdf`, the same report as a PDF
//! file; and `/report.css`, the report's own print stylesheet.

use super::{message_page, render, storage_failed};
use crate::access::Journal;
use crate::api::patients::{shared_report, NoReport};
use crate::state::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
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
        .route("/patients/{id}/report", get(for_clinician))
}

/// The report page: the report's own HTML inside the app's layout.
#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    current: &'static str,
    /// Where the page and its PDF are: `/report`, or a clinician's
    /// `/patients/{id}/report`.
    page: String,
    pdf: String,
    /// Whose report, for a clinician ("" on a person's own), and what
    /// that person shares.
    whose: String,
    shared: String,
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
pub(crate) fn asked(
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<ReportAsk, String> {
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
pub(crate) fn period_words(e: PeriodError) -> String {
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
        Ok(choice) => render(
            StatusCode::OK,
            &ReportPage::of(&choice, "", "/report".into(), "/report.pdf".into()),
        ),
        Err(page) => page,
    }
}

impl ReportPage {
    /// The page of `choice`, at `page` with its PDF at `pdf`; nobody else's.
    fn of(choice: &ReportChoice, current: &'static str, page: String, pdf: String) -> ReportPage {
        ReportPage {
            current,
            page,
            pdf,
            whose: String::new(),
            shared: String::new(),
            body: backcalm_report::html_body(&choice.report),
            from: choice.from.to_string(),
            to: choice.to.to_string(),
            ranges: Window::ALL
                .into_iter()
                .map(|w| RangeLink {
                    id: w.id(),
                    label: crate::range::window_link(w),
                    current: choice.window == Some(w),
                })
                .collect(),
        }
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

/// A clinician's page of one person's report: the person's own report,
/// built only from what they share, inside the app's layout. No share in
/// force (or an id that is no one's) is a 404; check-ins not shared, 403.
/// Each look is in the person's audit trail.
pub(super) async fn for_clinician(
    State(state): State<AppState>,
    me: crate::api::patients::Reader,
    Path(raw): Path<String>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let here = format!("/patients/{}/report", raw.trim());
    let refuse = |message: &str| {
        message_page(
            StatusCode::BAD_REQUEST,
            "That period did not work",
            message,
            Some((here.as_str(), "Show the last 3 months")),
        )
    };
    let ask = match asked(q) {
        Ok(a) => a,
        Err(m) => return refuse(&m),
    };
    let (share, choice) = match shared_report(&state, &me, &raw, ask).await {
        Ok(x) => x,
        Err(NoReport::Refused(p)) if p.status == 403 => {
            return message_page(
                StatusCode::FORBIDDEN,
                "Check-ins are not shared",
                "This person shares their journal with you, but not their check-ins, which the report is made of.",
                Some(("/patients", "Back to my patients")),
            )
        }
        Err(NoReport::Refused(p)) if p.status == 404 => return super::not_found_page(&here),
        Err(NoReport::Refused(p)) => return p.into_response(),
        Err(NoReport::Storage(e)) => return storage_failed(e),
        Err(NoReport::Period(e)) => return refuse(&period_words(e)),
    };
    let id = share.person_id;
    render(
        StatusCode::OK,
        &ReportPage {
            whose: share.person_name.clone(),
            shared: crate::api::sharing::scope_names(&share.scopes).join(", "),
            ..ReportPage::of(
                &choice,
                "patients",
                format!("/patients/{id}/report"),
                format!("/api/v1/patients/{id}/report?format=pdf"),
            )
        },
    )
}
