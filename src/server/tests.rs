use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::*;

mod shapes;

#[test]
fn bodies_are_byte_for_byte_as_kept() {
    use crate::config::ApiConfig;
    use crate::store::{StoreOptions, spawn_store};
    let (_tx, rx) = tokio::sync::mpsc::channel(1);
    let (store, _join) = spawn_store(rx, StoreOptions::memory(10));
    let (_stop, shutdown) = watch::channel(false);
    let api = Api {
        store,
        follow: None,
        hub: None,
        remote: None,
        config: ApiConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            token: None,
            cors_origins: Vec::new(),
            redactor: Arc::new(shapes::redactor()),
            client_timeout: Duration::from_secs(1),
        },
        cache: cache::Cache::default(),
        shutdown,
        turns: tokio::sync::Semaphore::new(1),
    };
    let snap = shapes::snapshot();
    let all = handlers::SignalQuery::default();
    let new = handlers::SignalQuery::parse(Some("true"), None).unwrap();
    let redactor = &*api.config.redactor;
    shapes::check(
        "recent.json",
        &handlers::recent(&snap, redactor, 50, all, None),
    );
    shapes::check(
        "recent_new.json",
        &handlers::recent(&snap, redactor, 1, new, None),
    );
    shapes::check(
        "groups.json",
        &handlers::groups(&snap, redactor, 50, all, None),
    );
    shapes::check("critical.json", &handlers::critical(&snap, redactor, None));
    shapes::check("statistics.json", &handlers::statistics(&snap));
    shapes::check("health.json", &handlers::health(&snap, false));
    shapes::check("health_explained.json", &handlers::health(&snap, true));
    shapes::check(
        "issue.json",
        &handlers::issue(&snap, redactor, "id-1").unwrap(),
    );
    shapes::check("files.json", &handlers::files(api.follow.as_deref()));
    let message = issue_json::message_body(&snap.issues[0], redactor, "Issue reopened");
    shapes::check("message.json", &message);
    shapes::check("metrics.txt", metrics::render(&snap, None).as_bytes());
    let error = respond::ApiError::not_found("no \"x\"").response();
    let bytes = futures_body(error);
    shapes::check("error.json", &bytes);
}

fn futures_body(response: hyper::Response<respond::Body>) -> Vec<u8> {
    use http_body_util::BodyExt;
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(response.into_body().collect())
        .unwrap()
        .to_bytes()
        .to_vec()
}

/// The bodies once built with `json!` keep its (alphabetical) key order.
#[test]
fn views_keep_the_order_json_gave_them() {
    use crate::follow::{FileCounts, FileStatus};
    let file = FileStatus {
        path: "/var/log/a \"b\".log".into(),
        state: crate::follow::FileState::Following,
        offset: 10,
        size: 20,
        lag_bytes: 10,
        lines: Some(3),
        rotations: 1,
        truncations: 2,
        error: Some("gone".into()),
        open: true,
    };
    let files = [file];
    let counts = FileCounts {
        open_limit: 9,
        closed: 1,
        waiting: 2,
        lost: 3,
    };
    let body = bodies::FilesBody {
        count: 1,
        descriptors: counts.into(),
        files: bodies::FileList(&files),
        status: issue_json::Success,
    };
    let was = serde_json::json!({"status": "success", "files": &files, "count": 1, "descriptors": counts});
    assert_eq!(serde_json::to_string(&body).unwrap(), was.to_string());

    let until = crate::model::DetectedAt::parse("2026-03-10T08:00:00.000000");
    let body = bodies::TypeSilencedBody {
        changed: 2,
        issue_type: "disk_full",
        silenced_until: until,
        status: issue_json::Success,
    };
    let was = serde_json::json!({"status": "success", "issue_type": "disk_full", "silenced_until": until, "changed": 2});
    assert_eq!(serde_json::to_string(&body).unwrap(), was.to_string());

    let body = bodies::GroupResolvedBody {
        changed: 1,
        group_id: "g",
        issues: 2,
        resolved: false,
        status: issue_json::Success,
    };
    let was = serde_json::json!({"status": "success", "group_id": "g", "resolved": false, "issues": 2, "changed": 1});
    assert_eq!(serde_json::to_string(&body).unwrap(), was.to_string());
}
