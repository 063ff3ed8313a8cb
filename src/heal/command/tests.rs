use super::*;

fn argv(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn fields(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn values_become_whole_checked_arguments() {
    let ban = argv(&[
        "nft",
        "add",
        "element",
        "inet",
        "filter",
        "banned",
        "{",
        "{client_ip}",
        "}",
    ]);
    // `{` and `}` alone are literal arguments (nft's set syntax), not placeholders.
    assert_eq!(
        build_argv(&ban, &fields(&[("client_ip", "203.0.113.5")])),
        Ok(argv(&[
            "nft",
            "add",
            "element",
            "inet",
            "filter",
            "banned",
            "{",
            "203.0.113.5",
            "}"
        ]))
    );
    assert_eq!(
        build_argv(
            &argv(&["ban", "{src_addr}"]),
            &fields(&[("src_addr", "2001:db8::1")])
        ),
        Ok(argv(&["ban", "2001:db8::1"]))
    );
    assert_eq!(
        build_argv(
            &argv(&["systemctl", "restart", "{unit}"]),
            &fields(&[("unit", "nginx.service")])
        ),
        Ok(argv(&["systemctl", "restart", "nginx.service"]))
    );
}

#[test]
fn hostile_values_are_refused_not_passed() {
    let ban = argv(&["ban", "{client_ip}"]);
    for bad in [
        "203.0.113.5; rm -rf /",
        "$(reboot)",
        "-rf",
        "203.0.113.5 10.0.0.1",
        "",
        "127.0.0.1",
        "::1",
        "0.0.0.0",
        "255.255.255.255",
        "::ffff:127.0.0.1",
        "fe80::1",
        "224.0.0.1",
    ] {
        assert!(
            matches!(
                build_argv(&ban, &fields(&[("client_ip", bad)])),
                Err(ArgError::Invalid { .. })
            ),
            "{bad:?} passed as an IP"
        );
    }
    let restart = argv(&["systemctl", "restart", "{unit}"]);
    for bad in [
        "--force",
        "nginx",
        "a b.service",
        "x.service\nreboot",
        "..",
        ".service",
        "a..service",
        "nginx.",
    ] {
        assert!(
            build_argv(&restart, &fields(&[("unit", bad)])).is_err(),
            "{bad:?} passed as a unit"
        );
    }
    let notify = argv(&["notify", "{user}"]);
    for bad in ["-o", "../../etc/passwd", "a;b", "\u{1b}[2J"] {
        assert!(
            build_argv(&notify, &fields(&[("user", bad)])).is_err(),
            "{bad:?} passed as a word"
        );
    }
    assert_eq!(
        build_argv(&notify, &fields(&[("user", "alice@example.com")])),
        Ok(argv(&["notify", "alice@example.com"]))
    );
}

#[test]
fn templates_are_checked_and_missing_fields_said() {
    assert_eq!(check_template(&[]), Err(ArgError::Empty));
    assert_eq!(
        check_template(&argv(&["ban", "--ip={client_ip}"])),
        Err(ArgError::Embedded("--ip={client_ip}".into()))
    );
    assert_eq!(
        build_argv(&argv(&["ban", "{client_ip}"]), &fields(&[])),
        Err(ArgError::Missing("client_ip".into()))
    );
    // The message shows a hostile value escaped.
    let err = build_argv(&argv(&["ban", "{ip}"]), &fields(&[("ip", "\u{1b}[2Jx")])).unwrap_err();
    assert!(err.to_string().contains("\\u{1b}"), "{err}");
}

#[test]
fn a_source_is_an_absolute_path() {
    let copy = argv(&["cp", "{source}", "/srv/evidence/"]);
    assert_eq!(
        build_argv(&copy, &fields(&[("source", "/var/log/app log.1")])).unwrap()[1],
        "/var/log/app log.1"
    );
    for bad in [
        "app.log",
        "/var/log/../../etc/shadow",
        "-",
        "/var/log/a\nb",
        "",
    ] {
        assert!(
            build_argv(&copy, &fields(&[("source", bad)])).is_err(),
            "{bad:?} passed as a path"
        );
    }
}
