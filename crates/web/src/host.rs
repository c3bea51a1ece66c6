//! The host a request is addressed to (RFC 9110 §7.2): exactly one, a valid
//! authority (RFC 3986 §3.2.2: a host and an optional port, no user info),
//! and one that names this computer.
//!
//! - A missing `Host` on HTTP/1.1, two of them, or one that is not a valid
//!   authority (`[::1]evil`, `evil.example#.localhost`, `a@localhost`) is a
//!   400: the request is malformed, whoever sent it.
//! - A valid name other than this computer's is a 403: without that, a page
//!   on `evil.example` whose DNS name is switched to 127.0.0.1 ("DNS
//!   rebinding") would count as the same origin as backcalm and could read
//!   the journal.
//! - Behind a reverse proxy that terminates TLS, people reach backcalm by a
//!   name, such as `https://backcalm.example.org`. The operator names that
//!   [`PublicOrigin`] (`serve --public-url`), and requests addressed to it
//!   are answered too; no other name is.

use axum::http::{header, HeaderMap, Uri, Version};
use std::net::{Ipv4Addr, Ipv6Addr};

/// A host and port as a request or an `Origin` names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    /// Lower case, without a trailing dot; an IPv6 address keeps its brackets.
    pub host: String,
    /// The port, when one was written.
    pub port: Option<u16>,
}

impl Authority {
    /// Reads `host[:port]`, refusing anything RFC 3986 would not call an
    /// authority for HTTP (user info, a path, a fragment, stray brackets).
    pub fn parse(s: &str) -> Result<Authority, &'static str> {
        let (host, port) = match s.strip_prefix('[') {
            Some(rest) => {
                let (ip, after) = rest
                    .split_once(']')
                    .ok_or("an IPv6 address is missing its closing ]")?;
                ip.parse::<Ipv6Addr>()
                    .map_err(|_| "the part in [ ] is not an IPv6 address")?;
                let port = match after {
                    "" => None,
                    p => Some(p.strip_prefix(':').ok_or("only :port may follow ]")?),
                };
                (format!("[{}]", ip.to_ascii_lowercase()), port)
            }
            None => {
                let (name, port) = match s.rsplit_once(':') {
                    Some((n, p)) => (n, Some(p)),
                    None => (s, None),
                };
                let name = name.strip_suffix('.').unwrap_or(name);
                let labels_ok = name.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                });
                if !labels_ok || name.len() > 253 {
                    return Err("a host name has only letters, digits, - and . between its dots");
                }
                (name.to_ascii_lowercase(), port)
            }
        };
        let port = match port {
            None => None,
            Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
                Some(p.parse::<u16>().map_err(|_| "the port is above 65535")?)
            }
            Some(_) => return Err("the port is not a number"),
        };
        Ok(Authority { host, port })
    }

    /// Whether it names this computer: an IP address, `localhost`, or a name under `.localhost`.
    pub fn is_this_computer(&self) -> bool {
        self.host.starts_with('[')
            || self.host.parse::<Ipv4Addr>().is_ok()
            || self.host == "localhost"
            || self.host.ends_with(".localhost")
    }

    /// The port, or the scheme's default (80 for http, 443 for https).
    pub fn port_or_default(&self, scheme: &str) -> Option<u16> {
        self.port.or(match scheme {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        })
    }
}

/// The one address, besides this computer's own, that backcalm answers to:
/// where a reverse proxy in front of it is reached, e.g.
/// `https://backcalm.example.org`. A scheme (`http` or `https`) and an
/// authority, nothing else (RFC 6454's origin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin {
    scheme: &'static str,
    authority: Authority,
}

