//! Web Push (issue 14 item 5): a reminder reaches a device with backcalm
//! closed. A push service on this computer receives what the server sends,
//! checks the VAPID header (RFC 8292) against the key the API gives, and
//! decrypts the payload (RFC 8291) with the device's own keys, using a
//! decrypter written here from the RFCs (checked on RFC 8291's own example)
//! rather than the crate the server encrypts with. On SQLite and PostgreSQL.

use crate::common::{app_from_state, state, state_with_clock, App, HandClock};
use crate::hosted::{join, send, sqlite};
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use backcalm_auth::Role;
use backcalm_store::Store;
use backcalm_testkit::postgres::with_fresh_postgres;
use backcalm_web::{push_tick, AppState, HostedConfig, PushConfig, PushEndpoints, TickReport};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hkdf::Hkdf;
use p256::ecdsa::signature::Verifier as _;
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use serde_json::json;
use sha2::Sha256;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

const CONTACT: &str = "mailto:ops@clinic.example";

fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// RFC 8291's decryption, written from the RFC (sections 3.3, 3.4 and 4)
/// and RFC 8188 (section 2): the message's header gives the salt, record
/// size and the sender's public key; ECDH with the device's private key and
/// two HKDFs give the content key and nonce; one AES-128-GCM record holds
/// the payload, a 0x02 delimiter and zero padding.
fn decrypt(message: &[u8], device: &p256::SecretKey, auth: &[u8]) -> Vec<u8> {
    assert!(message.len() > 21, "too short for the aes128gcm header");
    let salt = &message[..16];
    let record_size = u32::from_be_bytes(message[16..20].try_into().expect("4 bytes"));
    let id_len = usize::from(message[20]);
    assert_eq!(
        id_len, 65,
        "the key id is the sender's uncompressed P-256 key"
    );
    let sender = &message[21..21 + id_len];
    let record = &message[21 + id_len..];
    assert!(
        record.len() <= record_size as usize,
        "one record: {} bytes, record size {record_size}",
        record.len()
    );
    let sender_key = p256::PublicKey::from_sec1_bytes(sender).expect("a P-256 point");
    let shared = p256::ecdh::diffie_hellman(device.to_nonzero_scalar(), sender_key.as_affine());
    let device_public = device.public_key().to_encoded_point(false);
    let mut key_info = b"WebPush: info\0".to_vec();
    key_info.extend_from_slice(device_public.as_bytes());
    key_info.extend_from_slice(sender);
    let mut ikm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(auth), shared.raw_secret_bytes().as_slice())
        .expand(&key_info, &mut ikm)
        .expect("32 bytes");
    let content = Hkdf::<Sha256>::new(Some(salt), &ikm);
    let mut cek = [0u8; 16];
    content
        .expand(b"Content-Encoding: aes128gcm\0", &mut cek)
        .expect("16 bytes");
    let mut nonce = [0u8; 12];
    content
        .expand(b"Content-Encoding: nonce\0", &mut nonce)
        .expect("12 bytes");
    let mut plain = Aes128Gcm::new_from_slice(&cek)
        .expect("a 16-byte key")
        .decrypt(Nonce::from_slice(&nonce), record)
        .expect("the record decrypts and its tag checks");
    while plain.last() == Some(&0) {
        plain.pop();
    }
    assert_eq!(plain.pop(), Some(2), "the last record's delimiter");
    plain
}

#[test]
fn the_decrypter_reads_rfc_8291s_own_example() {
    // RFC 8291, section 5 and appendix A.
    let device = p256::SecretKey::from_slice(&unb64("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"))
        .expect("the example's private key");
    assert_eq!(
        b64(device.public_key().to_encoded_point(false).as_bytes()),
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
    );
    let auth = unb64("BTBZMqHH6r4Tts7J_aSIgg");
    let message = unb64(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
    );
    assert_eq!(
        decrypt(&message, &device, &auth),
        b"When I grow up, I want to be a watermelon"
    );
}

