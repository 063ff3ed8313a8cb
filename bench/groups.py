#!/usr/bin/env python3
"""A flood of problem lines through the live store with grouping and the
SQLite history: ingest rate, issues held, RSS, database size.

Writes N lines of gen_corpus.py with problem ratio 1.0 (every event a
problem), starts `logwarden --no-tui --api 127.0.0.1:0 --from-start` on
them, waits until every line is read (logwarden_lines_read_total), then
reports. Usage: bench/groups.py [--lines 1000000]. Needs a release build.
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






def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "app.log")
        with open(log, "w") as out:
            subprocess.run([sys.executable, GEN, "--lines", str(args.lines), "--problem-ratio", "1.0", "--seed", "11"],
                           stdout=out, check=True)
        total = sum(1 for _ in open(log, "rb"))
        start = time.monotonic()
        proc, base = start_headless(args.binary, os.path.join(tmp, "state"), log, ["--from-start"])
        while metric(base, "logwarden_lines_read_total") < total:
            time.sleep(0.05)
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


if __name__ == "__main__":
    main()
