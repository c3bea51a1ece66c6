//! Hosted mode's sharing pages: a person's "who can see my journal", with a
//! revoke button per share and the reads of their data by others; and a
//! clinician's list of the people who share with them. The same store
//! calls as `api::sharing` and `api::patients`.

use super::page_form::PageForm;
use super::{message_page, render, storage_failed};
use crate::access::{Signed, SignedIn};
use crate::api::patients::{patient_rows, PainTrend, PatientRow, Reader};
use crate::api::sharing::{audit_trail, new_code};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use backcalm_auth::{Scope, ShareCode};
use backcalm_core::safety::Action;
use backcalm_core::TzName;
use jiff::Timestamp;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sharing", get(shares).post(share_with))
        .route("/sharing/{id}/revoke", post(revoke))
        .route("/patients", get(patients))
        .route("/patients/share-code", post(make_code))
        .route("/audit", get(audit))
}

/// One share, as the page shows it.
struct ShareLine {
    id: Uuid,
    clinician: String,
    scopes: String,
    since: String,
}

#[derive(Template)]
#[template(path = "sharing.html")]
struct SharingPage {
    current: &'static str,
    csrf: String,
    shares: Vec<ShareLine>,
    reads: Vec<AuditLine>,
    form: ShareForm,
    scope_choices: [(&'static str, &'static str); 5],
}

/// The "share with a clinician" form: what was typed and ticked, and what
/// to fix (`error`, next to `error_field`: `code` or `scopes`).
#[derive(Debug, Default)]
struct ShareForm {
    code: String,
    scopes: Vec<String>,
    error: String,
    error_field: &'static str,
}

