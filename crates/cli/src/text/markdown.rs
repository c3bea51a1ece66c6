//! Lesson Markdown as plain wrapped text for the terminal.
//!
//! Lessons use a small part of Markdown (headings, paragraphs, lists, the odd
//! emphasis or link), so a simple line-based reading is enough: headings are
//! underlined, list items get a hanging indent, emphasis marks are dropped and
//! a link keeps its address in brackets. Anything else is shown as written.

use super::wrap;

/// The Markdown `md` as plain text wrapped to `width` characters.
pub fn plain(md: &str, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    let mut para: Vec<String> = Vec::new();
    // (marker, text) of the list item being gathered.
    let mut item: Option<(String, String)> = None;
    let flush = |out: &mut String, para: &mut Vec<String>, item: &mut Option<(String, String)>| {
        if !para.is_empty() {
            for l in wrap(&inline(&para.join(" ")), width) {
                out.push_str(&l);
                out.push('\n');
            }
            out.push('\n');
            para.clear();
        }
        if let Some((marker, text)) = item.take() {
            let first = format!("  {marker} ");
            let rest = " ".repeat(first.chars().count());
            let room = width.saturating_sub(first.chars().count()).max(10);
            for (n, l) in wrap(&inline(&text), room).iter().enumerate() {
                out.push_str(if n == 0 { &first } else { &rest });
                out.push_str(l);
                out.push('\n');
            }
        }
    };
    for raw in md.lines() {
        let line = raw.trim();
        if line.is_empty() {
            let had_item = item.is_some();
            flush(&mut out, &mut para, &mut item);
            if had_item {
                out.push('\n');
            }
            continue;
        }
        if let Some((level, text)) = heading(line) {
            flush(&mut out, &mut para, &mut item);
            let text = inline(text);
            out.push_str(&text);
            out.push('\n');
            let rule = if level == 1 { "=" } else { "-" };
            out.push_str(&rule.repeat(text.chars().count().min(width)));
            out.push_str("\n\n");
            continue;
        }
        if let Some((marker, text)) = list_item(line) {
            if !para.is_empty() {
                // A list right after a paragraph line starts a new block.
                let mut none = None;
                flush(&mut out, &mut para, &mut none);
            }
            flush(&mut out, &mut para, &mut item);
            item = Some((marker, text.to_string()));
            continue;
        }
        match &mut item {
            // A continuation line of a list item.
            Some((_, text)) if raw.starts_with(' ') => {
                text.push(' ');
                text.push_str(line);
            }
            Some(_) => {
                flush(&mut out, &mut para, &mut item);
                out.push('\n');
                para.push(line.to_string());
            }
            None => para.push(line.to_string()),
        }
    }
    flush(&mut out, &mut para, &mut item);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `## Title` → (2, "Title").
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    line[level..]
        .strip_prefix(' ')
        .map(|t| (level, t.trim_end_matches('#').trim()))
}

/// `- item`, `* item` → ("-", "item"); `3. item` → ("3.", "item").
fn list_item(line: &str) -> Option<(String, &str)> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(("-".to_string(), rest.trim()));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = line[digits..].strip_prefix(". ") {
            return Some((line[..=digits].to_string(), rest.trim()));
        }
    }
    None
}

/// Drops emphasis and code marks; `[text](url)` becomes `text (url)`.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let url_end = after[close + 2..].find(')')?;
            Some((
                &after[..close],
                &after[close + 2..close + 2 + url_end],
                close + 3 + url_end,
            ))
        });
        match link {
            // Citations such as `[Cherkin et al., JAMA 2016]` have no `(` after them.
            Some((text, url, used)) if !text.contains('[') => {
                out.push_str(text);
                out.push_str(" (");
                out.push_str(url);
                out.push(')');
                rest = &after[used..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "")
        .replace("__", "")
        .replace(['`', '*'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_and_paragraphs_read_plainly() {
        let md = "Intro line one\nand two [Source 2020].\n\n## When to stop\n\nStop if:\n\n- it **hurts**\n- you feel\n  dizzy\n\n1. first\n2. second\n\nSee [the NHS](https://www.nhs.uk) page.\n";
        let text = plain(md, 40);
        assert_eq!(
            text,
            "Intro line one and two [Source 2020].\n\n\
             When to stop\n------------\n\n\
             Stop if:\n\n\
             \x20 - it hurts\n\
             \x20 - you feel dizzy\n\n\
             \x20 1. first\n\
             \x20 2. second\n\n\
             See the NHS (https://www.nhs.uk) page.\n"
        );
    }

    #[test]
    fn long_items_hang_under_their_marker() {
        let text = plain("- one two three four five six seven", 20);
        assert_eq!(text, "  - one two three\n    four five six\n    seven\n");
    }

    #[test]
    fn every_shipped_lesson_reads_without_markup() {
        let files = backcalm_core::content::embedded_files();
        let lessons = backcalm_core::lesson::lessons(&files).expect("lessons load");
        for l in &lessons {
            let text = plain(&l.body_markdown, 72);
            assert!(!text.contains("##"), "{}: {text}", l.id);
            assert!(!text.contains("**"), "{}: {text}", l.id);
            assert!(text.lines().all(|x| x.chars().count() <= 72), "{}", l.id);
            assert!(text.split_whitespace().count() >= l.word_count() * 9 / 10);
        }
    }
}
