//! Reading an instrument file and checking it as a whole: scales, items,
//! LOINC codes, scoring and bands, each refusal naming file, line and field.

use super::{Instrument, Method};
use crate::content::{ContentError, SourceFile};
use crate::located::{is_kebab, line_in_table, line_of_key, line_of_table, toml_error};

/// A LOINC code `NNNNN-C` whose check digit is right (LOINC's mod-10 rule).
fn is_loinc_code(code: &str) -> bool {
    let Some((number, check)) = code.split_once('-') else {
        return false;
    };
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !all_digits(number) || number.len() > 7 || check.len() != 1 || !all_digits(check) {
        return false;
    }
    // From the right, every other digit starting with the last is doubled and its digits summed.
    let sum: u32 = number
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let twice = d * 2;
                twice / 10 + twice % 10
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10 == u32::from(check.as_bytes()[0] - b'0')
}

/// A LOINC answer code `LA<digits>-<digit>`.
fn is_loinc_answer(code: &str) -> bool {
    code.strip_prefix("LA")
        .and_then(|r| r.split_once('-'))
        .is_some_and(|(n, c)| {
            !n.is_empty()
                && n.chars().all(|ch| ch.is_ascii_digit())
                && c.len() == 1
                && c.chars().all(|ch| ch.is_ascii_digit())
        })
}

/// Parses and checks one instrument file's text.
pub fn parse_instrument(file: &str, text: &str) -> Result<Instrument, ContentError> {
    let inst: Instrument = toml::from_str(text).map_err(|e| toml_error(file, text, 1, &e))?;
    check(file, text, &inst)?;
    Ok(inst)
}

fn check(file: &str, text: &str, inst: &Instrument) -> Result<(), ContentError> {
    let top =
        |key: &str, message: String| ContentError::at(file, line_of_key(text, key), key, message);
    if !is_kebab(&inst.id) {
        return Err(top(
            "id",
            format!(
                "{:?} must be lowercase letters, digits and single dashes",
                inst.id
            ),
        ));
    }
    for (field, line, value) in [
        ("title", line_of_key(text, "title"), &inst.title),
        ("intro", line_of_key(text, "intro"), &inst.intro),
        ("recall", line_of_key(text, "recall"), &inst.recall),
        ("citation", line_of_key(text, "citation"), &inst.citation),
        (
            "licence.text",
            line_in_table(text, "[licence]", 0, "text"),
            &inst.licence.text,
        ),
        (
            "licence.source",
            line_in_table(text, "[licence]", 0, "source"),
            &inst.licence.source,
        ),
    ] {
        if value.trim().is_empty() {
            return Err(ContentError::at(
                file,
                line,
                field,
                "is empty; every instrument names its wording, recall period, source and licence",
            ));
        }
    }
    if inst
        .attribution
        .as_ref()
        .is_some_and(|a| a.trim().is_empty())
    {
        return Err(top(
            "attribution",
            "is empty; give the publisher's attribution word for word, or leave it out".into(),
        ));
    }
    if inst.every_days == Some(0) {
        return Err(top(
            "every_days",
            "must be at least 1, or left out to offer it only on request".into(),
        ));
    }
    if let Some(code) = &inst.loinc {
        if !is_loinc_code(code) {
            return Err(top(
                "loinc",
                format!("{code:?} is not a LOINC code with a correct check digit"),
            ));
        }
    }
    check_scales(file, text, inst)?;
    check_items(file, text, inst)?;
    if let Some(code) = &inst.scoring.loinc {
        if !is_loinc_code(code) {
            let line = line_in_table(text, "[scoring]", 0, "loinc");
            return Err(ContentError::at(
                file,
                line,
                "scoring.loinc",
                format!("{code:?} is not a LOINC code with a correct check digit"),
            ));
        }
    }
    check_bands(file, text, inst)
}

