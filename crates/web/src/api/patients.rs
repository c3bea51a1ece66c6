//! A clinician's view of the people who share with them (hosted mode only):
//! the list with a few numbers each, and each person's check-ins, sessions,
//! answers and insights, within what that person shared. Every read is
//! appended to the person's audit trail.
//!
//! No share in force (revoked, never made, an unknown id) is a 404, so that
//! a clinician learns nothing of who exists; a share without the scope a
//! route needs is a 403. Without the `notes` scope, free text is removed.

use super::journal::{self, JournalKind};
use super::sharing::{record_read, scope_names, server_store};
use super::Pairs;
use crate::access::Journal;
use crate::api::auth::client_address;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, MatchedPath, Path, Query, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use backcalm_auth::Scope;
use backcalm_core::insights::daily::DayPain;
use backcalm_core::insights::practice::days_practised;
use backcalm_core::safety::Action;
use backcalm_core::{CheckIn, SessionRecord};
use backcalm_store::{AuditEntry, Share};
use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

/// Free-text fields removed unless the person shared `notes`.
const NOTE_FIELDS: [&str; 2] = ["note", "activity"];

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/patients", get(list))
        .route("/api/v1/patients/{id}/checkins", get(checkins))
        .route("/api/v1/patients/{id}/sessions", get(sessions))
        .route("/api/v1/patients/{id}/answers", get(answers))
        .route("/api/v1/patients/{id}/insights", get(insights))
        .route("/api/v1/patients/{id}/report", get(report))
}

/// The clinician making a request, and what the audit trail records of it.
pub(crate) struct Reader {
    pub(crate) clinician: Uuid,
    action: String,
    address: String,
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let crate::access::Signed(me) =
            crate::access::Signed::from_request_parts(parts, state).await?;
        let route = parts
            .extensions
            .get::<MatchedPath>()
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(|| parts.uri.path().to_string());
        Ok(Reader {
            clinician: me.account.id,
            action: format!("{} {route}", parts.method),
            address: client_address(state, &parts.headers, &parts.extensions),
        })
    }
}

impl Reader {
    /// The share in force from person `raw` with this clinician, which
    /// must allow `scope`; the state acting on that person's journal. The
    /// read is recorded in the person's audit trail.
    async fn open(
        &self,
        state: &AppState,
        raw: &str,
        scopes: &[Scope],
    ) -> Result<(Share, AppState), Problem> {
        let store = server_store(state)?;
        let missing = || {
            Problem::not_found(format!(
                "no one with id {raw} shares their journal with you; list them with GET /api/v1/patients"
            ))
            .with_field("id")
        };
        let person = Uuid::parse_str(raw).map_err(|_| missing())?;
        let share = store
            .share_between(person, self.clinician)
            .await?
            .ok_or_else(missing)?;
        if let Some(s) = scopes.iter().find(|s| !share.allows(**s)) {
            return Err(Problem::forbidden(format!(
                "{} has not shared {s} with you",
                share.person_name
            )));
        }
        record_read(
            state,
            self.clinician,
            person,
            self.action.clone(),
            self.address.clone(),
        )
        .await?;
        Ok((share, state.for_person(person)))
    }
}

/// One person who shares with the clinician; a field outside the shared
/// scopes is null.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct PatientRow {
    pub(crate) id: Uuid,
    pub(crate) name: String,
    pub(crate) scopes: Vec<String>,
    /// The newest check-in's time (needs `checkins`).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub(crate) last_checkin_at: Option<Timestamp>,
    /// Days practised in the 7 days ending today (needs `sessions`).
    pub(crate) days_practised_7: Option<usize>,
    /// The mean of the daily mean pain over the 7 days ending today, on the
    /// days with check-ins (needs `checkins`).
    pub(crate) pain_7d_mean: Option<f64>,
    /// The last 7 days against the 7 before (needs `checkins`): `rising`
    /// or `falling` when the mean of daily pain moved by 2 points or 30 %
    /// (Farrar et al. 2001, the change that matters to a person), else
    /// `steady`; null with fewer than 3 days of check-ins in either week.
    #[schema(value_type = Option<String>, example = "steady")]
    pub(crate) pain_trend: Option<PainTrend>,
    /// When the red-flag screen was last taken (needs `screens`).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub(crate) last_screen_at: Option<Timestamp>,
    /// What that screen called for: `none`, `soon` (see a doctor within
    /// days), `urgent` (today) or `emergency` (needs `screens`).
    #[schema(value_type = Option<String>, example = "none")]
    pub(crate) last_screen_action: Option<Action>,
}

