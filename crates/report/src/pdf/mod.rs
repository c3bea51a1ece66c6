//! The report as a one-page PDF with its fonts embedded.
//!
//! Why krilla: it is the PDF writer typst itself is built on, so it is well
//! kept, and it does what this page needs and no more: it subsets and embeds
//! TrueType fonts with a ToUnicode map (real text that `pdftotext`, search and
//! screen readers read, not outlines), and draws vector paths for the charts.
//! The page layout (wrapping, two columns, fitting one page) is ours, about
//! 700 lines. The alternatives, measured on the 2-core build machine:
//! typst 0.14 as a library (+ typst-pdf, typst-assets fonts) took about 1,000
//! CPU-seconds to build from clean (8 minutes or more of wall time) for one
//! fixed page; printpdf 0.7 embeds whole fonts (about 700 kB each) unless
//! built with a second, heavier subsetting stack (allsorts). krilla with
//! DejaVu costs about 200 CPU-seconds (about 1.5 minutes of wall time), most
//! of it in font crates (write-fonts, skrifa, read-fonts), so it sits behind
//! the crate's `pdf` feature, off by default.
//!
//! The font is DejaVu Sans from the `dejavu` crate (Bitstream Vera licence:
//! free to embed and redistribute; see `crates/report/FONT-LICENSE`),
//! compiled into the binary: nothing is read from the system or downloaded
//! at build or run time. Its wide Unicode coverage keeps accented names and
//! most scripts in notes readable.

mod page;
mod pen;

use crate::ReportError;
use backcalm_core::report::Report;
use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::Document;
use page::{compose, footer, Frame, LAYOUTS};
use pen::{Fonts, Pen};

/// The paper the page is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 8.5 × 11 inches (US Letter).
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 inch).
    pub fn points(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Page margin in points (half an inch).
const MARGIN: f32 = 36.0;

/// The report as a one-page A4 PDF. See [`pdf_on`] for Letter.
pub fn pdf(report: &Report) -> Result<Vec<u8>, ReportError> {
    pdf_on(report, Paper::A4)
}

/// The report as a one-page PDF on `paper`.
///
/// Long content is fitted, not spilled onto a second page: the chart gets
/// shorter and fewer of the earliest notes are shown (the page says how many
/// were left out). Everything else has a fixed cap.
pub fn pdf_on(report: &Report, paper: Paper) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::load()?;
    let (width, height) = paper.points();
    let frame = Frame {
        left: MARGIN,
        top: MARGIN,
        width: width - 2.0 * MARGIN,
        bottom: height - MARGIN,
    };
    let mut measure = Pen::measuring(&fonts);
    let footer_height = footer(&mut measure, report, &frame);
    let body = Frame {
        bottom: frame.bottom - footer_height - 6.0,
        ..frame
    };
    let layout = LAYOUTS
        .iter()
        .find(|l| compose(&mut measure, report, &body, l) <= body.bottom)
        .unwrap_or(&LAYOUTS[LAYOUTS.len() - 1]);

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} {}", crate::html::TITLE, report.period))
            .creator("backcalm".to_string())
            .language("en".to_string()),
    );
    let size = Size::from_wh(width, height).ok_or(ReportError::Pdf(format!(
        "the page size {width} × {height} points is not valid"
    )))?;
    let mut page = document.start_page_with(PageSettings::new(size));
    {
        let mut surface = page.surface();
        let mut pen = Pen::drawing(&mut surface, &fonts);
        compose(&mut pen, report, &body, layout);
        footer(&mut pen, report, &frame);
        surface.finish();
    }
    page.finish();
    document
        .finish()
        .map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_inside_the_width() {
        let fonts = Fonts::load().unwrap();
        let pen = Pen::measuring(&fonts);
        let text = "The pain spreads into my left thigh after sitting for an hour, \
and a verylongwordwithoutanyspacesatalltobreakbycharacters too.";
        let lines = pen.wrap(text, page::BODY, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            assert!(pen.width(l, page::BODY) <= 120.0, "{l:?} is too wide");
        }
        assert_eq!(
            lines.join(" ").replace(' ', ""),
            text.replace(' ', ""),
            "no character is lost"
        );
        assert!(pen.width("WWW", page::BODY) > pen.width("iii", page::BODY));
    }
}
