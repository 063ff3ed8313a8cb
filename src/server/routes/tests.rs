use super::*;

#[test]
fn routes_methods_and_decoding() {
    assert_eq!(
        route(&Method::GET, "/api/logs/health"),
        Ok(Route::Read(Read::Health))
    );
    assert_eq!(
        route(&Method::HEAD, "/api/logs/health"),
        Ok(Route::Read(Read::Health))
    );
    let err = route(&Method::POST, "/api/logs/health").unwrap_err();
    assert_eq!(err.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(err.allow, Some("GET, HEAD, OPTIONS"));
    assert_eq!(err.message, "/api/logs/health does not take POST; use GET");
    let err = route(&Method::HEAD, "/api/logs/issues/i/ack").unwrap_err();
    assert_eq!(err.allow, Some("POST, OPTIONS"));
    assert_eq!(
        route(
            &Method::POST,
            "/api/logs/resolve/2024-03-10T08%3A00%3A00.000001"
        ),
        Ok(Route::Change(Change::ResolveAt(
            "2024-03-10T08:00:00.000001".into()
        )))
    );
    assert_eq!(
        route(&Method::GET, "/api/logs/nope").unwrap_err().status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        route(&Method::GET, "/api/logs/health/").unwrap_err().status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        route(&Method::POST, "/api/logs/resolve/%zz")
            .unwrap_err()
            .status,
        StatusCode::BAD_REQUEST
    );
    // A bad escape in a path that names no route is still a 404.
    assert_eq!(
        route(&Method::POST, "/api/logs/issues/%zz/nope")
            .unwrap_err()
            .status,
        StatusCode::NOT_FOUND
    );
    // Every template of the table resolves to a route.
    for (template, method) in ROUTES {
        let path = template
            .replace("{timestamp}", "t")
            .replace("{group_id}", "g")
            .replace("{id}", "i")
            .replace("{type}", "y");
        let (_, takes) = find(&path).unwrap();
        assert_eq!(takes, *method, "{template}");
    }
}

#[test]
fn shippers_post_to_their_own_paths() {
    assert_eq!(
        route(&Method::POST, "/api/ingest"),
        Ok(Route::Ingest(Feed::Records))
    );
    assert_eq!(
        route(&Method::POST, "/v1/logs"),
        Ok(Route::Ingest(Feed::Otlp))
    );
    let err = route(&Method::GET, "/v1/logs").unwrap_err();
    assert_eq!(err.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(err.allow, Some("POST, OPTIONS"));
    for other in ["/v1/traces", "/v1/logs/", "/api/ingest/x"] {
        assert_eq!(
            route(&Method::POST, other).unwrap_err().status,
            StatusCode::NOT_FOUND,
            "{other}"
        );
    }
}