/// One message the push service received.
#[derive(Debug, Clone)]
struct Received {
    device: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// What the push service shares with its handler: what came, and what to answer.
type Inbox = (Arc<Mutex<Vec<Received>>>, Arc<AtomicU16>);

/// A push service on 127.0.0.1: keeps what it receives and answers with
/// the status the test sets (201, as push services do, to begin with).
struct PushService {
    origin: String,
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
}

impl PushService {
    async fn start() -> PushService {
        let received = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(201));
        let app = axum::Router::new()
            .route(
                "/push/{device}",
                axum::routing::post(
                    |State((got, status)): State<Inbox>,
                     Path(device): Path<String>,
                     headers: HeaderMap,
                     body: axum::body::Bytes| async move {
                        got.lock().expect("lock").push(Received {
                            device,
                            headers,
                            body: body.to_vec(),
                        });
                        StatusCode::from_u16(status.load(Ordering::SeqCst)).expect("a status")
                    },
                ),
            )
            .with_state((received.clone(), status.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let origin = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        PushService {
            origin,
            received,
            status,
        }
    }

    fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.received.lock().expect("lock"))
    }
}

/// A browser's push subscription: its keys, and the JSON it sends.
struct Device {
    secret: p256::SecretKey,
    auth: [u8; 16],
    endpoint: String,
}

impl Device {
    fn new(service: &PushService, name: &str, seed: u8) -> Device {
        let mut bytes = [seed; 32];
        bytes[0] = 0x11;
        Device {
            secret: p256::SecretKey::from_slice(&bytes).expect("a valid scalar"),
            auth: [seed.wrapping_mul(3); 16],
            endpoint: format!("{}/push/{name}", service.origin),
        }
    }

    fn subscription(&self) -> String {
        json!({
            "endpoint": self.endpoint,
            "expirationTime": null,
            "keys": {
                "p256dh": b64(self.secret.public_key().to_encoded_point(false).as_bytes()),
                "auth": b64(&self.auth),
            }
        })
        .to_string()
    }
}

/// Sends `device`'s subscription as `cookie`'s browser does.
async fn subscribe(app: &App, cookie: &str, device: &Device) -> crate::common::Reply {
    send(
        app,
        Method::POST,
        "/api/v1/push/subscriptions",
        Some(cookie),
        Some(&device.subscription()),
    )
    .await
}

fn config() -> PushConfig {
    PushConfig {
        contact: CONTACT.to_string(),
        endpoints: PushEndpoints::AlsoLoopback,
    }
}

async fn server(store: &Store, clock: &HandClock) -> AppState {
    state_with_clock(store.clone(), clock.clock())
        .with_accounts(HostedConfig::default())
        .with_push(config())
        .await
        .expect("Web Push starts")
}

fn at(text: &str) -> jiff::Timestamp {
    text.parse().expect("an instant")
}

/// Checks the VAPID header (RFC 8292) of a push: a JWT for the push
/// service's origin, from the contact, valid at most a day, signed with
/// the key the API gives browsers.
fn check_vapid(got: &Received, service: &PushService, key: &str, now: jiff::Timestamp) {
    let auth = got
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .expect("an Authorization header");
    let rest = auth.strip_prefix("vapid t=").expect("vapid t=…");
    let (jwt, k) = rest.split_once(", k=").expect("…, k=…");
    assert_eq!(k, key, "k is the key browsers subscribed with");
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "{jwt}");
    let header: serde_json::Value = serde_json::from_slice(&unb64(parts[0])).expect("JSON");
    assert_eq!(header["alg"], "ES256");
    let claims: serde_json::Value = serde_json::from_slice(&unb64(parts[1])).expect("JSON");
    assert_eq!(claims["aud"], service.origin.as_str());
    assert_eq!(claims["sub"], CONTACT);
    let exp = claims["exp"].as_i64().expect("exp");
    assert!(
        exp > now.as_second() && exp <= now.as_second() + 24 * 3600,
        "{exp}"
    );
    let verifying =
        p256::ecdsa::VerifyingKey::from_sec1_bytes(&unb64(key)).expect("a P-256 public key");
    let signature = p256::ecdsa::Signature::from_slice(&unb64(parts[2])).expect("r || s");
    verifying
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .expect("signed with the server's key");
}

