//! Generated variants of the self-describing classes: `private-key`
//! (every kind of block × line endings × cut or whole × context),
//! `provider-token` (every format × random bodies × context), `jwt` and
//! `aws-access-key`.

use super::variants::{ALNUM, B64, Case, HEX, Rng, check_class};

/// `private-key`: PEM of every kind, PGP, SSH2 and PuTTY blocks, whole or
/// cut, with `\n`, `\r\n` or JSON-escaped `\n` line ends; bodies met
/// without their BEGIN line.
#[test]
fn private_key_blocks_of_every_kind() {
    let mut rng = Rng::new(20);
    let kinds = [
        (
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----END RSA PRIVATE KEY-----",
        ),
        (
            "-----BEGIN EC PRIVATE KEY-----",
            "-----END EC PRIVATE KEY-----",
        ),
        (
            "-----BEGIN DSA PRIVATE KEY-----",
            "-----END DSA PRIVATE KEY-----",
        ),
        (
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "-----END OPENSSH PRIVATE KEY-----",
        ),
        ("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"),
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----",
            "-----END ENCRYPTED PRIVATE KEY-----",
        ),
        (
            "-----BEGIN PGP PRIVATE KEY BLOCK-----",
            "-----END PGP PRIVATE KEY BLOCK-----",
        ),
        (
            "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",
            "---- END SSH2 ENCRYPTED PRIVATE KEY ----",
        ),
    ];
    let mut cases = Vec::new();
    for (begin, end) in kinds {
        for newline in ["\n", "\r\n", "\\n"] {
            for cut in [false, true] {
                for _ in 0..12 {
                    let lines: Vec<String> =
                        (0..2 + rng.below(5)).map(|_| rng.from(B64, 64)).collect();
                    let mut block = vec![begin.to_string()];
                    if begin.contains("PGP") {
                        block.push("Version: GnuPG v2".into());
                        block.push(String::new());
                    }
                    block.extend(lines.iter().cloned());
                    if !cut {
                        block.push(end.to_string());
                    }
                    let body = block.join(newline);
                    let (line, keep): (String, &[&str]) = if cut {
                        (
                            format!("loaded key from vault: {body}"),
                            &["loaded key from vault:"],
                        )
                    } else {
                        (
                            format!("loaded key from vault: {body}{newline}user=bob"),
                            &["loaded key from vault:", "user=bob"],
                        )
                    };
                    cases.push(Case {
                        line,
                        secrets: lines,
                        keep: keep.iter().map(|k| k.to_string()).collect(),
                    });
                }
            }
        }
    }
    // PuTTY key files.
    for _ in 0..20 {
        let private = rng.from(B64, 64);
        cases.push(Case::new(
            format!(
                "key file: PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 1\n{}\nPrivate-Lines: 1\n{private}\nPrivate-MAC: {}\nafter",
                rng.from(B64, 64),
                rng.from(HEX, 64)
            ),
            &private,
            &["key file:", "after"],
        ));
    }
    // Bodies logged a line at a time, their BEGIN line elsewhere.
    for opening in [
        "MIIEpAIBAAKCAQEA",
        "MIIJKAIBAAKCAgEA",
        "MIICXAIBAAKBgQC",
        "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC",
        "MHcCAQEEI",
        "MIGkAgEBBDD",
        "MIGHAgEAMBMGByqGSM49",
        "MC4CAQAwBQYDK2VwBCIEI",
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
    ] {
        for _ in 0..10 {
            let line = format!("{opening}{}", rng.from(B64, 40));
            cases.push(Case::new(
                format!("2026-03-10 08:00:01 ERROR keyloader: {line}"),
                &line,
                &["ERROR keyloader:"],
            ));
        }
    }
    check_class("private-key", &cases);
}

