#!/usr/bin/env bash
# `npm run bench [-- --smoke] [-- --only a,b]`: everything the benchmarks need, from a fresh clone,
# then bench/main.ts. Set-up is the repository's own (scripts/setup.sh: Debian packages, npm
# packages, Kafka jars, the launcher); the Docker engine comes from scripts/docker-engine.sh (started
# when none answers, stopped at the end only then), and the image under test (scripts/lib/image.ts:
# $KAFKA_NATIVE_IMAGE, else the local build's tag) is built with its AOT cache when it is missing.
# BENCH_NO_DOCKER=1 runs the host benchmarks only.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'bench: %s\n' "$*" >&2; }
bun=node_modules/.bin/bun

if [[ -z "${BENCH_ENGINE_HELD:-}" ]]; then
  if [[ $(id -u) -eq 0 ]]; then bash scripts/setup.sh; else bash scripts/setup.sh node broker launcher; fi
  if [[ -z "${BENCH_NO_DOCKER:-}" ]]; then
    BENCH_ENGINE_HELD=1 exec bash scripts/docker-engine.sh with bash bench/run.sh "$@"
  fi
fi
if [[ -z "${BENCH_NO_DOCKER:-}" ]]; then
  image=$("$bun" scripts/lib/image.ts local)
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    say "building the image $image (npm run image)"
    "$bun" scripts/build-image.ts || say "the image build failed: Docker rows are skipped"
  fi
fi
"$bun" bench/main.ts "$@"
