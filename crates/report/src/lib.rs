//! The clinician report: [`backcalm_core::report::Report`] rendered as one
//! printable HTML page and as a one-page PDF.
//!
//! - [`html`]: a self-contained document (inline stylesheet, inline SVG
//!   charts, no scripts) to save and print; [`html_body`] and [`PRINT_CSS`]
//!   for a web page that serves the stylesheet as a file under a strict
//!   Content-Security-Policy.
//! - `pdf` / `pdf_on` (cargo feature `pdf`, off by default: it adds about
//!   1.5 minutes to a clean build): one A4 or Letter page with DejaVu Sans
//!   embedded, text extractable.
//! - [`sample`]: a made-up journal and its report, for previews, tests and
//!   benchmarks.
//!
//! Both renderings fit one A4 or Letter page: at most 6 regions, and the
//! latest notes that fit (the PDF measures its text; the HTML page keeps a
//! character budget checked in Chromium's print preview). The page says what
//! was left out. Both use the same wording: changes are "associated with" a
//! practice, the page is not medical advice, and it is generated from the
//! person's own records.
//!
//! Architecture Invariant: rendering is a pure function of the [`Report`];
//! no clock, no file system, no network.
//!
//! [`Report`]: backcalm_core::report::Report

mod chart;
mod fit;
mod html;
#[cfg(feature = "pdf")]
mod pdf;
pub mod sample;
mod svg;

pub use html::{escape, html, html_body, PRINT_CSS, TITLE};
#[cfg(feature = "pdf")]
pub use pdf::{pdf, pdf_on, Paper};

/// Why a PDF could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// The font compiled into the program could not be read.
    #[error("the built-in font {0} could not be read; this is a bug in this build of backcalm, please report it (the HTML report still works)")]
    Font(&'static str),
    /// The PDF writer refused the page.
    #[error(
        "the PDF could not be written ({0}); please report this (the HTML report still works)"
    )]
    Pdf(String),
}
