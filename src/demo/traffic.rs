//! What the demo writes: ordinary traffic for five kinds of software, and
//! incidents of every issue type in the formats that software really uses.
//! `{ts}` becomes the file's timestamp, `{n}` a number, `{ip}` an address.

/// One demo log file and how its lines are stamped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LogFile {
    /// File name in the demo directory.
    pub name: &'static str,
    /// chrono format of `{ts}`.
    pub stamp: &'static str,
    /// Ordinary lines.
    pub normal: &'static [&'static str],
}

/// The demo's files.
pub(crate) const FILES: &[LogFile] = &[
    LogFile {
        name: "syslog.log",
        stamp: "%b %e %H:%M:%S",
        normal: &[
            "{ts} web-01 systemd[1]: Started session-{n}.scope - Session {n} of User deploy.",
            "{ts} web-01 CRON[{n}]: (root) CMD (/usr/lib/php/sessionclean)",
            "{ts} web-01 sshd[{n}]: Accepted publickey for deploy from {ip} port {n} ssh2: ED25519 SHA256:q3bX",
            "{ts} web-01 kernel: [{n}.120331] EXT4-fs (sda1): re-mounted. Quota mode: none.",
        ],
    },
    LogFile {
        name: "nginx.log",
        stamp: "%d/%b/%Y:%H:%M:%S +0000",
        normal: &[
            "{ip} - - [{ts}] \"GET /api/v1/products?page={n} HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36\"",
            "{ip} - - [{ts}] \"GET /static/app.{n}.js HTTP/1.1\" 304 0 \"-\" \"Mozilla/5.0\"",
            "{ip} - - [{ts}] \"POST /api/v1/cart HTTP/1.1\" 201 312 \"-\" \"okhttp/4.12.0\"",
            "{ip} - - [{ts}] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\"",
        ],
    },
    LogFile {
        name: "postgres.log",
        stamp: "%Y-%m-%d %H:%M:%S%.3f UTC",
        normal: &[
            "{ts} [{n}] LOG:  checkpoint starting: time",
            "{ts} [{n}] LOG:  duration: 1.{n} ms  statement: SELECT id, status FROM orders WHERE id = {n}",
            "{ts} [{n}] LOG:  connection authorized: user=shop database=shop application_name=api",
        ],
    },
    LogFile {
        name: "app.log",
        stamp: "%Y-%m-%d %H:%M:%S,%3f",
        normal: &[
            "{ts} - app.api.orders - INFO - order {n} created in 41 ms",
            "{ts} - app.tasks.sync - INFO - Processed {n} items with 0 errors",
            "{ts} - app.cache - DEBUG - cache hit ratio 0.97 over {n} lookups",
            "{ts} - app.api.auth - INFO - user {n} logged in",
        ],
    },
    LogFile {
        name: "orders.log",
        stamp: "%Y-%m-%d %H:%M:%S%.3f",
        normal: &[
            "{ts}  INFO 1 --- [nio-8080-exec-{n}] c.e.orders.OrderController              : GET /api/v1/orders/{n} 200 in 12 ms",
            "{ts}  INFO 1 --- [           main] o.s.web.servlet.DispatcherServlet        : ErrorHandler registered for /api/**",
            "{ts} DEBUG 1 --- [   scheduling-1] c.e.metrics.LatencyMonitor               : p99=88ms over 60s window",
        ],
    },
    LogFile {
        name: "nginx-error.log",
        stamp: "%Y/%m/%d %H:%M:%S",
        normal: &[
            "{ts} [notice] 1#1: signal process started",
            "{ts} [info] 29#29: *{n} client closed connection while waiting for request, client: {ip}, server: 0.0.0.0:443",
        ],
    },
];

/// One incident: the file it goes to, the type it should raise, its lines.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Incident {
    /// Index into [`FILES`].
    pub file: usize,
    /// The issue type logwarden should report (checked by a test).
    pub issue_type: &'static str,
    /// The lines written together (a traceback is several).
    pub lines: &'static [&'static str],
}

