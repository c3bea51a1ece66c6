//! The one table of who may call which route (`backcalm_web::access::RULES`):
//! every route the source registers and every operation the OpenAPI
//! document lists has exactly one rule, and docs/ROUTES.md is that table.

use crate::common::app;
use backcalm_web::access::{routes_markdown, RULES};
use std::collections::BTreeSet;

#[test]
fn every_route_in_the_code_has_a_rule_and_every_rule_a_route() {
    let (routes, problems) = crate::route_scan::routes();
    assert!(problems.is_empty(), "{problems:#?}");
    let served: BTreeSet<(String, String)> = routes
        .iter()
        .flat_map(|r| r.methods.iter().map(|m| (m.clone(), r.path.clone())))
        .collect();
    let ruled: BTreeSet<(String, String)> = RULES
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(
        RULES.len(),
        ruled.len(),
        "a route has two rules in access.rs"
    );
    let missing: Vec<_> = served.difference(&ruled).collect();
    assert!(
        missing.is_empty(),
        "routes with no rule in crates/web/src/access.rs (say who may call them): {missing:#?}"
    );
    let stale: Vec<_> = ruled.difference(&served).collect();
    assert!(
        stale.is_empty(),
        "rules for routes that do not exist: {stale:#?}"
    );
}

#[tokio::test]
async fn every_documented_operation_has_a_rule() {
    let app = app().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in ["get", "post", "put", "delete", "patch"] {
            if item.get(m).is_none() {
                continue;
            }
            let method = m.to_ascii_uppercase();
            assert!(
                RULES.iter().any(|r| r.method == method && r.path == path),
                "{method} {path} is documented but has no rule in access.rs"
            );
        }
    }
}

#[test]
fn docs_routes_md_is_the_table() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/ROUTES.md");
    let expected = routes_markdown();
    let checked_in = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        checked_in == expected,
        "docs/ROUTES.md is not the table in access.rs; write this into it:\n{expected}"
    );
}
