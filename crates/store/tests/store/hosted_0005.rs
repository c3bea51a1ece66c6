//! The records in `data/hosted-schema-0005.sqlite` and
//! `data/postgres-schema-0005.sql`: a hosted server's database as the release
//! with schema version 5 (hosted mode, before Web Push) left it. Two people
//! with journals of their own, a clinician one of them shares with, an
//! admin, a signed-in session, an open share code, a revoked share and the
//! audit trail. The files were made once from exactly these records by that
//! release (`examples/make_fixture_0005.rs`); `upgrade_0005.rs` opens them
//! with today's code and expects every one back.

use crate::fixtures::{at, checkin, full_checkin, full_session, rating, zone};
use crate::previous_journal::{previous_journal, PreviousJournal};
use backcalm_auth::{PasswordHash, Role, Scope, TokenHash, Username};
use backcalm_core::reminder::Reminder;
use backcalm_core::CheckIn;
use jiff::Timestamp;
use uuid::Uuid;

/// An account as the fixture makes it: invited, then set up with a username.
pub struct FixtureAccount {
    pub id: Uuid,
    pub role: Role,
    pub name: &'static str,
    pub username: &'static str,
}

/// A share made with a code, perhaps revoked later.
pub struct FixtureShare {
    pub id: Uuid,
    pub person: Uuid,
    pub clinician: Uuid,
    pub scopes: Vec<Scope>,
    pub code: TokenHash,
    pub revoked_at: Option<Timestamp>,
}

/// Everything the hosted fixture holds.
pub struct Hosted0005 {
    pub made_at: Timestamp,
    pub accounts: Vec<FixtureAccount>,
    /// Signed-in sessions: token hash, account.
    pub logins: Vec<(TokenHash, Uuid)>,
    /// A clinician's share code no one has used yet: hash, clinician, expiry.
    pub open_code: (TokenHash, Uuid, Timestamp),
    pub shares: Vec<FixtureShare>,
    /// Audit entries: id, person, actor, action.
    pub audit: Vec<(Uuid, Uuid, Uuid, &'static str)>,
    /// The first person's journal.
    pub ana: PreviousJournal,
    /// The second person's check-ins and reminder.
    pub ben_checkins: Vec<CheckIn>,
    pub ben_reminder: Reminder,
}

pub const ANA: Uuid = Uuid::from_u128(0xA11CE);
pub const BEN: Uuid = Uuid::from_u128(0xBE4);
pub const DR_CHO: Uuid = Uuid::from_u128(0xC40);
pub const ADMIN: Uuid = Uuid::from_u128(0xAD);

/// One argon2id hash every account has: the fixture never needs the password itself.
const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Xr1Sr8cMXv4bX+6lW9ZC5dBc8s3dUVkgv5WQY4v2T0Q";

fn token(n: u8) -> TokenHash {
    TokenHash::from_stored(format!("{n:02x}").repeat(32))
}

pub fn username(a: &FixtureAccount) -> Username {
    Username::parse(a.username).expect("fixture usernames are valid")
}

pub fn password_hash() -> PasswordHash {
    PasswordHash::parse(HASH).expect("the fixture hash is a PHC string")
}

pub fn hosted_0005() -> Hosted0005 {
    let made_at = at("2026-12-05T10:00:00Z");
    let mut ben_first = checkin(0xB1, "2026-11-30T07:15:00Z", "Europe/Dublin");
    ben_first.pain = rating(6);
    let mut ben_second = full_checkin();
    ben_second.id = Uuid::from_u128(0xB2);
    ben_second.recorded_at = at("2026-12-01T19:45:30.123456+00:00");
    ben_second.tz = zone("Europe/Dublin");
    // A session of Ana's that is in neither of Ben's records, to be sure
    // the journals stay apart through the upgrade.
    let mut ana = previous_journal();
    let mut long = full_session();
    long.id = Uuid::from_u128(0xA5);
    ana.sessions.push(long);
    Hosted0005 {
        made_at,
        accounts: vec![
            FixtureAccount {
                id: ADMIN,
                role: Role::Admin,
                name: "Clinic office",
                username: "office",
            },
            FixtureAccount {
                id: DR_CHO,
                role: Role::Clinician,
                name: "Dr Cho",
                username: "dr.cho",
            },
            FixtureAccount {
                id: ANA,
                role: Role::Patient,
                name: "Ana Ruiz",
                username: "ana",
            },
            FixtureAccount {
                id: BEN,
                role: Role::Patient,
                name: "Ben Okafor",
                username: "ben",
            },
        ],
        logins: vec![(token(1), ANA), (token(2), DR_CHO)],
        open_code: (token(9), DR_CHO, at("2026-12-12T10:00:00Z")),
        shares: vec![
            FixtureShare {
                id: Uuid::from_u128(0x5A1),
                person: ANA,
                clinician: DR_CHO,
                scopes: vec![Scope::Checkins, Scope::Sessions, Scope::Screens],
                code: token(3),
                revoked_at: None,
            },
            FixtureShare {
                id: Uuid::from_u128(0x5B1),
                person: BEN,
                clinician: DR_CHO,
                scopes: vec![Scope::Checkins],
                code: token(4),
                revoked_at: Some(at("2026-12-04T12:00:00Z")),
            },
        ],
        audit: vec![
            (Uuid::from_u128(0xAD1), ANA, ANA, "share.create"),
            (Uuid::from_u128(0xAD2), ANA, DR_CHO, "report.read"),
            (Uuid::from_u128(0xAD3), BEN, BEN, "share.revoke"),
        ],
        ana,
        ben_checkins: vec![ben_first, ben_second],
        ben_reminder: Reminder {
            id: Uuid::from_u128(0xB7),
            time: jiff::civil::time(7, 45, 0, 0),
            tz: zone("Europe/Dublin"),
            label: "Breathe before work".to_string(),
        },
    }
}
