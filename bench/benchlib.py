"""What the bench scripts share: the corpus generator's path, a process's
RSS and CPU time, percentiles, a metric read from a running server, and
starting one headless."""

import os
import re
import subprocess
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")
HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "tools", "gen_corpus.py")
BINARY = os.path.join(HERE, "..", "target", "release", "logwarden")


def rss_mb(pid):
    """Resident memory of `pid`, in MB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid):
    """User plus system CPU time of `pid` (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def percentile(values, p):
    """The `p`th percentile of `values`, nearest rank."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def metric(base, name):
    """One unlabelled value from `base`/metrics."""
    text = urllib.request.urlopen(base + "/metrics").read().decode()
    m = re.search(rf"^{name} (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def metrics(base):
    """Every unlabelled value from `base`/metrics, by name (one scrape)."""
    text = urllib.request.urlopen(base + "/metrics").read().decode()
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w+) (\S+)$", text, re.M)}


def start_headless(binary, state, log, extra=(), said=None):
    """`logwarden --no-tui --api 127.0.0.1:0` on `log`, once it is ready:
    (process, base URL). The stderr lines read until then are appended to
    `said` when given (the syslog address is among them)."""
    proc = subprocess.Popen(
        [binary, "--no-tui", "--api", "127.0.0.1:0", *extra, "--state", state, log],
        stderr=subprocess.PIPE, text=True,
    )
    addr, watching = None, False
    # The store's "watching" may come before or after the address line.
    for line in proc.stderr:
        if said is not None:
            said.append(line)
        if line.startswith("logwarden: API on http://"):
            addr = line.strip().split("http://")[1]
        watching = watching or "watching" in line
        if addr and watching:
            break
    return proc, f"http://{addr}"
