//! Generated variants of the HTTP classes: `http-authorization` (header
//! names × schemes × the ways logs print headers), `cookie`,
//! `signed-url` and `bearer-token`.

use super::variants::{ALNUM, B64, Case, HEX, Rng, check_class, url_encode};

/// A credential in one scheme: (what follows the header's colon, the
/// secrets in it, what of it must stay).
fn credentials(rng: &mut Rng) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    let basic = format!("{}{}=", rng.from(B64, 23), rng.below(10));
    out.push((format!("Basic {basic}"), vec![basic], vec!["Basic".into()]));
    let bearer = format!(
        "{}.{}-{}_{}~{}",
        rng.from(ALNUM, 12),
        rng.from(ALNUM, 8),
        rng.from(ALNUM, 6),
        rng.below(10),
        rng.from(ALNUM, 5)
    );
    out.push((
        format!("Bearer {bearer}"),
        vec![bearer.clone()],
        vec!["Bearer".into()],
    ));
    out.push((
        format!("bearer {bearer}"),
        vec![bearer],
        vec!["bearer".into()],
    ));
    let token = format!("{}{}", rng.from(HEX, 39), rng.below(10));
    out.push((format!("token {token}"), vec![token], vec!["token".into()]));
    let response = rng.from(HEX, 32);
    out.push((
        format!(
            "Digest username=\"bob\", realm=\"api@example.com\", nonce=\"dcd98b7102dd2f0e\", uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"{response}\", opaque=\"5ccc069c\""
        ),
        vec![response],
        vec!["username=".into(), "bob".into(), "/dir/index.html".into()],
    ));
    let signature = rng.from(HEX, 64);
    out.push((
        format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260310/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}"
        ),
        vec![signature],
        vec!["SignedHeaders=host;x-amz-date".into()],
    ));
    let (oauth_token, oauth_sig) = (
        format!("{}{}", rng.from(ALNUM, 20), rng.below(10)),
        format!("{}%3D", rng.from(ALNUM, 27)),
    );
    out.push((
        format!(
            "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_token=\"{oauth_token}\", oauth_signature_method=\"HMAC-SHA1\", oauth_signature=\"{oauth_sig}\""
        ),
        vec![oauth_token, oauth_sig],
        vec!["oauth_signature_method=".into(), "HMAC-SHA1".into()],
    ));
    let key = format!("{}{}", rng.from(ALNUM, 30), rng.below(10));
    out.push((
        format!("ApiKey {key}"),
        vec![key.clone()],
        vec!["ApiKey".into()],
    ));
    out.push((
        format!("SSWS {key}"),
        vec![key.clone()],
        vec!["SSWS".into()],
    ));
    out.push((
        format!("Splunk {key}"),
        vec![key.clone()],
        vec!["Splunk".into()],
    ));
    let ntlm = format!("TlRMTVNTUAAB{}", rng.from(B64, 30));
    out.push((format!("NTLM {ntlm}"), vec![ntlm.clone()], vec![]));
    out.push((format!("Negotiate {ntlm}"), vec![ntlm], vec![]));
    out.push((key.clone(), vec![key], vec![]));
    out
}

