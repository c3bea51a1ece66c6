//! The web app, tested through its router (tower `oneshot`) and, for `serve`,
//! over real HTTP. One integration binary: each module below is one area,
//! `common` builds an app over a fresh journal, `care_seed` fills one with a
//! known history, and `route_scan` lists the routes the source registers.

mod care_seed;
mod common;
mod route_scan;

mod access;
mod api_errors;
mod api_journal;
mod api_practices;
mod audio;
mod care_api;
mod care_pages;
mod core_limits;
mod crisis;
mod edges;
mod export_report_erase;
mod flare;
mod health;
mod hosted;
mod insights_ranges;
mod isolation;
mod journal_pages;
mod openapi;
mod openapi_answers;
mod pages;
mod personal;
mod player_page;
mod postgres;
mod public_origin;
mod push;
mod pwa;
mod repeats;
mod security;
mod serve;
mod sharing;
mod time_input;
mod two_servers;
