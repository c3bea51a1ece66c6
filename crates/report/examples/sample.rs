//! Writes the sample report as `report.html` and `report.pdf` (A4) plus
//! `report-letter.pdf` into the folder given, to look at them:
//! `cargo run -p backcalm-report --example sample -- /tmp/report`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir)?;
    let report = backcalm_report::sample::report();
    std::fs::write(dir.join("report.html"), backcalm_report::html(&report))?;
    std::fs::write(dir.join("report.pdf"), backcalm_report::pdf(&report)?)?;
    let letter = backcalm_report::pdf_on(&report, backcalm_report::Paper::Letter)?;
    std::fs::write(dir.join("report-letter.pdf"), letter)?;
    println!(
        "wrote report.html, report.pdf and report-letter.pdf in {}",
        dir.display()
    );
    Ok(())
}
