#!/usr/bin/env python3
"""What one logwarden holds of a fleet: syslog and HTTP ingest from many
hosts, on loopback, headless (`--no-tui --api 127.0.0.1:0 --syslog
127.0.0.1:0 --ingest`), a fresh server per run.

  tcp      --conns connections (one host each) send octet-counted RFC 5424
           frames as fast as they can; messages/s *classified*
           (logwarden_remote_messages_total), logwarden's CPU (all threads;
           the busiest threads by name, with the time they waited for a
           CPU), messages per CPU-second of the process and of the one
           thread that classifies every remote message
  http     --posters clients POST ~1 MB NDJSON bodies to /api/ingest
           (429 honoured: Retry-After, then the same body again)
  udp      after a warm-up (the corpus once over TCP), --datagrams datagrams
           as fast as one sender can, then paced at each of --udp-rates:
           sent, read, dropped by logwarden's queue, dropped by the kernel
           (its receive buffer), classified
  latency  under --bg-rate messages/s of background TCP load, a problem
           line over TCP -> its issue on GET /api/logs/stream (SSE)
  rss      VmRSS/VmHWM after 1,000 and 10,000 hosts sent (--rss-hosts), two
           rounds each (the second shows whether it is steady), with the
           (host, program) streams open and closed at the cap
  sizing   printed after `all`: what one instance holds, from the above

Messages are gen_corpus.py lines (1 % problem events, tracebacks included):
a BSD syslog line's program becomes APP-NAME (its header dropped), other
lines get nginx, postgres, python-app or java-app by their shape; the host
is the sender's. Each figure runs --runs times (load average recorded with
each); best and median are printed.

Usage: bench/fleet.py [tcp|http|udp|latency|rss|all] [--runs 3] [--seconds 10]
       bench/fleet.py --smoke          # everything, small (about 40 s): does the script still work?
Build first: cargo build --release.
"""

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from benchlib import BINARY, GEN, cpu_seconds, metrics, percentile, start_headless

TIMESTAMP = b"2024-03-10T00:00:00.000Z"
BSD = re.compile(rb"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ ([^:\[\s]+)(?:\[\d+\])?: ")
PROBLEM = (b"2024-03-10 00:00:00.000 UTC [42] ERROR:  deadlock detected "
           b"while updating row %d of table orders")


# ---------------------------------------------------------------- inputs

def corpus(lines, seed):
    """(app, text) per generated line; continuation lines keep their event's app."""
    data = subprocess.run([sys.executable, GEN, "--lines", str(lines), "--problem-ratio", "0.01",
                           "--seed", str(seed)], check=True, capture_output=True).stdout
    out, app = [], b"app"
    for line in data.splitlines():
        m = BSD.match(line)
        if m:
            app, line = m.group(1), line[m.end():]
        elif re.match(rb"\d+\.\d+\.\d+\.\d+ ", line):
            app = b"nginx"
        elif re.match(rb"\d{4}-\d\d-\d\d", line):
            app = (b"postgres" if b" UTC [" in line[:40] else
                   b"python-app" if b" - " in line[:40] else b"java-app")
        out.append((app, line))
    return out


def rfc5424(host, app, text):
    return b"<134>1 %s %s %s - - - %s" % (TIMESTAMP, host, app, text)


def frame(host, app, text):
    """One octet-counted frame (RFC 6587 3.4.1)."""
    body = rfc5424(host, app, text)
    return b"%d %s" % (len(body), body)


def host_frames(host, msgs, start=0, count=None):
    """`count` consecutive messages from `msgs` (from `start`, cycling) as `host`'s frames."""
    count = len(msgs) if count is None else count
    return b"".join(frame(host, *msgs[(start + i) % len(msgs)]) for i in range(count))


# ---------------------------------------------------------------- the server

