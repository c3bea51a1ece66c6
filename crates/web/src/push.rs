//! Web Push (hosted mode): reminders that reach a phone or computer with
//! backcalm closed, where the browser supports it.
//!
//! - The server's VAPID key pair (RFC 8292) is made on first start and kept
//!   in the database, so every server over it signs as one and a browser's
//!   subscription survives restarts ([`Push::start`]).
//! - A browser subscribes per device with the public key and gives its
//!   push service's endpoint and keys (`api/push.rs`); the subscription
//!   belongs to the session it was made in and ends with it.
//! - [`tick`], every [`TICK`], finds each reminder that has come due
//!   ([`backcalm_core::reminder::due_day`]) for an account with a live
//!   device, marks it sent for that local day in the database (only the
//!   server that adds the mark sends, so several servers send it once) and
//!   POSTs a payload encrypted for each device (RFC 8291, aes128gcm, by
//!   `web-push-native`) with an ES256 VAPID header signed here.
//! - A push service that answers 404 or 410 has dropped the device: it is
//!   forgotten. Other failures are logged, never retried (a reminder late by
//!   an hour is no longer a reminder).
//!
//! Without Web Push (a browser without it, a person who does not turn it
//! on, local mode) the in-page reminders of `static/reminders.js` work as
//! before; the page leaves them to push on a device that has it on.

use crate::hosted::Hosted;
use crate::state::AppState;
use backcalm_core::reminder::{due_day, SEND_WITHIN};
use backcalm_store::{PushKeys, PushSubscription, Store, StoreError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jiff::Timestamp;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use std::collections::BTreeMap;
use std::time::Duration;
use uuid::Uuid;

/// How often the scheduler looks for reminders that have come due.
pub const TICK: Duration = Duration::from_secs(30);

/// How long a push service keeps a reminder for a device that is offline
/// (the `TTL` header): after two hours it would no longer be a reminder.
const TTL: Duration = Duration::from_secs(2 * 60 * 60);

/// How long one push service may take to answer.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a VAPID signature is valid (RFC 8292 allows at most 24 hours).
const VAPID_VALID_S: i64 = 12 * 60 * 60;

/// Marks of reminders sent are kept this many days, then cleared.
const KEEP_MARKS_DAYS: i64 = 3;

/// The push services browsers use, by host name: a subscription's endpoint
/// must be on one of them (or a subdomain). The server POSTs to these
/// addresses on its own, so it must not be pointed at anything else (an
/// address inside the clinic's network, say).
pub const PUSH_SERVICES: [&str; 4] = [
    // Chrome, Edge on Android, Opera, Samsung Internet, Brave.
    "fcm.googleapis.com",
    // Firefox.
    "push.services.mozilla.com",
    // Safari (macOS 13 and iOS 16.4 and later).
    "push.apple.com",
    // Edge on Windows.
    "notify.windows.com",
];

/// Which endpoint addresses a subscription may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoints {
    /// HTTPS on one of [`PUSH_SERVICES`]: what browsers give.
    PushServices,
    /// Also plain HTTP on this computer (127.0.0.1, ::1, localhost): for
    /// tests and a push service run locally. Never from the command line.
    AlsoLoopback,
}

/// Web Push's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushConfig {
    /// Who runs this server, for the push services (the VAPID `sub`
    /// claim): a `mailto:` address or an `https:` URL.
    pub contact: String,
    /// Which endpoints a subscription may name.
    pub endpoints: Endpoints,
}

/// Why Web Push could not start.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The database could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The key pair in the database is not a P-256 key.
    #[error("the Web Push key in the database (table push_keys) is not a P-256 private key: {0}. It was changed outside backcalm; delete the row and restart (browsers will subscribe again)")]
    BadKey(String),
    /// The HTTP client could not be built.
    #[error("cannot set up the HTTPS client for Web Push: {0}")]
    Client(String),
}

