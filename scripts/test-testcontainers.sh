#!/usr/bin/env bash
# Java libraries that start our image, unchanged, from their Maven Central releases (Maven + JUnit):
#   test/testcontainers   Testcontainers' Java KafkaContainer (1.21.4)
#   test/clients          Apache Camel's camel-test-infra-kafka, Citrus's Kafka container, and Micronaut Test
#                         Resources' network-alias listener replayed on Testcontainers (test/clients/pom.xml)
#   scripts/test-testcontainers.sh [IMAGE]     default: the local image (scripts/lib/image.ts:
#                                              $KAFKA_NATIVE_IMAGE, else apache/kafka-native:<pinned Kafka version>)
# Both Maven runs go to the end (--fail-at-end: one library's failure does not hide another's); the exit
# status is the first failure's. The reaper (Ryuk) image cannot be pulled here, so it is switched off with
# its documented switch; the tests close their containers themselves. Needs mvn, a JDK 17+, a running
# Docker engine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${1:-$("$root/node_modules/.bin/bun" "$root/scripts/lib/image.ts" local)}"

say() { echo "test-testcontainers: $*" >&2; }
command -v mvn >/dev/null || { say "mvn not found (apt-get install maven)"; exit 1; }
docker info >/dev/null 2>&1 || { say "the Docker engine does not answer (scripts/docker-engine.sh start)"; exit 1; }
docker image inspect "$image" >/dev/null 2>&1 || { say "no image $image (npm run image)"; exit 1; }

export TESTCONTAINERS_RYUK_DISABLED=true
# This machine carries a /.dockerenv although the engine runs right here: Testcontainers then thinks it
# runs inside a container and starts an alpine helper (not pullable here) to find the gateway. Its
# documented host override skips that guess; it changes nothing about the container or our image.
if [[ -e /.dockerenv && -z "${TESTCONTAINERS_HOST_OVERRIDE:-}" ]]; then
  export TESTCONTAINERS_HOST_OVERRIDE=localhost
  say "/.dockerenv present but the engine is local: TESTCONTAINERS_HOST_OVERRIDE=localhost"
fi
say "KafkaContainer($image), engine API $(docker version --format '{{.Server.APIVersion}}'), reaper off"
status=0
mvn -B -ntp -f "$root/test/testcontainers/pom.xml" test "-Dkafka.native.image=$image" || status=$?
say "Camel, Citrus, Micronaut Test Resources ($image)"
mvn -B -ntp --fail-at-end -f "$root/test/clients/pom.xml" test "-Dkafka.native.image=$image" || { rc=$?; ((status != 0)) || status=$rc; }
exit "$status"