/// `http-authorization`: names × schemes × header printings × context.
#[test]
fn authorization_headers_in_every_scheme_and_printing() {
    let mut rng = Rng::new(10);
    let names = [
        "Authorization",
        "authorization",
        "AUTHORIZATION",
        "Proxy-Authorization",
        "proxy-authorization",
    ];
    let printings: &[(&str, &str)] = &[
        ("{n}: {c}", ""),
        ("{n}:{c}", ""),
        ("\"{n}\": \"{c}\"", "\""),
        ("'{n}': '{c}'", "'"),
        ("{n}=\"{c}\"", "\""),
        ("{n}:[{c}]", "]"),
        ("\"{n}\":[\"{c}\"]", "\"]"),
        ("-H \"{n}: {c}\"", "\""),
        ("\\\"{n}\\\":\\\"{c}\\\"", "\\\""),
    ];
    let contexts: &[(&str, &str, &[&str])] = &[
        (
            "> GET /v1/me HTTP/1.1\r\n> ",
            "\r\n> Host: api.example.com",
            &["> GET /v1/me HTTP/1.1", "Host: api.example.com"],
        ),
        (
            "request headers={",
            ", \"Accept\": \"*/*\"} took 3ms",
            &["\"Accept\": \"*/*\"} took 3ms"],
        ),
        ("DEBUG ", " user=bob", &["user=bob"]),
    ];
    let mut cases = Vec::new();
    for name in names {
        for &(printing, _) in printings {
            for (before, after, keep) in contexts {
                for (credential, secrets, stays) in credentials(&mut rng) {
                    // Quotes inside a credential cannot be printed inside
                    // the same quotes unescaped; those printings escape them.
                    let credential = if printing.contains("\\\"{c}") {
                        credential.replace('"', "\\\\\\\"")
                    } else if printing.contains("\"{c}\"") {
                        credential.replace('"', "\\\"")
                    } else {
                        credential
                    };
                    let header = printing.replace("{n}", name).replace("{c}", &credential);
                    let mut keep: Vec<String> = keep.iter().map(|k| k.to_string()).collect();
                    keep.extend(stays);
                    keep.push(name.to_string());
                    cases.push(Case {
                        line: format!("{before}{header}{after}"),
                        secrets,
                        keep,
                    });
                }
            }
        }
    }
    check_class("http-authorization", &cases);
}

/// `cookie`: Cookie headers with one to four pairs, Set-Cookie with its
/// attributes, in header, JSON and map printings.
#[test]
fn cookie_values() {
    let mut rng = Rng::new(11);
    let names = [
        "sessionid",
        "_ga",
        "theme",
        "csrftoken",
        "auth",
        "JSESSIONID",
        "__Host-id",
    ];
    let mut cases = Vec::new();
    for n in 1..=4 {
        for round in 0..40 {
            let pairs: Vec<(String, String)> = (0..n)
                .map(|i| {
                    let n = 10 + rng.below(20);
                    let value = format!("{}{}", rng.from(ALNUM, n), rng.below(10));
                    (names[(round + i) % names.len()].to_string(), value)
                })
                .collect();
            let joined = pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            let secrets: Vec<String> = pairs.iter().map(|(_, v)| v.clone()).collect();
            let mut keep: Vec<String> = pairs.iter().map(|(k, _)| format!("{k}=")).collect();
            keep.push("Host: shop.example.com".into());
            for printing in [
                "> Cookie: {c}\n> Host: shop.example.com",
                "cookie: {c} Host: shop.example.com",
                "{\"Cookie\": \"{c}\", \"Host: shop.example.com\": 1}",
                "headers=map[Cookie:[{c}] Host: shop.example.com]",
                "{\"Cookie\":[\"{c}\"],\"Host: shop.example.com\":1}",
                "Cookie2=\"{c}\" Host: shop.example.com",
            ] {
                cases.push(Case {
                    line: printing.replace("{c}", &joined),
                    secrets: secrets.clone(),
                    keep: keep.clone(),
                });
            }
            let (name, value) = &pairs[0];
            for attributes in [
                "; Path=/; HttpOnly; Secure; SameSite=Lax",
                "; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Domain=.example.com",
                "",
            ] {
                for header in ["Set-Cookie: ", "set-cookie:", "\"Set-Cookie\": \""] {
                    let mut keep = vec![format!("{name}=")];
                    if !attributes.is_empty() {
                        keep.push(attributes.trim_start_matches("; ").to_string());
                    }
                    cases.push(Case {
                        line: format!("< HTTP/1.1 200 OK {header}{name}={value}{attributes}"),
                        secrets: vec![value.clone()],
                        keep,
                    });
                }
            }
        }
    }
    check_class("cookie", &cases);
}