impl PublicOrigin {
    /// Reads `https://name[:port]`, allowing one trailing `/`.
    pub fn parse(s: &str) -> Result<PublicOrigin, String> {
        let s = s.trim();
        let (scheme, rest) = s.split_once("://").ok_or_else(|| {
            format!("{s:?} is not a URL; write it as https://backcalm.example.org")
        })?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "https" => "https",
            "http" => "http",
            _ => return Err(format!("{s:?} is neither https:// nor http://")),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err(format!(
                "{s:?} has a path; backcalm is served at the root of its own name, \
                 so give only the scheme and the name, e.g. https://backcalm.example.org"
            ));
        }
        let authority = Authority::parse(rest).map_err(|why| format!("{s:?}: {why}"))?;
        Ok(PublicOrigin { scheme, authority })
    }

    /// Whether browsers reach it over TLS (then cookies are `Secure`).
    pub fn is_https(&self) -> bool {
        self.scheme == "https"
    }

    /// Whether a request's `Host` names this origin (the proxy passes the
    /// name people used), default ports filled in from the public scheme.
    pub fn is_host(&self, host: &Authority) -> bool {
        host.host == self.authority.host
            && host.port_or_default(self.scheme) == self.authority.port_or_default(self.scheme)
    }

    /// Whether a browser's `Origin` (its scheme and authority) is this one.
    pub fn is_origin(&self, scheme: &str, authority: &Authority) -> bool {
        scheme == self.scheme
            && authority.host == self.authority.host
            && authority.port_or_default(scheme) == self.authority.port_or_default(self.scheme)
    }
}

impl std::fmt::Display for PublicOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}", self.scheme, self.authority.host)?;
        match self.authority.port {
            Some(port) => write!(f, ":{port}"),
            None => Ok(()),
        }
    }
}

/// What is wrong with the host a request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostProblem {
    /// Missing, repeated or malformed: 400.
    Malformed(String),
    /// Well formed, but not this computer: 403.
    Foreign,
}

/// The authority a request is addressed to: its one `Host` header, or over
/// HTTP/2 (which has none) the URI's authority. `None` only for an HTTP/1.0
/// request without a Host, which that version allows.
pub fn request_authority(
    headers: &HeaderMap,
    uri: &Uri,
    version: Version,
) -> Result<Option<Authority>, HostProblem> {
    let mut hosts = headers.get_all(header::HOST).iter();
    let raw = match (hosts.next(), hosts.next()) {
        (Some(_), Some(_)) => {
            return Err(HostProblem::Malformed(
                "the request has more than one Host header; send exactly one".into(),
            ))
        }
        (Some(h), None) => h
            .to_str()
            .map_err(|_| HostProblem::Malformed("the Host header is not plain ASCII".into()))?,
        (None, _) => match uri.authority() {
            Some(a) => a.as_str(),
            None if version <= Version::HTTP_10 => return Ok(None),
            None => {
                return Err(HostProblem::Malformed(
                    "the request has no Host header; HTTP/1.1 requires one".into(),
                ))
            }
        },
    };
    Authority::parse(raw.trim()).map(Some).map_err(|why| {
        HostProblem::Malformed(format!("the Host header {raw:?} is not valid: {why}"))
    })
}

