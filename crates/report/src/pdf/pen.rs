//! Drawing on a PDF page, or only measuring: the same layout code runs twice,
//! first to find a layout that fits one page, then to draw it.

use crate::ReportError;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use std::sync::Arc;

/// The bundled fonts: DejaVu Sans from the `dejavu` crate, compiled in, so
/// nothing is read from the system or fetched at run time.
pub(crate) struct Fonts {
    regular: Font,
    bold: Font,
    regular_face: ttf_parser::Face<'static>,
    bold_face: ttf_parser::Face<'static>,
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts, ReportError> {
        let regular_bytes: &'static [u8] = dejavu::sans::regular();
        let bold_bytes: &'static [u8] = dejavu::sans::bold();
        let font = |bytes: &'static [u8], name: &'static str| {
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(bytes);
            Font::new(data.into(), 0).ok_or(ReportError::Font(name))
        };
        let face = |bytes: &'static [u8], name: &'static str| {
            ttf_parser::Face::parse(bytes, 0).map_err(|_| ReportError::Font(name))
        };
        Ok(Fonts {
            regular: font(regular_bytes, "DejaVu Sans")?,
            bold: font(bold_bytes, "DejaVu Sans Bold")?,
            regular_face: face(regular_bytes, "DejaVu Sans")?,
            bold_face: face(bold_bytes, "DejaVu Sans Bold")?,
        })
    }
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    /// 0 = black, 255 = white.
    pub grey: u8,
}

impl Style {
    pub(crate) const fn new(size: f32) -> Style {
        Style {
            size,
            bold: false,
            grey: 0,
        }
    }

    pub(crate) const fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    pub(crate) const fn grey(self, grey: u8) -> Style {
        Style { grey, ..self }
    }

    /// Baseline-to-baseline distance.
    pub(crate) fn leading(self) -> f32 {
        self.size * 1.32
    }
}

/// Horizontal alignment of a single line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Centre,
    Right,
}

/// Draws when it has a surface; otherwise only measures.
pub(crate) struct Pen<'a, 'b> {
    surface: Option<&'a mut Surface<'b>>,
    fonts: &'a Fonts,
}

fn grey(value: u8) -> krilla::paint::Paint {
    luma::Color::new(value).into()
}

impl<'a, 'b> Pen<'a, 'b> {
    pub(crate) fn drawing(surface: &'a mut Surface<'b>, fonts: &'a Fonts) -> Self {
        Pen {
            surface: Some(surface),
            fonts,
        }
    }

    pub(crate) fn measuring(fonts: &'a Fonts) -> Self {
        Pen {
            surface: None,
            fonts,
        }
    }

    /// The width of `text` in points (advance widths, no kerning: never narrower than drawn).
    pub(crate) fn width(&self, text: &str, style: Style) -> f32 {
        let face = if style.bold {
            &self.fonts.bold_face
        } else {
            &self.fonts.regular_face
        };
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                u32::from(face.glyph_hor_advance(glyph).unwrap_or(0))
            })
            .sum();
        units as f32 * style.size / f32::from(face.units_per_em())
    }

    /// Splits `text` into lines no wider than `width`; a word wider than a line is broken.
    pub(crate) fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, style) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone on the line; break it by characters if it is still too wide.
            for c in word.chars() {
                line.push(c);
                if self.width(&line, style) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// One line of text with its baseline at `y`.
    pub(crate) fn text(&mut self, x: f32, y: f32, text: &str, style: Style, align: Align) {
        let x = match align {
            Align::Left => x,
            Align::Centre => x - self.width(text, style) / 2.0,
            Align::Right => x - self.width(text, style),
        };
        let font = if style.bold {
            self.fonts.bold.clone()
        } else {
            self.fonts.regular.clone()
        };
        if let Some(s) = self.surface.as_deref_mut() {
            s.set_fill(Some(Fill {
                paint: grey(style.grey),
                ..Fill::default()
            }));
            s.draw_text(
                Point::from_xy(x, y),
                font,
                style.size,
                text,
                false,
                TextDirection::LeftToRight,
            );
        }
    }

    /// Wrapped text whose first line's top is at `top`; returns the height used.
    pub(crate) fn paragraph(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        text: &str,
        style: Style,
    ) -> f32 {
        let lines = self.wrap(text, style, width);
        let lead = style.leading();
        for (i, line) in lines.iter().enumerate() {
            let baseline = top + style.size + lead * i as f32;
            self.text(x, baseline, line, style, Align::Left);
        }
        lead * lines.len() as f32
    }

    /// A straight line; `dash` is (on, off) in points.
    pub(crate) fn line(
        &mut self,
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        shade: u8,
        dash: Option<(f32, f32)>,
    ) {
        self.polyline(&[from, to], width, shade, dash);
    }

    /// Connected straight segments.
    pub(crate) fn polyline(
        &mut self,
        points: &[(f32, f32)],
        width: f32,
        shade: u8,
        dash: Option<(f32, f32)>,
    ) {
        let Some(s) = self.surface.as_deref_mut() else {
            return;
        };
        let mut pb = PathBuilder::new();
        let mut it = points.iter();
        let Some(&(x0, y0)) = it.next() else {
            return;
        };
        pb.move_to(x0, y0);
        for &(x, y) in it {
            pb.line_to(x, y);
        }
        let Some(path) = pb.finish() else {
            return;
        };
        s.set_fill(None);
        s.set_stroke(Some(Stroke {
            paint: grey(shade),
            width,
            line_join: krilla::paint::LineJoin::Round,
            line_cap: krilla::paint::LineCap::Round,
            dash: dash.map(|(on, off)| StrokeDash {
                array: vec![on, off],
                offset: 0.0,
            }),
            ..Stroke::default()
        }));
        s.draw_path(&path);
        s.set_stroke(None);
    }

    /// A filled rectangle.
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, shade: u8) {
        let Some(s) = self.surface.as_deref_mut() else {
            return;
        };
        let Some(rect) = Rect::from_xywh(x, y, w.max(0.01), h.max(0.01)) else {
            return;
        };
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        if let Some(path) = pb.finish() {
            s.set_stroke(None);
            s.set_fill(Some(Fill {
                paint: grey(shade),
                ..Fill::default()
            }));
            s.draw_path(&path);
        }
    }

    /// A white circle with a grey outline.
    pub(crate) fn ring(&mut self, cx: f32, cy: f32, r: f32, shade: u8, width: f32) {
        let Some(s) = self.surface.as_deref_mut() else {
            return;
        };
        // Four cubic arcs; 0.5523 places the control points of a quarter circle.
        let k = 0.552_284_8 * r;
        let mut pb = PathBuilder::new();
        pb.move_to(cx + r, cy);
        pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
        pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
        pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
        pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
        pb.close();
        if let Some(path) = pb.finish() {
            s.set_fill(Some(Fill {
                paint: grey(255),
                ..Fill::default()
            }));
            s.set_stroke(Some(Stroke {
                paint: grey(shade),
                width,
                ..Stroke::default()
            }));
            s.draw_path(&path);
            s.set_stroke(None);
        }
    }
}