/// A signed URL: its base, its query parameters, the secrets among them.
type SignedUrl = (&'static str, Vec<(String, String)>, Vec<String>);

/// `signed-url`: Azure SAS, S3, GCS and CloudFront signed URLs with the
/// signature first, in the middle or last, bare, quoted or percent-encoded
/// as a whole.
#[test]
fn signed_url_signatures() {
    let mut rng = Rng::new(12);
    let mut cases = Vec::new();
    for round in 0..120 {
        let b64 = format!("{}{}", rng.from(B64, 42), rng.below(10));
        let hex = rng.from(HEX, 64);
        let token = format!("IQoJb3JpZ2luX2Vj{}{}", rng.from(B64, 40), rng.below(10));
        let cf = format!(
            "{}~{}-{}_",
            rng.from(ALNUM, 30),
            rng.from(ALNUM, 20),
            rng.below(10)
        );
        let urls: Vec<SignedUrl> = vec![
            (
                "https://acct.blob.core.windows.net/backups/db.tar",
                vec![
                    ("sv".into(), "2022-11-02".into()),
                    ("sp".into(), "r".into()),
                    ("se".into(), "2026-03-10T08:00:00Z".into()),
                    ("spr".into(), "https".into()),
                    ("sig".into(), url_encode(&b64)),
                ],
                vec![url_encode(&b64)],
            ),
            (
                "https://bucket.s3.amazonaws.com/report.csv",
                vec![
                    ("X-Amz-Algorithm".into(), "AWS4-HMAC-SHA256".into()),
                    ("X-Amz-Date".into(), "20260310T080000Z".into()),
                    ("X-Amz-Expires".into(), "900".into()),
                    ("X-Amz-Security-Token".into(), url_encode(&token)),
                    ("X-Amz-SignedHeaders".into(), "host".into()),
                    ("X-Amz-Signature".into(), hex.clone()),
                ],
                vec![url_encode(&token), hex.clone()],
            ),
            (
                "https://storage.googleapis.com/bucket/obj",
                vec![
                    ("X-Goog-Algorithm".into(), "GOOG4-RSA-SHA256".into()),
                    ("X-Goog-Expires".into(), "600".into()),
                    ("X-Goog-Signature".into(), hex.clone()),
                ],
                vec![hex.clone()],
            ),
            (
                "https://d111111abcdef8.cloudfront.net/video.mp4",
                vec![
                    ("Expires".into(), "1767225600".into()),
                    ("Signature".into(), cf.clone()),
                    ("Key-Pair-Id".into(), "K2JCJMDEHXQW5F".into()),
                ],
                vec![cf.clone()],
            ),
        ];
        for (base, mut params, secrets) in urls {
            let n = params.len();
            params.rotate_left(round % n);
            let query = params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&");
            let url = format!("{base}?{query}");
            let stays = [
                "2022-11-02",
                "AWS4-HMAC-SHA256",
                "GOOG4-RSA-SHA256",
                "K2JCJMDEHXQW5F",
            ];
            let mut keep: Vec<String> = stays
                .iter()
                .filter(|s| url.contains(*s))
                .map(|s| s.to_string())
                .collect();
            keep.push(base.to_string());
            keep.push("403".into());
            for line in [
                format!("GET {url} 403 Forbidden"),
                format!("fetch(\"{url}\") failed: 403"),
                format!("redirect to={} 403", url_encode(&url)),
            ] {
                let encoded = line.contains("redirect");
                let secrets = secrets
                    .iter()
                    .map(|s| if encoded { url_encode(s) } else { s.clone() })
                    .collect();
                let keep = if encoded {
                    vec!["redirect to=".to_string(), "403".into()]
                } else {
                    keep.clone()
                };
                cases.push(Case {
                    line,
                    secrets,
                    keep,
                });
            }
        }
    }
    check_class("signed-url", &cases);
}

/// `bearer-token` and `digest-response` outside a header.
#[test]
fn bearer_tokens_and_digest_responses_anywhere() {
    let mut rng = Rng::new(13);
    let mut cases = Vec::new();
    for _ in 0..100 {
        let token = format!(
            "{}.{}_{}-{}",
            rng.from(ALNUM, 16),
            rng.from(ALNUM, 10),
            rng.below(10),
            rng.from(ALNUM, 6)
        );
        for line in [
            format!("sending request with Bearer {token} to upstream"),
            format!("auth header Bearer%20{token}&x=1 upstream"),
            format!("refreshing expired token {token} upstream"),
        ] {
            cases.push(Case::new(line, &token, &["upstream"]));
        }
        let response = rng.from(HEX, 32);
        cases.push(Case::new(
            format!("digest auth user=bob response=\"{response}\" stale=false"),
            &response,
            &["user=bob", "stale=false", "response="],
        ));
    }
    check_class("bearer-token", &cases);
}