fn check_scales(file: &str, text: &str, inst: &Instrument) -> Result<(), ContentError> {
    if inst.scales.is_empty() {
        return Err(ContentError::at(
            file,
            None,
            "scales",
            "add at least one [[scales]] with id, min, max and labels",
        ));
    }
    for (n, s) in inst.scales.iter().enumerate() {
        let at = |field: &str, message: String| {
            let line = line_in_table(text, "[[scales]]", n, field);
            ContentError::at(file, line, &format!("scales[{}].{field}", s.id), message)
        };
        if !is_kebab(&s.id) || inst.scales[..n].iter().any(|o| o.id == s.id) {
            return Err(at(
                "id",
                "must be kebab-case and unique among the scales".into(),
            ));
        }
        if s.min >= s.max || s.max > 100 {
            return Err(at(
                "max",
                format!(
                    "{}..{} is not a scale; min must be below max, and max at most 100",
                    s.min, s.max
                ),
            ));
        }
        let values: Vec<u8> = s.labels.iter().map(|l| l.value).collect();
        if values.first() != Some(&s.min)
            || values.last() != Some(&s.max)
            || values.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(at(
                "labels",
                format!(
                    "label both ends ({} and {}), lowest first, each value once",
                    s.min, s.max
                ),
            ));
        }
        for l in &s.labels {
            if l.text.trim().is_empty() {
                return Err(at("labels", format!("the label for {} is empty", l.value)));
            }
            if let Some(code) = &l.loinc {
                if !is_loinc_answer(code) {
                    return Err(at(
                        "labels",
                        format!("{code:?} is not a LOINC answer code (LA…-N)"),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn check_items(file: &str, text: &str, inst: &Instrument) -> Result<(), ContentError> {
    if inst.items.is_empty() {
        return Err(ContentError::at(
            file,
            None,
            "items",
            "add at least one [[items]] with id, text and scale",
        ));
    }
    for (n, item) in inst.items.iter().enumerate() {
        let at = |field: &str, message: String| {
            let line = line_in_table(text, "[[items]]", n, field);
            ContentError::at(file, line, &format!("items[{}].{field}", item.id), message)
        };
        if !is_kebab(&item.id) || inst.items[..n].iter().any(|o| o.id == item.id) {
            return Err(at(
                "id",
                "must be kebab-case and unique among the items".into(),
            ));
        }
        if item.text.trim().is_empty() {
            return Err(at(
                "text",
                "is empty; write the question in plain words".into(),
            ));
        }
        if inst.scale_of(item).is_none() {
            let known = inst
                .scales
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(at(
                "scale",
                format!("{:?} is not one of the scales ({known})", item.scale),
            ));
        }
        if let Some(code) = &item.loinc {
            if !is_loinc_code(code) {
                return Err(at(
                    "loinc",
                    format!("{code:?} is not a LOINC code with a correct check digit"),
                ));
            }
        }
    }
    Ok(())
}

fn check_bands(file: &str, text: &str, inst: &Instrument) -> Result<(), ContentError> {
    let (lo, hi) = inst.range();
    for (n, b) in inst.bands.iter().enumerate() {
        let at = |key: &str, message: String| {
            ContentError::at(
                file,
                line_in_table(text, "[[bands]]", n, key),
                &format!("bands[{n}].{key}"),
                message,
            )
        };
        if !(b.min.is_finite() && b.max.is_finite()) || b.min > b.max || b.min < lo || b.max > hi {
            return Err(at(
                "max",
                format!(
                    "band {n} ({}..{}) must lie within the score range {lo}..{hi}",
                    b.min, b.max
                ),
            ));
        }
        if b.text.trim().is_empty() {
            return Err(at(
                "text",
                format!("band {n} has no text; say what the score means in plain words"),
            ));
        }
        if n > 0 && b.min <= inst.bands[n - 1].max {
            return Err(at(
                "min",
                format!(
                    "band {n} overlaps the one before it; list bands lowest first, without overlap"
                ),
            ));
        }
    }
    // A sum is a whole number, so its bands must meet end to end and cover every score.
    if inst.scoring.method == Method::Sum && !inst.bands.is_empty() {
        let whole = inst
            .bands
            .iter()
            .all(|b| b.min.fract() == 0.0 && b.max.fract() == 0.0);
        let contiguous = inst.bands.windows(2).all(|w| w[1].min == w[0].max + 1.0);
        let covers = inst.bands.first().is_some_and(|b| b.min == lo)
            && inst.bands.last().is_some_and(|b| b.max == hi);
        if !(whole && contiguous && covers) {
            return Err(ContentError::at(file, line_of_table(text, "[[bands]]", 0), "bands", format!("bands of a sum must be whole numbers that together cover {lo} to {hi} without gaps")));
        }
    }
    Ok(())
}

/// All instruments among the content files (`instruments/*.toml`), ordered by id.
pub fn instruments(files: &[SourceFile]) -> Result<Vec<Instrument>, ContentError> {
    let mut out: Vec<Instrument> = Vec::new();
    for f in files {
        let Some(name) = f.path.strip_prefix("instruments/") else {
            continue;
        };
        if name.contains('/') || !name.ends_with(".toml") {
            continue;
        }
        let inst = parse_instrument(&f.path, &f.text)?;
        if out.iter().any(|o| o.id == inst.id) {
            return Err(ContentError::at(
                &f.path,
                line_of_key(&f.text, "id"),
                "id",
                format!(
                    "instrument id {:?} is used by another file; ids must be unique",
                    inst.id
                ),
            ));
        }
        out.push(inst);
    }
    if out.is_empty() {
        return Err(ContentError::at(
            "instruments/",
            None,
            "(files)",
            "no instrument files found; expected instruments/*.toml",
        ));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
