#!/usr/bin/env python3
"""API under load: wrk on /api/logs/health and /api/logs/recent (loopback)
while logwarden ingests about 100,000 lines/s into the same store.

The writer appends pre-generated realistic lines (gen_corpus.py, 2 % problem
lines) to the followed file in 10 ms batches; the server runs headless
(`--no-tui --api 127.0.0.1:0`). Reports wrk's requests/s, p50/p99 latency
and errors per endpoint, and the lines/s the engine actually read meanwhile.

Usage: bench/api.py [--rate 100000] [--seconds 15] [--connections 8]
Needs: wrk (Debian package), a release build.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

from benchlib import BINARY, GEN, metric, start_headless




def writer(path, lines, rate, stop):
    """Appends `rate` lines per second from `lines`, cycling."""
    batch = max(1, rate // 100)
    i = 0
    with open(path, "ab", buffering=0) as out:
        next_at = time.monotonic()
        while not stop.is_set():
            chunk = lines[i:i + batch]
            if len(chunk) < batch:
                i = 0
                chunk = lines[:batch]
            i += batch
            out.write(b"".join(chunk))
            next_at += 0.01
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)


def wrk(url, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    return rps, lat.get("50"), lat.get("99"), int(errors.group(1)) if errors else 0, sock.group(1) if sock else "none"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = subprocess.run(
            [sys.executable, GEN, "--lines", "500000", "--problem-ratio", "0.02", "--seed", "3"],
            capture_output=True, check=True,
        ).stdout
        lines = corpus.splitlines(keepends=True)
        log = os.path.join(tmp, "app.log")
        open(log, "wb").close()
        proc, base = start_headless(args.binary, os.path.join(tmp, "state"), log)
        stop = threading.Event()
        thread = threading.Thread(target=writer, args=(log, lines, args.rate, stop))
        thread.start()
        time.sleep(2)
        try:
            for path in ["/api/logs/health", "/api/logs/recent"]:
                before, t0 = metric(base, "logwarden_lines_read_total"), time.monotonic()
                rps, p50, p99, non2xx, sock = wrk(base + path, args.seconds, args.connections)
                read_rate = (metric(base, "logwarden_lines_read_total") - before) / (time.monotonic() - t0)
                print(f"{path:<20} {rps:>9.0f} req/s  p50 {p50}  p99 {p99}  non-2xx {non2xx}  socket errors {sock}"
                      f"  | ingest meanwhile {read_rate:,.0f} lines/s")
        finally:
            stop.set()
            thread.join()
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
