//! `backcalm serve`: the web app on this computer.

use super::Globals;
use crate::args::{LogFormat, ServeArgs};
use crate::clock::{local_tz, wall_now};
use crate::failure::Refusal;
use anyhow::Context;
use backcalm_web::AppState;
use std::net::SocketAddr;
use std::sync::Arc;
use uuid::Uuid;

/// `serve`
pub fn serve(g: &Globals, a: &ServeArgs) -> anyhow::Result<()> {
    let settings = super::serve_config::settings(g, a)?;
    if a.print_config {
        return super::print_text(&settings.print());
    }
    log_requests(settings.log_format);
    let g = &settings.globals;
    let library = g.library()?;
    let tz = local_tz()?;
    let journal = g.journal()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let bind = settings.bind;
    rt.block_on(async {
        let store = journal.open_for_writing().await?;
        let mut state = AppState::new(
            store.clone(),
            library,
            tz,
            Arc::new(wall_now),
            Arc::new(Uuid::new_v4),
        );
        let exposure = Exposure {
            hosted: settings.accounts.is_some(),
            https: settings.public_url.as_ref().is_some_and(|o| o.is_https()),
        };
        if let Some(origin) = settings.public_url {
            state = state.with_public_origin(origin);
        }
        if let Some(hosted) = settings.accounts {
            if !store.admin_ready(wall_now()).await? {
                store.close().await;
                return Err(Refusal(NO_ADMIN.to_string()).into());
            }
            state = state.with_accounts(hosted);
            if let Some(contact) = settings.push_contact {
                state = state
                    .with_push(backcalm_web::PushConfig {
                        contact,
                        endpoints: backcalm_web::PushEndpoints::PushServices,
                    })
                    .await?;
            }
        }
        backcalm_web::serve_with(
            state,
            settings.config,
            bind,
            |addr| announce(addr, exposure),
            backcalm_web::shutdown_signal(),
        )
        .await
        .with_context(|| format!("cannot serve on {bind}"))
    })
}

/// Why hosted mode will not start on a server with no way for an admin to sign in.
const NO_ADMIN: &str = "hosted mode needs an admin account, or an open admin invitation, and this \
database has neither. Make one on this machine, then start again:\n  \
backcalm account invite --role admin --name \"Your Name\"";

/// Writes the web app's log to stderr: a line per request (method, route,
/// status, time taken, request id) and the causes of server errors; nothing
/// from the libraries underneath (sqlx would log its statements). As text
/// for people, or one JSON object a line for log collectors.
fn log_requests(format: LogFormat) {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let ours = Targets::new().with_target("backcalm_web", LevelFilter::INFO);
    let lines = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let lines = match format {
        LogFormat::Text => lines.boxed(),
        // The span's fields (method, route, request id) beside the event's
        // (status, ms), flat, one object a line.
        LogFormat::Json => lines
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .boxed(),
    };
    // Fails only when a logger is already set, which then keeps logging.
    let _ = tracing_subscriber::registry()
        .with(lines.with_filter(ours))
        .try_init();
}

/// Prints where to point the browser, once the socket is bound (the real port
/// when 0 was asked), and warns when other computers can reach it.
fn announce(addr: SocketAddr, exposure: Exposure) {
    use std::io::Write;
    // Nobody to tell when stdout or stderr is closed; the server runs on regardless.
    // The warning goes first, so whoever reads the address has been warned.
    if let Some(warning) = exposure_warning(addr, exposure) {
        let _ = writeln!(std::io::stderr(), "{warning}");
    }
    let _ = writeln!(
        std::io::stdout(),
        "backcalm is running at {} — press Ctrl-C to stop",
        url(addr)
    );
}

/// What to say when the address is reachable from other computers.
/// What the warning about other computers should say.
#[derive(Debug, Clone, Copy, Default)]
struct Exposure {
    /// Hosted mode: everyone signs in.
    hosted: bool,
    /// Reached through a TLS proxy (`--public-url https://…`).
    https: bool,
}

fn exposure_warning(addr: SocketAddr, exposure: Exposure) -> Option<String> {
    if addr.ip().is_loopback() {
        return None;
    }
    let port = addr.port();
    let reach = format!(
        "Other devices must open it by this computer's IP address (http://IP-ADDRESS:{port}/): \
         host names other than localhost are refused, to guard against DNS rebinding \
         (name the one a TLS proxy in front uses with --public-url)."
    );
    Some(match exposure {
        Exposure { hosted: false, .. } => format!(
            "warning: listening on {addr}, which other computers can reach; local mode has no login, \
             so anyone who can reach it can read and change your journal. Use 127.0.0.1 unless you mean this.\n{reach}"
        ),
        // Behind a TLS proxy, as docs/DEPLOYMENT.md sets it up: nothing to warn about,
        // but the proxy should be the only way in.
        Exposure { hosted: true, https: true } => format!(
            "note: listening on {addr}; hosted mode, reached through the TLS proxy named by --public-url. \
             Let only that proxy reach this port (bind 127.0.0.1 when it runs on this machine)."
        ),
        Exposure { hosted: true, https: false } => format!(
            "warning: listening on {addr}, which other computers can reach, without TLS: everyone signs in, \
             but their passwords, session cookies and journals cross the network readable by anyone on it. \
             Put a TLS proxy in front and give its address with --public-url https://… (docs/DEPLOYMENT.md).\n{reach}"
        ),
    })
}

fn url(addr: SocketAddr) -> String {
    // An unspecified address is not something a browser can open; loopback reaches it.
    let shown = if addr.ip().is_unspecified() {
        let loopback: std::net::IpAddr = match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        };
        SocketAddr::new(loopback, addr.port())
    } else {
        addr
    };
    format!("http://{shown}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_a_browser_can_open() {
        assert_eq!(
            url("127.0.0.1:7878".parse().expect("addr")),
            "http://127.0.0.1:7878/"
        );
        assert_eq!(
            url("0.0.0.0:8080".parse().expect("addr")),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            url("[::1]:9000".parse().expect("addr")),
            "http://[::1]:9000/"
        );
    }

    #[test]
    fn only_addresses_other_computers_can_reach_are_warned_about() {
        let local = Exposure::default();
        assert_eq!(
            exposure_warning("127.0.0.1:7878".parse().expect("addr"), local),
            None
        );
        assert_eq!(
            exposure_warning("[::1]:7878".parse().expect("addr"), local),
            None
        );
        let open = "0.0.0.0:8080".parse().expect("addr");
        let warning = exposure_warning(open, local).expect("warned");
        assert!(warning.contains("listening on 0.0.0.0:8080"), "{warning}");
        assert!(warning.contains("no login"), "{warning}");
        assert!(warning.contains("http://IP-ADDRESS:8080/"), "{warning}");
        // Hosted mode has logins: the warning is about the network, not the journal.
        let plain = Exposure {
            hosted: true,
            https: false,
        };
        let warning = exposure_warning(open, plain).expect("warned");
        assert!(!warning.contains("no login"), "{warning}");
        assert!(warning.contains("without TLS"), "{warning}");
        assert!(warning.contains("--public-url https://"), "{warning}");
        let proxied = Exposure {
            hosted: true,
            https: true,
        };
        let note = exposure_warning(open, proxied).expect("noted");
        assert!(note.starts_with("note:"), "{note}");
        assert!(!note.contains("without TLS"), "{note}");
    }
}
