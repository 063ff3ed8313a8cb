use super::*;

#[test]
fn failures_to_accept_are_said_once_then_counted_and_waited_on_longer() {
    let mut failing = AcceptFailures::default();
    let e = std::io::Error::from_raw_os_error(libc::EMFILE);
    assert_eq!(failing.failed(&e), Duration::from_millis(50));
    let said = failing.said_at;
    assert!(said.is_some() && failing.unsaid == 0, "the first is said");
    let waits: Vec<Duration> = (0..30).map(|_| failing.failed(&e)).collect();
    assert_eq!(failing.said_at, said, "not said again within the period");
    assert_eq!(failing.unsaid, 30, "but counted");
    assert!(waits.windows(2).all(|w| w[1] >= w[0]));
    assert_eq!(waits.last(), Some(&Duration::from_secs(1)), "capped");
}

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
        config: ApiConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            token: None,
            cors_origins: Vec::new(),
            redactor: Arc::new(shapes::redactor()),
            client_timeout: Duration::from_secs(1),
        },
        cache: service::Cache::default(),
        shutdown,
    };
    let snap = shapes::snapshot();
    let all = handlers::SignalQuery::default();
    let new = handlers::SignalQuery::parse(Some("true"), None).unwrap();
    shapes::check("recent.json", &handlers::recent(&api, &snap, 50, all));
    shapes::check("recent_new.json", &handlers::recent(&api, &snap, 1, new));
    shapes::check("groups.json", &handlers::groups(&api, &snap, 50, all));
    shapes::check("critical.json", &handlers::critical(&api, &snap));
    shapes::check("statistics.json", &handlers::statistics(&snap));
    shapes::check("health.json", &handlers::health(&snap));
    shapes::check("issue.json", &handlers::issue(&api, &snap, "id-1").unwrap());
    shapes::check("files.json", &handlers::files(&api));
    shapes::check("message.json", &handlers::with_message(&api, &snap.issues[0], "reopened"));
    shapes::check("metrics.txt", metrics::render(&snap).as_bytes());
    let error = respond::ApiError::not_found("no \"x\"").response();
    let bytes = futures_body(error);
    shapes::check("error.json", &bytes);
}

fn futures_body(response: hyper::Response<respond::Body>) -> Vec<u8> {
    use http_body_util::BodyExt;
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    rt.block_on(response.into_body().collect())
        .unwrap()
        .to_bytes()
        .to_vec()
}
