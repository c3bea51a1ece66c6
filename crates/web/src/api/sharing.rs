//! Sharing with a clinician and the audit trail (hosted mode only;
//! `crate::access` answers 404 for these in local mode): a clinician's
//! one-use share codes, the shares a person makes and revokes, and the
//! trail of every read of a person's data by someone else.

use crate::access::Signed;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use backcalm_auth::{Role, Scope, ShareCode};
use backcalm_store::{AuditEntry, Share, Store};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// How long a share code may be used.
const CODE_VALID: SignedDuration = SignedDuration::from_hours(7 * 24);

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/share-codes", post(create_code))
        .route("/api/v1/shares", get(list).post(share))
        .route("/api/v1/shares/{id}", delete(revoke))
        .route("/api/v1/audit", get(audit))
}

/// The server's store (hosted mode), or the local-mode 404.
pub(crate) fn server_store(state: &AppState) -> Result<&Store, Problem> {
    state
        .hosted()
        .map(|h| &h.accounts)
        .ok_or_else(|| Problem::not_found("there are no accounts in local mode"))
}

/// A new share code.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct NewCode {
    /// Read it aloud to the person, e.g. `7KQ2-M9XD-3HTP`.
    pub(crate) code: String,
    #[schema(value_type = String, format = DateTime)]
    pub(crate) expires_at: Timestamp,
}

