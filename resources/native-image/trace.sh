#!/usr/bin/env bash
# Trace the broker's reachability metadata with GraalVM's native-image agent.
#
#   resources/native-image/trace.sh LIBS OUT
#
# Runs, on a GraalVM JDK (java with -agentlib:native-image-agent), the two operations of the dispatcher
# kafka.KafkaNativeWrapper with the agent attached and merging into OUT:
#   1. storage-tool format      (what the launcher runs before every first start)
#   2. kafka <server.properties> with PLAINTEXT, SASL_PLAINTEXT (PLAIN) and SSL listeners, the
#      image's log4j2.yaml, and a client workout (Exercise.java) on each listener, then SIGTERM
#      (the exit path of `docker stop`).
# docker/native/Dockerfile runs it in its `metadata` stage; README.md says how to refresh config/.
set -euo pipefail

libs="$(cd "$1" && pwd)"
out="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
defaults="${DEFAULTS_DIR:-$here/../defaults}"
[[ -f "$defaults/log4j2.yaml" ]] || defaults=/build/defaults
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
broker_pid=""
cleanup() {
  if [[ -n "$broker_pid" ]] && kill -0 "$broker_pid" 2>/dev/null; then kill -KILL "$broker_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

say() { echo "trace.sh: $*" >&2; }
[[ -n "${TRACE_AGENT_OPTION:-}" ]] || grep -qi graalvm <<<"$(java -version 2>&1)" || say "warning: this java does not look like GraalVM; the agent may be missing"

# TRACE_AGENT_OPTION replaces the agent option (e.g. -Dno.agent to rehearse the run on any JDK).
agent="${TRACE_AGENT_OPTION:--agentlib:native-image-agent=config-merge-dir=$out}"
# Ports of the traced broker's PLAINTEXT, CONTROLLER, SASL_PLAINTEXT and SSL listeners: a build
# container has the defaults to itself; on a shared host TRACE_PORTS names four free ones.
read -r p_plain p_controller p_sasl p_ssl <<<"${TRACE_PORTS:-19092 19093 19094 19095}"
[[ -n "$p_ssl" ]] || { say "TRACE_PORTS needs four ports: plaintext controller sasl ssl"; exit 64; }
password=trace-secret

say "making an SSL keystore and truststore with keytool"
keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 2 -dname CN=localhost \
  -ext SAN=dns:localhost -keystore "$work/broker.p12" -storetype PKCS12 -storepass "$password" -keypass "$password" >/dev/null 2>&1
keytool -exportcert -alias broker -keystore "$work/broker.p12" -storepass "$password" -file "$work/broker.crt" >/dev/null 2>&1
keytool -importcert -noprompt -alias broker -file "$work/broker.crt" -keystore "$work/trust.p12" -storetype PKCS12 -storepass "$password" >/dev/null 2>&1

cat >"$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$p_controller
listeners=PLAINTEXT://localhost:$p_plain,CONTROLLER://localhost:$p_controller,SASL_PLAINTEXT://localhost:$p_sasl,SSL://localhost:$p_ssl
advertised.listeners=PLAINTEXT://localhost:$p_plain,SASL_PLAINTEXT://localhost:$p_sasl,SSL://localhost:$p_ssl
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret";
ssl.keystore.location=$work/broker.p12
ssl.keystore.type=PKCS12
ssl.keystore.password=$password
ssl.key.password=$password
ssl.truststore.location=$work/trust.p12
ssl.truststore.type=PKCS12
ssl.truststore.password=$password
log.dirs=$work/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS

say "1/3 storage-tool format under the agent"
java "$agent" -Dlog4j2.configurationFile="$defaults/tools-log4j2.yaml" -cp "$libs/*" kafka.KafkaNativeWrapper \
  storage-tool format --cluster-id 5L6g3nShT-eMCtK--X86sw -c "$work/server.properties"

say "2/3 the broker under the agent"
java "$agent" -Dlog4j2.configurationFile="$defaults/log4j2.yaml" -cp "$libs/*" kafka.KafkaNativeWrapper \
  kafka "$work/server.properties" >"$work/broker.log" 2>&1 &
broker_pid=$!

say "3/3 client workout on PLAINTEXT, SASL_PLAINTEXT and SSL (each once it answers metadata), then SIGTERM"
mkdir -p "$work/exercise"
javac -nowarn -cp "$libs/*" -d "$work/exercise" "$here/Exercise.java"
failed() { tail -50 "$work/broker.log" >&2; kill -0 "$broker_pid" 2>/dev/null || say "the broker exited"; say "the client workout failed"; exit 1; }
java -Dbroker.pid="$broker_pid" -cp "$libs/*:$work/exercise" Exercise \
  "plaintext=localhost:$p_plain" \
  "sasl=localhost:$p_sasl|security.protocol=SASL_PLAINTEXT|sasl.mechanism=PLAIN|sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"admin-secret\";" \
  "ssl=localhost:$p_ssl|security.protocol=SSL|ssl.truststore.location=$work/trust.p12|ssl.truststore.type=PKCS12|ssl.truststore.password=$password" \
  || failed
kill -TERM "$broker_pid"
wait "$broker_pid" || true
broker_pid=""
grep -q 'shut down completed\|Shutdown completed' "$work/broker.log" || say "warning: no clean shutdown line in the broker log"
say "metadata in $out: $(ls "$out" | tr '\n' ' ')"