class Server:
    """A fresh headless logwarden with syslog and ingest on loopback ports."""

    def __init__(self, binary):
        self.binary = binary

    def __enter__(self):
        self.tmp = tempfile.TemporaryDirectory()
        log = os.path.join(self.tmp.name, "empty.log")
        open(log, "w").close()
        said = []
        self.proc, self.base = start_headless(
            self.binary, os.path.join(self.tmp.name, "state"), log,
            ["--syslog", "127.0.0.1:0", "--ingest"], said=said)
        addr = next(l.split()[3] for l in said if l.startswith("logwarden: syslog on "))
        host, port = addr.rsplit(":", 1)
        self.syslog = (host, int(port))
        self.api = self.base.split("//")[1].rsplit(":", 1)
        self.api = (self.api[0], int(self.api[1]))
        # What it says later (warnings) is kept; a full pipe would block it.
        self.said = said
        threading.Thread(target=lambda: self.said.extend(self.proc.stderr), daemon=True).start()
        self.load = loadavg()
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=120)
        self.tmp.cleanup()

    def metrics(self):
        return metrics(self.base)

    def cpu(self):
        return cpu_seconds(self.proc.pid)

    def threads(self):
        """By thread name (threads of one name summed): [seconds on a CPU,
        seconds runnable but waiting for one] (/proc/.../schedstat)."""
        out = {}
        task = f"/proc/{self.proc.pid}/task"
        for tid in os.listdir(task):
            try:
                with open(f"{task}/{tid}/comm") as f:
                    name = f.read().strip()
                with open(f"{task}/{tid}/schedstat") as f:
                    run, wait, _ = map(int, f.read().split())
            except OSError:
                continue
            got = out.setdefault(name, [0.0, 0.0])
            got[0] += run / 1e9
            got[1] += wait / 1e9
        return out

    def memory(self):
        """(VmRSS, VmHWM) in MB."""
        got = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                key = line.split(":")[0]
                if key in ("VmRSS", "VmHWM"):
                    got[key] = int(line.split()[1]) / 1024
        return got["VmRSS"], got["VmHWM"]

    def wait_processed(self, total, timeout=300):
        """Waits until `total` messages were classified since start (or the count stops moving)."""
        deadline, last, still = time.time() + timeout, -1, 0
        while time.time() < deadline:
            done = self.metrics().get("logwarden_remote_messages_total", 0)
            if done >= total:
                return done
            still = still + 1 if done == last else 0
            if still >= 25:
                return done
            last = done
            time.sleep(0.2)
        return done


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


class Window:
    """Counters, CPU and per-thread CPU between start() and stop()."""

    def __init__(self, server):
        self.s = server

    def start(self):
        self.m0, self.c0, self.th0, self.t0 = self.s.metrics(), self.s.cpu(), self.s.threads(), time.perf_counter()

    def stop(self):
        self.elapsed = time.perf_counter() - self.t0
        self.m1, self.cpu, th1 = self.s.metrics(), self.s.cpu() - self.c0, self.s.threads()
        was = lambda n, i: self.th0.get(n, [0, 0])[i]
        self.threads = sorted(((th1[n][0] - was(n, 0)) / self.elapsed, (th1[n][1] - was(n, 1)) / self.elapsed, n)
                              for n in th1)[::-1]

    def delta(self, name):
        return self.m1.get(name, 0) - self.m0.get(name, 0)

    def busiest(self, n=3):
        """The busiest threads' share of a CPU, and of the time they waited for one."""
        return ", ".join(f"{name} {100 * share:.0f}% (+{100 * wait:.0f}% waiting for a CPU)"
                         for share, wait, name in self.threads[:n])


# ---------------------------------------------------------------- senders

def blast(addr, blob, stop, sent):
    """Sends `blob` over and over on one connection until `stop`."""
    with socket.create_connection(addr) as sock:
        view, piece = memoryview(blob), 1 << 18
        while not stop.is_set():
            for off in range(0, len(view), piece):
                if stop.is_set():
                    break
                sock.sendall(view[off:off + piece])
                sent[0] += len(view[off:off + piece])


