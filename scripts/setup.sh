#!/usr/bin/env bash
# All set-up a fresh machine needs, idempotent and quick when already done. Called by `npm start`
# (parts: node broker launcher) and `npm test` (all). Parts:
#   system   Debian packages: docker.io docker-compose kcat iproute2 qemu-user-static libc6-arm64-cross
#            busybox-static (the image's base) debootstrap (native Dockerfile rehearsal)
#            (root; each skipped when its command or package is already there)
#   node     npm packages (npm ci when node_modules is missing or older than package-lock.json)
#   broker   Apache Kafka jars + the dispatcher (scripts/install-broker.sh)
#   launcher dist/kafka-launcher (rebuilt when any source or the build's flags are newer)
#   clients  kafka-clients and kafka-streams jars + the batched client of the feature test
#            (scripts/install-clients.sh; test/docker/features.test.ts also runs it)
#   java     the image's Java from Debian's archive, by package name and version, into a root of its
#            suite in build/java/ (scripts/install-java.ts; $KAFKA_NATIVE_JAVA picks another of
#            scripts/lib/java.ts; root: debootstrap, chroot), and the JDK 25 that stands in for GraalVM
#            in the native rehearsals (REHEARSAL_JAVA)
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[[ ${#parts[@]} -gt 0 ]] || parts=(system node broker launcher clients java)
say() { printf 'setup: %s\n' "$*" >&2; }

setup_system() {
  # package:command-or-path that proves it is there (Docker may come from other packages, e.g. on CI runners)
  local wanted=(docker.io:dockerd docker-compose:docker-compose kcat:kcat iproute2:ip qemu-user-static:qemu-aarch64-static libc6-arm64-cross:/usr/aarch64-linux-gnu/lib/libc.so.6 busybox-static:/bin/busybox debootstrap:debootstrap) missing=()
  for w in "${wanted[@]}"; do
    local pkg=${w%%:*} probe=${w#*:}
    if [[ $probe == /* ]]; then [[ -e $probe ]] && continue; else command -v "$probe" >/dev/null && continue; fi
    missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && { say "Debian packages present"; return; }
  [[ $(id -u) -eq 0 ]] || { say "need root to install: ${missing[*]} (sudo apt-get install ${missing[*]})"; exit 77; }
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup_node() {
  if [[ -d node_modules && node_modules/.package-lock.json -nt package-lock.json ]]; then say "npm packages present"; return; fi
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
}

setup_broker() { bash scripts/install-broker.sh; }

setup_clients() { bash scripts/install-clients.sh; }

setup_launcher() {
  local newest
  newest=$(find entrypoint resources package.json scripts/build-launcher.ts scripts/lib/launcher-build.ts -type f -newer dist/kafka-launcher 2>/dev/null | head -1 || true)
  if [[ -x dist/kafka-launcher && -z "$newest" ]]; then say "dist/kafka-launcher is up to date"; return; fi
  say "building dist/kafka-launcher"
  npm run --silent build
}

setup_java() {
  node_modules/.bin/bun scripts/install-java.ts
  node_modules/.bin/bun scripts/install-java.ts "$(node_modules/.bin/bun scripts/lib/java.ts rehearsal | head -n1)"
}

for part in "${parts[@]}"; do "setup_$part"; done
