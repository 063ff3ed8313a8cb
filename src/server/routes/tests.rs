use super::*;

#[test]
fn routes_methods_and_decoding() {
    assert_eq!(route(&Method::GET, "/api/logs/health"), Ok(Route::Health));
    assert_eq!(route(&Method::HEAD, "/api/logs/health"), Ok(Route::Health));
    let err = route(&Method::POST, "/api/logs/health").unwrap_err();
    assert_eq!(err.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(err.allow, Some("GET, HEAD, OPTIONS"));
    assert_eq!(
        route(
            &Method::POST,
            "/api/logs/resolve/2024-03-10T08%3A00%3A00.000001"
        ),
        Ok(Route::ResolveAt("2024-03-10T08:00:00.000001".into()))
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
    assert_eq!(
        query_param(Some("a=1&limit=2%30&limit=9"), "limit"),
        Ok(Some("20".into()))
    );
    // Every template of the table resolves to a route.
    for (template, methods) in ROUTES {
        let path = template
            .replace("{timestamp}", "t")
            .replace("{id}", "i")
            .replace("{type}", "y");
        let (_, m) = find(&path).unwrap();
        assert_eq!(m, *methods, "{template}");
    }
}
