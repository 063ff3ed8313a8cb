//! Generated variants of `url-password` (schemes × users × passwords ×
//! hosts × printings) and `cli-flag` (flags × assignment × quoting, and
//! tools' own options × wrappers).

use super::variants::{BARE, Case, Rng, Shape, check_class, secret, url_encode};

/// `url-password`: empty users, e-mail users, passwords with `@` and `:`,
/// IPv6 hosts, JSON-escaped and percent-encoded URLs, DSNs, JDBC.
#[test]
fn url_credentials() {
    let mut rng = Rng::new(30);
    let schemes = [
        "postgres",
        "postgresql",
        "mysql",
        "redis",
        "rediss",
        "amqp",
        "mongodb+srv",
        "https",
        "ftp",
        "smtp",
        "git+ssh",
    ];
    let users = ["", "app", "me@example.com", "svc.user-1", "admin"];
    let hosts = [
        "db",
        "db.internal:5432",
        "10.0.0.5",
        "[::1]:6379",
        "cluster0.ab1cd.mongodb.net",
    ];
    let mut cases = Vec::new();
    for scheme in schemes {
        for user in users {
            for host in hosts {
                let shape = *rng.pick(&[Shape::Alnum, Shape::Unicode, Shape::Digits]);
                let raw = secret(&mut rng, shape);
                let at = rng.below(raw.len().max(2) - 1) + 1;
                let mut password = raw.clone();
                // Passwords with `@`, `:`, `!` and `$` as written unescaped.
                if raw.is_char_boundary(at) {
                    let extra = *rng.pick(&["@", ":", "!", "$", "@:", "~"]);
                    password.insert_str(at, extra);
                }
                let url = format!("{scheme}://{user}:{password}@{host}/app?sslmode=require");
                let keep = vec![
                    format!("{scheme}://{user}:"),
                    format!("@{host}/app?sslmode=require"),
                    "retrying".to_string(),
                ];
                for line in [
                    format!("connect {url} failed, retrying"),
                    format!("DATABASE_URL=\"{url}\" retrying"),
                    format!("{{\"dsn\":\"{}\",\"retrying\":1}}", url.replace('/', "\\/")),
                ] {
                    let keep = if line.contains("\\/") {
                        vec!["retrying".to_string(), format!("@{}", host)]
                    } else {
                        keep.clone()
                    };
                    cases.push(Case {
                        line,
                        secrets: vec![password.clone()],
                        keep,
                    });
                }
                // The whole URL percent-encoded inside a query string.
                let encoded = url_encode(&url);
                let secret_part = url_encode(&password);
                cases.push(Case {
                    line: format!("GET /login?next={encoded}&lang=en 302"),
                    secrets: vec![secret_part],
                    keep: vec!["&lang=en 302".into(), "GET /login?next=".into()],
                });
            }
        }
    }
    for _ in 0..60 {
        let shape = *rng.pick(BARE);
        let pw = secret(&mut rng, shape);
        cases.push(Case::new(
            format!("[mysql] dial root:{pw}@tcp(127.0.0.1:3306)/app?parseTime=true failed"),
            &pw,
            &["root:", "@tcp(127.0.0.1:3306)/app"],
        ));
        let pw = secret(&mut rng, Shape::Alnum);
        cases.push(Case::new(
            format!("url=jdbc:oracle:thin:scott/{pw}@db.example.com:1521:ORCL pool=main"),
            &pw,
            &[
                "jdbc:oracle:thin:scott/",
                "@db.example.com:1521:ORCL",
                "pool=main",
            ],
        ));
    }
    check_class("url-password", &cases);
}

/// Values a command line can carry unquoted: no leading `-`.
fn cli_value(rng: &mut Rng) -> String {
    let shape = *rng.pick(&[
        Shape::Alnum,
        Shape::Symbols,
        Shape::Base64,
        Shape::Hex,
        Shape::Uuid,
        Shape::Digits,
        Shape::Unicode,
        Shape::LeadSymbol,
    ]);
    secret(rng, shape).trim_start_matches('-').to_string()
}

