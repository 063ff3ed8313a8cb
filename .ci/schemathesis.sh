#!/usr/bin/env bash
# Runs schemathesis (PyPI) against a live headless server's OpenAPI
# document: every documented operation, positive and negative inputs,
# all checks. Needs python3 with venv; installs schemathesis into
# .ci/venv. Usage: .ci/schemathesis.sh [path/to/logwarden]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/logwarden}
if [ ! -x .ci/venv/bin/schemathesis ]; then
  python3 -m venv .ci/venv
  .ci/venv/bin/pip install --quiet 'schemathesis>=4,<5'
fi
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cp examples/demo.log "$work/app.log"
"$bin" --no-tui --api 127.0.0.1:0 --from-start --state "$work/state" "$work/app.log" 2>"$work/err" &
pid=$!
for _ in $(seq 1 300); do
  grep -q "watching" "$work/err" 2>/dev/null && break
  sleep 0.1
done
addr=$(sed -n 's|^logwarden: API on http://||p' "$work/err")
[ -n "$addr" ] || { cat "$work/err"; exit 1; }
# The event stream never ends by design: it is tested in tests/api_security.rs.
.ci/venv/bin/schemathesis run "http://$addr/api/openapi.json" \
  --checks all \
  --exclude-path /api/logs/stream \
  --max-examples 50 \
  --generation-deterministic \
  --report-dir "$work/report"