def paced(addr, frames, rate, stop):
    """Sends `rate` frames per second from `frames` (cycling), in 10 ms batches."""
    batch = max(1, rate // 100)
    chunks = [b"".join(frames[i:i + batch]) for i in range(0, len(frames) - batch + 1, batch)]
    with socket.create_connection(addr) as sock:
        next_at, i = time.monotonic(), 0
        while not stop.is_set():
            sock.sendall(chunks[i % len(chunks)])
            i += 1
            next_at += 0.01
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)


# ---------------------------------------------------------------- figures

def tcp(binary, msgs, conns, warmup, seconds):
    blobs = [host_frames(b"web-%03d" % i, msgs, start=i * 997) for i in range(conns)]
    with Server(binary) as s:
        stop, sent = threading.Event(), [0]
        threads = [threading.Thread(target=blast, args=(s.syslog, b, stop, sent)) for b in blobs]
        for t in threads:
            t.start()
        time.sleep(warmup)
        w = Window(s)
        mine = sum(os.times()[:2])
        w.start()
        time.sleep(seconds)
        w.stop()
        mine = (sum(os.times()[:2]) - mine) / w.elapsed
        stop.set()
        for t in threads:
            t.join()
        rate = w.delta("logwarden_remote_messages_total") / w.elapsed
        # The one thread that classifies every remote message (its name cut to 15 bytes).
        remote = sum(share for share, _, name in w.threads if name.startswith("logwarden-remot"))
        r = {"value": rate, "cpu": w.cpu / w.elapsed, "per_cpu": rate * w.elapsed / max(w.cpu, 1e-9),
             "per_remote": rate / max(remote, 1e-9),
             "frames": w.delta("logwarden_syslog_frames_total") / w.elapsed, "load": s.load}
        print(f"  tcp {conns} conns: {rate:,.0f} msgs/s classified (frames read {r['frames']:,.0f}/s), "
              f"CPU {100 * r['cpu']:.0f}% = {r['per_cpu']:,.0f} msgs per CPU-s "
              f"({r['per_remote']:,.0f} per CPU-s of the classifying thread); "
              f"threads: {w.busiest()}; senders' CPU {100 * mine:.0f}%; load {s.load}", flush=True)
        return r


def http_bodies(msgs, host, size):
    bodies, cur, n = [], [], 0
    for app, text in msgs:
        line = json.dumps({"message": text.decode("utf-8", "replace"), "host": host,
                           "app": app.decode()}).encode() + b"\n"
        cur.append(line)
        n += len(line)
        if n >= size:
            bodies.append(b"".join(cur))
            cur, n = [], 0
    return bodies or [b"".join(cur)]


def poster(api, bodies, stop, counts):
    conn = http.client.HTTPConnection(*api, timeout=60)
    i = 0
    while not stop.is_set():
        conn.request("POST", "/api/ingest", bodies[i % len(bodies)],
                     {"Content-Type": "application/x-ndjson"})
        resp = conn.getresponse()
        answer = resp.read()
        if resp.status == 429:
            counts["429"] += 1
            stop.wait(float(resp.getheader("Retry-After", "1")))
            continue  # the same body again
        if resp.status != 200:
            sys.exit(f"POST /api/ingest: {resp.status} {answer[:200]!r}")
        counts["accepted"] += json.loads(answer)["accepted"]
        counts["posts"] += 1
        i += 1
    conn.close()


def ingest(binary, msgs, posters, body_size, warmup, seconds):
    bodies = [http_bodies(msgs[i * 997:] + msgs[:i * 997], f"app-{i:02}", body_size) for i in range(posters)]
    with Server(binary) as s:
        stop = threading.Event()
        counts = {"429": 0, "accepted": 0, "posts": 0}
        threads = [threading.Thread(target=poster, args=(s.api, b, stop, counts)) for b in bodies]
        for t in threads:
            t.start()
        time.sleep(warmup)
        w = Window(s)
        r429, posts = counts["429"], counts["posts"]
        w.start()
        time.sleep(seconds)
        w.stop()
        stop.set()
        for t in threads:
            t.join()
        rate = w.delta("logwarden_remote_messages_total") / w.elapsed
        size = sum(map(len, bodies[0])) / len(bodies[0]) / 1e6
        r = {"value": rate, "cpu": w.cpu / w.elapsed, "per_cpu": rate * w.elapsed / max(w.cpu, 1e-9), "load": s.load}
        print(f"  http {posters} posters, {size:.2f} MB bodies: {rate:,.0f} lines/s classified, "
              f"{(counts['posts'] - posts) / w.elapsed:.1f} posts/s, {counts['429'] - r429} answered 429; "
              f"CPU {100 * r['cpu']:.0f}% = {r['per_cpu']:,.0f} lines per CPU-s; "
              f"threads: {w.busiest()}; load {s.load}", flush=True)
        return r


