#!/usr/bin/env bash
# Regenerates resources/config-catalog.json (every broker config name Kafka knows, with type and default, and
# the prefixed families it accepts) from the jars of scripts/install-broker.sh, by running
# resources/java/catalog/ConfigCatalog.java. Deterministic: rerun after changing the Kafka version in
# resources/broker/pom.xml and commit the result.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
catalog="$root/resources/config-catalog.json"

die() { echo "gen-config-catalog: error: $*" >&2; exit 1; }

"$root/scripts/install-broker.sh"

tmp="$(mktemp "$catalog.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
java -cp "$root/build/kafka/libs/*" "$root/resources/java/catalog/ConfigCatalog.java" >"$tmp" \
  || die "ConfigCatalog.java failed against build/kafka/libs (command: java -cp 'build/kafka/libs/*' resources/java/catalog/ConfigCatalog.java)"
chmod 644 "$tmp"
mv "$tmp" "$catalog"
trap - EXIT

echo "gen-config-catalog: wrote resources/config-catalog.json: $(grep -c '"type":' "$catalog") configs," \
  "prefixes $(sed -n 's/^  "prefixes": \[\(.*\)\],$/\1/p' "$catalog")"