/// A token of each documented format: (kept prefix, secret rest).
fn tokens(rng: &mut Rng) -> Vec<(String, String)> {
    let a = |rng: &mut Rng, n| rng.from(ALNUM, n);
    let h = |rng: &mut Rng, n| rng.from(HEX, n);
    let mut out = Vec::new();
    for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        out.push((p.to_string(), a(rng, 36)));
    }
    out.push((
        "github_pat_".into(),
        format!("{}_{}", a(rng, 22), a(rng, 59)),
    ));
    for p in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"] {
        out.push((
            p.into(),
            format!(
                "{}-{}-{}",
                h(rng, 12).replace(char::is_alphabetic, "7"),
                h(rng, 13).replace(char::is_alphabetic, "3"),
                a(rng, 24)
            ),
        ));
    }
    out.push((
        "xapp-".into(),
        format!("1-A0{}-{}-{}", a(rng, 9), h(rng, 13), h(rng, 64)),
    ));
    out.push((
        "hooks.slack.com/services/".into(),
        format!("T0{}/B0{}/{}", a(rng, 8), a(rng, 9), a(rng, 24)),
    ));
    out.push((
        "discord.com/api/webhooks/123456789012345678/".into(),
        format!("{}-{}", a(rng, 30), a(rng, 30)),
    ));
    for p in ["sk_live_", "sk_test_", "rk_live_", "rk_test_"] {
        let n = 24 + rng.below(75);
        out.push((p.into(), a(rng, n)));
    }
    out.push(("whsec_".into(), a(rng, 32)));
    out.push(("AIza".into(), format!("Sy{}-{}_", a(rng, 30), a(rng, 1))));
    out.push(("ya29.".into(), format!("a0{}-{}", a(rng, 60), a(rng, 20))));
    out.push(("GOCSPX-".into(), a(rng, 28)));
    for p in ["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-"] {
        out.push((p.into(), a(rng, 20)));
    }
    out.push(("npm_".into(), a(rng, 36)));
    out.push(("pypi-".into(), format!("AgEIcHlwaS5vcmc{}", a(rng, 70))));
    out.push((
        "sk-ant-api03-".into(),
        format!("{}-{}AA", a(rng, 80), a(rng, 10)),
    ));
    out.push(("sk-proj-".into(), format!("{}_{}", a(rng, 60), a(rng, 60))));
    out.push((
        "sk-".into(),
        format!("{}T3BlbkFJ{}", a(rng, 20), a(rng, 20)),
    ));
    out.push((
        "hf_".into(),
        rng.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34),
    ));
    out.push(("SG.".into(), format!("{}.{}", a(rng, 22), a(rng, 43))));
    out.push(("key-".into(), h(rng, 32)));
    for p in ["shpat_", "shpss_"] {
        out.push((p.into(), h(rng, 32)));
    }
    out.push(("dop_v1_".into(), h(rng, 64)));
    out.push(("hvs.".into(), a(rng, 90)));
    out.push((
        String::new(),
        format!("{}.atlasv1.{}", a(rng, 14), a(rng, 67)),
    ));
    out.push(("dapi".into(), h(rng, 32)));
    out.push(("ATATT3".into(), format!("xFfGF0{}", a(rng, 180))));
    out.push((
        format!("{}:", rng.from("123456789", 10)),
        format!("AA{}", a(rng, 33)),
    ));
    out.push((
        "AGE-SECRET-KEY-1".into(),
        rng.from("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
    ));
    out.push(("sq0atp-".into(), a(rng, 22)));
    out.push(("sq0csp-".into(), a(rng, 43)));
    out.push(("PMAK-".into(), format!("{}-{}", h(rng, 24), h(rng, 34))));
    out.push(("lin_api_".into(), a(rng, 40)));
    out.push(("dp.pt.".into(), a(rng, 43)));
    out.push(("glsa_".into(), format!("{}_{}", a(rng, 32), h(rng, 8))));
    out.push((
        "NRAK-".into(),
        rng.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 27),
    ));
    out.push(("sntrys_".into(), format!("eyJpYXQiOjE{}", a(rng, 60))));
    out.push(("dckr_pat_".into(), a(rng, 27)));
    out.push(("pul-".into(), h(rng, 40)));
    out.push(("sbp_".into(), h(rng, 40)));
    out.push(("LTAI".into(), a(rng, 20)));
    out.push((String::new(), format!("{}8Q~{}", a(rng, 3), a(rng, 34))));
    out
}

/// `provider-token`: every format × random bodies × context (bare, a
/// pair's value, JSON, a URL's user, a header).
#[test]
fn provider_tokens_of_every_documented_format() {
    let mut rng = Rng::new(21);
    let mut cases = Vec::new();
    for _ in 0..8 {
        for (prefix, rest) in tokens(&mut rng) {
            let token = format!("{prefix}{rest}");
            let keep_prefix = |extra: &[&str]| {
                let mut keep: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
                if !prefix.is_empty() {
                    keep.push(prefix.clone());
                }
                keep
            };
            for (line, keep) in [
                (
                    format!("using {token} for deploy"),
                    keep_prefix(&["using", "for deploy"]),
                ),
                (format!("deploy key={token} ok"), keep_prefix(&["ok"])),
                (
                    format!("{{\"cfg\":\"{token}\",\"user\":\"bob\"}}"),
                    keep_prefix(&["\"user\":\"bob\""]),
                ),
                (
                    format!("fetch https://{token}@git.example.com/x failed"),
                    keep_prefix(&["git.example.com/x failed"]),
                ),
                (format!("auth: {token}\nnext"), keep_prefix(&["next"])),
                (format!("'{token}'"), keep_prefix(&[])),
            ] {
                cases.push(Case {
                    line,
                    secrets: vec![rest.clone()],
                    keep,
                });
            }
        }
    }
    check_class("provider-token", &cases);
}

/// `jwt` and `aws-access-key`, bare and in pairs.
#[test]
fn jwts_and_aws_key_ids() {
    let mut rng = Rng::new(22);
    let mut cases = Vec::new();
    for _ in 0..60 {
        let jwt = format!(
            "eyJhbGciOiJIUzI1NiJ9.eyJ{}.{}",
            rng.from(ALNUM, 40),
            rng.from(ALNUM, 43)
        );
        cases.push(Case::new(
            format!("jwt {jwt} rejected"),
            &jwt,
            &["rejected"],
        ));
        cases.push(Case::new(
            format!("id_token={jwt}&state=xyz"),
            &jwt,
            &["state=xyz"],
        ));
        let prefix = *rng.pick(&["AKIA", "ASIA", "AROA", "AIDA"]);
        let key = format!(
            "{prefix}{}",
            rng.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        );
        cases.push(Case::new(
            format!("s3 PutObject by {key} denied"),
            &key,
            &["denied"],
        ));
    }
    check_class("jwt+aws", &cases);
}
