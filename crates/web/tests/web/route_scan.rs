//! The routes the app registers, read from its source: every
//! `.route("PATH", get(..).post(..))` call under `crates/web/src`.
//!
//! axum cannot list a router's routes, so the tests that must know every
//! route (the OpenAPI document covers each API route; every page route that
//! changes something demands the form token) read them from the code. A
//! route written any other way (a path that is not a literal, `any`, `on`,
//! `nest`, a service) fails those tests with a message saying how to write
//! it, so nothing slips past unseen. `#[cfg(test)]` modules, which build
//! routers of their own, are left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One `.route(...)` call.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// The path, e.g. `/api/v1/checkins/{id}`.
    pub path: String,
    /// Upper-case methods, e.g. `GET`, `POST`.
    pub methods: BTreeSet<String>,
    /// Where it was found.
    pub file: String,
}

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];
const UNREADABLE: [&str; 5] = ["any", "on", "get_service", "post_service", "any_service"];

/// Every route under `crates/web/src`, and what could not be read (file and why).
pub fn routes() -> (Vec<Route>, Vec<String>) {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    let mut routes = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        // Unit tests (at the end of a file, by convention) build routers of their own.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let code = without_comments(text);
        let name = f.strip_prefix(&src).unwrap_or(&f).display().to_string();
        scan(&code, &name, &mut routes, &mut problems);
        for bad in [".nest(", ".nest_service(", ".route_service("] {
            if code.contains(bad) {
                problems.push(format!("{name}: uses {bad}; register each route with .route(\"/literal/path\", get(..)) so the tests can see it"));
            }
        }
    }
    (routes, problems)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source with `//` comments blanked out (strings and char literals respected).
fn without_comments(s: &str) -> String {
    let b: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
            continue;
        }
        let end = literal_end(&b, i);
        if end > i + 1 || c == '"' {
            out.extend(&b[i..end]);
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// If a string or char literal starts at `i`, the index just past it; else `i + 1`.
fn literal_end(b: &[char], i: usize) -> usize {
    match b[i] {
        '"' => {
            let mut j = i + 1;
            while j < b.len() && b[j] != '"' {
                j += if b[j] == '\\' { 2 } else { 1 };
            }
            (j + 1).min(b.len())
        }
        'r' if b.get(i + 1) == Some(&'#') && b.get(i + 2) == Some(&'"') => {
            let mut j = i + 3;
            while j + 1 < b.len() && !(b[j] == '"' && b[j + 1] == '#') {
                j += 1;
            }
            (j + 2).min(b.len())
        }
        '\'' if b.get(i + 1) == Some(&'\\') => {
            // Past the backslash and the character it escapes.
            let mut j = i + 3;
            while j < b.len() && b[j] != '\'' {
                j += 1;
            }
            (j + 1).min(b.len())
        }
        '\'' if b.get(i + 2) == Some(&'\'') => i + 3,
        _ => i + 1,
    }
}

fn scan(code: &str, file: &str, routes: &mut Vec<Route>, problems: &mut Vec<String>) {
    let b: Vec<char> = code.chars().collect();
    let needle: Vec<char> = ".route(".chars().collect();
    let mut i = 0;
    while i + needle.len() <= b.len() {
        if b[i..i + needle.len()] != needle[..] {
            i += 1;
            continue;
        }
        let mut j = i + needle.len();
        while j < b.len() && b[j].is_whitespace() {
            j += 1;
        }
        if b.get(j) != Some(&'"') {
            let snippet: String = b[i..(i + 60).min(b.len())].iter().collect();
            problems.push(format!(
                "{file}: a route whose path is not a string literal: {snippet}…; write the path out in the .route call"
            ));
            i = j;
            continue;
        }
        let end = literal_end(&b, j);
        let path: String = b[j + 1..end - 1].iter().collect();
        // The method router: everything up to the call's closing parenthesis.
        let mut depth = 1;
        let mut k = end;
        let mut methods = BTreeSet::new();
        let mut ident = String::new();
        while k < b.len() && depth > 0 {
            let c = b[k];
            let lit = literal_end(&b, k);
            if lit > k + 1 {
                k = lit;
                ident.clear();
                continue;
            }
            match c {
                '(' => {
                    if depth == 1 {
                        if METHODS.contains(&ident.as_str()) {
                            methods.insert(ident.to_ascii_uppercase());
                        } else if UNREADABLE.contains(&ident.as_str()) {
                            problems.push(format!(
                                "{file}: {path} uses {ident}(..); use get/post/put/delete/patch so the tests can see its methods"
                            ));
                        }
                    }
                    depth += 1;
                }
                ')' => depth -= 1,
                _ => {}
            }
            if c.is_alphanumeric() || c == '_' {
                ident.push(c);
            } else {
                ident.clear();
            }
            k += 1;
        }
        if methods.is_empty() {
            problems.push(format!("{file}: {path} has no method the tests can read"));
        }
        routes.push(Route {
            path,
            methods,
            file: file.to_string(),
        });
        i = k;
    }
}

/// A concrete URI for a route template: each `{param}` filled with `fill(param)`.
pub fn concrete(template: &str, fill: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let name = rest[open + 1..close].trim_start_matches('*');
        out.push_str(&fill(name));
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_scanner_reads_multi_line_routes_and_skips_comments() {
    let code = without_comments(
        r#"
        // .route("/commented", get(x))
        Router::new()
            .route("/a/{id}", get(h::show).put(h::put).delete(h::remove))
            .route(
                "/b",
                get(h::list).post(h::create),
            )
            .route_layer(x)
            .route("/c", axum::routing::post(|s: String| async move { s.contains("get(") }))
            .route(PATH, get(h))
        "#,
    );
    let (mut routes, mut problems) = (Vec::new(), Vec::new());
    scan(&code, "f.rs", &mut routes, &mut problems);
    let got: Vec<(String, Vec<String>)> = routes
        .into_iter()
        .map(|r| (r.path, r.methods.into_iter().collect()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "/a/{id}".to_string(),
                vec!["DELETE".into(), "GET".into(), "PUT".into()]
            ),
            ("/b".to_string(), vec!["GET".into(), "POST".into()]),
            ("/c".to_string(), vec!["POST".into()]),
        ]
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("not a string literal"));
    assert_eq!(
        concrete("/x/{id}/y/{*rest}", |n| format!("<{n}>")),
        "/x/<id>/y/<rest>"
    );
}
