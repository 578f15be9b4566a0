#!/usr/bin/env bash
# Installs the batched client of the feature parity test (test/docker/features.test.ts) on the host:
#   build/clients/libs/*.jar     kafka-clients and kafka-streams of the pinned Kafka version and their runtime
#                                dependencies (test/java/clients/pom.xml, Maven Central)
#   build/clients/classes/       test/java/Features.java compiled against them
# Run it as:  java -cp 'build/clients/libs/*:build/clients/classes' Features SCENARIOS.properties
#
# The Kafka version is the broker's pin (<kafka.version> in resources/broker/pom.xml): the clients are
# always the broker's release. Idempotent: a stamp of the version and the hashes of the pom and the source
# makes a repeated run a fast no-op. Needs mvn and javac (JDK 17+) on PATH.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pom="$root/test/java/clients/pom.xml"
src="$root/test/java/Features.java"
dest="$root/build/clients"

say() { echo "install-clients: $*"; }
die() { echo "install-clients: error: $*" >&2; exit 1; }

for tool in mvn javac sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' not found on PATH (needs Maven and a JDK 17 or newer)"
done

kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/resources/broker/pom.xml")"
[[ -n "$kafka_version" ]] || die "no <kafka.version> property in resources/broker/pom.xml"

stamp="kafka=$kafka_version pom=$(sha256sum <"$pom" | cut -c1-64) src=$(sha256sum <"$src" | cut -c1-64)"
if [[ -f "$dest/classes/Features.class" && "$(cat "$dest/install.stamp" 2>/dev/null)" == "$stamp" ]]; then
  say "clients of Kafka $kafka_version already installed in build/clients (stamp matches), nothing to do"
  exit 0
fi

mkdir -p "$root/build"
work="$(mktemp -d "$root/build/clients.tmp.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say "fetching kafka-clients and kafka-streams $kafka_version with Maven (~100 MB into ~/.m2 unless cached)"
mvn_cmd=(mvn -B -q --no-transfer-progress -f "$pom" dependency:copy-dependencies -DincludeScope=runtime "-Dkafka.version=$kafka_version" -DoutputDirectory="$work/libs")
if ! mvn_out="$("${mvn_cmd[@]}" 2>&1)"; then
  echo "$mvn_out" >&2
  die "mvn could not fetch the client jars of Kafka $kafka_version (is Maven Central reachable?); command: ${mvn_cmd[*]}"
fi
javac --release 17 -nowarn -cp "$work/libs/*" -d "$work/classes" "$src" || die "javac could not compile $src against the Kafka $kafka_version client jars"

echo "$stamp" >"$work/install.stamp"
# Swap directories rather than delete first, so a concurrent reader sees a complete install at all times.
if [[ -e "$dest" ]]; then mv -T "$dest" "$work.old"; fi
mv -T "$work" "$dest"
rm -rf "$work.old"
trap - EXIT
say "installed the clients of Kafka $kafka_version: $(ls "$dest/libs" | wc -l) jars in build/clients/libs, Features in build/clients/classes"
