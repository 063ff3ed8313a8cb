#!/usr/bin/env bash
# Detection on the generated corpus against its truth file:
#   bench/eval_generated.sh [LINES] [SEED]      (defaults: 200000 7)
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-200000}
seed=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 ../shared/tools/gen_corpus.py --lines "$lines" --problem-ratio 0.05 --seed "$seed" --truth "$work/truth.tsv" > "$work/corpus.log"
cargo build --release --quiet
target/release/logwarden scan --format json --fail-on none "$work/corpus.log" > "$work/issues.jsonl"
python3 bench/eval_truth.py "$work/truth.tsv" "$work/issues.jsonl"