/// `cli-flag`: long and Java-style flags × `=`/space × quoting, tools'
/// short options, inside the ways logs quote a command.
#[test]
fn command_line_passwords() {
    let mut rng = Rng::new(31);
    let flags = [
        "--password",
        "--passwd",
        "--pass",
        "--db-password",
        "--api-key",
        "--apikey",
        "--token",
        "--auth-token",
        "--access-token",
        "--client-secret",
        "--secret",
        "--secret-key",
        "--master-password",
        "-password",
        "--private-key-passphrase",
        "--keystore-password",
        "--redis-pass",
        "-storepass",
        "-keypass",
        "-srcstorepass",
        "-deststorepass",
    ];
    let mut commands: Vec<(String, String, Vec<&str>)> = Vec::new();
    for flag in flags {
        for assign in [" {v}", "={v}", " \"{v}\"", " '{v}'", "=\"{v}\""] {
            // keytool's flags take their value after a space only.
            let java = flag.starts_with("-s") || flag.starts_with("-d") || flag.starts_with("-k");
            if java && !assign.starts_with(' ') {
                continue;
            }
            let v = cli_value(&mut rng);
            commands.push((
                format!(
                    "app migrate {flag}{} --host=db.internal -v",
                    assign.replace("{v}", &v)
                ),
                v,
                vec!["--host=db.internal -v", "app migrate", flag],
            ));
        }
    }
    let tools = [
        (
            "mysql -uroot -p{v} -h db.internal app",
            vec!["-uroot", "-h db.internal app"],
        ),
        (
            "mysqldump -u root -p{v} --single-transaction app",
            vec!["--single-transaction app"],
        ),
        ("mariadb -p{v} -e 'select 1'", vec!["-e"]),
        ("sshpass -p {v} ssh deploy@web-3", vec!["ssh deploy@web-3"]),
        (
            "sshpass -p{v} scp a.tar deploy@web-3:/tmp",
            vec!["scp a.tar"],
        ),
        (
            "mongo -u admin -p {v} --authenticationDatabase admin",
            vec!["--authenticationDatabase admin"],
        ),
        (
            "mongosh mongodb://db:27017 -u admin -p {v}",
            vec!["mongodb://db:27017 -u admin"],
        ),
        ("redis-cli -h cache -a {v} ping", vec!["-h cache", "ping"]),
        (
            "ldapsearch -x -D cn=admin,dc=ex -w {v} -b dc=ex",
            vec!["-b dc=ex"],
        ),
        (
            "sqlcmd -S db -U sa -P {v} -Q \"select 1\"",
            vec!["-U sa", "-Q"],
        ),
        (
            "docker login -u bob -p {v} registry.example.com",
            vec!["registry.example.com"],
        ),
        ("zip -P {v} out.zip report.csv", vec!["out.zip report.csv"]),
        ("7z a -p{v} out.7z report.csv", vec!["out.7z report.csv"]),
        (
            "ipmitool -I lanplus -H bmc-3 -U admin -P {v} power status",
            vec!["power status"],
        ),
        (
            "smbclient //srv/share -U bob%{v} -c ls",
            vec!["-U bob%", "-c ls"],
        ),
        (
            "curl -u bob:{v} https://api.example.com/x",
            vec!["-u bob:", "https://api.example.com/x"],
        ),
        (
            "curl -s --user bob:{v} https://api.example.com/x",
            vec!["--user bob:", "https://api.example.com/x"],
        ),
        (
            "curl --user=bob:{v} https://api.example.com/x",
            vec!["https://api.example.com/x"],
        ),
        (
            "sqlplus scott/{v}@orcl @report.sql",
            vec!["sqlplus scott/", "@orcl @report.sql"],
        ),
        (
            "openssl rsa -in k.pem -passin pass:{v} -out k2.pem",
            vec!["-passin pass:", "-out k2.pem"],
        ),
        ("openssl enc -aes256 -pass pass:{v} -in a", vec!["-in a"]),
        (
            "keytool -importkeystore -srcstorepass {v} -destkeystore x.jks",
            vec!["-destkeystore x.jks"],
        ),
    ];
    for (template, keep) in tools {
        for _ in 0..12 {
            let v = cli_value(&mut rng);
            commands.push((template.replace("{v}", &v), v, keep.clone()));
        }
    }
    let mut cases = Vec::new();
    for (command, v, keep) in commands {
        let mut keep: Vec<&str> = keep;
        keep.push("exit status 1");
        for wrapped in [
            format!("exec: {command}: exit status 1"),
            format!("Running command: [{command}] exit status 1"),
            format!(
                "{{\"cmd\":\"{}\",\"err\":\"exit status 1\"}}",
                command.replace('"', "\\\"")
            ),
            format!("sh -c \"{}\" exit status 1", command.replace('"', "\\\"")),
            format!("ps: 4121 /usr/bin/{command} exit status 1"),
        ] {
            let keep: Vec<&str> = keep
                .iter()
                .copied()
                .filter(|k| wrapped.contains(k) || !k.contains('"'))
                .collect();
            cases.push(Case::new(wrapped, &v, &keep));
        }
    }
    check_class("cli-flag", &cases);
}
