#!/usr/bin/env python3
"""Benchmarks of the live engine (`logwarden watch`), on real files.

  latency     write() -> issue on watch's stdout, over N appends (default 1000)
  throughput  lines/s and CPU tailing 1 and 100 files that grow as fast as a writer can
  idle        CPU %, open fds and RSS while following 1000 idle files for 60 s
              (--files N, --nofile SOFT[:HARD] for the open-file limit); then
              one line is appended to every file, then every file is rotated
              (a line to the old one, renamed, a line to the new one): how
              many lines are delivered, how fast, and the CPU it took

Usage: bench/live.py [latency|throughput|idle|all] [--binary target/release/logwarden]
       bench/live.py idle --files 5000 --nofile 1024:1024 --seconds 30
Build first: cargo build --release. Figures go to stdout as text.
"""

import argparse
import json
import os
import resource
import select
import subprocess
import sys
import tempfile
import threading
import time

from benchlib import GEN, HERE, cpu_seconds, percentile, rss_mb
PROBLEM = "2025-11-24 10:00:00 UTC [42] ERROR:  deadlock detected while updating row {}\n"


def start_watch(binary, state, paths, extra=(), nofile=None):
    """Starts `watch --format json` and waits for its readiness line.
    `nofile`: (soft, hard) open-file limit for it."""
    limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, nofile)) if nofile else None
    proc = subprocess.Popen(
        [binary, "watch", "--format", "json", "--state", state, *extra, *paths],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "XDG_CONFIG_HOME": "/nonexistent"},
        preexec_fn=limit,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stderr.readline().decode()
        if "watching" in line:
            # Keep reading its messages: a full pipe would block the engine.
            threading.Thread(target=proc.stderr.read, daemon=True).start()
            return proc
        if not line and proc.poll() is not None:
            break
    sys.exit("logwarden did not become ready")


def stop(proc):
    proc.terminate()
    proc.wait(timeout=60)


def latency(binary, appends):
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "app.log")
        open(log, "w").close()
        proc = start_watch(binary, os.path.join(tmp, "state"), [log])
        fd = os.open(log, os.O_WRONLY | os.O_APPEND)
        out = proc.stdout
        samples = []
        for i in range(appends):
            line = PROBLEM.format(i).encode()
            t0 = time.perf_counter()
            os.write(fd, line)
            issue = out.readline()
            samples.append((time.perf_counter() - t0) * 1000)
            assert json.loads(issue)["log_line"].endswith(str(i)), issue
            # Appends spaced like a real log, not one burst.
            time.sleep(0.002)
        os.close(fd)
        stop(proc)
    print(f"latency write() -> issue on stdout over {appends} appends: "
          f"p50 {percentile(samples, 50):.3f} ms, p99 {percentile(samples, 99):.3f} ms, "
          f"max {max(samples):.3f} ms")


def corpus(lines, seed):
    data = subprocess.run([sys.executable, GEN, "--lines", str(lines), "--problem-ratio", "0.01",
                           "--seed", str(seed)], check=True, capture_output=True).stdout
    return data


def throughput(binary, files, total_lines):
    per_file = total_lines // files
    data = corpus(per_file, 7)
    chunk = 64 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "logs")
        os.mkdir(d)
        paths = [os.path.join(d, f"f{i:03}.log") for i in range(files)]
        for p in paths:
            open(p, "w").close()
        proc = start_watch(binary, os.path.join(tmp, "state"), [d])
        issues = []
        out_fd = proc.stdout.fileno()
        pending = bytearray()

        def drain(timeout):
            # Raw reads: select() cannot see lines already in a buffered reader.
            while select.select([out_fd], [], [], timeout)[0]:
                chunk = os.read(out_fd, 1 << 20)
                if not chunk:
                    return
                pending.extend(chunk)
                *lines, rest = pending.split(b"\n")
                issues.extend(lines)
                pending[:] = rest
                timeout = 0

        fds = [os.open(p, os.O_WRONLY | os.O_APPEND) for p in paths]
        cpu0, t0 = cpu_seconds(proc.pid), time.perf_counter()
        for off in range(0, len(data), chunk):
            piece = data[off:off + chunk]
            for fd in fds:
                os.write(fd, piece)
            drain(0)
        for i, fd in enumerate(fds):
            os.write(fd, PROBLEM.format(f"END{i}").encode())
        ends = set()
        deadline = time.time() + 600
        while len(ends) < files and time.time() < deadline:
            before = len(issues)
            drain(0.5)
            for line in issues[before:]:
                text = json.loads(line)["log_line"]
                if "END" in text:
                    ends.add(text.rsplit("END", 1)[1])
        elapsed, cpu = time.perf_counter() - t0, cpu_seconds(proc.pid) - cpu0
        rss = rss_mb(proc.pid)
        for fd in fds:
            os.close(fd)
        stop(proc)
    lines = per_file * files
    print(f"throughput, {files} growing file(s), {lines} lines ({len(data) * files / 1e6:.0f} MB), "
          f"{len(issues)} issues: {lines / elapsed:,.0f} lines/s, {len(data) * files / elapsed / 1e6:.0f} MB/s, "
          f"logwarden CPU {cpu:.2f} s = {100 * cpu / elapsed:.0f} % of a core, RSS {rss:.0f} MB")


