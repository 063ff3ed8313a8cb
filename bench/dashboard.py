#!/usr/bin/env python3
"""The dashboard's cost when nothing happens, with a full store.

Fills a log with problem lines (gen_corpus.py, problem ratio 1.0; the
store groups repeats, so it holds one issue per problem, each with a
count), opens the real dashboard on it (--from-start)
in a 200x60 pseudo-terminal, waits until every issue is shown, then
measures for --seconds with no new lines: CPU % of a core (utime+stime
from /proc), bytes written to the terminal (redraws), RSS.

Needs: pip install pyte. Usage: bench/dashboard.py [--lines 120000] [--seconds 30] [--binary target/release/logwarden]
Build first: cargo build --release.
"""

import argparse
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time

import pyte  # pip install pyte: the screen is drawn as diffs, so read it through an emulator

from benchlib import BINARY, GEN, rss_mb
TICKS = os.sysconf("SC_CLK_TCK")
COLS, ROWS = 200, 60


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])




def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=120_000)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "app.log")
        with open(log, "w") as out:
            subprocess.run(
                [sys.executable, GEN, "--lines", str(args.lines), "--problem-ratio", "1.0", "--seed", "7"],
                stdout=out, check=True,
            )
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "XDG_CONFIG_HOME": "/nonexistent"}
        proc = subprocess.Popen(
            [args.binary, "--from-start", "--state", os.path.join(tmp, "state"), log],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        )
        os.close(slave)
        screen = pyte.Screen(COLS, ROWS)
        stream = pyte.ByteStream(screen)
        written = 0

        def pump(seconds):
            nonlocal written
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                ready, _, _ = select.select([master], [], [], 0.05)
                if ready:
                    chunk = os.read(master, 1 << 16)
                    written += len(chunk)
                    stream.feed(chunk)

        # Loaded once the issue count stops moving for 2 s.
        start = time.monotonic()
        last, still_since = None, time.monotonic()
        while True:
            pump(0.25)
            counts = re.findall(r"Issues \((\d+)\)", "\n".join(screen.display))
            count = int(counts[-1]) if counts else None
            if count != last:
                last, still_since = count, time.monotonic()
            elif count and time.monotonic() - still_since > 2:
                break
            if time.monotonic() - start > 300:
                sys.exit("the dashboard never settled")
        load = time.monotonic() - start - 2
        t0, b0 = cpu_ticks(proc.pid), written
        pump(args.seconds)
        ticks = cpu_ticks(proc.pid) - t0
        idle_bytes = written - b0
        print(f"issues held: {last} (from {args.lines} lines, loaded in ~{load:.1f} s)")
        print(f"idle {args.seconds:.0f} s at {COLS}x{ROWS}: CPU {100 * ticks / TICKS / args.seconds:.2f} % of a core "
              f"({ticks} ticks), {idle_bytes} bytes to the terminal, RSS {rss_mb(proc.pid):.1f} MB")
        os.write(master, b"q")
        proc.wait(timeout=30)
        os.close(master)


if __name__ == "__main__":
    main()
