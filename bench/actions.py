#!/usr/bin/env python3
"""Benchmarks of alerts and healing actions on the real binary.

  latency  line written -> command started: N restart-loop lines, each for
           its own unit, 50 ms apart; an action runs a tiny script that
           stamps the time it started (p50/p99 over N, default 300)
  ingest   lines/s ingested (read, classified and applied by the store,
           alerts and actions included) from a file appended after start
           (so actions may fire), with the built-in rules alone, and with the same rules
           plus alerts, an inhibition and actions (a command per restart
           loop, a webhook per alert, to a local receiver); the problem
           ratio is 5 % (gen_corpus.py), default 1,000,000 lines, 3 runs each

Usage: bench/actions.py [latency|ingest|all] [--lines N] [--runs K]
Build first: cargo build --release. Figures go to stdout as text.
"""

import argparse
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from benchlib import BINARY, GEN, metric, start_headless

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "patterns.toml")) as f:
    BUILTIN = f.read()


def stamp_script(path, out):
    with open(path, "w") as f:
        f.write(f"#!/bin/sh\necho \"$(date +%s%N) $1\" >> '{out}'\n")
    os.chmod(path, 0o755)


def latency(n):
    with tempfile.TemporaryDirectory() as tmp:
        script, stamps = os.path.join(tmp, "stamp.sh"), os.path.join(tmp, "stamps")
        stamp_script(script, stamps)
        patterns = os.path.join(tmp, "patterns.toml")
        with open(patterns, "w") as f:
            f.write(BUILTIN + f"""
[[action]]
id = "restart"
type = "restart_loop"
command = ["{script}", "{{unit}}"]
target = "unit"
max_attempts = 1000000
""")
        log = os.path.join(tmp, "app.log")
        open(log, "w").close()
        proc, _ = start_headless(BINARY, os.path.join(tmp, "state"), log, ["--patterns", patterns])
        written = {}
        try:
            with open(log, "a") as f:
                for i in range(n):
                    unit = f"u{i}.service"
                    line = f"Dec  7 10:00:00 host systemd[1]: {unit}: Start request repeated too quickly.\n"
                    written[unit] = time.time_ns()
                    f.write(line)
                    f.flush()
                    time.sleep(0.05)
            deadline = time.time() + 60
            while time.time() < deadline:
                got = open(stamps).read().split("\n") if os.path.exists(stamps) else []
                if len([g for g in got if g]) >= n:
                    break
                time.sleep(0.1)
        finally:
            proc.terminate()
            proc.wait(timeout=60)
        lat = []
        for row in open(stamps).read().split("\n"):
            if not row:
                continue
            ns, unit = row.split()
            lat.append((int(ns) - written[unit]) / 1e6)
        lat.sort()
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
        print(f"action latency, line written -> command started, {len(lat)} of {n} lines: "
              f"p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms, max {lat[-1]:.2f} ms")


class Sink(http.server.BaseHTTPRequestHandler):
    count = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        Sink.count += 1
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def issues_total(base):
    """Sum of logwarden_issues_total over its labels: issues the store applied."""
    import urllib.request
    text = urllib.request.urlopen(base + "/metrics").read().decode()
    return sum(float(l.rsplit(" ", 1)[1]) for l in text.splitlines()
               if l.startswith("logwarden_issues_total{"))


def ingest_once(corpus, lines, extra_rules, tmp, tag):
    patterns = os.path.join(tmp, f"patterns-{tag}.toml")
    with open(patterns, "w") as f:
        f.write(BUILTIN + extra_rules)
    log = os.path.join(tmp, f"app-{tag}.log")
    open(log, "w").close()
    state = os.path.join(tmp, f"state-{tag}")
    proc, base = start_headless(BINARY, state, log, ["--patterns", patterns])
    try:
        start = time.time()
        with open(log, "ab") as out, open(corpus, "rb") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        while metric(base, "logwarden_lines_read_total") < lines:
            time.sleep(0.02)
        read_done = time.time()
        # Read is not done: the store applies the issues (and the alerts
        # and actions) after. Done is when the issue count stops moving;
        # the time is that of its last change.
        last, changed = -1.0, time.time()
        while time.time() - changed < 1.0:
            now = issues_total(base)
            if now != last:
                last, changed = now, time.time()
            time.sleep(0.01)
        took = changed - start
        print(f"    {tag}: read in {read_done - start:.2f} s, applied in {took:.2f} s, "
              f"{last:,.0f} issues", file=sys.stderr)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return lines / took


def ingest(lines, runs):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.log")
        with open(corpus, "w") as f:
            subprocess.run([sys.executable, GEN, "--lines", str(lines), "--problem-ratio", "0.05",
                            "--seed", "7"], stdout=f, check=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        script, stamps = os.path.join(tmp, "stamp.sh"), os.path.join(tmp, "stamps")
        stamp_script(script, stamps)
        rules = f"""
[[alert]]
id = "auth-burst"
type = "authentication_failure"
count = 5
within = "1m"
by = "host"

[[alert]]
id = "db-down"
type = "database_connection"
count = 3
within = "1m"
mode = "every"

[[alert]]
id = "crash-then-restart"
first = {{ type = "service_crash" }}
then = {{ type = "restart_loop" }}
within = "5m"
by = "host"

[[inhibit]]
source = {{ type = "disk_full" }}
target = {{ type = ["api_error", "file_permission"] }}
equal = ["host"]

[[action]]
id = "restart"
type = "restart_loop"
command = ["{script}", "{{type}}"]
cooldown = "1m"

[[action]]
id = "notify"
alert = ["auth-burst", "db-down", "crash-then-restart"]
webhook = "{url}"
cooldown = "10s"
max_attempts = 100
"""
        plain, loaded = [], []
        for r in range(runs):
            # In turns, each first every other time.
            pair = [("plain", "", plain), ("loaded", rules, loaded)]
            for name, extra, out in pair[:: 1 if r % 2 == 0 else -1]:
                out.append(ingest_once(corpus, lines, extra, tmp, f"{name}{r}"))
        server.shutdown()
        fmt = lambda xs: f"median {statistics.median(xs) / 1e3:,.0f}k lines/s (runs: " + \
            ", ".join(f"{x / 1e3:,.0f}k" for x in xs) + ")"
        print(f"ingest, {lines:,} lines appended after start, 5 % problems:")
        print(f"  built-in rules alone:                 {fmt(plain)}")
        print(f"  + 3 alerts, 1 inhibition, 2 actions:  {fmt(loaded)}")
        print(f"  webhook posts received: {Sink.count}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", nargs="?", default="all", choices=["latency", "ingest", "all"])
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--n", type=int, default=300)
    a = ap.parse_args()
    if a.what in ("latency", "all"):
        latency(a.n)
    if a.what in ("ingest", "all"):
        ingest(a.lines, a.runs)


if __name__ == "__main__":
    main()
