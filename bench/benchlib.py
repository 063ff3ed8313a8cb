"""What the bench scripts share: the corpus generator's path, a process's
RSS, a metric read from a running server, and starting one headless."""

import os
import re
import subprocess
import urllib.request

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


def metric(base, name):
    """One unlabelled value from `base`/metrics."""
    text = urllib.request.urlopen(base + "/metrics").read().decode()
    m = re.search(rf"^{name} (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def start_headless(binary, state, log, extra=()):
    """`logwarden --no-tui --api 127.0.0.1:0` on `log`, once it is ready:
    (process, base URL)."""
    proc = subprocess.Popen(
        [binary, "--no-tui", "--api", "127.0.0.1:0", *extra, "--state", state, log],
        stderr=subprocess.PIPE, text=True,
    )
    addr, watching = None, False
    # The store's "watching" may come before or after the address line.
    for line in proc.stderr:
        if line.startswith("logwarden: API on http://"):
            addr = line.strip().split("http://")[1]
        watching = watching or "watching" in line
        if addr and watching:
            break
    return proc, f"http://{addr}"