/// The sender: the key pair, the contact, the HTTPS client.
pub(crate) struct Push {
    key: SigningKey,
    /// The public key as browsers take it (`applicationServerKey`), base64url.
    public_key: String,
    config: PushConfig,
    client: reqwest::Client,
}

impl std::fmt::Debug for Push {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Push")
            .field("public_key", &self.public_key)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// base64url without padding, as Web Push writes keys.
pub(crate) fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Reads base64url, with or without padding (browsers differ).
pub(crate) fn unb64(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

fn public_of(key: &SigningKey) -> String {
    b64(key.verifying_key().to_encoded_point(false).as_bytes())
}

impl Push {
    /// Loads the server's key pair, making and storing one on the first
    /// start (several servers starting at once keep the first stored).
    pub(crate) async fn start(
        accounts: &Store,
        config: PushConfig,
        now: Timestamp,
    ) -> Result<Push, PushError> {
        let fresh = SigningKey::random(&mut rand_core::OsRng);
        let candidate = PushKeys {
            private_key: b64(&fresh.to_bytes()),
            public_key: public_of(&fresh),
        };
        let stored = accounts.push_keys(&candidate, now).await?;
        let bytes =
            unb64(&stored.private_key).ok_or_else(|| PushError::BadKey("not base64url".into()))?;
        let key = SigningKey::from_slice(&bytes).map_err(|e| PushError::BadKey(e.to_string()))?;
        let client = reqwest::Client::builder()
            .timeout(SEND_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("backcalm/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| PushError::Client(e.to_string()))?;
        Ok(Push {
            public_key: public_of(&key),
            key,
            config,
            client,
        })
    }

    /// The public key browsers subscribe with.
    pub(crate) fn public_key(&self) -> &str {
        &self.public_key
    }

    /// Which endpoints are accepted.
    pub(crate) fn endpoints(&self) -> Endpoints {
        self.config.endpoints
    }

    /// The `Authorization` header for a request to `endpoint` (RFC 8292):
    /// a JWT for the endpoint's origin, signed ES256 with the server's key.
    fn vapid(&self, endpoint: &reqwest::Url, now: Timestamp) -> String {
        let origin = endpoint.origin().ascii_serialization();
        let header = b64(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({
            "aud": origin,
            "exp": now.as_second() + VAPID_VALID_S,
            "sub": self.config.contact,
        });
        let claims = b64(claims.to_string().as_bytes());
        let signed = format!("{header}.{claims}");
        let signature: Signature = self.key.sign(signed.as_bytes());
        format!(
            "vapid t={signed}.{}, k={}",
            b64(&signature.to_bytes()),
            self.public_key
        )
    }

    /// Encrypts `payload` for one device and POSTs it to its push service.
    async fn send(&self, device: &PushSubscription, payload: &[u8], now: Timestamp) -> Sent {
        let request = match self.encrypt(device, payload) {
            Ok(r) => r,
            Err(why) => return Sent::Failed(why),
        };
        let (parts, body) = request.into_parts();
        let Ok(url) = reqwest::Url::parse(&device.endpoint) else {
            return Sent::Failed("the endpoint is not a URL".into());
        };
        let answer = self
            .client
            .post(url.clone())
            .headers(parts.headers)
            .header(reqwest::header::AUTHORIZATION, self.vapid(&url, now))
            // A device offline for a while gets the newest reminder, not a pile.
            .header("Topic", "reminder")
            .header("Urgency", "normal")
            .body(body)
            .send()
            .await;
        match answer {
            Ok(r) if r.status().is_success() => Sent::Delivered,
            Ok(r) if matches!(r.status().as_u16(), 404 | 410) => Sent::Gone,
            Ok(r) => Sent::Failed(format!("the push service answered {}", r.status())),
            Err(e) => Sent::Failed(format!("the push service could not be reached: {e}")),
        }
    }

    fn encrypt(
        &self,
        device: &PushSubscription,
        payload: &[u8],
    ) -> Result<axum::http::Request<Vec<u8>>, String> {
        let endpoint: axum::http::Uri = device
            .endpoint
            .parse()
            .map_err(|_| "the endpoint is not a URL".to_string())?;
        let keys = DeviceKeys::read(&device.p256dh, &device.auth).map_err(|e| e.to_string())?;
        web_push_native::WebPushBuilder::new(endpoint, keys.public, keys.auth)
            .with_valid_duration(TTL)
            .build(payload.to_vec())
            .map_err(|e| format!("cannot encrypt for this device: {e}"))
    }
}

/// A device's keys, read and checked (RFC 8291: a P-256 point, 16 bytes).
pub(crate) struct DeviceKeys {
    pub(crate) public: p256::PublicKey,
    pub(crate) auth: web_push_native::Auth,
}

/// A device key that is not what a browser gives: the field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {problem}")]
pub(crate) struct BadDeviceKey {
    /// `keys.p256dh` or `keys.auth`.
    pub(crate) field: &'static str,
    problem: String,
}

fn bad(field: &'static str, problem: impl Into<String>) -> BadDeviceKey {
    BadDeviceKey {
        field,
        problem: problem.into(),
    }
}

impl DeviceKeys {
    /// Reads `p256dh` and `auth` as a browser gives them (base64url); the
    /// error names the field and what is wrong with it.
    pub(crate) fn read(p256dh: &str, auth: &str) -> Result<DeviceKeys, BadDeviceKey> {
        const P256DH: &str = "keys.p256dh";
        const AUTH: &str = "keys.auth";
        let point = unb64(p256dh).ok_or_else(|| bad(P256DH, "is not base64url"))?;
        if point.len() != 65 {
            return Err(bad(
                P256DH,
                format!(
                    "is {} bytes; a P-256 public key as browsers give it is 65",
                    point.len()
                ),
            ));
        }
        let public = p256::PublicKey::from_sec1_bytes(&point)
            .map_err(|_| bad(P256DH, "is not a point on the P-256 curve"))?;
        let secret = unb64(auth).ok_or_else(|| bad(AUTH, "is not base64url"))?;
        if secret.len() != 16 {
            return Err(bad(
                AUTH,
                format!("is {} bytes; browsers give 16", secret.len()),
            ));
        }
        Ok(DeviceKeys {
            public,
            auth: web_push_native::Auth::clone_from_slice(&secret),
        })
    }
}

/// What became of one push.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sent {
    Delivered,
    /// The push service no longer knows the device.
    Gone,
    Failed(String),
}

/// What one run of the scheduler did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Reminders this server claimed and sent (each to every device of its person).
    pub reminders: usize,
    /// Pushes the push services took.
    pub delivered: usize,
    /// Devices forgotten because their push service no longer knows them.
    pub gone: usize,
    /// Pushes that failed otherwise.
    pub failed: usize,
}

/// The notification a device shows (read by `sw.js`'s `push` handler).
#[derive(serde::Serialize)]
struct Payload<'a> {
    title: &'a str,
    body: &'a str,
    /// Where a tap on it goes.
    url: &'a str,
    /// One reminder notification at a time on a device.
    tag: &'a str,
}

/// How many pushes are on their way at once: a clinic whose people chose
/// the same time of day is sent to in seconds, not one device at a time.
const SENDING_AT_ONCE: usize = 16;

/// Sends every reminder that has come due at `now` to the devices of its
/// person, once whichever server runs this; clears old marks. Does nothing
/// outside hosted mode or without Web Push. A journal that cannot be read
/// is logged and skipped, so one person's problem delays no one else's
/// reminder; only a database that cannot be reached at all is an error.
pub async fn tick(state: &AppState, now: Timestamp) -> Result<TickReport, StoreError> {
    let mut report = TickReport::default();
    let Some(hosted) = state.hosted() else {
        return Ok(report);
    };
    let Some(push) = hosted.push.clone() else {
        return Ok(report);
    };
    let server = &hosted.accounts;
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    if let Ok(old) = today.checked_sub(jiff::Span::new().days(KEEP_MARKS_DAYS)) {
        server.forget_push_marks(old).await?;
    }
    let mut sending = tokio::task::JoinSet::new();
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(SENDING_AT_ONCE));
    for (account, devices) in live_devices(hosted, now).await? {
        let due = match due_reminders(server, account, now).await {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(%account, "reminders not read for Web Push: {e}");
                continue;
            }
        };
        for payload in due {
            report.reminders += 1;
            for device in &devices {
                let (push, gate, device, payload) =
                    (push.clone(), gate.clone(), device.clone(), payload.clone());
                sending.spawn(async move {
                    let _turn = gate.acquire_owned().await;
                    let sent = push.send(&device, &payload, now).await;
                    (device, sent)
                });
            }
        }
    }
    while let Some(done) = sending.join_next().await {
        let Ok((device, sent)) = done else {
            report.failed += 1;
            continue;
        };
        match sent {
            Sent::Delivered => report.delivered += 1,
            Sent::Gone => {
                server.forget_push_endpoint(&device.endpoint).await?;
                report.gone += 1;
            }
            Sent::Failed(why) => {
                tracing::warn!(device = %device.id, "a reminder was not sent: {why}");
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// The payloads of `account`'s reminders that came due at `now` and that
/// this server claimed (each is claimed once, by one server, per local day).
async fn due_reminders(
    server: &Store,
    account: Uuid,
    now: Timestamp,
) -> Result<Vec<Vec<u8>>, StoreError> {
    let mut due = Vec::new();
    for r in server.for_person(account).reminders().await? {
        let Some(day) = due_day(&r, now, SEND_WITHIN) else {
            continue;
        };
        if !server.claim_push(account, r.id, day, now).await? {
            continue;
        }
        let body = if r.label.trim().is_empty() {
            backcalm_core::reminder::DEFAULT_LABEL
        } else {
            r.label.as_str()
        };
        let payload = Payload {
            title: "backcalm",
            body,
            url: "/",
            tag: "backcalm-reminder",
        };
        due.push(serde_json::to_vec(&payload).unwrap_or_default());
    }
    Ok(due)
}

/// The devices of live sessions, by account.
async fn live_devices(
    hosted: &Hosted,
    now: Timestamp,
) -> Result<BTreeMap<Uuid, Vec<PushSubscription>>, StoreError> {
    let cutoff = |d: jiff::SignedDuration| now.checked_sub(d).unwrap_or(Timestamp::MIN);
    let live = hosted
        .accounts
        .live_push_subscriptions(
            cutoff(hosted.config.session_idle),
            cutoff(hosted.config.session_absolute),
        )
        .await?;
    let mut by_account: BTreeMap<Uuid, Vec<PushSubscription>> = BTreeMap::new();
    for d in live {
        by_account.entry(d.account_id).or_default().push(d);
    }
    Ok(by_account)
}

/// Runs [`tick`] every [`TICK`] until the task is dropped (`serve_with`
/// aborts it when the server stops).
pub(crate) async fn run(state: AppState) {
    let mut every = tokio::time::interval(TICK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match tick(&state, state.now()).await {
            Ok(r) if r != TickReport::default() => tracing::info!(
                reminders = r.reminders,
                delivered = r.delivered,
                gone = r.gone,
                failed = r.failed,
                "reminders sent by Web Push"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!("the reminder scheduler could not read the database: {e}"),
        }
    }
}

/// Checks a subscription's endpoint; the error says what is wrong.
pub(crate) fn check_endpoint(endpoint: &str, allowed: Endpoints) -> Result<(), String> {
    const MAX: usize = 2048;
    if endpoint.len() > MAX {
        return Err(format!("endpoint is longer than {MAX} characters"));
    }
    let url =
        reqwest::Url::parse(endpoint).map_err(|_| "endpoint is not an absolute URL".to_string())?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let loopback = matches!(host.as_str(), "127.0.0.1" | "[::1]" | "localhost");
    match (url.scheme(), allowed) {
        ("http", Endpoints::AlsoLoopback) if loopback => return Ok(()),
        ("https", _) => {}
        _ => return Err("endpoint must be an https address of a browser's push service".into()),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("endpoint must not carry a user name or password".into());
    }
    let known = PUSH_SERVICES
        .iter()
        .any(|s| host == *s || host.ends_with(&format!(".{s}")));
    if known || (allowed == Endpoints::AlsoLoopback && loopback) {
        Ok(())
    } else {
        Err(format!(
            "endpoint is not on a push service this server sends to ({})",
            PUSH_SERVICES.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_the_browsers_push_services_over_https() {
        let ok = |e: &str| check_endpoint(e, Endpoints::PushServices);
        assert_eq!(ok("https://fcm.googleapis.com/fcm/send/abc:def"), Ok(()));
        assert_eq!(
            ok("https://updates.push.services.mozilla.com/wpush/v2/x"),
            Ok(())
        );
        assert_eq!(ok("https://web.push.apple.com/QGx"), Ok(()));
        assert_eq!(
            ok("https://wns2-par02p.notify.windows.com/w/?token=x"),
            Ok(())
        );
        for bad in [
            "http://fcm.googleapis.com/fcm/send/abc",
            "https://fcm.googleapis.com.evil.example/x",
            "https://evilfcm.googleapis.com.example/x",
            "https://intranet.clinic.example/admin",
            "https://10.0.0.5/x",
            "https://user:pw@fcm.googleapis.com/x",
            "http://127.0.0.1:9/x",
            "fcm.googleapis.com/x",
            "",
        ] {
            assert!(ok(bad).is_err(), "{bad} was accepted");
        }
        assert!(ok(&format!("https://fcm.googleapis.com/{}", "a".repeat(2048))).is_err());
    }

    #[test]
    fn loopback_http_only_when_the_server_is_set_up_for_it() {
        let e = "http://127.0.0.1:4567/push/1";
        assert!(check_endpoint(e, Endpoints::PushServices).is_err());
        assert_eq!(check_endpoint(e, Endpoints::AlsoLoopback), Ok(()));
        assert!(check_endpoint("http://192.168.1.1/x", Endpoints::AlsoLoopback).is_err());
    }

    #[test]
    fn device_keys_must_be_a_p256_point_and_16_bytes() {
        let point = SigningKey::random(&mut rand_core::OsRng)
            .verifying_key()
            .to_encoded_point(false);
        let p256dh = b64(point.as_bytes());
        let auth = b64(&[7u8; 16]);
        assert!(DeviceKeys::read(&p256dh, &auth).is_ok());
        assert!(
            DeviceKeys::read(&format!("{p256dh}="), &format!("{auth}==")).is_ok(),
            "padding is forgiven"
        );
        let err = |p: &str, a: &str| {
            DeviceKeys::read(p, a)
                .err()
                .map(|e| format!("{}: {e}", e.field))
                .unwrap_or_default()
        };
        assert_eq!(
            err(&b64(&[4u8; 65]), &auth),
            "keys.p256dh: keys.p256dh is not a point on the P-256 curve"
        );
        assert!(err(&b64(&[4u8; 33]), &auth).starts_with("keys.p256dh: keys.p256dh is 33 bytes"));
        assert_eq!(
            err("not base64!", &auth),
            "keys.p256dh: keys.p256dh is not base64url"
        );
        assert!(err(&p256dh, &b64(&[1u8; 12])).starts_with("keys.auth: keys.auth is 12 bytes"));
    }
}
