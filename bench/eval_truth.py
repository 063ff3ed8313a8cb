#!/usr/bin/env python3
"""Score `logwarden scan --format json` against a gen_corpus.py truth file.

Usage: eval_truth.py TRUTH.tsv ISSUES.jsonl [--show N]

The truth has one row per event: first_line, n_lines, label ("benign",
"tricky_benign" or an issue type). An issue belongs to the event whose line
range holds its `line`. Reported:
  event recall   problem events with at least one issue of the labelled type
  precision      issues whose event is a problem event of the same type
  false alarms   issues in benign events
  extra issues   issues beyond the first in one problem event (one event
                 in the generator is sometimes several log records)
"""
import argparse
import bisect
import collections
import json


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("truth")
    ap.add_argument("issues")
    ap.add_argument("--show", type=int, default=5, help="examples to print per mistake kind")
    a = ap.parse_args()

    starts, events = [], []
    with open(a.truth) as f:
        for row in f:
            first, n, label = row.rstrip("\n").split("\t")
            starts.append(int(first))
            events.append((int(first), int(n), label))

    per_event = collections.defaultdict(list)
    with open(a.issues) as f:
        for row in f:
            issue = json.loads(row)
            i = bisect.bisect_right(starts, issue["line"]) - 1
            per_event[i].append(issue)

    problems = [i for i, e in enumerate(events) if e[2] not in ("benign", "tricky_benign")]
    found = typed = 0
    correct_issues = total_issues = false_alarms = extra = 0
    misses = collections.Counter()
    wrong = collections.Counter()
    examples = collections.defaultdict(list)
    for i, (first, n, label) in enumerate(events):
        issues = per_event.get(i, [])
        total_issues += len(issues)
        if label in ("benign", "tricky_benign"):
            false_alarms += len(issues)
            for issue in issues:
                key = ("false alarm", label, issue["issue_type"])
                wrong[key] += 1
                if len(examples[key]) < a.show:
                    examples[key].append(issue["log_line"][:160])
            continue
        extra += max(0, len(issues) - 1)
        if issues:
            found += 1
        if any(x["issue_type"] == label for x in issues):
            typed += 1
        else:
            misses[label] += 1
            key = ("miss", label, ",".join(sorted({x["issue_type"] for x in issues})) or "none")
            wrong[key] += 1
            if len(examples[key]) < a.show:
                examples[key].append(f"line {first}")
        correct_issues += sum(1 for x in issues if x["issue_type"] == label)

    n_problems = len(problems)
    print(f"events {len(events)}, problem events {n_problems}, issues {total_issues}")
    print(f"event recall (any issue)      {found / max(n_problems, 1):.4f}")
    print(f"event recall (labelled type)  {typed / max(n_problems, 1):.4f}")
    print(f"issue precision (type match)  {correct_issues / max(total_issues, 1):.4f}")
    print(f"false alarms in benign events {false_alarms}")
    print(f"extra issues in problem events {extra}")
    for key, count in wrong.most_common():
        print(f"  {count:6d} {key}")
        for ex in examples[key]:
            print(f"           {ex}")


if __name__ == "__main__":
    main()
