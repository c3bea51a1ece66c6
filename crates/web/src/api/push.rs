//! Web Push subscriptions (hosted mode only; `crate::access` answers 404 for
//! these in local mode, and they answer 404 on a server without Web Push):
//! the key a browser subscribes with, and this person's devices. What is
//! sent, and when, is `crate::push`.

use crate::access::Signed;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::push::{check_endpoint, DeviceKeys, Push};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use backcalm_store::{PushSubscription, SavedPush, Store};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/push/key", get(key))
        .route("/api/v1/push/subscriptions", get(list).post(subscribe))
        .route("/api/v1/push/subscriptions/{id}", delete(unsubscribe))
}

/// The server's store and sender, or the 404 of a server without Web Push.
fn push_of(state: &AppState) -> Result<(&Store, &Push), Problem> {
    state
        .hosted()
        .and_then(|h| Some((&h.accounts, h.push.as_deref()?)))
        .ok_or_else(|| {
            Problem::not_found(
                "this server does not send Web Push reminders; the reminders shown while backcalm is open still work",
            )
        })
}

/// The key a browser subscribes with.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct PushKey {
    /// The server's VAPID public key, base64url: `applicationServerKey`
    /// for `PushManager.subscribe`.
    public_key: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/push/key",
    tag = "reminders",
    operation_id = "pushKey",
    summary = "The key to subscribe to reminders by Web Push",
    description = "Hosted mode only. Reminders reach a device with backcalm closed once its browser subscribes with this key (PushManager.subscribe, userVisibleOnly) and sends the subscription to POST /api/v1/push/subscriptions.",
    responses(
        (status = 200, description = "The key", body = PushKey),
        (status = 404, description = "Local mode, or this server does not send Web Push", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn key(State(state): State<AppState>, _me: Signed) -> Result<Response, Problem> {
    let (_, push) = push_of(&state)?;
    Ok(Json(PushKey {
        public_key: push.public_key().to_string(),
    })
    .into_response())
}

/// A subscription's keys, as the browser gives them (RFC 8291).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SubscriptionKeys {
    /// The device's P-256 public key, base64url (65 bytes).
    #[schema(min_length = 1, max_length = 200)]
    p256dh: String,
    /// The device's authentication secret, base64url (16 bytes).
    #[schema(min_length = 1, max_length = 100)]
    auth: String,
}

/// `POST /api/v1/push/subscriptions`'s body: what `PushSubscription.toJSON()` gives.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct SubscribeBody {
    /// The push service's address for this device (https, on a browser's push service).
    #[schema(min_length = 1, max_length = 2048)]
    endpoint: String,
    /// When the browser will end the subscription (milliseconds since 1970), if it says.
    #[allow(dead_code)]
    expiration_time: Option<f64>,
    keys: SubscriptionKeys,
}

/// A device that receives reminders.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct DeviceView {
    id: Uuid,
    /// Its push service's address; a browser finds its own by comparing
    /// with `PushSubscription.endpoint`.
    endpoint: String,
    #[schema(value_type = String, format = DateTime)]
    created_at: Timestamp,
}

impl From<&PushSubscription> for DeviceView {
    fn from(s: &PushSubscription) -> DeviceView {
        DeviceView {
            id: s.id,
            endpoint: s.endpoint.clone(),
            created_at: s.created_at,
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/push/subscriptions",
    tag = "reminders",
    operation_id = "subscribePush",
    summary = "Send reminders to this device by Web Push",
    description = "Hosted mode only. The body is the browser's PushSubscription as JSON. The device then gets each daily reminder with backcalm closed, for as long as this session lasts: signing out stops them. Sending the same subscription again is harmless (200); a device another account used is this one's now.",
    request_body(content = SubscribeBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Subscribed", body = DeviceView),
        (status = 200, description = "This device was subscribed already", body = DeviceView),
        (status = 400, description = "The body is not JSON of this shape", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Local mode, or this server does not send Web Push", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The endpoint is not a browser push service's https address (field endpoint), or a key is not what a browser gives (field keys.p256dh or keys.auth)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn subscribe(
    State(state): State<AppState>,
    Signed(me): Signed,
    ApiJson(body): ApiJson<SubscribeBody>,
) -> Result<Response, Problem> {
    let (store, push) = push_of(&state)?;
    check_endpoint(&body.endpoint, push.endpoints())
        .map_err(|e| Problem::invalid("endpoint", e))?;
    DeviceKeys::read(&body.keys.p256dh, &body.keys.auth)
        .map_err(|e| Problem::invalid(e.field, e.to_string()))?;
    let sub = PushSubscription {
        id: state.new_id(),
        endpoint: body.endpoint,
        account_id: me.account.id,
        p256dh: body.keys.p256dh,
        auth: body.keys.auth,
        created_at: state.now(),
    };
    let (saved, how) = store.save_push_subscription(&sub, &me.token).await?;
    let status = match how {
        SavedPush::Created => StatusCode::CREATED,
        SavedPush::Existing => StatusCode::OK,
    };
    Ok((status, Json(DeviceView::from(&saved))).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/push/subscriptions",
    tag = "reminders",
    operation_id = "listPushSubscriptions",
    summary = "My devices that get reminders by Web Push",
    description = "Hosted mode only. Oldest first.",
    responses(
        (status = 200, description = "The devices", body = Vec<DeviceView>),
        (status = 404, description = "Local mode, or this server does not send Web Push", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Signed(me): Signed,
) -> Result<Response, Problem> {
    let (store, _) = push_of(&state)?;
    let devices = store.push_subscriptions_of(me.account.id).await?;
    Ok(Json(devices.iter().map(DeviceView::from).collect::<Vec<_>>()).into_response())
}

#[utoipa::path(
    delete,
    path = "/api/v1/push/subscriptions/{id}",
    tag = "reminders",
    operation_id = "unsubscribePush",
    summary = "Stop reminders by Web Push on a device",
    description = "Hosted mode only. The browser should also end its own subscription (PushSubscription.unsubscribe).",
    params(("id" = String, Path, format = Uuid, description = "The device's id")),
    responses(
        (status = 204, description = "Stopped"),
        (status = 400, description = "The id is not a UUID", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "You have no device with this id (or local mode, or no Web Push)", body = crate::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn unsubscribe(
    State(state): State<AppState>,
    Signed(me): Signed,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let (store, _) = push_of(&state)?;
    super::remove_record(
        &id,
        |id| store.delete_push_subscription(me.account.id, id),
        |id| {
            Problem::not_found(format!(
                "you have no device {id} getting reminders; list them with GET /api/v1/push/subscriptions"
            ))
            .with_field("id")
        },
    )
    .await
}
