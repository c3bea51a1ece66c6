//! Keeping other sites out, stateless and by headers alone: what every answer
//! tells the browser (no framing, embedding, sniffing, shared caching or
//! inline code: [`SECURITY_HEADERS`]) and whether a request came from
//! another site ([`is_cross_site`], from `Sec-Fetch-Site` and `Origin`),
//! which the API refuses ([`same_origin_api`]). Which requests are let in
//! at all (the right `Host`, the page forms' token) is `crate::admission`.

use crate::host::{Authority, PublicOrigin};
use crate::problem::Problem;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The Content-Security-Policy of every response: only our own files, no inline code.
pub const CSP: &str =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Browser features the app may use: the screen wake lock while a practice
/// runs, on its own pages; nothing that reaches the camera, microphone or location.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), \
usb=(), serial=(), bluetooth=(), hid=(), display-capture=(), screen-wake-lock=(self)";

/// The headers every answer carries, errors included: the router's through
/// [`security_headers`], hyper's own through [`crate::parse_errors`].
pub const SECURITY_HEADERS: [(HeaderName, &str); 8] = [
    (header::CONTENT_SECURITY_POLICY, CSP),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    // frame-ancestors says it to current browsers; this says it to older ones.
    (header::X_FRAME_OPTIONS, "DENY"),
    (PERMISSIONS, PERMISSIONS_POLICY),
    // Journal pages and answers are health data: keep them out of shared caches.
    (header::CACHE_CONTROL, "no-store"),
    // No other site's window keeps a handle on ours, and no other site may
    // embed what we answer (a script, an image, a JSON body) in its page.
    (CROSS_ORIGIN_OPENER_POLICY, "same-origin"),
    (CROSS_ORIGIN_RESOURCE_POLICY, "same-origin"),
];

/// Adds the security headers to every response (keeping any a handler set itself).
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
    res
}

/// The `Permissions-Policy` header (not among `http::header`'s names).
const PERMISSIONS: HeaderName = HeaderName::from_static("permissions-policy");
/// `Cross-Origin-Opener-Policy`.
pub const CROSS_ORIGIN_OPENER_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-opener-policy");
/// `Cross-Origin-Resource-Policy`.
pub const CROSS_ORIGIN_RESOURCE_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-resource-policy");

/// Whether the request came from another site.
///
/// A browser says where a request comes from in `Sec-Fetch-Site`, which no
/// page can forge: `cross-site` is refused; `same-origin` and `none` (typed
/// or bookmarked) are ours, whatever `Origin` says — under
/// `Referrer-Policy: no-referrer` Chromium sends `Origin: null` with our own
/// form posts. Without that header, or with `same-site` (another port of
/// this host is the same site), the `Origin` must be this server's origin:
/// scheme `http` (the only one it speaks), and the host and port the
/// request was sent to, default ports filled in (RFC 6454). No `Origin` at
/// all (curl, the CLI, same-origin GETs) is not cross-site. Over HTTP/2
/// there is no `Host` header; the URI's authority stands in. Behind a
/// proxy, the [`PublicOrigin`] people use is this server's origin too.
pub fn is_cross_site(headers: &HeaderMap, uri: &Uri, public: Option<&PublicOrigin>) -> bool {
    let fetch_site = headers
        .get(SEC_FETCH_SITE)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_ascii_lowercase());
    match fetch_site.as_deref() {
        Some("cross-site") => return true,
        Some("same-origin" | "none") => return false,
        _ => {}
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let ours = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))
        .and_then(|h| Authority::parse(h.trim()).ok());
    let theirs = origin.to_str().ok().and_then(origin_parts);
    match (theirs, ours) {
        (Some((scheme, o)), _) if public.is_some_and(|p| p.is_origin(&scheme, &o)) => false,
        // Addressed to the public name, only the public origin is this site
        // (not, say, the same name over plain http).
        (_, Some(h)) if public.is_some_and(|p| p.is_host(&h)) => true,
        (Some((scheme, o)), Some(h)) => {
            scheme != SCHEME
                || o.host != h.host
                || o.port_or_default(&scheme) != h.port_or_default(SCHEME)
        }
        // "null", garbled, or nothing to compare with: treat as foreign.
        _ => true,
    }
}

