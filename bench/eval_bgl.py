#!/usr/bin/env python3
"""Precision and recall of `logwarden scan` on Loghub's BGL sample.

Usage: bench/eval_bgl.py [PATH_TO_BGL_2k.log]

BGL lines start with their alert label: `-` for normal, anything else an
alert (sysadmins' categories, Oliner & Stearley DSN'07). An issue counts as a
true positive when its line is an alert line. Reported for the built-in
rules as shipped, and without the two level-based fallback rules
(fatal-level-failure, error-level-failure), which rank below every other
rule, so dropping their issues equals running without them.
The data stays in ../shared (Loghub research licence); nothing is copied.
"""
import json
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
bgl = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared/corpora/loghub/BGL/BGL_2k.log"
binary = root / "target/release/logwarden"
if not binary.exists():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)

labels = [line.split(" ", 1)[0] for line in bgl.read_text(errors="replace").splitlines()]
alerts = {i + 1 for i, label in enumerate(labels) if label != "-"}
out = subprocess.run([str(binary), "scan", "--format", "json", "--fail-on", "none", str(bgl)],
                     capture_output=True, text=True, check=True).stdout
issues = [json.loads(line) for line in out.splitlines()]

def score(name, chosen):
    flagged = {i["line"] for i in chosen}
    tp = len(flagged & alerts)
    precision = tp / len(flagged) if flagged else 0.0
    recall = tp / len(alerts)
    print(f"{name:<40} issues {len(chosen):4d}  precision {precision:.3f}  recall {recall:.3f}")

print(f"BGL sample: {len(labels)} lines, {len(alerts)} alert lines")
score("built-in rules", issues)
fallback = {"fatal-level-failure", "error-level-failure"}
score("without level-based fallback rules", [i for i in issues if i["rule"] not in fallback])
