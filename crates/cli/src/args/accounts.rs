//! Arguments of `backcalm account …`: hosted mode's accounts, run on the
//! server's machine against the database the server uses.

use backcalm_auth::Role;
use backcalm_web::PublicOrigin;
use clap::{Args as ClapArgs, Subcommand};
use std::path::PathBuf;

/// `account …`
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Make an account and print its one-time invitation link (valid 7 days).
    Invite(InviteArgs),
    /// List the accounts: role, name, username, created, disabled.
    List(AccountListArgs),
    /// Disable an account and end all its sessions.
    Disable(DisableArgs),
    /// Print a one-time link to choose a new password (valid 7 days).
    Reset(ResetArgs),
}

/// Which server: its settings file, and where people reach it.
#[derive(Debug, Clone, ClapArgs)]
pub struct ServerArgs {
    /// The address people open the server at, as `serve --public-url`; links
    /// start with it [default: http://127.0.0.1:7878, serve's own address].
    #[arg(long, env = "BACKCALM_PUBLIC_URL", value_name = "URL", value_parser = super::parse_public_url)]
    pub public_url: Option<PublicOrigin>,
    /// The server's settings file (as `serve --config`): its database and public_url.
    #[arg(
        long,
        env = "BACKCALM_CONFIG",
        value_name = "FILE",
        hide_env_values = true
    )]
    pub config: Option<PathBuf>,
}

/// `account invite`
#[derive(Debug, ClapArgs)]
pub struct InviteArgs {
    /// What the account may do: a patient keeps a journal, a clinician reads
    /// what patients share, an admin manages accounts.
    #[arg(long, value_name = "patient|clinician|admin", value_parser = parse_role)]
    pub role: Role,
    /// The name others see, e.g. on a clinician's patient list (1-200 characters).
    #[arg(long, value_name = "NAME")]
    pub name: String,
    #[command(flatten)]
    pub server: ServerArgs,
    /// Print JSON for scripts: { "id", "role", "name", "invite_token", "invite_url" }.
    #[arg(long)]
    pub json: bool,
}

/// `account list`
#[derive(Debug, ClapArgs)]
pub struct AccountListArgs {
    /// The server's settings file (as `serve --config`): its database.
    #[arg(
        long,
        env = "BACKCALM_CONFIG",
        value_name = "FILE",
        hide_env_values = true
    )]
    pub config: Option<PathBuf>,
    /// Print JSON for scripts: [ { "id", "role", "name", "username",
    /// "created_at", "disabled_at" } ].
    #[arg(long)]
    pub json: bool,
}

/// `account disable`
#[derive(Debug, ClapArgs)]
pub struct DisableArgs {
    /// The account's id (see `backcalm account list`).
    pub id: String,
    /// The server's settings file (as `serve --config`): its database.
    #[arg(
        long,
        env = "BACKCALM_CONFIG",
        value_name = "FILE",
        hide_env_values = true
    )]
    pub config: Option<PathBuf>,
}

/// `account reset`
#[derive(Debug, ClapArgs)]
pub struct ResetArgs {
    /// The account's id (see `backcalm account list`).
    pub id: String,
    #[command(flatten)]
    pub server: ServerArgs,
    /// Print JSON for scripts: { "id", "reset_token", "reset_url" }.
    #[arg(long)]
    pub json: bool,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.trim().parse::<Role>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_the_three_by_name() {
        assert_eq!(parse_role("clinician"), Ok(Role::Clinician));
        assert_eq!(
            parse_role("nurse"),
            Err("\"nurse\" is not a role; use patient, clinician or admin".to_string())
        );
    }
}