/// Incidents of every type.
pub(crate) const INCIDENTS: &[Incident] = &[
    Incident {
        file: 3,
        issue_type: "exception",
        lines: &[
            "{ts} - app.api.orders - ERROR - Unhandled exception in request POST /api/v1/orders",
            "Traceback (most recent call last):",
            "  File \"/app/app/api/orders.py\", line 88, in create_order",
            "    total = compute_total(cart)",
            "  File \"/app/app/pricing.py\", line 41, in compute_total",
            "    return sum(i.price * i.qty for i in cart.items) / cart.count",
            "ZeroDivisionError: division by zero",
        ],
    },
    Incident {
        file: 4,
        issue_type: "exception",
        lines: &[
            "{ts} ERROR 1 --- [nio-8080-exec-7] c.e.orders.OrderService                  : Failed to process order {n}",
            "java.lang.NullPointerException: Cannot invoke \"com.example.orders.Customer.getId()\" because \"customer\" is null",
            "\tat com.example.orders.OrderService.process(OrderService.java:212)",
            "\tat com.example.orders.OrderController.create(OrderController.java:88)",
        ],
    },
    Incident {
        file: 2,
        issue_type: "database_connection",
        lines: &["{ts} [{n}] FATAL:  sorry, too many clients already"],
    },
    Incident {
        file: 3,
        issue_type: "database_connection",
        lines: &[
            "{ts} - app.db - ERROR - could not connect to server: Connection refused. Is the server running on host \"db\" (10.0.3.5) and accepting TCP/IP connections on port 5432?",
        ],
    },
    Incident {
        file: 2,
        issue_type: "database_deadlock",
        lines: &[
            "{ts} [{n}] ERROR:  deadlock detected",
            "{ts} [{n}] DETAIL:  Process {n} waits for ShareLock on transaction {n}; blocked by process {n}.",
        ],
    },
    Incident {
        file: 0,
        issue_type: "memory_leak",
        lines: &[
            "{ts} web-01 kernel: [{n}.551234] Out of memory: Killed process {n} (java) total-vm:8123456kB, anon-rss:6123456kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:13456kB oom_score_adj:0",
        ],
    },
    Incident {
        file: 3,
        issue_type: "network_timeout",
        lines: &[
            "{ts} - app.clients.payments - ERROR - request to https://pay.example.com/v2/charge timed out after 30s (ReadTimeout)",
        ],
    },
    Incident {
        file: 0,
        issue_type: "port_conflict",
        lines: &[
            "{ts} web-01 nginx[{n}]: nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)",
        ],
    },
    Incident {
        file: 0,
        issue_type: "authentication_failure",
        lines: &["{ts} web-01 sshd[{n}]: Failed password for root from 45.61.12.9 port {n} ssh2"],
    },
    Incident {
        file: 5,
        issue_type: "ddos_attack",
        lines: &[
            "{ts} [error] 29#29: *{n} limiting requests, excess: 20.480 by zone \"perip\", client: 45.61.12.9, server: shop.example.com, request: \"GET / HTTP/1.1\"",
        ],
    },
    Incident {
        file: 2,
        issue_type: "slow_query",
        lines: &[
            "{ts} [{n}] LOG:  duration: 15234.221 ms  statement: SELECT o.*, c.email FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.total DESC",
        ],
    },
    Incident {
        file: 4,
        issue_type: "high_latency",
        lines: &[
            "{ts}  WARN 1 --- [   scheduling-2] c.e.metrics.LatencyMonitor               : High latency detected on /api/v1/search: p99=4812ms over 60s window",
        ],
    },
    Incident {
        file: 0,
        issue_type: "service_crash",
        lines: &[
            "{ts} web-01 systemd[1]: billing-worker.service: Main process exited, code=killed, status=11/SEGV",
        ],
    },
    Incident {
        file: 0,
        issue_type: "restart_loop",
        lines: &["{ts} web-01 systemd[1]: celery.service: Start request repeated too quickly."],
    },
    Incident {
        file: 3,
        issue_type: "disk_full",
        lines: &[
            "{ts} - app.tasks.export - ERROR - failed to write export /data/exports/report-{n}.csv: [Errno 28] No space left on device",
        ],
    },
    Incident {
        file: 3,
        issue_type: "file_permission",
        lines: &[
            "{ts} - app.uploads - ERROR - cannot save upload: [Errno 13] Permission denied: '/var/www/uploads/{n}.jpg'",
        ],
    },
    Incident {
        file: 1,
        issue_type: "api_error",
        lines: &[
            "{ip} - - [{ts}] \"POST /api/v1/checkout HTTP/1.1\" 502 157 \"-\" \"python-requests/2.31.0\"",
        ],
    },
    Incident {
        file: 3,
        issue_type: "ssl_certificate",
        lines: &[
            "{ts} - app.tasks.webhooks - ERROR - webhook delivery failed: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)",
        ],
    },
    Incident {
        file: 0,
        issue_type: "io_error",
        lines: &[
            "{ts} web-01 kernel: [{n}.100231] blk_update_request: I/O error, dev sdb, sector {n} op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0",
        ],
    },
    Incident {
        file: 0,
        issue_type: "hardware_error",
        lines: &[
            "{ts} web-01 kernel: [{n}.000112] mce: [Hardware Error]: Machine check events logged",
        ],
    },
];
