#!/usr/bin/env bash
# Installs the real Kafka broker for the launcher on the host (no Docker):
#   build/kafka/libs/*.jar                       runtime jars of resources/broker/pom.xml (Maven Central)
#   build/kafka/libs/kafka-native-wrapper.jar    the dispatcher kafka.KafkaNativeWrapper (KIP-974 contract)
#   build/kafka/classes/                         the same dispatcher, unpacked
#   build/kafka/kafka-version.txt                the Kafka version pinned in the pom (its only pin)
# Run it as:  java -cp 'build/kafka/libs/*' kafka.KafkaNativeWrapper {storage-tool|kafka} ...
#
# Idempotent: a stamp holding the Kafka version and the hashes of the pom and the dispatcher source makes
# a repeated run a fast no-op. Needs mvn, javac and jar (JDK 17+) on PATH.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pom="$root/resources/broker/pom.xml"
wrapper_src="$root/resources/java/kafka/KafkaNativeWrapper.java"
dest="$root/build/kafka"

say() { echo "install-broker: $*"; }
die() { echo "install-broker: error: $*" >&2; exit 1; }

for tool in mvn javac jar sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' not found on PATH (needs Maven and a JDK 17 or newer)"
done

kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom")"
[[ -n "$kafka_version" ]] || die "no <kafka.version> property in $pom"

stamp="kafka=$kafka_version pom=$(sha256sum <"$pom" | cut -c1-64) wrapper=$(sha256sum <"$wrapper_src" | cut -c1-64)"
if [[ -f "$dest/libs/kafka-native-wrapper.jar" && "$(cat "$dest/install.stamp" 2>/dev/null)" == "$stamp" ]]; then
  say "Kafka $kafka_version already installed in build/kafka (stamp matches), nothing to do"
  exit 0
fi

mkdir -p "$root/build"
work="$(mktemp -d "$root/build/kafka.tmp.XXXXXX")"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # mktemp makes it 0700; the tree is copied into images run as another user

say "fetching the runtime jars of Kafka $kafka_version with Maven (~65 MB into ~/.m2 unless cached)"
mvn_cmd=(mvn -B -q --no-transfer-progress -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$work/libs")
if ! mvn_out="$("${mvn_cmd[@]}" 2>&1)"; then
  echo "$mvn_out" >&2
  die "mvn could not fetch the jars of Kafka $kafka_version (is Maven Central reachable?); command: ${mvn_cmd[*]}"
fi

# log4j-slf4j-impl is pinned in the pom, log4j-core comes from Kafka: a mismatch breaks logging at runtime.
log4j_versions="$(find "$work/libs" -name 'log4j-*.jar' -printf '%f\n' | sed 's/.*-\([0-9][0-9.]*\)\.jar$/\1/' | sort -u)"
[[ "$(wc -l <<<"$log4j_versions")" == 1 ]] \
  || die "log4j jars of different versions ($(echo $log4j_versions)); set <log4j2.version> in $pom to the one Kafka $kafka_version uses"

javac --release 17 -nowarn -cp "$work/libs/*" -d "$work/classes" "$wrapper_src" \
  || die "javac could not compile $wrapper_src against the Kafka $kafka_version jars"
jar --create --file "$work/libs/kafka-native-wrapper.jar" --main-class kafka.KafkaNativeWrapper -C "$work/classes" . \
  || die "jar could not package build/kafka/libs/kafka-native-wrapper.jar"

echo "$kafka_version" >"$work/kafka-version.txt"
echo "$stamp" >"$work/install.stamp"
# Swap directories rather than delete first, so a concurrent reader sees a complete install at all times.
if [[ -e "$dest" ]]; then mv -T "$dest" "$work.old"; fi
mv -T "$work" "$dest"
rm -rf "$work.old"
trap - EXIT

say "installed Kafka $kafka_version: $(ls "$dest/libs" | wc -l) jars ($(du -sh "$dest/libs" | cut -f1)) in build/kafka/libs,"
say "  dispatcher kafka.KafkaNativeWrapper in build/kafka/classes and build/kafka/libs/kafka-native-wrapper.jar"
