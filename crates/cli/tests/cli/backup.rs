//! `backup`, `restore` and `delete-everything`.

use crate::serve::Server;
use crate::{ids, Bc};
use std::path::Path;

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// SQLite's own check of a file, and how many check-ins it holds.
fn integrity_and_checkins(file: &Path) -> (String, i64) {
    use rusqlite::{Connection, OpenFlags};
    let c = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("opens the backup");
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    let n: i64 = c
        .query_row("SELECT COUNT(*) FROM checkins", [], |r| r.get(0))
        .expect("counts");
    let _ = c.close();
    (check, n)
}

#[test]
fn backup_while_serve_runs_is_whole() {
    let bc = Bc::new();
    for pain in 1..=5 {
        bc.log(&["--pain", &pain.to_string()]);
    }
    let server = Server::start(&bc);
    // The server is up and has the journal open.
    assert!(server.get("/api/v1/checkins").contains("\"pain\""));
    let file = bc.scratch("backup.sqlite3");
    let r = bc.ok(&["backup", "-o", path(&file)]);
    assert_eq!(
        r.stdout,
        format!(
            "Backed up 5 check-ins, 0 sessions and 0 questionnaire answers to {}.\n",
            file.display()
        )
    );
    bc.log(&["--pain", "6"]);
    drop(server);
    assert_eq!(integrity_and_checkins(&file), ("ok".to_string(), 5));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // No journal yet: nothing to back up, and nothing is created.
    let empty = Bc::new();
    let r = empty.run(&["backup", "-o", path(&empty.scratch("b.sqlite3"))]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("nothing to back up"), "{}", r.stderr);
    assert!(!empty.data.exists());
}

#[test]
fn restore_refuses_other_files_asks_and_keeps_a_copy() {
    let bc = Bc::new();
    let early = bc.log(&["--pain", "3", "--at", "2025-06-01T09:00:00Z"]);
    let file = bc.scratch("backup.sqlite3");
    bc.ok(&["backup", "-o", path(&file)]);
    let late = bc.log(&["--pain", "7", "--at", "2025-06-02T09:00:00Z"]);

    // A text file is refused and nothing changes.
    let text = bc.scratch("notes.txt");
    std::fs::write(&text, "these are not my records").expect("write");
    let r = bc.run(&["restore", path(&text), "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("notes.txt"), "{}", r.stderr);
    assert!(r.stderr.contains("cannot be restored"), "{}", r.stderr);
    assert_eq!(ids(&bc.history(&[])), [early.to_string(), late.to_string()]);

    // Without --yes it asks; "n" and the end of input both leave the journal alone.
    for input in ["n\n", ""] {
        let r = bc.run_with_input(&["restore", path(&file)], input);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.contains(
                "Replace your journal with this backup? A copy of the current one is kept at "
            ) && r.stderr.contains("backcalm.sqlite3.before-restore-")
                && r.stderr.contains("[y/N]"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
        assert_eq!(ids(&bc.history(&[])), [early.to_string(), late.to_string()]);
    }

    let r = bc.run_with_input(&["restore", path(&file)], "y\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        ids(&bc.history(&[])),
        [early.to_string()],
        "the backup's records"
    );
    let kept: Vec<_> = std::fs::read_dir(&bc.data)
        .expect("data dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with("backcalm.sqlite3.before-restore-")
            })
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        r.stdout.contains(&format!("kept at {}", kept[0].display())),
        "{}",
        r.stdout
    );
    // The kept copy is the journal as it was, with both check-ins.
    assert_eq!(integrity_and_checkins(&kept[0]), ("ok".to_string(), 2));
}

#[test]
fn delete_everything_asks_for_the_word_then_empties_the_journal() {
    let bc = Bc::new();
    bc.log(&["--pain", "3"]);
    bc.log(&["--pain", "4"]);
    bc.ok(&["remind", "add", "08:00"]);
    let r = bc.run_with_input(&["delete-everything"], "yes\n");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("2 check-ins, 0 practice sessions, 0 questionnaire answers, 0 safety screens and 1 reminder"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("backcalm export --format json -o "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was deleted"), "{}", r.stderr);
    assert_eq!(bc.history(&[]).len(), 2);
    let r = bc.run_with_input(&["delete-everything"], "");
    assert_eq!(r.code, 1, "the end of input is not the word: {}", r.stderr);
    assert_eq!(bc.history(&[]).len(), 2);

    let r = bc.run_with_input(&["delete-everything"], "delete\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Deleted 2 check-ins"), "{}", r.stdout);
    assert!(bc.history(&[]).is_empty());

    bc.log(&["--pain", "5"]);
    let r = bc.ok(&["delete-everything", "--yes"]);
    assert!(r.stdout.starts_with("Deleted 1 check-in,"), "{}", r.stdout);
    assert!(bc.history(&[]).is_empty());
    assert_eq!(
        bc.ok(&["remind", "list", "--json"]).json(),
        serde_json::json!([])
    );
}