def idle(binary, files, seconds, nofile=None):
    with tempfile.TemporaryDirectory() as tmp:
        dirs = [os.path.join(tmp, f"d{i}") for i in range(10)]
        for d in dirs:
            os.mkdir(d)
        paths = [os.path.join(dirs[i % 10], f"f{i:04}.log") for i in range(files)]
        for p in paths:
            with open(p, "w") as f:
                f.write("2025-11-24 10:00:00 INFO started\n")
        t_start = time.perf_counter()
        proc = start_watch(binary, os.path.join(tmp, "state"), dirs, nofile=nofile)
        startup = time.perf_counter() - t_start
        limits = open(f"/proc/{proc.pid}/limits").read()
        soft = next(l.split()[3] for l in limits.splitlines() if l.startswith("Max open files"))
        time.sleep(2)  # let start-up settle before measuring
        cpu0, t0 = cpu_seconds(proc.pid), time.perf_counter()
        time.sleep(seconds)
        cpu, elapsed = cpu_seconds(proc.pid) - cpu0, time.perf_counter() - t0
        fds = len(os.listdir(f"/proc/{proc.pid}/fd"))
        rss = rss_mb(proc.pid)
        delivered, took, busy = deliver_one_each(proc, paths)
        rotated, rot_took, rot_busy = rotate_each(proc, paths)
        stop(proc)
    given = f", started with open-file limit {nofile[0]}:{nofile[1]} (now {soft})" if nofile else ""
    print(f"idle, {files} files in 10 directories{given}: ready in {startup:.1f} s; "
          f"{elapsed:.0f} s idle: CPU {cpu:.2f} s = {100 * cpu / elapsed:.2f} % of a core, "
          f"{fds} open fds, RSS {rss:.1f} MB; one line appended to each file: "
          f"{delivered}/{files} delivered in {took:.2f} s, {busy:.2f} s CPU; every file rotated "
          f"(a line to the old file, renamed, a line to the new one): {rotated}/{2 * files} "
          f"delivered in {rot_took:.2f} s, {rot_busy:.2f} s CPU")


def deliver_one_each(proc, paths):
    """Appends a problem line to every file; waits (at most 120 s) until each
    is delivered: (delivered, seconds, CPU seconds)."""
    cpu0, t0 = cpu_seconds(proc.pid), time.perf_counter()
    for i, p in enumerate(paths):
        with open(p, "a") as f:
            f.write(PROBLEM.format(f"EACH{i}"))
    seen = collect(proc, "EACH", len(paths))
    return len(seen), time.perf_counter() - t0, cpu_seconds(proc.pid) - cpu0


def rotate_each(proc, paths):
    """Rotates every file as logrotate does (a last line to the old file,
    renamed to .1, a first line in the new file); waits until both lines of
    each are delivered: (delivered, seconds, CPU seconds)."""
    cpu0, t0 = cpu_seconds(proc.pid), time.perf_counter()
    for i, p in enumerate(paths):
        with open(p, "a") as f:
            f.write(PROBLEM.format(f"ROT{i}old"))
        os.rename(p, p + ".1")
        with open(p, "w") as f:
            f.write(PROBLEM.format(f"ROT{i}new"))
    seen = collect(proc, "ROT", 2 * len(paths))
    return len(seen), time.perf_counter() - t0, cpu_seconds(proc.pid) - cpu0


def collect(proc, marker, wanted):
    """The tags after `marker` in issues on stdout, until `wanted` (or 120 s)."""
    out_fd = proc.stdout.fileno()
    pending = bytearray()
    seen = set()
    deadline = time.time() + 120
    while len(seen) < wanted and time.time() < deadline:
        if not select.select([out_fd], [], [], 0.5)[0]:
            continue
        chunk = os.read(out_fd, 1 << 20)
        if not chunk:
            break
        pending.extend(chunk)
        *lines, rest = pending.split(b"\n")
        pending[:] = rest
        for line in lines:
            text = json.loads(line)["log_line"]
            if marker in text:
                seen.add(text.rsplit(marker, 1)[1])
    return seen


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", nargs="?", default="all", choices=["latency", "throughput", "idle", "all"])
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "logwarden"))
    ap.add_argument("--appends", type=int, default=1000)
    ap.add_argument("--lines", type=int, default=1_000_000, help="lines written in the throughput runs")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--files", type=int, default=1000, help="files in the idle run")
    ap.add_argument("--nofile", help="open-file limit SOFT[:HARD] for the idle run (e.g. 1024:1024)")
    args = ap.parse_args()
    nofile = None
    if args.nofile:
        soft, _, hard = args.nofile.partition(":")
        nofile = (int(soft), int(hard or resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    if args.what in ("latency", "all"):
        latency(args.binary, args.appends)
    if args.what in ("throughput", "all"):
        throughput(args.binary, 1, args.lines)
        throughput(args.binary, 100, args.lines)
    if args.what in ("idle", "all"):
        idle(args.binary, args.files, args.seconds, nofile)


if __name__ == "__main__":
    main()
