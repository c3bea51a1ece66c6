//! The HTML page printed by Chromium (as a person would print it): one page
//! on A4 and on Letter, for the sample and for a report with more than fits.

mod common;

use backcalm_core::report::Report;
use backcalm_report::{html, sample};
use std::path::Path;
use std::process::Command;

fn run(tool: &str, args: &[&str], package: &str) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("could not run {tool} ({e}); install it with: apt-get install {package}")
    });
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Prints `report` on `paper` ("A4" or "letter") and returns the page count.
fn printed_pages(report: &Report, paper: &str, dir: &Path) -> String {
    // The page leaves the paper to the printer; pin it here as a print dialog would.
    let page = html(report).replacen(
        "@media print {",
        &format!("@media print {{ @page {{ size: {paper}; }}"),
        1,
    );
    let input = dir.join(format!("{paper}.html"));
    let output = dir.join(format!("{paper}.pdf"));
    std::fs::write(&input, page).unwrap();
    let profile = dir.join(format!("profile-{paper}"));
    run(
        "chromium",
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            &format!("--user-data-dir={}", profile.display()),
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", output.display()),
            &format!("file://{}", input.display()),
        ],
        "chromium",
    );
    let info = run("pdfinfo", &[&output.display().to_string()], "poppler-utils");
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string()))
        .expect("pdfinfo prints Pages")
}

#[test]
fn the_html_page_prints_on_one_page() {
    // Letter is the shorter page; the crowded report is the longest content.
    for (name, report, papers) in [
        ("sample", sample::report(), &["letter"][..]),
        ("many notes", common::many_notes(), &["letter"][..]),
        ("crowded", common::crowded(), &["A4", "letter"][..]),
    ] {
        for &paper in papers {
            let dir = tempfile::tempdir().unwrap();
            assert_eq!(
                printed_pages(&report, paper, dir.path()),
                "1",
                "{name} on {paper}"
            );
        }
    }
}
