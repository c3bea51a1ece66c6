//! `backcalm migrate`: the deploy step that brings a journal up to date and exits.

use crate::Bc;

#[test]
fn migrate_creates_a_new_journal_then_finds_nothing_to_do() {
    let bc = Bc::new();
    let first = bc.ok(&["migrate"]);
    assert_eq!(
        first.stdout,
        "Created the journal's tables (schema version 6).\n"
    );
    assert!(bc.data.join("backcalm.sqlite3").is_file());
    let again = bc.ok(&["migrate"]);
    assert_eq!(
        again.stdout,
        "The journal is up to date (schema version 6); nothing to do.\n"
    );
}

#[test]
fn migrate_upgrades_a_journal_from_the_previous_schema_and_keeps_a_copy() {
    let bc = Bc::new();
    std::fs::create_dir_all(&bc.data).expect("data dir");
    let journal = bc.data.join("backcalm.sqlite3");
    // A journal written by the release before migration 0003 (see the store's
    // migration test for how it was made).
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../store/tests/store/data/journal-schema-0002.sqlite"
    );
    std::fs::copy(fixture, &journal).expect("copy fixture");
    let copy = bc.data.join("backcalm.sqlite3.before-0003.bak");
    let r = bc.ok(&["migrate"]);
    assert_eq!(
        r.stdout,
        format!(
            "Brought the journal from schema version 2 to 6.\n\
             A copy of it from before is kept at {}.\n",
            std::fs::canonicalize(&copy)
                .expect("the copy exists")
                .display()
        )
    );
    // Every check-in of the old journal reads back (the store's test checks
    // each field; here, that the command left a working journal).
    assert_eq!(bc.history(&[]).len(), 3);
}

#[test]
fn migrate_refuses_a_journal_from_a_newer_backcalm_and_leaves_it_alone() {
    let bc = Bc::new();
    bc.ok(&["migrate"]);
    let journal = bc.data.join("backcalm.sqlite3");
    pretend_a_newer_release_migrated(&journal);
    let before = std::fs::read(&journal).expect("read");
    let r = bc.run(&["migrate"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "the journal has schema version 99, and this backcalm knows versions up to 6"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("upgrade backcalm"), "{}", r.stderr);
    assert_eq!(std::fs::read(&journal).expect("read"), before, "unchanged");
}

/// Records a migration this build does not know, as a later release would.
fn pretend_a_newer_release_migrated(journal: &std::path::Path) {
    use rusqlite::{Connection, OpenFlags};
    // The journal must already exist: opening does not create it.
    let c = Connection::open_with_flags(
        journal,
        OpenFlags::default().difference(OpenFlags::SQLITE_OPEN_CREATE),
    )
    .expect("opens the journal");
    c.execute(
        "INSERT INTO _sqlx_migrations \
         (version, description, success, checksum, execution_time) \
         VALUES (99, 'from the future', 1, x'00', 0)",
        [],
    )
    .expect("records a newer migration");
    let _ = c.close();
}
