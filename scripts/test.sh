#!/usr/bin/env bash
# `npm test`: every test, from a fresh machine. Set-up (scripts/setup.sh), then the Docker engine,
# the image, all bun suites (unit, CLI, real broker, Docker, release), Testcontainers, and the
# benchmark smoke run. Ends with one "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p build/reports
# Stop the engine at the end only if this run started it (a developer's running containers stay).
if ! docker info >/dev/null 2>&1; then
  trap 'bash scripts/docker-engine.sh stop' EXIT
fi
bash scripts/docker-engine.sh start
node_modules/.bin/bun scripts/build-image.ts

status=0
# bunfig.toml's [test] timeout is ignored by Bun 1.4.5; the flag also covers hooks
node_modules/.bin/bun test --timeout 180000 "$@" 2>&1 | tee build/reports/bun-test.txt || status=$?
passed=$(grep -E '^ *[0-9]+ pass$' build/reports/bun-test.txt | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^ *[0-9]+ fail$' build/reports/bun-test.txt | awk '{s+=$1} END {print s+0}')

if [[ $# -eq 0 ]]; then
  if bash scripts/test-testcontainers.sh 2>&1 | tee build/reports/testcontainers.txt; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
  # benchmark smoke run: every benchmark once, its tables printed, no figure asserted
  if node_modules/.bin/bun bench/main.ts --smoke 2>&1 | tee build/reports/bench-smoke.txt; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
fi
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