/// Whether a request may be answered: one valid Host that names this
/// computer or the public origin, if there is one.
pub fn check(
    headers: &HeaderMap,
    uri: &Uri,
    version: Version,
    public: Option<&PublicOrigin>,
) -> Result<(), HostProblem> {
    match request_authority(headers, uri, version)? {
        Some(a) if !a.is_this_computer() && !public.is_some_and(|p| p.is_host(&a)) => {
            Err(HostProblem::Foreign)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn host(h: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(header::HOST, HeaderValue::from_str(h).expect("ascii"));
        m
    }

    fn checked(h: &HeaderMap) -> Result<(), HostProblem> {
        check(h, &Uri::from_static("/"), Version::HTTP_11, None)
    }

    #[test]
    fn this_computer_by_address_or_localhost_is_answered() {
        for h in [
            "127.0.0.1:7878",
            "127.0.0.1",
            "localhost:7878",
            "LOCALHOST",
            "app.localhost:1",
            "[::1]:7878",
            "[::1]",
            "192.168.1.20:7878",
            "localhost.:7878",
        ] {
            assert_eq!(checked(&host(h)), Ok(()), "{h}");
        }
    }

    #[test]
    fn other_names_are_forbidden() {
        for h in [
            "evil.example:7878",
            "evil.example",
            "localhost.evil.example:7878",
            "127.0.0.1.nip.io:7878",
        ] {
            assert_eq!(checked(&host(h)), Err(HostProblem::Foreign), "{h}");
        }
    }

    #[test]
    fn malformed_hosts_are_bad_requests() {
        for h in [
            "[::1]evil",
            "[::1",
            "[evil]:80",
            "evil.example#.localhost",
            "user@localhost",
            "localhost:port",
            "localhost:99999",
            "localhost:",
            "local host",
            "",
            "a..localhost",
            "localhost/path",
        ] {
            let got = checked(&host(h));
            assert!(
                matches!(&got, Err(HostProblem::Malformed(m)) if m.contains("not valid")),
                "{h}: {got:?}"
            );
        }
    }

    #[test]
    fn exactly_one_host_unless_http_1_0_or_http_2() {
        let mut two = host("localhost");
        two.append(header::HOST, HeaderValue::from_static("localhost"));
        assert!(
            matches!(checked(&two), Err(HostProblem::Malformed(m)) if m.contains("more than one"))
        );
        let none = HeaderMap::new();
        assert!(matches!(checked(&none), Err(HostProblem::Malformed(m)) if m.contains("no Host")));
        assert_eq!(
            check(&none, &Uri::from_static("/"), Version::HTTP_10, None),
            Ok(())
        );
        let h2 = Uri::from_static("http://127.0.0.1:8080/");
        assert_eq!(check(&none, &h2, Version::HTTP_2, None), Ok(()));
        let h2_foreign = Uri::from_static("http://evil.example/");
        assert_eq!(
            check(&none, &h2_foreign, Version::HTTP_2, None),
            Err(HostProblem::Foreign)
        );
    }

    #[test]
    fn default_ports_follow_the_scheme() {
        let a = Authority::parse("LocalHost").expect("valid");
        assert_eq!(a.host, "localhost");
        assert_eq!(a.port_or_default("http"), Some(80));
        assert_eq!(a.port_or_default("https"), Some(443));
        assert_eq!(
            Authority::parse("[::1]:8080").expect("valid").port,
            Some(8080)
        );
    }

    #[test]
    fn the_public_origin_is_answered_and_no_other_name() {
        let public = PublicOrigin::parse("https://Backcalm.Example.org/").expect("valid");
        assert_eq!(public.to_string(), "https://backcalm.example.org");
        let at = |h: &str| {
            check(
                &host(h),
                &Uri::from_static("/"),
                Version::HTTP_11,
                Some(&public),
            )
        };
        assert_eq!(at("backcalm.example.org"), Ok(()));
        assert_eq!(at("backcalm.example.org:443"), Ok(()));
        assert_eq!(at("127.0.0.1:7878"), Ok(()), "this computer still is");
        for other in [
            "backcalm.example.org:8443",
            "evil.example",
            "example.org",
            "backcalm.example.org.evil.example",
        ] {
            assert_eq!(at(other), Err(HostProblem::Foreign), "{other}");
        }
        let o = |s: &str| Authority::parse(s).expect("valid");
        assert!(public.is_origin("https", &o("backcalm.example.org")));
        assert!(public.is_origin("https", &o("backcalm.example.org:443")));
        assert!(!public.is_origin("http", &o("backcalm.example.org")));
        assert!(!public.is_origin("https", &o("backcalm.example.org:8443")));
    }

    #[test]
    fn a_public_origin_is_a_scheme_and_a_name_only() {
        let with_port = PublicOrigin::parse("http://clinic.internal:8080").expect("valid");
        assert_eq!(with_port.to_string(), "http://clinic.internal:8080");
        for (bad, says) in [
            ("backcalm.example.org", "is not a URL"),
            ("ftp://backcalm.example.org", "neither https:// nor http://"),
            ("https://backcalm.example.org/app", "has a path"),
            ("https://backcalm.example.org?x=1", "has a path"),
            ("https://user@backcalm.example.org", "letters, digits"),
            ("https://", "letters, digits"),
        ] {
            let why = PublicOrigin::parse(bad).expect_err(bad);
            assert!(why.contains(says), "{bad}: {why}");
        }
    }
}