/// Makes and stores a one-use code for `clinician`, valid [`CODE_VALID`].
pub(crate) async fn new_code(state: &AppState, clinician: Uuid) -> Result<NewCode, Problem> {
    let store = server_store(state)?;
    let code = ShareCode::generate().map_err(|e| {
        tracing::error!("{e}");
        Problem::internal()
    })?;
    let now = state.now();
    let expires_at = now.checked_add(CODE_VALID).map_err(|e| {
        tracing::error!("{e}");
        Problem::internal()
    })?;
    store
        .create_share_code(&code.hash(), clinician, now, expires_at)
        .await?;
    Ok(NewCode {
        code: code.grouped(),
        expires_at,
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/share-codes",
    tag = "sharing",
    operation_id = "createShareCode",
    summary = "Make a one-use share code (clinician)",
    description = "Hosted mode only, clinicians only. A person gives this code to POST /api/v1/shares to share their journal with the clinician. Valid 7 days, once; only its hash is stored.",
    responses(
        (status = 201, description = "The code", body = NewCode),
        (status = 403, description = "Not a clinician", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create_code(
    State(state): State<AppState>,
    Signed(me): Signed,
) -> Result<Response, Problem> {
    let body = new_code(&state, me.account.id).await?;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /api/v1/shares`'s body.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShareBody {
    /// The clinician's code, with or without its dashes.
    #[schema(min_length = 1, max_length = 100)]
    code: String,
    /// Any of `checkins`, `sessions`, `questionnaires`, `notes`, `screens`.
    #[schema(max_items = 4)]
    scopes: Vec<String>,
}

/// Someone, by id and name.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Named {
    pub(crate) id: Uuid,
    pub(crate) name: String,
}

/// A share in force.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ShareView {
    id: Uuid,
    clinician: Named,
    /// What the clinician sees.
    scopes: Vec<String>,
    #[schema(value_type = String, format = DateTime)]
    created_at: Timestamp,
}

pub(crate) fn scope_names(scopes: &[Scope]) -> Vec<String> {
    scopes.iter().map(|s| s.as_str().to_string()).collect()
}

impl From<&Share> for ShareView {
    fn from(s: &Share) -> ShareView {
        ShareView {
            id: s.id,
            clinician: Named {
                id: s.clinician_id,
                name: s.clinician_name.clone(),
            },
            scopes: scope_names(&s.scopes),
            created_at: s.created_at,
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/shares",
    tag = "sharing",
    operation_id = "createShare",
    summary = "Share the journal with a clinician",
    description = "Hosted mode only. Uses up the clinician's code. Without the notes scope, free-text notes (a check-in's note and activity, a session's note) are removed from everything the clinician gets.",
    request_body(content = ShareBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Shared", body = ShareView),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is not valid (unknown, used, expired, or one's own; field code), or a scope is unknown (field scopes)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn share(
    State(state): State<AppState>,
    Signed(me): Signed,
    ApiJson(body): ApiJson<ShareBody>,
) -> Result<Response, Problem> {
    let store = server_store(&state)?;
    let scopes = body
        .scopes
        .iter()
        .map(|s| s.trim().parse::<Scope>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Problem::invalid("scopes", e.to_string()))?;
    let code = ShareCode::parse(&body.code).map_err(|e| Problem::invalid("code", e.to_string()))?;
    let made = store
        .share_with_code(
            &code.hash(),
            me.account.id,
            state.new_id(),
            &scopes,
            state.now(),
        )
        .await?
        .map_err(|e| Problem::invalid("code", e.to_string()))?;
    Ok((StatusCode::CREATED, Json(ShareView::from(&made))).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/shares",
    tag = "sharing",
    operation_id = "listShares",
    summary = "Who can see my journal",
    description = "Hosted mode only. The signed-in person's shares in force, oldest first.",
    responses(
        (status = 200, description = "The shares", body = Vec<ShareView>),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Signed(me): Signed,
) -> Result<Response, Problem> {
    let shares = server_store(&state)?
        .shares_of_person(me.account.id)
        .await?;
    let views: Vec<ShareView> = shares.iter().map(ShareView::from).collect();
    Ok(Json(views).into_response())
}

#[utoipa::path(
    delete,
    path = "/api/v1/shares/{id}",
    tag = "sharing",
    operation_id = "revokeShare",
    summary = "Stop sharing with a clinician",
    description = "Hosted mode only. Takes effect on the clinician's very next request.",
    params(("id" = String, Path, format = Uuid, description = "The share's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No share of yours in force has this id (or local mode)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    Signed(me): Signed,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let store = server_store(&state)?;
    super::remove_record(
        &id,
        |id| store.revoke_share(me.account.id, id, state.now()),
        |id| {
            Problem::not_found(format!(
                "you have no share {id} in force; list them with GET /api/v1/shares"
            ))
            .with_field("id")
        },
    )
    .await
}

/// One entry of the audit trail.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct AuditView {
    id: Uuid,
    /// Whose data was read.
    pub(crate) person: Named,
    /// Who read it.
    pub(crate) actor: Named,
    /// The method and route, e.g. `GET /api/v1/patients/{id}/checkins`.
    pub(crate) action: String,
    pub(crate) address: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub(crate) at: Timestamp,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "sharing",
    operation_id = "listAudit",
    summary = "Who read my data",
    description = "Hosted mode only. Every read of the signed-in person's data by someone else, newest first. An admin gets everyone's, or one person's with ?person=ID.",
    params(("person" = Option<String>, Query, format = Uuid, description = "Admins only: one person's trail")),
    responses(
        (status = 200, description = "The trail, newest first", body = Vec<AuditView>),
        (status = 400, description = "person is not a UUID, or an unknown parameter", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 403, description = "person given by someone who is not an admin", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode: there are no accounts", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn audit(
    State(state): State<AppState>,
    Signed(me): Signed,
    q: Result<Query<super::Pairs>, QueryRejection>,
) -> Result<Response, Problem> {
    let pairs = super::query_pairs(q)?;
    super::only_params(&pairs, &["person"])?;
    let asked = match pairs.iter().find(|(k, _)| k == "person") {
        None => None,
        Some((_, v)) => Some(Uuid::parse_str(v.trim()).map_err(|_| {
            Problem::bad_request(format!("{v:?} is not an account id")).with_field("person")
        })?),
    };
    Ok(Json(audit_trail(&state, &me.account, asked).await?).into_response())
}

/// The trail `account` may read, newest first: their own; for an admin
/// everyone's, or the `asked` person's (anyone else asking is refused).
pub(crate) async fn audit_trail(
    state: &AppState,
    account: &backcalm_store::Account,
    asked: Option<Uuid>,
) -> Result<Vec<AuditView>, Problem> {
    let store = server_store(state)?;
    let whose = match (account.role, asked) {
        (Role::Admin, asked) => asked,
        (_, None) => Some(account.id),
        (_, Some(_)) => return Err(Problem::forbidden("only an admin may read another's trail")),
    };
    let entries = store.audit(whose).await?;
    let mut names: HashMap<Uuid, String> = HashMap::new();
    let mut views = Vec::with_capacity(entries.len());
    for e in entries {
        let person = name_of(store, &mut names, e.person_id).await?;
        let actor = name_of(store, &mut names, e.actor_id).await?;
        views.push(AuditView {
            id: e.id,
            person,
            actor,
            action: e.action,
            address: e.address,
            at: e.at,
        });
    }
    Ok(views)
}

async fn name_of(
    store: &Store,
    names: &mut HashMap<Uuid, String>,
    id: Uuid,
) -> Result<Named, Problem> {
    if let Some(n) = names.get(&id) {
        return Ok(Named {
            id,
            name: n.clone(),
        });
    }
    let name = store.account(id).await?.map(|a| a.name).unwrap_or_default();
    names.insert(id, name.clone());
    Ok(Named { id, name })
}

/// Appends one read of `person`'s data by `actor` to the audit trail.
pub(crate) async fn record_read(
    state: &AppState,
    actor: Uuid,
    person: Uuid,
    action: String,
    address: String,
) -> Result<(), Problem> {
    let entry = AuditEntry {
        id: state.new_id(),
        person_id: person,
        actor_id: actor,
        action,
        address: Some(address),
        at: state.now(),
    };
    server_store(state)?.append_audit(&entry).await?;
    Ok(())
}