def udp(binary, msgs, count, rate):
    grams = [rfc5424(b"udp-%02d" % (i % 8), *msgs[i % len(msgs)]) for i in range(min(count, len(msgs) * 2))]
    with Server(binary) as s:
        # A fresh server is slow for its first second (it dropped 1,300 of
        # the first 50,000 datagrams at 50k/s while later ones went
        # through): the corpus over TCP first, so steady state is measured.
        with socket.create_connection(s.syslog) as warm:
            warm.sendall(host_frames(b"warm-up", msgs))
        s.wait_processed(len(msgs))
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.connect(s.syslog)
        send = sock.send
        w = Window(s)
        w.start()
        t0, sent, failed = time.perf_counter(), 0, 0
        if rate is None:
            n = len(grams)
            for i in range(count):
                try:
                    send(grams[i % n])
                except OSError:  # ENOBUFS and the like: not sent
                    failed += 1
            sent = count - failed
        else:
            batch = max(1, rate // 1000)
            next_at, i = time.perf_counter(), 0
            while i < count:
                j = i % len(grams)
                chunk = grams[j:j + min(batch, count - i)]
                for g in chunk:
                    try:
                        send(g)
                        sent += 1
                    except OSError:
                        failed += 1
                i += len(chunk)
                next_at += len(chunk) / rate
                delay = next_at - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
        send_s = time.perf_counter() - t0
        s.wait_processed(w.m0.get("logwarden_remote_messages_total", 0) + sent, timeout=120)
        time.sleep(0.5)
        w.stop()
        sock.close()
        read = w.delta("logwarden_syslog_frames_total")
        dropped = w.delta("logwarden_syslog_udp_dropped_total")
        kernel = w.delta("logwarden_syslog_udp_kernel_dropped_total")
        done = w.delta("logwarden_remote_messages_total")
        how = "as fast as one sender can" if rate is None else f"paced at {rate:,} /s"
        lost = (sent - done) / max(sent, 1)
        r = {"value": 100 * lost, "send_rate": sent / send_s, "load": s.load}
        print(f"  udp {how}: sent {sent:,} at {sent / send_s:,.0f}/s ({failed} send errors); "
              f"read {read:,.0f}, logwarden dropped {dropped:,.0f}, kernel dropped {kernel:,.0f}, "
              f"unaccounted {sent - read - kernel:,.0f}; classified {done:,.0f} = {100 * lost:.2f} % lost; "
              f"load {s.load}", flush=True)
        return r


def wait_marker(sock, buf, marker, timeout):
    """Reads the event stream until `marker`; True if it came within
    `timeout` (`buf` then emptied; else it holds the last bytes read)."""
    sock.settimeout(timeout)
    while marker not in buf:
        try:
            chunk = sock.recv(1 << 20)
        except socket.timeout:
            return False
        if not chunk:
            return False
        del buf[:-len(marker)]
        buf += chunk
    buf.clear()
    return True


def latency(binary, msgs, bg_rate, samples):
    bg = [[frame(b"bg-%02d" % c, *m) for m in msgs[c * 997:] + msgs[:c * 997]] for c in range(2)]
    with Server(binary) as s:
        stop = threading.Event()
        threads = [threading.Thread(target=paced, args=(s.syslog, f, bg_rate // 2, stop)) for f in bg]
        for t in threads:
            t.start()
        sse = socket.create_connection(s.api)
        sse.sendall(b"GET /api/logs/stream HTTP/1.1\r\nHost: %s:%d\r\nAccept: text/event-stream\r\n\r\n"
                    % (s.api[0].encode(), s.api[1]))
        buf = bytearray()
        if not wait_marker(sse, buf, b"logwarden event stream", 10):
            stop.set()
            sys.exit(f"no event stream: {bytes(buf[:300])!r}")
        probe = socket.create_connection(s.syslog)
        time.sleep(1)
        w = Window(s)
        w.start()
        times, missed = [], 0
        for i in range(samples):
            n = 7_000_000 + i
            line = frame(b"probe", b"postgres", PROBLEM % n)
            t0 = time.perf_counter()
            probe.sendall(line)
            if wait_marker(sse, buf, b"row %d of" % n, 5):
                times.append((time.perf_counter() - t0) * 1000)
            else:
                missed += 1
            time.sleep(0.005)
        w.stop()
        stop.set()
        for t in threads:
            t.join()
        probe.close()
        sse.close()
        bg_done = w.delta("logwarden_remote_messages_total") / w.elapsed
        r = {"value": percentile(times, 99), "p50": percentile(times, 50), "max": max(times),
             "load": s.load}
        print(f"  latency send -> SSE over {len(times)} probes ({missed} missed), background "
              f"{bg_done:,.0f} msgs/s: p50 {r['p50']:.2f} ms, p99 {r['value']:.2f} ms, "
              f"max {r['max']:.2f} ms; CPU {100 * w.cpu / w.elapsed:.0f}%; load {s.load}", flush=True)
        return r


def rss(binary, msgs, hosts, per_host, conns, settle):
    """Two rounds of `per_host` messages from each of `hosts` hosts over
    `conns` connections; memory read `settle` seconds after each."""
    names = [b"node-%05d" % h for h in range(hosts)]
    with Server(binary) as s:
        time.sleep(settle)
        rss0, _ = s.memory()
        rounds = []
        for rnd in range(2):
            blobs = []
            for c in range(conns):
                mine = names[c::conns]
                # Round robin over the connection's hosts, each host's lines
                # consecutive in the corpus (so its tracebacks stay whole).
                blobs.append(b"".join(
                    frame(h, *msgs[((c + conns * k) * per_host + rnd * hosts * per_host + j) % len(msgs)])
                    for j in range(per_host) for k, h in enumerate(mine)))
            threads = []
            for b in blobs:
                def send(b=b):
                    with socket.create_connection(s.syslog) as sock:
                        sock.sendall(b)
                threads.append(threading.Thread(target=send))
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            done = s.wait_processed(hosts * per_host * (rnd + 1))
            took = time.perf_counter() - t0
            time.sleep(settle)
            now, peak = s.memory()
            m = s.metrics()
            rounds.append((now, peak, m.get("logwarden_remote_streams", 0),
                           m.get("logwarden_remote_streams_evicted_total", 0), hosts * per_host / took))
            print(f"  rss {hosts:,} hosts, round {rnd + 1} ({hosts * per_host:,} msgs over {conns} conns, "
                  f"{hosts * per_host / took:,.0f} msgs/s): RSS {now:.1f} MB, peak {peak:.1f} MB "
                  f"(at start {rss0:.1f}); hosts {m.get('logwarden_remote_hosts', 0):,.0f} "
                  f"(+{m.get('logwarden_remote_unlisted_messages_total', 0):,.0f} msgs unlisted), streams "
                  f"{m.get('logwarden_remote_streams', 0):,.0f} (evicted "
                  f"{m.get('logwarden_remote_streams_evicted_total', 0):,.0f}), classified {done:,.0f}; "
                  f"load {s.load}", flush=True)
        now, peak, streams, evicted, rate = rounds[-1]
        return {"value": now, "peak": peak, "start": rss0, "streams": streams, "evicted": evicted,
                "rate": rate, "load": s.load}


# ---------------------------------------------------------------- summary

def summary(name, unit, runs, fmt="{:,.0f}", best=max, goal=""):
    values = [r["value"] for r in runs]
    loads = "/".join(r["load"] for r in runs)
    b, med = best(values), statistics.median(values)
    print(f"| {name} | {fmt.format(b)} | {fmt.format(med)} | {unit} | {goal} | {loads} |")
    return b, med


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", nargs="?", default="all", choices=["tcp", "http", "udp", "latency", "rss", "all"])
    ap.add_argument("--binary", default=BINARY)
    ap.add_argument("--smoke", action="store_true", help="everything small, to check the script works")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lines", type=int, default=50_000, help="corpus lines (messages per TCP sender's loop)")
    ap.add_argument("--seconds", type=float, default=10, help="measured window of tcp and http")
    ap.add_argument("--conns", type=int, default=8)
    ap.add_argument("--posters", type=int, default=4)
    ap.add_argument("--body", type=int, default=1 << 20, help="HTTP body size, bytes")
    ap.add_argument("--datagrams", type=int, default=1_000_000)
    ap.add_argument("--udp-rates", default="50000,100000,200000,tcp",
                    help="paced UDP rates, datagrams/s; tcp: this invocation's TCP median (else 200000)")
    ap.add_argument("--bg-rate", type=int, default=50_000, help="background msgs/s during latency")
    ap.add_argument("--samples", type=int, default=500)
    ap.add_argument("--rss-hosts", default="1000:200,10000:50", help="HOSTS:MSGS_PER_HOST,... per round")
    ap.add_argument("--rss-conns", type=int, default=4)
    a = ap.parse_args()
    warmup = 2
    if a.smoke:
        a.runs, a.lines, a.seconds, warmup = 1, 3000, 1, 0.5
        a.body, a.datagrams, a.samples, a.bg_rate = 100_000, 20_000, 30, 5000
        a.rss_hosts = "100:10,1000:5"
    if not os.path.exists(a.binary):
        sys.exit(f"{a.binary} missing: cargo build --release")
    every = a.what == "all"
    msgs = corpus(a.lines, 11)
    print(f"fleet bench: {len(msgs):,} corpus messages, {a.runs} run(s) per figure, "
          f"{os.cpu_count()} CPUs, load at start {loadavg()}", flush=True)
    results = {}
    if a.what in ("tcp", "all"):
        results["tcp"] = [tcp(a.binary, msgs, a.conns, warmup, a.seconds) for _ in range(a.runs)]
    if a.what in ("http", "all"):
        results["http"] = [ingest(a.binary, msgs, a.posters, a.body, warmup, a.seconds) for _ in range(a.runs)]
    if a.what in ("udp", "all"):
        tcp_rate = int(statistics.median(r["value"] for r in results["tcp"])) if "tcp" in results else 200_000
        results["udp"] = [udp(a.binary, msgs, a.datagrams, None) for _ in range(a.runs)]
        for rate in a.udp_rates.split(","):
            rate = tcp_rate if rate == "tcp" else int(rate)
            results[f"udp{rate}"] = [udp(a.binary, msgs, a.datagrams, rate) for _ in range(a.runs)]
    if a.what in ("latency", "all"):
        results["latency"] = [latency(a.binary, msgs, a.bg_rate, a.samples) for _ in range(a.runs)]
    if a.what in ("rss", "all"):
        for spec in a.rss_hosts.split(","):
            hosts, per = map(int, spec.split(":"))
            results[f"rss{hosts}"] = [rss(a.binary, msgs, hosts, per, a.rss_conns, 2 * warmup) for _ in range(a.runs)]

    print("\n| figure | best | median | unit | goal | load per run |\n|---|---|---|---|---|---|")
    if "tcp" in results:
        summary(f"TCP syslog, {a.conns} conns", "msgs/s", results["tcp"], goal=">= 500k on one core")
        summary("TCP syslog per CPU-second", "msgs/CPU-s",
                [{**r, "value": r["per_cpu"]} for r in results["tcp"]])
        summary("TCP syslog per CPU-second of logwarden-remote", "msgs/CPU-s",
                [{**r, "value": r["per_remote"]} for r in results["tcp"]])
        summary("TCP syslog CPU", "cores", [{**r, "value": r["cpu"]} for r in results["tcp"]], "{:.2f}", min)
    if "http" in results:
        summary(f"HTTP NDJSON, {a.posters} posters", "lines/s", results["http"])
    if "udp" in results:
        summary("UDP blast, lost (sent - classified)", "%", results["udp"], "{:.2f}", min)
        summary("UDP blast, send rate", "datagrams/s", [{**r, "value": r["send_rate"]} for r in results["udp"]])
        for key in (k for k in results if k.startswith("udp") and k != "udp"):
            summary(f"UDP paced at {int(key[3:]):,}/s, lost", "%", results[key], "{:.2f}", min)
            summary(f"UDP paced at {int(key[3:]):,}/s, send rate", "datagrams/s",
                    [{**r, "value": r["send_rate"]} for r in results[key]])
    if "latency" in results:
        summary("latency p50", "ms", [{**r, "value": r["p50"]} for r in results["latency"]], "{:.2f}", min)
        summary("latency p99", "ms", results["latency"], "{:.2f}", min, "<= 10 ms")
        summary("latency max", "ms", [{**r, "value": r["max"]} for r in results["latency"]], "{:.2f}", min)
    rss_keys = [k for k in results if k.startswith("rss")]
    for k in rss_keys:
        summary(f"RSS, {int(k[3:]):,} hosts", "MB", results[k], "{:.1f}", min)
        summary(f"peak RSS, {int(k[3:]):,} hosts", "MB", [{**r, "value": r["peak"]} for r in results[k]],
                "{:.1f}", min)
        summary(f"streams open, {int(k[3:]):,} hosts", "(host, program)",
                [{**r, "value": r["streams"]} for r in results[k]])
        summary(f"streams evicted, {int(k[3:]):,} hosts", "total", [{**r, "value": r["evicted"]} for r in results[k]],
                best=min)
        summary(f"msgs/s while {int(k[3:]):,} hosts sent", "msgs/s", [{**r, "value": r["rate"]} for r in results[k]])
    if every and "tcp" in results and len(rss_keys) >= 2:
        sizing(results, rss_keys)


def sizing(results, rss_keys):
    """The operator's statement, from the medians."""
    med = lambda key, field="value": statistics.median(r[field] for r in results[key])
    rate, cores, per_cpu = med("tcp"), med("tcp", "cpu"), med("tcp", "per_cpu")
    print(f"\nSizing (medians): one instance classified {rate:,.0f} syslog msgs/s over TCP, using "
          f"{cores:.2f} cores ({per_cpu:,.0f} msgs per CPU-second of the whole process; the one "
          f"classifying thread did {med('tcp', 'per_remote'):,.0f} per CPU-second of its own, the "
          f"ceiling of one instance). Kept at half that ({rate / 2:,.0f} msgs/s) for bursts:")
    for per_host in (1, 10, 100, 1000):
        print(f"  at {per_host:>4} lines/s per host: {rate / 2 / per_host:>10,.0f} hosts")
    for k in sorted(rss_keys, key=lambda k: int(k[3:])):
        hosts, streams, evicted = int(k[3:]), med(k, "streams"), med(k, "evicted")
        grown = med(k) - med(k, "start")
        print(f"Memory, {hosts:,} hosts: {med(k):.0f} MB ({med(k, 'start'):.0f} at start), {streams:,.0f} "
              f"(host, program) streams open = {grown * 1024 / max(streams, 1):.1f} kB per stream"
              + (f"; the 20,000-stream cap was hit: {evicted:,.0f} streams closed and reopened, "
                 f"{med(k, 'rate'):,.0f} msgs/s" if evicted else ""))
    print("Hosts past 10,000 are classified but not listed (logwarden_remote_unlisted_messages_total).")


if __name__ == "__main__":
    main()