/// The scheme this server speaks: it listens for plain HTTP only.
const SCHEME: &str = "http";

/// Set by browsers on every request: `same-origin`, `same-site`, `cross-site` or `none`.
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// `https://example.org:8080` → (`https`, example.org port 8080); an origin
/// is a scheme and an authority and nothing else.
fn origin_parts(origin: &str) -> Option<(String, Authority)> {
    let (scheme, rest) = origin.trim().split_once("://")?;
    let authority = Authority::parse(rest).ok()?;
    Some((scheme.to_ascii_lowercase(), authority))
}

/// Refuses API requests from other sites with a 403 problem.
pub async fn same_origin_api(req: Request, next: Next) -> Response {
    if is_cross_site(req.headers(), req.uri(), req.extensions().get()) {
        return Problem::forbidden(
            "requests from another site are refused; call the API from backcalm's own pages or without an Origin header",
        )
        .into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_cross_site_h(h: &HeaderMap) -> bool {
        is_cross_site(h, &Uri::from_static("/api/v1/checkins"), None)
    }

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).expect("ascii"));
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_str(o).expect("ascii"));
        }
        h
    }

    #[test]
    fn same_host_and_port_is_not_cross_site() {
        assert!(!is_cross_site_h(&headers(
            Some("http://127.0.0.1:8080"),
            "127.0.0.1:8080"
        )));
        assert!(!is_cross_site_h(&headers(
            Some("http://LocalHost:3000"),
            "localhost:3000"
        )));
        assert!(!is_cross_site_h(&headers(None, "localhost:3000")));
        // Default ports are the same port, written or not.
        assert!(!is_cross_site_h(&headers(
            Some("http://localhost"),
            "localhost:80"
        )));
        assert!(!is_cross_site_h(&headers(
            Some("http://localhost:80"),
            "localhost"
        )));
    }

    #[test]
    fn other_host_port_or_null_is_cross_site() {
        assert!(is_cross_site_h(&headers(
            Some("https://evil.example"),
            "127.0.0.1:8080"
        )));
        assert!(is_cross_site_h(&headers(
            Some("http://127.0.0.1:9999"),
            "127.0.0.1:8080"
        )));
        assert!(is_cross_site_h(&headers(Some("null"), "127.0.0.1:8080")));
        // The scheme counts: this server speaks http only.
        assert!(is_cross_site_h(&headers(
            Some("https://127.0.0.1:8080"),
            "127.0.0.1:8080"
        )));
        assert!(is_cross_site_h(&headers(
            Some("ftp://127.0.0.1:8080"),
            "127.0.0.1:8080"
        )));
        // Garbled origins: a path, user info, a bad port.
        for o in [
            "http://127.0.0.1:8080/x",
            "http://a@127.0.0.1:8080",
            "http://127.0.0.1:80x",
        ] {
            assert!(is_cross_site_h(&headers(Some(o), "127.0.0.1:8080")), "{o}");
        }
        let mut told = headers(None, "127.0.0.1:8080");
        told.insert(SEC_FETCH_SITE, HeaderValue::from_static("cross-site"));
        assert!(is_cross_site_h(&told), "the browser says so");
        for same in ["same-origin", "same-site", "none"] {
            let mut h = headers(None, "127.0.0.1:8080");
            h.insert(SEC_FETCH_SITE, HeaderValue::from_static(same));
            assert!(!is_cross_site_h(&h), "{same}");
        }
        // Our own form under no-referrer: Origin null, but the browser says same-origin.
        let mut own_form = headers(Some("null"), "127.0.0.1:8080");
        own_form.insert(SEC_FETCH_SITE, HeaderValue::from_static("same-origin"));
        assert!(!is_cross_site_h(&own_form));
        // Another port of this host is the same site, not the same origin.
        let mut other_port = headers(Some("http://127.0.0.1:9999"), "127.0.0.1:8080");
        other_port.insert(SEC_FETCH_SITE, HeaderValue::from_static("same-site"));
        assert!(is_cross_site_h(&other_port));
        let mut no_host = HeaderMap::new();
        no_host.insert(header::ORIGIN, HeaderValue::from_static("http://a"));
        assert!(is_cross_site_h(&no_host));
    }
}
