//! The HTTP server around the router: binding, read timeouts, graceful stop.
//!
//! axum's own `serve` has no read timeouts, so a client that stops before
//! the blank line after its headers, or announces a body and sends a trickle,
//! would hold a connection (and a task) forever. Here hyper's own
//! `header_read_timeout` closes a connection whose request head is not in
//! within [`ServeConfig::header_timeout`], and [`MinRateBody`] fails a body
//! that falls behind [`ServeConfig::body_min_bytes_per_s`] after a grace
//! period: the request is answered 408 and the connection closed.

use crate::cross_origin::security_headers;
use crate::parse_errors::Hardened;
use crate::problem::Problem;
use crate::state::AppState;
use crate::WebError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// How patient the server is with slow clients. The defaults suit one
/// person on their own computer; a hosted deployment can tighten or loosen
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeConfig {
    /// A request's line and headers must be in within this long (and an
    /// idle kept-alive connection is closed after it).
    pub header_timeout: Duration,
    /// A body gets this long before its rate is held to the minimum.
    pub body_grace: Duration,
    /// After the grace, a body must keep arriving at least this fast, on
    /// average since its start.
    pub body_min_bytes_per_s: u64,
    /// On stop, requests in flight get this long to finish; connections
    /// still open after it are dropped.
    pub shutdown_deadline: Duration,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            header_timeout: Duration::from_secs(10),
            body_grace: Duration::from_secs(10),
            body_min_bytes_per_s: 1024,
            shutdown_deadline: Duration::from_secs(10),
        }
    }
}

/// Binds `bind`, calls `ready` with the address actually bound (port 0 picks
/// a free one), and serves `state`'s app until `stop` resolves. Then it
/// stops accepting, lets requests in flight finish (for at most
/// [`ServeConfig::shutdown_deadline`]), and closes the journal: a write that
/// was answered is stored, and one cut off was never half written (each is
/// one transaction).
/// hyper's read buffer for a request head (see `serve_with`).
pub const HEAD_BUFFER: usize = 128 * 1024;

pub async fn serve_with(
    state: AppState,
    config: ServeConfig,
    bind: SocketAddr,
    ready: impl FnOnce(SocketAddr),
    stop: impl Future<Output = ()>,
) -> Result<(), WebError> {
    let store = state.store.clone();
    let pushes = state
        .hosted()
        .is_some_and(|h| h.push.is_some())
        .then(|| state.clone());
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| WebError::Bind { addr: bind, source })?;
    let addr = listener.local_addr().map_err(WebError::Serve)?;
    ready(addr);
    // Web Push's scheduler runs beside the server and stops with it.
    let scheduler = pushes.map(|state| tokio::spawn(crate::push::run(state)));
    let app = crate::router(state)
        .layer(middleware::from_fn_with_state(config, body_rate))
        // The 408 above is the server's own answer too: it gets the headers.
        .layer(middleware::from_fn(security_headers));
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_timeout)
        // Above the router's own limit on header lines (crate::limits), so
        // the router answers 431 with its headers rather than hyper bare.
        .max_headers(crate::limits::MAX_HEADERS * 2)
        // hyper's buffer for a request head, well above the router's own
        // limits (so heads up to 64 KiB reach it and get its 431 or 414
        // page) and set here rather than left at hyper's ~400 KB default:
        // hyper may read up to this much more before it checks, so which
        // of the two answers a head a little over the limit gets depends
        // on how the bytes arrive. Over twice this, hyper always answers.
        .max_buf_size(HEAD_BUFFER);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(config.header_timeout);
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                // Out of file descriptors and the like: wait, then go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone().map_request(
            move |req: Request<hyper::body::Incoming>| {
                let mut req = req.map(Body::new);
                // The sign-in limit per address reads it.
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                req
            },
        ));
        let builder = builder.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            // hyper's header timeout starts once it knows HTTP/1 from HTTP/2,
            // which takes a first byte: a connection that sends none is
            // dropped here after the same wait.
            let mut first = [0u8; 1];
            match tokio::time::timeout(config.header_timeout, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let conn = builder
                .serve_connection_with_upgrades(TokioIo::new(Hardened::new(stream)), service)
                .into_owned();
            // A connection that fails (reset, timed out) ends only itself.
            let _ = watcher.watch(conn).await;
        });
    }
    drop(listener);
    if let Some(task) = scheduler {
        task.abort();
    }
    // Past the deadline the remaining connections are dropped with their tasks.
    let _ = tokio::time::timeout(config.shutdown_deadline, graceful.shutdown()).await;
    // Waits for queries still running; bounded too, so a stop always ends.
    let _ = tokio::time::timeout(config.shutdown_deadline, store.close()).await;
    Ok(())
}

/// Wraps each body in [`MinRateBody`] and answers 408 when it fell behind.
async fn body_rate(State(config): State<ServeConfig>, req: Request, next: Next) -> Response {
    let late = Arc::new(AtomicBool::new(false));
    let api = crate::is_api(req.uri());
    let req = req.map(|body| Body::new(MinRateBody::new(body, config, late.clone())));
    let res = next.run(req).await;
    if !late.load(Ordering::SeqCst) {
        return res;
    }
    let mut res = if api {
        Problem::timeout("the body arrived too slowly; send it again over a working connection")
            .into_response()
    } else {
        (
            StatusCode::REQUEST_TIMEOUT,
            "The form arrived too slowly. Go back and send it again.",
        )
            .into_response()
    };
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

/// A request body that fails once it falls behind a minimum rate.
pub struct MinRateBody {
    inner: Body,
    config: ServeConfig,
    started: Instant,
    received: u64,
    deadline: Pin<Box<Sleep>>,
    late: Arc<AtomicBool>,
}

/// The error a body that fell behind ends with.
#[derive(Debug, thiserror::Error)]
#[error("the request body arrived more slowly than the server accepts")]
pub struct TooSlow;

impl MinRateBody {
    fn new(inner: Body, config: ServeConfig, late: Arc<AtomicBool>) -> Self {
        let started = Instant::now();
        MinRateBody {
            inner,
            config,
            started,
            received: 0,
            deadline: Box::pin(tokio::time::sleep_until(started + config.body_grace)),
            late,
        }
    }

    /// The instant by which everything received so far should have come.
    fn due(&self) -> Instant {
        let rate = self.config.body_min_bytes_per_s.max(1);
        let earned = Duration::from_millis(self.received.saturating_mul(1000) / rate);
        self.started + self.config.body_grace + earned
    }
}

impl HttpBody for MinRateBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                    let due = this.due();
                    this.deadline.as_mut().reset(due);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.late.store(true, Ordering::SeqCst);
                    Poll::Ready(Some(Err(axum::Error::new(TooSlow))))
                }
                Poll::Pending => Poll::Pending,
            },
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, wait forever rather than stop at once.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
