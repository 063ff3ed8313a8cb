#!/usr/bin/env python3
"""A flood of distinct problem lines through the headless server (store,
groups, template miner, SQLite history): peak RSS, the state directory's
size and the ingest rate after each million lines.

Cases:
  distinct  `<time> ERROR w1 w2: w3 w4 connection refused uniqN`, every
            word (random letters) different on every line (default)
  request   `<time> ERROR request from W for W failed in W`, W random words
Lines are added a million (--step) at a time to one followed file, each
step ending with a marked line: a step is generated into a file of its own
first, then appended in one copy; the server is asked until the mark is
served, then peak RSS (VmHWM from /proc), the state directory's bytes and
the templates/groups held (from /metrics, when the build has them) are
printed. The rate is the step's lines / seconds from the start of the copy
to its mark being served.

Usage: bench/flood.py [--case distinct|request] [--lines 2000000]
                      [--step 1000000] [--binary PATH] [--config FILE]
Needs a release build (`cargo build --release`); compare with another
build with --binary.
"""

import argparse
import os
import random
import re
import shutil
import string
import tempfile
import threading
import time
import urllib.request

from benchlib import BINARY, start_headless

MARK = "LOGWARDEN-FLOOD-END"
LETTERS = string.ascii_lowercase


def word(rng):
    """A random word of letters only (no digit: the miner sees a constant)."""
    n, out = rng.getrandbits(38), []
    while n:
        n, r = divmod(n, 26)
        out.append(LETTERS[r])
    return "".join(out) or "a"


def write_step(path, case, start, count, rng):
    with open(path, "a") as out:
        chunk = []
        for n in range(start, start + count):
            if case == "request":
                chunk.append(f"2026-03-10 08:00:01,{n % 1000:03d} ERROR request from {word(rng)} "
                             f"for {word(rng)} failed in {word(rng)}\n")
            else:
                chunk.append(f"2026-03-10 08:00:01,{n % 1000:03d} ERROR {word(rng)} {word(rng)}: "
                             f"{word(rng)} {word(rng)} connection refused uniq{n}\n")
            if len(chunk) >= 10000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))
        out.write(f"2026-03-10 08:00:02,000 ERROR [main] {MARK}{start + count} OSError: "
                  f"[Errno 28] No space left on device\n")


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        text = f.read()
    peak = re.search(r"^VmHWM:\s+(\d+)", text, re.M)
    now = re.search(r"^VmRSS:\s+(\d+)", text, re.M)
    return int(peak.group(1)) / 1024, int(now.group(1)) / 1024


def dir_mb(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total / 1e6


def metrics(base):
    text = urllib.request.urlopen(base + "/metrics").read().decode()
    out = {}
    for name in ["logwarden_issues_held", "logwarden_templates_held", "logwarden_templates_evicted_total",
                 "logwarden_templates_generalised_total", "logwarden_groups_evicted_total",
                 "logwarden_history_rows", "logwarden_history_pruned_total"]:
        m = re.search(rf"^{name} (\S+)$", text, re.M)
        if m:
            out[name.removeprefix("logwarden_")] = float(m.group(1))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", choices=["distinct", "request"], default="distinct")
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--step", type=int, default=1_000_000)
    ap.add_argument("--binary", default=BINARY)
    ap.add_argument("--config", help="a config file ([limits]) for the server")
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "app.log")
        state = os.path.join(tmp, "state")
        open(log, "w").close()
        extra = ["--config", args.config] if args.config else []
        os.environ["XDG_CONFIG_HOME"] = os.path.join(tmp, "no-config")
        proc, base = start_headless(args.binary, state, log, extra)
        # What it says later must not fill the pipe and stop it.
        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
        print(f"{args.binary}: case {args.case}")
        done = 0
        try:
            while done < args.lines:
                count = min(args.step, args.lines - done)
                step = os.path.join(tmp, "step.log")
                open(step, "w").close()
                write_step(step, args.case, done, count, rng)
                start = time.monotonic()
                with open(step, "rb") as src, open(log, "ab") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                mark = f"{MARK}{done + count}".encode()
                while mark not in urllib.request.urlopen(base + "/api/logs/recent?limit=5").read():
                    time.sleep(0.02)
                secs = time.monotonic() - start
                done += count
                time.sleep(1.5)  # the history's next write
                peak, now = peak_rss_mb(proc.pid)
                shown = ", ".join(f"{k} {v:,.0f}" for k, v in metrics(base).items())
                print(f"{done:>9,} lines: {count / secs:>9,.0f} lines/s, peak RSS {peak:7.1f} MB "
                      f"(now {now:.1f}), state dir {dir_mb(state):8.1f} MB; {shown}", flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=300)
        print(f"after it stopped: state dir {dir_mb(state):.1f} MB")


if __name__ == "__main__":
    main()
