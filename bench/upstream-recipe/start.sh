#!/bin/bash
# The upstream recipe (issue 13): a broker started the way apache/kafka's JVM image starts one, on
# this image's rootfs, Java and jars, for the side-by-side benchmark (bench/roundtrip.ts). Written
# from that description, not copied:
#   1. one JVM runs `kafka.docker.KafkaDockerWrapper setup -D -M -F`: the env and files become the
#      final configs, then the storage tool formats (on a restart it exits non-zero saying "already
#      formatted", which upstream's script lets pass);
#   2. a second JVM runs the broker with Kafka's own default JVM options (kafka-server-start.sh and
#      kafka-run-class.sh: heap 1 GiB, G1).
# Each JVM gets its dynamic AppCDS archive the way upstream's image does: RECIPE_CDS=train writes them
# (-XX:ArchiveClassesAtExit, a format and a broker run), the default uses them when present
# (-XX:SharedArchiveFile), RECIPE_CDS=off starts without.
set -euo pipefail
export CLUSTER_ID="${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}"
perf=(-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true)
setup_cds=() broker_cds=()
case "${RECIPE_CDS:-on}" in
  train) setup_cds=(-XX:ArchiveClassesAtExit=/tmp/storage.jsa) broker_cds=(-XX:ArchiveClassesAtExit=/tmp/kafka.jsa) ;;
  on)
    [[ -f /opt/kafka/storage.jsa ]] && setup_cds=(-XX:SharedArchiveFile=/opt/kafka/storage.jsa)
    [[ -f /opt/kafka/kafka.jsa ]] && broker_cds=(-XX:SharedArchiveFile=/opt/kafka/kafka.jsa)
    ;;
  off) ;;
  *) echo "start.sh: RECIPE_CDS is train, on or off" >&2; exit 64 ;;
esac

if ! out=$(java -Xmx256M "${perf[@]}" "${setup_cds[@]}" -Dlog4j2.configurationFile=/etc/kafka/docker/tools-log4j2.yaml -cp '/opt/kafka/libs/*' \
  kafka.docker.KafkaDockerWrapper setup --default-configs-dir /etc/kafka/docker --mounted-configs-dir /mnt/shared/config --final-configs-dir /opt/kafka/config 2>&1); then
  grep -qi "already formatted" <<<"$out" || { echo "$out" >&2; exit 1; }
fi
exec java -Xmx1G -Xms1G "${perf[@]}" "${broker_cds[@]}" -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml -cp '/opt/kafka/libs/*' \
  kafka.Kafka /opt/kafka/config/server.properties
