#!/usr/bin/env bash
# Throughput of `logwarden scan --format summary` beside `rg -c -i` with the
# original system's 16 regexes as one alternation, on the same generated
# corpus, in the same run. Also peak memory, on the corpus and on twice it.
#
#   bench/scan_vs_rg.sh [LINES] [RUNS]     (defaults: 2000000 5)
#
# Needs ../shared/tools/gen_corpus.py, ripgrep and GNU time (apt-get install
# ripgrep time). Prints medians; CPU and load vary between machines and runs.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-2000000}
runs=${2:-5}
gen=../shared/tools/gen_corpus.py
[ -f "$gen" ] || { echo "missing $gen (the shared tools)" >&2; exit 2; }
command -v rg >/dev/null || { echo "ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=$work/corpus.log
python3 "$gen" --lines "$lines" --problem-ratio 0.05 --seed 42 > "$corpus"
bytes=$(stat -c %s "$corpus")
cargo build --release --quiet
bin=target/release/logwarden

# median wall seconds of a command over $runs runs (after one warm-up)
median() {
  "$@" > /dev/null 2>&1 || true
  for _ in $(seq "$runs"); do
    /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -n1
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN {printf "%.0f", b / 1e6 / s}'; }

t_rg=$(median rg -c -i -f bench/orig16.re "$corpus")
t_lw=$(median "$bin" scan --format summary --fail-on none "$corpus")
t_lw1=$(median "$bin" scan --format summary --fail-on none --threads 1 "$corpus")
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n1; }
rss_1=$(rss "$bin" scan --format summary --fail-on none "$corpus")
rss_2=$(cat "$corpus" "$corpus" | /usr/bin/time -f %M "$bin" scan --format summary --fail-on none - 2>&1 >/dev/null | tail -n1)

printf 'corpus: %s lines, %.1f MB (gen_corpus.py --lines %s --problem-ratio 0.05 --seed 42)\n' "$lines" "$(awk -v b="$bytes" 'BEGIN{print b/1e6}')" "$lines"
printf '%-44s %7s s  %5s MB/s\n' "rg -c -i (original 16 regexes)" "$t_rg" "$(mbps "$t_rg")"
printf '%-44s %7s s  %5s MB/s  %.2fx rg\n' "logwarden scan --format summary" "$t_lw" "$(mbps "$t_lw")" "$(awk -v a="$t_rg" -v b="$t_lw" 'BEGIN{print a/b}')"
printf '%-44s %7s s  %5s MB/s  %.2fx rg\n' "logwarden scan --format summary --threads 1" "$t_lw1" "$(mbps "$t_lw1")" "$(awk -v a="$t_rg" -v b="$t_lw1" 'BEGIN{print a/b}')"
printf 'peak RSS: %s KB on the corpus, %s KB on twice the corpus (stdin)\n' "$rss_1" "$rss_2"
"$bin" scan --format summary --fail-on none "$corpus" | head -n1
