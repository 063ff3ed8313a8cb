//! The OpenAPI document says exactly what the server does: the same paths
//! and methods as the route table, and the same fields as the types it
//! serializes. (CI also runs schemathesis against a live server.)

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use serde_json::Value;

use logwarden::model::Severity;
use logwarden::server::ROUTES;

mod support;
use support::ui::Fixture;

fn doc() -> Value {
    let text = include_str!("../src/server/openapi.json");
    serde_json::from_str(text).expect("the document is JSON")
}

fn properties(doc: &Value, schema: &str) -> BTreeSet<String> {
    doc["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("schema {schema}"))
        .keys()
        .cloned()
        .collect()
}

/// The field names `value` serializes with.
fn keys(value: &impl serde::Serialize) -> BTreeSet<String> {
    serde_json::to_value(value)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn paths_and_methods_match_the_route_table() {
    let doc = doc();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (path.clone(), m.to_uppercase()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(p, m)| (p.to_string(), m.to_string()))
        .collect();
    assert_eq!(documented, served);
}

#[test]
fn schemas_list_every_serialized_field() {
    let doc = doc();
    let issue = Fixture {
        n: 1,
        at: chrono::Utc::now(),
        severity: Severity::Critical,
        issue_type: "disk_full",
        category: "Filesystem Issue",
        file: "/f",
        line: "l",
    }
    .issue();
    let fields = keys(&issue);
    assert_eq!(properties(&doc, "Issue"), fields);
    let required: BTreeSet<String> = doc["components"]["schemas"]["Issue"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(required, fields, "every field is always present");
    let status = logwarden::follow::FileStatus {
        path: "/f".into(),
        state: logwarden::follow::FileState::Following,
        offset: 0,
        size: 0,
        lag_bytes: 0,
        lines: None,
        rotations: 0,
        truncations: 0,
        error: None,
        open: true,
    };
    let fields = keys(&status);
    assert_eq!(properties(&doc, "FileStatus"), fields);
    let counts = logwarden::follow::FileCounts::default();
    assert_eq!(properties(&doc, "FileCounts"), keys(&counts));
}
