//! Aligned columns that fit the terminal: the widest text columns give way first.

use super::truncate;

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The heading.
    pub header: &'static str,
    /// Numbers read better aligned right.
    pub right: bool,
    /// How narrow the column may get when the table is too wide; `None` never shrinks.
    pub shrink_to: Option<usize>,
}

impl Column {
    /// A column that keeps its width, aligned left.
    pub const fn fixed(header: &'static str) -> Column {
        Column {
            header,
            right: false,
            shrink_to: None,
        }
    }

    /// A column of numbers, aligned right.
    pub const fn number(header: &'static str) -> Column {
        Column {
            header,
            right: true,
            shrink_to: None,
        }
    }

    /// A text column that may shrink to `min` characters.
    pub const fn text(header: &'static str, min: usize) -> Column {
        Column {
            header,
            right: false,
            shrink_to: Some(min),
        }
    }
}

const GAP: &str = "  ";

fn natural_widths(columns: &[Column], rows: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = columns.iter().map(|c| c.header.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    widths
}

/// Whether some cell would be cut to fit `max_width`.
pub fn cuts(columns: &[Column], rows: &[Vec<String>], max_width: Option<usize>) -> bool {
    let widths = natural_widths(columns, rows);
    let total = widths.iter().sum::<usize>() + GAP.len() * widths.len().saturating_sub(1);
    max_width.is_some_and(|max| total > max)
}

/// Lays out `rows` under `columns`, at most `max_width` characters wide when given.
///
/// The widest shrinkable column gives way first; cut cells end in `…`.
pub fn render(columns: &[Column], rows: &[Vec<String>], max_width: Option<usize>) -> String {
    let mut widths = natural_widths(columns, rows);
    if let Some(max) = max_width {
        let mut total = widths.iter().sum::<usize>() + GAP.len() * widths.len().saturating_sub(1);
        // Take one character at a time from the widest column that may still shrink,
        // so long text columns end up sharing the room fairly.
        while total > max {
            let widest = columns
                .iter()
                .enumerate()
                .filter(|(i, c)| c.shrink_to.is_some_and(|min| widths[*i] > min))
                .max_by_key(|(i, _)| (widths[*i], *i))
                .map(|(i, _)| i);
            let Some(i) = widest else { break };
            widths[i] -= 1;
            total -= 1;
        }
    }
    let header: Vec<String> = columns.iter().map(|c| c.header.to_string()).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, (col, w)) in columns.iter().zip(&widths).enumerate() {
            let cell = truncate(row.get(i).map(String::as_str).unwrap_or(""), *w);
            if i > 0 {
                line.push_str(GAP);
            }
            let pad = w - cell.chars().count();
            if col.right {
                line.push_str(&" ".repeat(pad));
                line.push_str(&cell);
            } else {
                line.push_str(&cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<String>> {
        vec![
            vec![
                "2026-03-29".into(),
                "4".into(),
                "stiff after a long drive home".into(),
            ],
            vec!["2026-03-30".into(), "10".into(), "".into()],
        ]
    }

    const COLUMNS: [Column; 3] = [
        Column::fixed("Date"),
        Column::number("Pain"),
        Column::text("Note", 6),
    ];

    #[test]
    fn columns_line_up_and_numbers_align_right() {
        let t = render(&COLUMNS, &rows(), None);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "Date        Pain  Note");
        assert_eq!(lines[1], "2026-03-29     4  stiff after a long drive home");
        assert_eq!(lines[2], "2026-03-30    10");
    }

    #[test]
    fn text_columns_shrink_to_fit_the_width() {
        assert!(cuts(&COLUMNS, &rows(), Some(30)));
        assert!(!cuts(&COLUMNS, &rows(), None));
        let t = render(&COLUMNS, &rows(), Some(30));
        for line in t.lines() {
            assert!(line.chars().count() <= 30, "{line:?}");
        }
        assert!(t.contains("2026-03-29     4  stiff after…\n"), "{t}");
    }

    #[test]
    fn long_columns_share_the_room() {
        let columns = [Column::text("A", 4), Column::text("B", 4)];
        let rows = vec![vec!["a".repeat(30), "b".repeat(10)]];
        let t = render(&columns, &rows, Some(20));
        assert_eq!(
            t.lines().nth(1),
            Some(format!("{}…  {}…", "a".repeat(8), "b".repeat(8)).as_str()),
            "{t}"
        );
    }

    #[test]
    fn fixed_columns_never_shrink() {
        let t = render(&COLUMNS, &rows(), Some(5));
        assert!(t.contains("2026-03-29     4  stiff…"), "{t}");
    }
}