/// Which way a person's pain went this week, against the week before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PainTrend {
    Rising,
    Steady,
    Falling,
}

/// Fewer days of check-ins than this in either week say nothing.
const TREND_MIN_DAYS: usize = 3;

/// [`PatientRow::pain_trend`] from the daily means: the 7 days ending
/// `today` against the 7 before them.
pub(crate) fn pain_trend(days: &[DayPain], today: jiff::civil::Date) -> Option<PainTrend> {
    let week = |ends: jiff::civil::Date| -> Option<f64> {
        let starts = ends.saturating_sub(jiff::Span::new().days(6));
        let means: Vec<f64> = days
            .iter()
            .filter(|d| d.date >= starts && d.date <= ends)
            .map(|d| d.pain_mean)
            .collect();
        (means.len() >= TREND_MIN_DAYS).then(|| means.iter().sum::<f64>() / means.len() as f64)
    };
    let now = week(today)?;
    let before = week(today.saturating_sub(jiff::Span::new().days(7)))?;
    let change = now - before;
    // 30 % of a zero week is nothing: then only the 2 points count.
    let matters = change.abs() >= 2.0 || (before > 0.0 && change.abs() / before >= 0.3);
    Some(match (matters, change > 0.0) {
        (false, _) => PainTrend::Steady,
        (true, true) => PainTrend::Rising,
        (true, false) => PainTrend::Falling,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/patients",
    tag = "sharing",
    operation_id = "listPatients",
    summary = "The people who share with me (clinician)",
    description = "Hosted mode only, clinicians only. Each person who shares their journal with the signed-in clinician, by name; a number outside what the person shared is null. pain_trend compares the mean daily pain of the last 7 days with the 7 before: rising or falling when it moved by 2 points or 30 % (Farrar et al. 2001), else steady; null with fewer than 3 days of check-ins in either week. last_screen_at and last_screen_action (none, soon, urgent or emergency) are the red-flag screen taken last, with the screens scope. Each person listed gets an entry in their audit trail.",
    responses(
        (status = 200, description = "The people", body = Vec<PatientRow>),
        (status = 403, description = "Not a clinician", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list(State(state): State<AppState>, me: Reader) -> Result<Response, Problem> {
    Ok(Json(patient_rows(&state, &me).await?).into_response())
}

/// The clinician's patients, each read recorded in that person's trail.
pub(crate) async fn patient_rows(
    state: &AppState,
    me: &Reader,
) -> Result<Vec<PatientRow>, Problem> {
    let store = server_store(state)?;
    let shares = store.shares_with_clinician(me.clinician).await?;
    let today = state.today();
    let week_start = today.saturating_sub(jiff::Span::new().days(6));
    let mut rows = Vec::with_capacity(shares.len());
    let mut reads = Vec::with_capacity(shares.len());
    for share in shares {
        // The newest check-in, two weeks of daily means (the trend compares
        // them) and one week of sessions, in one transaction.
        let recent = state
            .for_person(share.person_id)
            .store
            .recent(today)
            .await?;
        let checkins = share.allows(Scope::Checkins);
        let (last_checkin_at, days) = if checkins {
            (recent.newest.map(|c| c.recorded_at), recent.daily_pain)
        } else {
            (None, Vec::new())
        };
        let week: Vec<f64> = days
            .iter()
            .filter(|d| d.date >= week_start)
            .map(|d| d.pain_mean)
            .collect();
        let pain_7d_mean = (!week.is_empty()).then(|| week.iter().sum::<f64>() / week.len() as f64);
        let days_practised_7 = share
            .allows(Scope::Sessions)
            .then(|| days_practised(&recent.sessions_7, today, 7));
        let screen = recent
            .latest_screen
            .as_ref()
            .filter(|_| share.allows(Scope::Screens));
        rows.push(PatientRow {
            id: share.person_id,
            name: share.person_name.clone(),
            scopes: scope_names(&share.scopes),
            last_checkin_at,
            days_practised_7,
            pain_7d_mean,
            pain_trend: pain_trend(&days, today),
            last_screen_at: screen.map(|s| s.taken_at),
            last_screen_action: screen.map(|s| s.action),
        });
        reads.push(AuditEntry {
            id: state.new_id(),
            person_id: share.person_id,
            actor_id: me.clinician,
            action: me.action.clone(),
            address: Some(me.address.clone()),
            at: state.now(),
        });
    }
    // Every read on record, in one statement, before anything is shown.
    store.append_audits(&reads).await?;
    Ok(rows)
}

/// A kind's records within the share, free text removed unless `notes` is shared.
async fn records<K: JournalKind>(
    state: &AppState,
    me: &Reader,
    raw: &str,
    scope: Scope,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let (share, journal) = me.open(state, raw, &[scope]).await?;
    let mut values = journal::list_values::<K>(&journal, q).await?;
    if !share.allows(Scope::Notes) {
        for v in &mut values {
            if let Some(o) = v.as_object_mut() {
                for f in NOTE_FIELDS {
                    o.remove(f);
                }
            }
        }
    }
    Ok(Json(values).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/patients/{id}/checkins",
    tag = "sharing",
    operation_id = "listPatientCheckins",
    summary = "A person's check-ins (clinician)",
    description = "Hosted mode only, clinicians only, when the person shares checkins; without notes, each check-in's note and activity are left out. Optionally some local days (from, to).",
    params(("id" = String, Path, format = Uuid, description = "The person's id"), crate::openapi::DayFilter),
    responses(
        (status = 200, description = "The check-ins, oldest first", body = Vec<crate::openapi::CheckInDoc>),
        (status = 403, description = "Not a clinician, or checkins not shared", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No share in force from this person (or local mode)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn checkins(
    State(state): State<AppState>,
    me: Reader,
    Path(id): Path<String>,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    records::<CheckIn>(&state, &me, &id, Scope::Checkins, q).await
}

#[utoipa::path(
    get,
    path = "/api/v1/patients/{id}/sessions",
    tag = "sharing",
    operation_id = "listPatientSessions",
    summary = "A person's sessions (clinician)",
    description = "Hosted mode only, clinicians only, when the person shares sessions; without notes, each session's note is left out. Optionally some local days (from, to).",
    params(("id" = String, Path, format = Uuid, description = "The person's id"), crate::openapi::DayFilter),
    responses(
        (status = 200, description = "The sessions, oldest first", body = Vec<crate::openapi::SessionDoc>),
        (status = 403, description = "Not a clinician, or sessions not shared", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No share in force from this person (or local mode)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn sessions(
    State(state): State<AppState>,
    me: Reader,
    Path(id): Path<String>,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    records::<SessionRecord>(&state, &me, &id, Scope::Sessions, q).await
}

#[utoipa::path(
    get,
    path = "/api/v1/patients/{id}/answers",
    tag = "sharing",
    operation_id = "listPatientAnswers",
    summary = "A person's questionnaire answers (clinician)",
    description = "Hosted mode only, clinicians only, when the person shares questionnaires. The same filters as GET /api/v1/answers.",
    params(("id" = String, Path, format = Uuid, description = "The person's id"), ("instrument" = Option<String>, Query, description = "Only this questionnaire"), crate::openapi::DayFilter),
    responses(
        (status = 200, description = "The answers", body = crate::openapi::QuestionnaireAnswersDoc),
        (status = 403, description = "Not a clinician, or questionnaires not shared", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No share in force from this person (or local mode)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn answers(
    State(state): State<AppState>,
    me: Reader,
    Path(id): Path<String>,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let (_, journal) = me.open(&state, &id, &[Scope::Questionnaires]).await?;
    super::instruments::answers(Journal(journal), q).await
}

#[utoipa::path(
    get,
    path = "/api/v1/patients/{id}/insights",
    tag = "sharing",
    operation_id = "getPatientInsights",
    summary = "A person's insights (clinician)",
    description = "Hosted mode only, clinicians only, when the person shares both checkins and sessions (the insights are computed from both): the same as the person's own GET /api/v1/insights.",
    params(("id" = String, Path, format = Uuid, description = "The person's id")),
    responses(
        (status = 200, description = "Core's Insights", body = crate::openapi::InsightsDoc),
        (status = 403, description = "Not a clinician, or checkins or sessions not shared", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No share in force from this person (or local mode)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn insights(
    State(state): State<AppState>,
    me: Reader,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let (_, journal) = me
        .open(&state, &id, &[Scope::Checkins, Scope::Sessions])
        .await?;
    super::insights::show(Journal(journal)).await
}

#[utoipa::path(
    get,
    path = "/api/v1/patients/{id}/report",
    tag = "sharing",
    operation_id = "getPatientReport",
    summary = "A person's one-page report (clinician)",
    description = "Hosted mode only, clinicians only, when the person shares checkins: the report the person prints from /report, as an HTML document, or a PDF with format=pdf. It is built only from what is shared: sessions without the sessions scope, questionnaire answers without questionnaires, and notes without notes, and the red-flag screen without screens, are left out. The period as on /report: from and to (YYYY-MM-DD), or range (4w, 3m, 1y, all).",
    params(
        ("id" = String, Path, format = Uuid, description = "The person's id"),
        ("format" = Option<String>, Query, description = "pdf for a PDF; otherwise HTML"),
        ("from" = Option<String>, Query, format = Date, description = "The first day"),
        ("to" = Option<String>, Query, format = Date, description = "The last day"),
        ("range" = Option<String>, Query, description = "4w, 3m, 1y or all, counting back from the last day"),
    ),
    responses(
        (status = 200, description = "The report", content_type = "text/html", body = String),
        (status = 400, description = "The period could not be read or is reversed", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a clinician, or checkins not shared", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No share in force from this person (or local mode)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn report(
    State(state): State<AppState>,
    me: Reader,
    Path(id): Path<String>,
    q: Result<Query<Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let pairs = super::query_pairs(q)?;
    super::only_params(&pairs, &["format", "from", "to", "range"])?;
    let pdf = match pairs
        .iter()
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.trim())
    {
        None | Some("html") => false,
        Some("pdf") => true,
        Some(other) => {
            return Err(Problem::bad_request(format!(
                "{other:?} is not a format; use pdf, or leave it out for HTML"
            ))
            .with_field("format"))
        }
    };
    let ask = crate::pages::report::asked(Ok(Query(pairs))).map_err(Problem::bad_request)?;
    let (_, choice) =
        shared_report(&state, &me, &id, ask)
            .await
            .map_err(|refused| match refused {
                NoReport::Refused(p) => p,
                NoReport::Storage(e) => Problem::from(e),
                NoReport::Period(e) => Problem::bad_request(crate::pages::report::period_words(e)),
            })?;
    if !pdf {
        let html = backcalm_report::html(&choice.report);
        return Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response());
    }
    let bytes = backcalm_report::pdf(&choice.report).map_err(|e| {
        tracing::error!("the PDF report failed: {e}");
        Problem::internal()
    })?;
    Ok(([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response())
}

/// Why [`shared_report`] made no report.
pub(crate) enum NoReport {
    /// No share in force (404), or check-ins not shared (403).
    Refused(Problem),
    /// The journal could not be read.
    Storage(backcalm_store::StoreError),
    /// The period asked for does not work.
    Period(backcalm_core::report::PeriodError),
}

/// Person `raw`'s report for the clinician `me`, built only from what
/// their share allows (check-ins at least), the read recorded in their
/// trail; with the share. The API's and the page's report.
pub(crate) async fn shared_report(
    state: &AppState,
    me: &Reader,
    raw: &str,
    ask: backcalm_app::ReportAsk,
) -> Result<(Share, backcalm_app::ReportChoice), NoReport> {
    let (share, journal) = me
        .open(state, raw, &[Scope::Checkins])
        .await
        .map_err(NoReport::Refused)?;
    let mut snapshot = journal.snapshot().await.map_err(NoReport::Storage)?;
    within(&mut snapshot, &share);
    let choice = backcalm_app::report(
        &snapshot,
        &journal.library,
        ask,
        journal.today(),
        journal.tz(),
    )
    .map_err(NoReport::Period)?;
    Ok((share, choice))
}

/// Leaves in the snapshot only what the share allows.
fn within(snapshot: &mut backcalm_app::Snapshot, share: &Share) {
    if !share.allows(Scope::Checkins) {
        snapshot.checkins.clear();
    }
    if !share.allows(Scope::Sessions) {
        snapshot.sessions.clear();
    }
    if !share.allows(Scope::Questionnaires) {
        snapshot.answers.clear();
    }
    if !share.allows(Scope::Screens) {
        snapshot.latest_screen = None;
    }
    if !share.allows(Scope::Notes) {
        for c in &mut snapshot.checkins {
            c.note = None;
            c.activity = None;
        }
        for s in &mut snapshot.sessions {
            s.note = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, Date};

    /// Daily means: `(days before today, mean)`.
    fn days(means: &[(i64, f64)]) -> Vec<DayPain> {
        let today = date(2026, 12, 5);
        means
            .iter()
            .map(|&(ago, pain_mean)| DayPain {
                date: today.saturating_sub(jiff::Span::new().days(ago)),
                pain_mean,
                n: 1,
            })
            .collect()
    }

    const TODAY: Date = date(2026, 12, 5);

    #[test]
    fn a_trend_needs_three_days_in_each_week() {
        // Two days this week: nothing to say.
        let d = days(&[(0, 7.0), (1, 7.0), (7, 3.0), (8, 3.0), (9, 3.0)]);
        assert_eq!(pain_trend(&d, TODAY), None);
        // Three days in each, the week before being days 7..=13.
        let d = days(&[(0, 7.0), (1, 7.0), (6, 7.0), (7, 3.0), (10, 3.0), (13, 3.0)]);
        assert_eq!(pain_trend(&d, TODAY), Some(PainTrend::Rising));
        // Day 14 is in neither week.
        let d = days(&[(0, 7.0), (1, 7.0), (6, 7.0), (7, 3.0), (10, 3.0), (14, 3.0)]);
        assert_eq!(pain_trend(&d, TODAY), None);
    }

    #[test]
    fn two_points_or_thirty_percent_is_a_change_and_less_is_steady() {
        let both = |now: f64, before: f64| {
            let d = days(&[
                (0, now),
                (1, now),
                (2, now),
                (7, before),
                (8, before),
                (9, before),
            ]);
            pain_trend(&d, TODAY)
        };
        // 6 -> 4: 2 points (33 %) less.
        assert_eq!(both(4.0, 6.0), Some(PainTrend::Falling));
        // 8 -> 6.5: 1.5 points, 19 %: steady.
        assert_eq!(both(6.5, 8.0), Some(PainTrend::Steady));
        // 3 -> 4: 1 point but 33 % more.
        assert_eq!(both(4.0, 3.0), Some(PainTrend::Rising));
        // 0 -> 1: no 30 % of nothing, and 1 point: steady.
        assert_eq!(both(1.0, 0.0), Some(PainTrend::Steady));
        // 0 -> 2: two points.
        assert_eq!(both(2.0, 0.0), Some(PainTrend::Rising));
    }
}
