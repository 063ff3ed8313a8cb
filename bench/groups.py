#!/usr/bin/env python3
"""A flood of problem lines through the live store with grouping and the
SQLite history: ingest rate, issues held, RSS, database size.

Writes N lines of gen_corpus.py with problem ratio 1.0 (every event a
problem), starts `logwarden --no-tui --api 127.0.0.1:0 --from-start` on
them, waits until every byte is read (/api/logs/files, refreshed 4 times a
second: the figures are within 0.25 s), then
reports; then the same lines through `logwarden watch` (the engine and
classifier alone, no store, no history) for comparison. --varying writes
lines whose words (not only numbers) change on every line instead: the
worst case for the template miner's memory.
Usage: bench/groups.py [--lines 1000000] [--varying]. Needs a release build.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from benchlib import BINARY, GEN, metric, rss_mb, start_headless

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
         "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
         "uniform", "victor", "whiskey", "xray", "yankee", "zulu"]


def varying(lines, out):
    """ERROR lines whose five words differ from line to line."""
    for n in range(lines):
        w, m = [], n
        for _ in range(5):
            w.append(WORDS[m % 26])
            m //= 26
        out.write(f"2026-03-10 08:00:01,002 ERROR [{w[0]}-{w[1]}] payment {w[2]} gateway {w[3]} "
                  f"failed: {w[4]} refused for order {n}\n")


MARK = "LOGWARDEN-BENCH-END"
LAST = f"2026-03-10 08:00:01,002 ERROR [main] {MARK} OSError: [Errno 28] No space left on device\n"


def watch_rate(binary, log, tmp):
    """Seconds `logwarden watch --from-start` takes to print the marked line."""
    start = time.monotonic()
    proc = subprocess.Popen([binary, "watch", "--from-start", "--state", os.path.join(tmp, "watch"), log],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    for line in proc.stdout:
        if MARK.encode() in line:
            break
    secs = time.monotonic() - start
    proc.terminate()
    proc.wait(timeout=30)
    return secs






def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--binary", default=BINARY)
    ap.add_argument("--varying", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "app.log")
        with open(log, "w") as out:
            if args.varying:
                varying(args.lines, out)
            else:
                subprocess.run([sys.executable, GEN, "--lines", str(args.lines), "--problem-ratio", "1.0",
                                "--seed", "11"], stdout=out, check=True)
        with open(log, "a") as out:
            out.write(LAST)
        total = sum(1 for _ in open(log, "rb"))
        start = time.monotonic()
        proc, base = start_headless(args.binary, os.path.join(tmp, "state"), log, ["--from-start"])
        while MARK.encode() not in urllib.request.urlopen(base + "/api/logs/recent?limit=5").read():
            time.sleep(0.01)
        secs = time.monotonic() - start
        time.sleep(1.5)  # the history's next write
        held = metric(base, "logwarden_issues_held")
        detected = sum(float(v) for v in re.findall(r'^logwarden_issues_total\{[^}]*\} (\S+)$',
                       urllib.request.urlopen(base + "/metrics").read().decode(), re.M))
        rss = rss_mb(proc.pid)
        db = sum(os.path.getsize(os.path.join(tmp, "state", f)) for f in os.listdir(os.path.join(tmp, "state"))
                 if f.startswith("issues.db"))
        print(f"{total:,} lines ({os.path.getsize(log) / 1e6:.0f} MB), {detected:,.0f} problem events read in {secs:.2f} s "
              f"({total / secs:,.0f} lines/s incl. start-up): {held:,.0f} issues held, RSS {rss:.1f} MB, "
              f"history {db / 1e6:.1f} MB")
        proc.terminate()
        proc.wait(timeout=30)
        secs = watch_rate(args.binary, log, tmp)
        print(f"the same through `watch` (no store, no history): {secs:.2f} s ({total / secs:,.0f} lines/s)")


if __name__ == "__main__":
    main()
