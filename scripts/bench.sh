#!/usr/bin/env bash
# Runs the benchmarks and writes their figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/RESULTS.md
raw=$(mktemp)
# Sections under a "## " heading are written by hand (runs too long for
# make bench, such as the inbox at 1M messages) and are kept; the
# dashboard's section is written anew below.
kept=$(awk '/^## Dashboard/{skip=1; next} /^## /{skip=0} /^## /,0{if(!skip) print}' "$out" 2>/dev/null || true)
export MASTERIA_BIN="$PWD/bin/masteria"
{
  go test -run '^$' -bench 'Machine' -count 1 ./bench/
  go test -run '^$' -bench 'Outbox' -benchtime 40000x -count 1 ./core/bus/
  go test -run '^$' -bench 'FlowRuns' -benchtime 5000x -count 1 ./core/engine/
  go test -run '^$' -bench 'WebhookFlow' -benchtime 3000x -count 1 ./core/app/
  go test -run '^$' -bench 'ParkedRuns' -benchtime 100000x -count 1 -timeout 30m ./core/engine/
  go test -run '^$' -bench 'ActionCall' -benchtime 5000x -count 1 ./core/plugin/
  go test -run '^$' -bench 'Invoke$' -benchtime 5000x -count 1 ./core/plugin/grpchost/
  go test -run '^$' -bench 'ColdStart|Restart' -benchtime 10x -count 1 ./core/plugin/grpchost/
  go test -run '^$' -bench 'Invoke$' -benchtime 20000x -count 1 ./core/plugin/wasmhost/
  go test -run '^$' -bench 'Instantiate|Open' -benchtime 20x -count 1 ./core/plugin/wasmhost/
  go test -run '^$' -bench 'ContactImport' -benchtime 1x -count 1 ./core/crm/...
  go test -run '^$' -bench 'InboxReceive' -benchtime 5000x -count 1 ./core/crm/...
  go test -run '^$' -bench 'InboundWebhooks' -benchtime 40000x -count 1 ./bench/
  go test -run '^$' -bench 'InboundStatuses' -benchtime 40000x -count 1 ./bench/
  go test -run '^$' -bench 'OutboundSends' -benchtime 40000x -count 1 ./bench/
  go test -run '^$' -bench 'PacingAcrossInstances' -benchtime 200x -count 1 ./bench/
  go test -run '^$' -bench 'InboxQueries' -benchtime 300x -count 1 ./core/crm/...
  go test -run '^$' -bench 'StreamFanout' -benchtime 50x -count 1 ./core/api/
  go test -run '^$' -bench 'FanoutMatch' -benchtime 200000x -count 1 ./core/webhooks/
  go test -run '^$' -bench 'Campaign' -benchtime 1x -count 1 -timeout 30m ./core/campaigns/
  go test -run '^$' -bench 'ColdStart' -benchtime 5x -count 1 ./bench/
  go test -run '^$' -bench 'IdleMemory' -benchtime 1x -count 1 ./bench/
} 2>&1 | tee "$raw"
{
  echo "# Benchmark figures"
  echo
  echo "Written by \`make bench\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m), $(go version | awk '{print $3}')."
  echo "Shared 2-core machine: expect ±15% between runs; the machines themselves differ by up to 2×"
  echo "from one session to the next, and the BenchmarkMachine lines say which kind ran these."
  echo
  echo '```'
  grep -E '^(Benchmark|cpu:)' "$raw"
  echo '```'
  if [ -n "$kept" ]; then
    echo
    echo "$kept"
  fi
} > "$out"
rm -f "$raw"
# The dashboard: bundle size per route and the inbox's time to interactive
# (playwright-core + /usr/bin/chromium against bin/masteria serve --demo).
echo >> "$out"
(cd web && node scripts/bench-web.mjs) >> "$out"
echo "wrote $out"
