//! Redaction cost per line, built-in rules only.
//!
//!     cargo bench --bench redact
//!
//! Three sets of lines, each reported in lines/s (criterion's
//! `thrpt`): `plain` has no word any rule is woken by (the literal
//! prefilter's floor); `ordinary` is everyday log text, some of which
//! holds a trigger word by chance ("Failed password for", a referrer
//! URL, "response"); `auth-heavy` has a secret, or something that looks
//! like one, on every line, so every line runs rules. `build` is the cost
//! of compiling the rules (once per server start or export).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use logwarden::redact::Redactor;

const PLAIN: &[&str] = &[
    "2026-03-10 08:00:12,004 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused",
    "Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java) total-vm:8388608kB",
    "2026-03-10 08:00:05.112 UTC [2211] LOG:  duration: 5120.331 ms  statement: SELECT 1",
    "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
    "2026-03-10T08:02:11Z WARN  worker::queue: queue depth 4812 above 4000 for 30s (consumer lag)",
    "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"name\" is null",
    "\tat com.example.orders.OrderService.place(OrderService.java:214)",
    "Mar 10 08:03:00 db-1 systemd[1]: Started Daily apt download activities.",
];

const ORDINARY: &[&str] = &[
    "10.0.4.17 - - [10/Mar/2026:08:00:20 +0000] \"POST /api/v1/checkout HTTP/1.1\" 502 157 \"https://shop.example.com/cart\" \"curl/8.5.0\"",
    "Mar 10 08:00:50 web-3 sshd[9001]: Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2",
    "2026/03/10 08:01:15 [error] 311#311: *4471 upstream timed out (110: Connection timed out) while reading response header",
    "2026-03-10 08:04:10,220 INFO  tokenizer loaded 50257 tokens in 0.41s, max_tokens=4096",
    "2026-03-10 08:04:12,001 ERROR duplicate key value violates unique constraint \"orders_pkey\" (primary key=id)",
    "2026-03-10 08:05:00 INFO test run: passed 312 tests, 2 skipped, bypass cache=true",
    "Mar 10 08:05:01 web-3 sshd[9010]: Accepted publickey for deploy from 198.51.100.4 port 40022 ssh2: RSA SHA256:Zm9vYmFy",
    "2026-03-10 08:05:02 WARN see https://docs.example.com/errors/E1042 for help",
];

const AUTH_HEAVY: &[&str] = &[
    "2026-03-10 08:00:01,002 ERROR [pool-3] could not connect to server postgres://app:hunter2@db:5432/orders: Connection refused",
    "2026-03-10 08:00:02,002 ERROR [auth] login refused user=bob password=swordfish client=web",
    "2026-03-10 08:00:03 DEBUG > GET /v1/me HTTP/1.1 Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    "2026-03-10 08:00:04 DEBUG request body {\"user\":\"bob\",\"client_secret\":\"8fJ2kLmQ9xZ\",\"grant_type\":\"client_credentials\"}",
    "2026-03-10 08:00:05 WARN  GET /x?token=abcd1234efgh5678&page=2 took 2.1s",
    "2026-03-10 08:00:06 ERROR s3 upload failed for key AKIAIOSFODNN7EXAMPLE: SignatureDoesNotMatch",
    "2026-03-10 08:00:07 DEBUG Cookie: sessionid=3f9a8b7c6d5e4f3a2b1c; theme=dark; csrftoken=Zx81Kq",
    "2026-03-10 08:00:08 INFO  exec: mysql -uroot -pS3cr3t! --host=db -e 'select 1'",
];

fn bench(c: &mut Criterion) {
    let redactor = match Redactor::new(&[]) {
        Ok(r) => r,
        Err(e) => panic!("built-in rules: {e}"),
    };
    let mut group = c.benchmark_group("redact");
    for (name, lines) in [
        ("plain", PLAIN),
        ("ordinary", ORDINARY),
        ("auth-heavy", AUTH_HEAVY),
    ] {
        group.throughput(Throughput::Elements(lines.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                for line in lines {
                    black_box(redactor.apply(black_box(line)));
                }
            })
        });
    }
    group.finish();
    c.bench_function("redact/build", |b| {
        b.iter(|| black_box(Redactor::new(&[]).map(|r| r.names().len())))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
