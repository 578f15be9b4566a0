#!/usr/bin/env bash
# `npm run bench [-- --smoke] [-- --only a,b]`: everything the benchmarks need, from a fresh clone,
# then bench/main.ts. Set-up is the repository's own (scripts/setup.sh: Debian packages, npm
# packages, Kafka jars, the launcher); the Docker engine is started when it does not answer (and
# stopped again at the end), and the image is built (with its AOT cache) when it is missing.
# BENCH_NO_DOCKER=1 runs the host benchmarks only.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'bench: %s\n' "$*" >&2; }

if [[ $(id -u) -eq 0 ]]; then bash scripts/setup.sh; else bash scripts/setup.sh node broker launcher; fi

started_engine=
if [[ -z "${BENCH_NO_DOCKER:-}" ]]; then
  if ! docker info >/dev/null 2>&1; then
    if bash scripts/docker-engine.sh start; then started_engine=1; else say "no Docker engine: Docker rows are skipped"; fi
  fi
  if docker info >/dev/null 2>&1 && ! docker image inspect apache/kafka-native:latest >/dev/null 2>&1; then
    say "building the image (npm run image)"
    node_modules/.bin/bun scripts/build-image.ts || say "the image build failed: Docker rows are skipped"
  fi
fi
[[ -n "$started_engine" ]] && trap 'bash scripts/docker-engine.sh stop' EXIT

node_modules/.bin/bun bench/main.ts "$@"
