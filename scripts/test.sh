#!/usr/bin/env bash
# `npm test`: every test, from a fresh machine, each suite once. Set-up (scripts/setup.sh), then with
# a Docker engine (scripts/docker-engine.sh with: one is started when none answers, and stopped at the
# end only then): the type check (tsc); the bun suites but the Docker one; the image build and the
# Docker suite, once, with the report CI keeps (scripts/image-test.ts:
# build/reports/image-test-<version>.{junit.xml,md,log});
# the Java libraries' Maven modules (scripts/test-testcontainers.sh: Testcontainers, Camel, Citrus,
# Micronaut's listener; each JUnit test counted); the benchmark smoke run. Ends with one "N passed, N failed" line.
#   bash scripts/test.sh [bun test arguments]    the image, then only those bun tests
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${TEST_SH_ENGINE_HELD:-}" ]]; then
  bash scripts/setup.sh
  TEST_SH_ENGINE_HELD=1 exec bash scripts/docker-engine.sh with bash scripts/test.sh "$@"
fi
mkdir -p build/reports
bun=node_modules/.bin/bun
# bunfig.toml's [test] timeout is ignored by Bun 1.4.5; the flag also covers hooks
bun_test=("$bun" test --timeout 180000)

status=0 passed=0 failed=0
# Adds the "N pass" / "N fail" lines of bun's summaries in a log to the totals.
count() {
  passed=$((passed + $(awk '/^ *[0-9]+ pass$/ {s += $1} END {print s + 0}' "$1")))
  failed=$((failed + $(awk '/^ *[0-9]+ fail$/ {s += $1} END {print s + 0}' "$1")))
}
# Adds the tests of Maven Surefire's per-module summaries ("Tests run: N, Failures: F, Errors: E, Skipped: S"
# alone on its line; the per-class lines go on) in a log to the totals; a Maven run that failed with no failed
# test counted (a build or dependency error) is one failure.
count_surefire() {
  local log=$1 exit_code=$2 sums
  sums=$(awk '/^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$/ {
      gsub(/,/, ""); run += $4; bad += $6 + $8; skipped += $10 } END { print run - bad - skipped, bad }' "$log")
  local ok=${sums% *} bad=${sums#* }
  if ((exit_code != 0 && bad == 0)); then bad=1; fi
  passed=$((passed + ok)) failed=$((failed + bad))
  if ((exit_code != 0)); then status=1; fi
}
# A command that is one test: passed when it exits 0.
one() {
  local log=$1
  shift
  if "$@" 2>&1 | tee "$log"; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
}

if [[ $# -gt 0 ]]; then
  "$bun" scripts/build-image.ts
  "${bun_test[@]}" "$@" 2>&1 | tee build/reports/bun-test.txt || status=$?
  count build/reports/bun-test.txt
else
  # the types of every TypeScript file (entrypoint, scripts, bench, test): one test
  one build/reports/typecheck.txt node_modules/.bin/tsc --noEmit -p .
  "${bun_test[@]}" --path-ignore-patterns='test/docker/**' 2>&1 | tee build/reports/bun-test.txt || status=$?
  count build/reports/bun-test.txt
  before=$failed image_status=0
  "$bun" scripts/image-test.ts 2>&1 | tee build/reports/image-test.txt || image_status=$?
  count build/reports/image-test.txt
  # a failed image build runs no test: count it as one failure
  if ((image_status != 0)); then status=$image_status; ((failed > before)) || failed=$((failed + 1)); fi
  # the Java libraries' Maven modules: each JUnit test counts
  tc_status=0
  bash scripts/test-testcontainers.sh 2>&1 | tee build/reports/testcontainers.txt || tc_status=$?
  count_surefire build/reports/testcontainers.txt "$tc_status"
  # benchmark smoke run: every benchmark once, its tables printed, no figure asserted
  one build/reports/bench-smoke.txt "$bun" bench/main.ts --smoke
fi
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