impl ShareForm {
    fn ticked(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// The parts of a journal a person can share, with the words the form uses.
const SCOPE_CHOICES: [(&str, &str); 5] = [
    (
        "checkins",
        "Check-ins: pain, stress, sleep and where it hurts",
    ),
    ("sessions", "Practice sessions"),
    ("questionnaires", "Questionnaire answers"),
    ("notes", "My written notes (on check-ins and sessions)"),
    (
        "screens",
        "My latest safety screen: when I took it, the warning signs I answered yes, and what it advised",
    ),
];

#[derive(Template)]
#[template(path = "patients.html")]
struct PatientsPage {
    current: &'static str,
    csrf: String,
    rows: Vec<PatientLine>,
    /// Sorted by name alone, not by who needs attention.
    by_name: bool,
    /// A code just made, to read aloud, and until when it works (local time).
    code: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    current: &'static str,
    /// An admin reads everyone's trail, and may choose one person's.
    admin: bool,
    /// For an admin: every account, to choose from (id, name, chosen).
    people: Vec<(String, String, bool)>,
    reads: Vec<AuditLine>,
}

/// One read, as the audit page shows it.
struct AuditLine {
    at: String,
    person: String,
    actor: String,
    action: String,
    address: String,
}

/// The audit trail as a page: one's own reads by others; for an admin,
/// everyone's, or one person's (`?person=ID`).
async fn audit(
    State(state): State<AppState>,
    Signed(me): Signed,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let Some(hosted) = state.hosted() else {
        return super::not_found_page("/audit");
    };
    let admin = me.account.role == backcalm_auth::Role::Admin;
    let asked = match q.get("person").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match Uuid::parse_str(v) {
            Ok(id) if admin => Some(id),
            _ => return super::not_found_page("/audit"),
        },
    };
    let reads = match audit_lines(&state, &me.account, asked).await {
        Ok(r) => r,
        Err(page) => return page,
    };
    let people = if admin {
        match hosted.accounts.accounts().await {
            Ok(all) => all
                .into_iter()
                .map(|a| (a.id.to_string(), a.name, Some(a.id) == asked))
                .collect(),
            Err(e) => return storage_failed(e),
        }
    } else {
        Vec::new()
    };
    render(
        StatusCode::OK,
        &AuditPage {
            current: "audit",
            admin,
            people,
            reads,
        },
    )
}

/// The reads `account` may see ([`audit_trail`]), as the pages show them.
async fn audit_lines(
    state: &AppState,
    account: &backcalm_store::Account,
    asked: Option<Uuid>,
) -> Result<Vec<AuditLine>, Response> {
    let trail = audit_trail(state, account, asked)
        .await
        .map_err(IntoResponse::into_response)?;
    let tz = state.tz();
    Ok(trail
        .into_iter()
        .map(|v| AuditLine {
            at: local_minute(v.at, tz),
            person: v.person.name,
            actor: v.actor.name,
            action: v.action,
            address: v.address.unwrap_or_else(|| NONE.to_string()),
        })
        .collect())
}

/// One patient, as the clinician's page shows them.
struct PatientLine {
    id: String,
    name: String,
    /// Why to look at this person first, if anything ("" when nothing).
    attention: String,
    /// The latest red-flag screen's action, for the order: the most urgent first.
    urgency: Option<Action>,
    /// The latest red-flag screen: what it advised, and when.
    screen: String,
    trend: String,
    scopes: String,
    last_checkin: String,
    days_practised_7: String,
    pain_7d_mean: String,
}

fn local_minute(at: Timestamp, tz: &TzName) -> String {
    at.to_zoned(tz.zone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// Not shared, or nothing yet.
const NONE: &str = "—";

async fn shares(State(state): State<AppState>, Signed(me): Signed) -> Response {
    sharing_page(&state, &me, ShareForm::default(), StatusCode::OK).await
}

/// A person shares with a clinician by the code the clinician gave them.
async fn share_with(
    State(state): State<AppState>,
    Signed(me): Signed,
    PageForm(pairs): PageForm,
) -> Response {
    let Some(hosted) = state.hosted() else {
        return super::not_found_page("/sharing");
    };
    let mut form = ShareForm {
        code: pairs
            .iter()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default(),
        scopes: pairs
            .iter()
            .filter(|(k, _)| k == "scopes")
            .map(|(_, v)| v.clone())
            .collect(),
        ..ShareForm::default()
    };
    let scopes = match form
        .scopes
        .iter()
        .map(|s| s.parse::<Scope>())
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(s) if !s.is_empty() => s,
        Ok(_) => {
            form.error = "Tick at least one part of your journal to share.".into();
            form.error_field = "scopes";
            return sharing_page(&state, &me, form, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => {
            form.error = format!("{e}.");
            form.error_field = "scopes";
            return sharing_page(&state, &me, form, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let code = match ShareCode::parse(&form.code) {
        Ok(c) => c,
        Err(e) => {
            form.error = format!("The code: {e}.");
            form.error_field = "code";
            return sharing_page(&state, &me, form, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match hosted
        .accounts
        .share_with_code(
            &code.hash(),
            me.account.id,
            state.new_id(),
            &scopes,
            state.now(),
        )
        .await
    {
        Ok(Ok(_)) => Redirect::to("/sharing").into_response(),
        Ok(Err(e)) => {
            form.error = format!("The code: {e}.");
            form.error_field = "code";
            sharing_page(&state, &me, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => storage_failed(e),
    }
}

async fn sharing_page(
    state: &AppState,
    me: &SignedIn,
    form: ShareForm,
    status: StatusCode,
) -> Response {
    let Some(hosted) = state.hosted() else {
        return super::not_found_page("/sharing");
    };
    let tz = state.tz().clone();
    let shares = match hosted.accounts.shares_of_person(me.account.id).await {
        Ok(s) => s,
        Err(e) => return storage_failed(e),
    };
    // The person's own trail, each reader's name read once.
    let reads = match audit_lines(state, &me.account, None).await {
        Ok(r) => r,
        Err(page) => return page,
    };
    render(
        status,
        &SharingPage {
            current: "sharing",
            csrf: state.csrf(),
            shares: shares
                .iter()
                .map(|s| ShareLine {
                    id: s.id,
                    clinician: s.clinician_name.clone(),
                    scopes: s
                        .scopes
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    since: local_minute(s.created_at, &tz),
                })
                .collect(),
            reads,
            form,
            scope_choices: SCOPE_CHOICES,
        },
    )
}

async fn revoke(
    State(state): State<AppState>,
    Signed(me): Signed,
    Path(id): Path<String>,
) -> Response {
    let Some(hosted) = state.hosted() else {
        return super::not_found_page("/sharing");
    };
    let gone = || {
        message_page(
            StatusCode::NOT_FOUND,
            "No such share",
            "That share is not in force: it may have been revoked already.",
            Some(("/sharing", "Back to who can see my journal")),
        )
    };
    let Ok(id) = Uuid::parse_str(id.trim()) else {
        return gone();
    };
    match hosted
        .accounts
        .revoke_share(me.account.id, id, state.now())
        .await
    {
        Ok(true) => Redirect::to("/sharing").into_response(),
        Ok(false) => gone(),
        Err(e) => storage_failed(e),
    }
}

/// `/patients?sort=name`: the list by name alone; otherwise (the default,
/// `sort=attention`) who needs attention first.
async fn patients(
    State(state): State<AppState>,
    me: Reader,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let by_name = match q.get("sort").map(String::as_str) {
        None | Some("attention") => false,
        Some("name") => true,
        Some(_) => {
            return message_page(
                StatusCode::BAD_REQUEST,
                "That order is not offered",
                "The list can be sorted by who needs attention, or by name.",
                Some(("/patients", "Back to my patients")),
            )
        }
    };
    patients_page(&state, &me, None, by_name, StatusCode::OK).await
}

/// A clinician makes a one-use share code and sees it above the list.
async fn make_code(State(state): State<AppState>, me: Reader, PageForm(_): PageForm) -> Response {
    let made = match new_code(&state, me.clinician).await {
        Ok(c) => c,
        Err(p) => return p.into_response(),
    };
    let until = local_minute(made.expires_at, state.tz());
    patients_page(
        &state,
        &me,
        Some((made.code, until)),
        false,
        StatusCode::CREATED,
    )
    .await
}

async fn patients_page(
    state: &AppState,
    me: &Reader,
    code: Option<(String, String)>,
    by_name: bool,
    status: StatusCode,
) -> Response {
    let rows = match patient_rows(state, me).await {
        Ok(r) => r,
        Err(p) => return p.into_response(),
    };
    let tz = state.tz().clone();
    let now = state.now();
    let line = |r: PatientRow| PatientLine {
        id: r.id.to_string(),
        attention: attention(&r, now).join("; "),
        urgency: r.last_screen_action.filter(|a| *a != Action::None),
        screen: match (r.last_screen_action, r.last_screen_at) {
            (Some(action), Some(at)) => format!("{} ({})", action.label(), local_minute(at, &tz)),
            _ => NONE.to_string(),
        },
        trend: r.pain_trend.map_or_else(
            || NONE.to_string(),
            |t| match t {
                PainTrend::Rising => "rising".to_string(),
                PainTrend::Steady => "steady".to_string(),
                PainTrend::Falling => "falling".to_string(),
            },
        ),
        name: r.name,
        scopes: r.scopes.join(", "),
        last_checkin: r
            .last_checkin_at
            .map_or_else(|| NONE.to_string(), |t| local_minute(t, &tz)),
        days_practised_7: r
            .days_practised_7
            .map_or_else(|| NONE.to_string(), |d| d.to_string()),
        pain_7d_mean: r
            .pain_7d_mean
            .map_or_else(|| NONE.to_string(), |m| format!("{m:.1}")),
    };
    let mut lines: Vec<PatientLine> = rows.into_iter().map(line).collect();
    // By name; unless asked for that alone, a screen that called for a
    // doctor first (the most urgent at the top), then anyone else who needs
    // attention, each group still by name (the sort is stable).
    lines.sort_by(|a, b| a.name.cmp(&b.name));
    if !by_name {
        lines.sort_by_key(|l| (std::cmp::Reverse(l.urgency), l.attention.is_empty()));
    }
    render(
        status,
        &PatientsPage {
            current: "patients",
            csrf: state.csrf(),
            rows: lines,
            code,
            by_name,
        },
    )
}

/// Why a clinician might look at this person first: a red-flag screen that
/// called for a doctor, no check-in for a week, or pain rising. Only from
/// what the person shares.
fn attention(r: &PatientRow, now: Timestamp) -> Vec<&'static str> {
    let mut why = Vec::new();
    match r.last_screen_action {
        Some(Action::Emergency) => why.push("red-flag screen: call emergency services"),
        Some(Action::Urgent) => why.push("red-flag screen: see a doctor today"),
        Some(Action::Soon) => why.push("red-flag screen: see a doctor soon"),
        Some(Action::None) | None => {}
    }
    let shares_checkins = r.scopes.iter().any(|s| s == "checkins");
    let week_ago = now
        .checked_sub(jiff::SignedDuration::from_hours(7 * 24))
        .unwrap_or(Timestamp::MIN);
    if shares_checkins && r.last_checkin_at.is_none_or(|t| t < week_ago) {
        why.push("no check-in for a week");
    }
    if r.pain_trend == Some(PainTrend::Rising) {
        why.push("pain rising");
    }
    why
}
