#!/usr/bin/env python3
"""Grouping accuracy (GA, Zhu et al. 2019) of `logwarden templates` on the
8 Loghub 2k samples in ../shared/corpora/loghub, run on the raw lines as a
user would feed them, beside Drain's and Brain's published figures.

A line is correct when the set of lines logwarden grouped with it is
exactly the set sharing its ground-truth EventId. GA = correct / all.
Also reports templating speed on a large generated corpus.

Usage: bench/eval_grouping.py [--binary target/release/logwarden] [--similarity X]
"""

import argparse
import collections
import csv
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LOGHUB = os.path.join(HERE, "..", "..", "shared", "corpora", "loghub")
GEN = os.path.join(HERE, "..", "..", "shared", "tools", "gen_corpus.py")
SYSTEMS = ["BGL", "HDFS", "Linux", "OpenSSH", "Apache", "Zookeeper", "Spark", "HPC"]
# Published GA (loghub README of the corpus; logpai/logparser benchmarks).
DRAIN = {"BGL": 0.9625, "HDFS": 0.9975, "Linux": 0.69, "OpenSSH": 0.7875, "Apache": 1.0,
         "Zookeeper": 0.9665, "Spark": 0.92, "HPC": 0.887}
BRAIN = {"BGL": 0.986, "HDFS": 0.9975, "Linux": 0.996, "OpenSSH": 1.0, "Apache": 1.0,
         "Zookeeper": 0.9875, "Spark": 0.9975, "HPC": 0.945}


def grouping_accuracy(truth, predicted):
    by_truth = collections.defaultdict(set)
    by_pred = collections.defaultdict(set)
    for i, (t, p) in enumerate(zip(truth, predicted)):
        by_truth[t].add(i)
        by_pred[p].add(i)
    correct = 0
    for members in by_truth.values():
        first = next(iter(members))
        if by_pred[predicted[first]] == members:
            correct += len(members)
    return correct / len(truth)


def templates(binary, path, extra):
    out = subprocess.run([binary, "templates", *extra, path], capture_output=True, text=True, check=True).stdout
    return [line.split("\t")[1] for line in out.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "logwarden"))
    ap.add_argument("--similarity", type=float)
    ap.add_argument("--speed-lines", type=int, default=2_000_000)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    extra = ["--similarity", str(args.similarity)] if args.similarity else []
    print(f"{'system':<10} {'logwarden':>9} {'Drain':>7} {'Brain':>7}")
    scores = []
    for system in SYSTEMS:
        base = os.path.join(LOGHUB, system, f"{system}_2k.log")
        with open(base + "_structured.csv", newline="") as f:
            truth = [row["EventId"] for row in csv.DictReader(f)]
        predicted = templates(args.binary, base, extra)
        assert len(predicted) == len(truth), (system, len(predicted), len(truth))
        ga = grouping_accuracy(truth, predicted)
        scores.append(ga)
        print(f"{system:<10} {ga:>9.4f} {DRAIN[system]:>7.4f} {BRAIN[system]:>7.4f}")
    mean = sum(scores) / len(scores)
    print(f"{'mean':<10} {mean:>9.4f} {sum(DRAIN.values()) / 8:>7.4f} {sum(BRAIN.values()) / 8:>7.4f}")
    if args.speed_lines and os.path.exists(GEN):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "big.log")
            with open(path, "w") as out:
                subprocess.run([sys.executable, GEN, "--lines", str(args.speed_lines), "--seed", "5"], stdout=out, check=True)
            size = os.path.getsize(path)
            start = time.monotonic()
            subprocess.run([args.binary, "templates", *extra, path], stdout=subprocess.DEVNULL, check=True)
            secs = time.monotonic() - start
            print(f"speed: {args.speed_lines / secs / 1e6:.2f}M lines/s ({size / secs / 1e6:.0f} MB/s) "
                  f"on {args.speed_lines:,} generated lines, output included")


if __name__ == "__main__":
    main()
