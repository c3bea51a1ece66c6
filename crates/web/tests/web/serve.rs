//! `serve` binds, reports the address it got, and answers real HTTP.

use backcalm_web::{serve, WebError};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn serve_reports_the_bound_address_and_answers_on_it() {
    let app = crate::common::app().await;
    let (tx, rx) = tokio::sync::oneshot::channel::<SocketAddr>();
    let state = crate::common::state(app.store.clone());
    let server = tokio::spawn(async move {
        serve(state, SocketAddr::from(([127, 0, 0, 1], 0)), move |addr| {
            let _ = tx.send(addr);
        })
        .await
    });
    let addr = rx.await.expect("serve calls ready once bound");
    assert_ne!(
        addr.port(),
        0,
        "port 0 is replaced by the port actually bound"
    );

    let mut conn = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req =
        format!("GET /api/v1/practices HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    conn.write_all(req.as_bytes()).await.expect("send");
    let mut answer = String::new();
    conn.read_to_string(&mut answer).await.expect("read");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("natural-breath"));
    assert!(answer
        .to_ascii_lowercase()
        .contains("content-security-policy: default-src 'self'"));

    // A second server on the same port cannot bind, and says which address.
    let again = serve(crate::common::state(app.store.clone()), addr, |_| {
        panic!("not ready: the port is taken")
    })
    .await;
    match again {
        Err(WebError::Bind { addr: a, .. }) => assert_eq!(a, addr),
        other => panic!("expected a bind error, got {other:?}"),
    }
    server.abort();
}