async fn story(store: Store) {
    let service = PushService::start().await;
    // London in winter is on UTC.
    let clock = HandClock::at("2026-11-26T08:00:00Z");
    let state = server(&store, &clock).await;
    let app: App = app_from_state(state.clone(), store.clone());
    let (_, ada) = join(&app, Role::Patient, "Ada Lovelace", "ada").await;
    let (_, bob) = join(&app, Role::Patient, "Bob Babbage", "bob").await;

    // Signed out: nothing. Signed in: the key, the same on every server over
    // this database (it is kept there), 65 bytes of P-256.
    let r = send(&app, Method::GET, "/api/v1/push/key", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = send(&app, Method::GET, "/api/v1/push/key", Some(&ada), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let key = r.json()["public_key"].as_str().expect("a key").to_string();
    assert_eq!(unb64(&key).len(), 65);
    let other = server(&store, &clock).await;
    let other_app = app_from_state(other.clone(), store.clone());
    let r = send(
        &other_app,
        Method::GET,
        "/api/v1/push/key",
        Some(&ada),
        None,
    )
    .await;
    assert_eq!(
        r.json()["public_key"],
        key.as_str(),
        "one key for every server"
    );

    // What a browser would never send is refused, naming the field.
    let phone = Device::new(&service, "ada-phone", 5);
    let mut bad = serde_json::from_str::<serde_json::Value>(&phone.subscription()).expect("json");
    for (field, change) in [
        (
            "endpoint",
            json!({"endpoint": "https://intranet.clinic.example/admin"}),
        ),
        (
            "endpoint",
            json!({"endpoint": "http://192.168.0.10/push/x"}),
        ),
        (
            "keys.p256dh",
            json!({"keys": {"p256dh": b64(&[4u8; 65]), "auth": b64(&[1u8; 16])}}),
        ),
        (
            "keys.auth",
            json!({"keys": {"p256dh": bad["keys"]["p256dh"].clone(), "auth": b64(&[1u8; 8])}}),
        ),
    ] {
        let mut body = bad.clone();
        for (k, v) in change.as_object().expect("object") {
            body[k] = v.clone();
        }
        let r = send(
            &app,
            Method::POST,
            "/api/v1/push/subscriptions",
            Some(&ada),
            Some(&body.to_string()),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            r.body
        );
        assert_eq!(r.json()["field"], field, "{}", r.body);
    }
    bad["extra"] = json!(1);
    let r = send(
        &app,
        Method::POST,
        "/api/v1/push/subscriptions",
        Some(&ada),
        Some(&bad.to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    // Ada's phone subscribes; again is the same device.
    let r = subscribe(&app, &ada, &phone).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let phone_id = r.json()["id"].clone();
    let r = subscribe(&app, &ada, &phone).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["id"], phone_id);
    let r = send(
        &app,
        Method::GET,
        "/api/v1/push/subscriptions",
        Some(&ada),
        None,
    )
    .await;
    assert_eq!(r.json()[0]["endpoint"], phone.endpoint.as_str());
    assert_eq!(r.json().as_array().map(Vec::len), Some(1));
    let r = send(
        &app,
        Method::GET,
        "/api/v1/push/subscriptions",
        Some(&bob),
        None,
    )
    .await;
    assert_eq!(r.json(), json!([]), "Bob sees none of Ada's devices");

    // Bob's laptop too; Bob has no reminder, so it never hears from us.
    let laptop = Device::new(&service, "bob-laptop", 9);
    let r = subscribe(&app, &bob, &laptop).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Ada's reminder at 08:30, London.
    let r = send(
        &app,
        Method::POST,
        "/api/v1/reminders",
        Some(&ada),
        Some(
            &json!({"time": "08:30", "tz": "Europe/London", "label": "Slow breaths by the window"})
                .to_string(),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let tick = |s: &AppState, now: &str| {
        let s = s.clone();
        let now = at(now);
        async move { push_tick(&s, now).await.expect("tick") }
    };
    assert_eq!(
        tick(&state, "2026-11-26T08:29:59Z").await,
        TickReport::default(),
        "not yet"
    );
    assert!(service.take().is_empty());

    let now = at("2026-11-26T08:30:20Z");
    let report = tick(&state, "2026-11-26T08:30:20Z").await;
    assert_eq!(
        report,
        TickReport {
            reminders: 1,
            delivered: 1,
            gone: 0,
            failed: 0
        }
    );
    let got = service.take();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].device, "ada-phone");
    let header = |name: &str| {
        got[0]
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("content-encoding"), "aes128gcm");
    assert_eq!(header("content-type"), "application/octet-stream");
    assert_eq!(
        header("ttl"),
        "7200",
        "a reminder hours late is no reminder"
    );
    assert_eq!(header("topic"), "reminder");
    check_vapid(&got[0], &service, &key, now);
    let payload: serde_json::Value =
        serde_json::from_slice(&decrypt(&got[0].body, &phone.secret, &phone.auth))
            .expect("the payload is JSON");
    assert_eq!(
        payload,
        json!({
            "title": "backcalm",
            "body": "Slow breaths by the window",
            "url": "/",
            "tag": "backcalm-reminder"
        })
    );

    // Once a day, whichever server looks: this one again, or the other.
    assert_eq!(
        tick(&state, "2026-11-26T08:31:00Z").await,
        TickReport::default()
    );
    assert_eq!(
        tick(&other, "2026-11-26T08:32:00Z").await,
        TickReport::default()
    );
    assert!(service.take().is_empty(), "sent once");

    // The next day it comes again (through the other server this time).
    let report = tick(&other, "2026-11-27T08:30:00Z").await;
    assert_eq!((report.reminders, report.delivered), (1, 1));
    let got = service.take();
    assert_eq!(got.len(), 1);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&decrypt(
            &got[0].body,
            &phone.secret,
            &phone.auth
        ))
        .expect("JSON")["body"],
        "Slow breaths by the window"
    );

    // A push service that is down: the reminder is not sent, the device kept.
    service.status.store(503, Ordering::SeqCst);
    let report = tick(&state, "2026-11-28T08:30:00Z").await;
    assert_eq!((report.reminders, report.failed, report.gone), (1, 1, 0));
    // The push service no longer knows the device: it is forgotten.
    service.status.store(410, Ordering::SeqCst);
    let report = tick(&state, "2026-11-29T08:30:00Z").await;
    assert_eq!((report.reminders, report.gone), (1, 1));
    let r = send(
        &app,
        Method::GET,
        "/api/v1/push/subscriptions",
        Some(&ada),
        None,
    )
    .await;
    assert_eq!(r.json(), json!([]), "gone from Ada's devices");
    assert_eq!(
        tick(&state, "2026-11-30T08:30:00Z").await,
        TickReport::default(),
        "no device left"
    );
    service.status.store(201, Ordering::SeqCst);
    service.take();

    // Bob adds a reminder, then signs out on the laptop: it hears nothing more.
    let r = send(
        &app,
        Method::POST,
        "/api/v1/reminders",
        Some(&bob),
        Some(&json!({"time": "09:00", "tz": "Europe/London"}).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let report = tick(&state, "2026-11-30T09:00:00Z").await;
    assert_eq!(report.delivered, 1, "Bob's laptop, while he is signed in");
    let got = service.take();
    assert_eq!(got[0].device, "bob-laptop");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&decrypt(
            &got[0].body,
            &laptop.secret,
            &laptop.auth
        ))
        .expect("JSON")["body"],
        backcalm_core::reminder::DEFAULT_LABEL,
        "a reminder without words says the usual ones"
    );
    let r = send(&app, Method::POST, "/api/v1/auth/logout", Some(&bob), None).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(
        tick(&state, "2026-12-01T09:00:00Z").await,
        TickReport::default()
    );
    assert!(
        service.take().is_empty(),
        "signed out: no more reminders on that device"
    );

    // Removing a device: only one's own, then it is gone.
    let (_, cleo) = join(&app, Role::Patient, "Cleo", "cleo").await;
    let tablet = Device::new(&service, "cleo-tablet", 12);
    let r = subscribe(&app, &cleo, &tablet).await;
    let tablet_id = r.json()["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/push/subscriptions/{tablet_id}");
    let r = send(&app, Method::DELETE, &path, Some(&ada), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not Ada's");
    let r = send(&app, Method::DELETE, &path, Some(&cleo), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = send(&app, Method::DELETE, &path, Some(&cleo), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = send(
        &app,
        Method::DELETE,
        "/api/v1/push/subscriptions/not-an-id",
        Some(&cleo),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn sqlite_reminders_reach_devices_by_web_push() {
    story(sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_reminders_reach_devices_by_web_push() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        story(store.clone()).await;
        store.close().await;
    })
    .await;
}

/// Without Web Push (local mode, or a hosted server with no contact for
/// the push services) the routes answer 404 and the scheduler sends
/// nothing; the in-page reminders are unchanged (`tests/e2e`).
#[tokio::test]
async fn without_web_push_the_routes_are_404_and_nothing_is_sent() {
    let store = sqlite().await;
    let local = app_from_state(state(store.clone()), store.clone());
    let r = send(&local, Method::GET, "/api/v1/push/key", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let hosted_state = state(store.clone()).with_accounts(HostedConfig::default());
    let hosted = app_from_state(hosted_state.clone(), store.clone());
    let (_, ada) = join(&hosted, Role::Patient, "Ada", "ada").await;
    let r = send(&hosted, Method::GET, "/api/v1/push/key", Some(&ada), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(r.json()["detail"]
        .as_str()
        .is_some_and(|d| d.contains("reminders shown while backcalm is open still work")));
    assert_eq!(
        push_tick(&hosted_state, at("2026-11-26T08:30:00Z"))
            .await
            .expect("tick"),
        TickReport::default()
    );
    // The settings page offers Web Push only where the server sends it.
    let r = send(&hosted, Method::GET, "/settings", Some(&ada), None).await;
    assert!(
        !r.body.contains("reminder-push"),
        "no push offer without Web Push"
    );
    let pushing = app_from_state(
        state(store.clone())
            .with_accounts(HostedConfig::default())
            .with_push(config())
            .await
            .expect("push"),
        store,
    );
    let r = send(&pushing, Method::GET, "/settings", Some(&ada), None).await;
    assert!(r.body.contains("id=\"reminder-push\""), "{}", r.body);
    assert!(r.body.contains("Send reminders to this device"));
}

/// People who chose the same minute are sent to together; each device gets
/// its own person's words, encrypted for it alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_due_together_each_reach_their_own_person() {
    let store = sqlite().await;
    let service = PushService::start().await;
    let clock = HandClock::at("2026-11-26T07:00:00Z");
    let state = server(&store, &clock).await;
    let app = app_from_state(state.clone(), store.clone());
    let mut devices = Vec::new();
    for n in 0..6u8 {
        let name = format!("person{n}");
        let (_, cookie) = join(&app, Role::Patient, &name, &name).await;
        let device = Device::new(&service, &name, 20 + n);
        let r = subscribe(&app, &cookie, &device).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let r = send(
            &app,
            Method::POST,
            "/api/v1/reminders",
            Some(&cookie),
            Some(&json!({"time": "07:30", "tz": "Europe/London", "label": format!("words for {name}")}).to_string()),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        devices.push((name, device));
    }
    let report = push_tick(&state, at("2026-11-26T07:30:05Z"))
        .await
        .expect("tick");
    assert_eq!(
        (report.reminders, report.delivered, report.failed),
        (6, 6, 0)
    );
    let mut got = service.take();
    got.sort_by(|a, b| a.device.cmp(&b.device));
    assert_eq!(got.len(), 6);
    for (received, (name, device)) in got.iter().zip(&devices) {
        assert_eq!(&received.device, name);
        let payload: serde_json::Value =
            serde_json::from_slice(&decrypt(&received.body, &device.secret, &device.auth))
                .expect("JSON");
        assert_eq!(payload["body"], format!("words for {name}"));
    }
}
