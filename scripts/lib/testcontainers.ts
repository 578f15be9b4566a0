// What Testcontainers' KafkaContainer (org.testcontainers.kafka, 1.21) gives an apache/kafka image:
// the env of its KafkaHelper, and the advertised listeners its start script exports before running
// /etc/kafka/docker/run. The bench's side-by-side tables and the Docker tests start containers with it.
// Below it, what Testcontainers .NET and a Testcontainers Go pull request give the image instead.

/** What Java's and .NET's Testcontainers both set: internal topics of one replica and partition, no flush, no group delay. */
const ONE_NODE_TOPICS = {
  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
  KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: "1",
  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
  KAFKA_LOG_FLUSH_INTERVAL_MESSAGES: "9223372036854775807",
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
};

/** KafkaHelper's env: a KRaft combined node, internal topics of 1 partition, no group delay. */
export const TESTCONTAINERS_ENV: Readonly<Record<string, string>> = {
  CLUSTER_ID: "4L6g3nShT-eMCtK--X86sw",
  KAFKA_LISTENERS: "PLAINTEXT://:9092,BROKER://:9093,CONTROLLER://:9094",
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "BROKER:PLAINTEXT,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
  KAFKA_INTER_BROKER_LISTENER_NAME: "BROKER",
  KAFKA_PROCESS_ROLES: "broker,controller",
  KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
  KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9094",
  KAFKA_NODE_ID: "1",
  ...ONE_NODE_TOPICS,
};

/** The start script's advertised listeners: the mapped port for clients, the container's host name for BROKER. */
export function testcontainersAdvertised(port: number, host = "localhost"): string {
  return `PLAINTEXT://localhost:${port},BROKER://${host}:9093`;
}

/** The whole env a KafkaContainer's broker starts with, published on `port`. */
export function testcontainersEnv(port: number, host = "localhost"): Record<string, string> {
  return { ...TESTCONTAINERS_ENV, KAFKA_ADVERTISED_LISTENERS: testcontainersAdvertised(port, host) };
}

/**
 * Testcontainers .NET (`Testcontainers.Kafka`, KafkaBuilder for Apache images: its Init() and WithKRaft()):
 * the env, and a container whose entrypoint is `/bin/sh -c` waiting for /testcontainers.sh, which the
 * library copies in (mode 755) once the ports are mapped.
 */
export const DOTNET_ENV: Readonly<Record<string, string>> = {
  KAFKA_LISTENERS: "PLAINTEXT://:9092,BROKER://:9093,CONTROLLER://:9094",
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
  KAFKA_INTER_BROKER_LISTENER_NAME: "BROKER",
  KAFKA_BROKER_ID: "1",
  KAFKA_NODE_ID: "1",
  KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9094",
  ...ONE_NODE_TOPICS,
  CLUSTER_ID: "4L6g3nShT-eMCtK--X86sw",
  KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
  KAFKA_PROCESS_ROLES: "broker,controller",
};
export const DOTNET_ENTRYPOINT = ["/bin/sh", "-c"];
export const DOTNET_COMMAND = "while [ ! -f /testcontainers.sh ]; do sleep 0.1; done; /testcontainers.sh";

/**
 * The start script of Testcontainers .NET for Apache images: its advertised listeners always end in a comma when
 * no listener was added with WithListener (it joins them after a fixed `…,BROKER://ip:9093,`).
 */
export function dotnetStartScript(host: string, port: number, containerIp: string): string {
  return `#!/bin/bash\nexport KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://${host}:${port},BROKER://${containerIp}:9093,\nexec /etc/kafka/docker/run\n`;
}

/**
 * Testcontainers Go's kafka module as pull request 2683 (open; head dc224131d, "Use new apache/kafka-native docker
 * image for kafka module") rewrites it for apache/kafka-native: the image's own entrypoint and CMD, this env, the
 * container's 9093 published on host port 9093 (`WithHostPort` moves it; `PLAINTEXT://localhost:9093` stays
 * advertised), and a wait for the log line GO_PR_2683_WAIT_FOR (a substring, wait.ForLog without AsRegexp). It sends
 * no CLUSTER_ID unless the caller adds one (`WithClusterID`). `KAFKA_REST_BOOTSTRAP_SERVERS` is a leftover of the
 * Confluent image (its REST proxy's setting), no broker property; `KAFKA_OPTS` is a single space.
 */
export const GO_PR_2683_ENV: Readonly<Record<string, string>> = {
  KAFKA_LISTENERS: "CONTROLLER://0.0.0.0:9094,PLAINTEXT://0.0.0.0:9093,BROKER://0.0.0.0:9092",
  KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9093,BROKER://localhost:9092",
  KAFKA_REST_BOOTSTRAP_SERVERS: "PLAINTEXT://0.0.0.0:9093,BROKER://0.0.0.0:9092,CONTROLLER://0.0.0.0:9094",
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT",
  KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
  KAFKA_BROKER_ID: "1",
  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
  KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: "1",
  KAFKA_INTER_BROKER_LISTENER_NAME: "BROKER",
  KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: "PLAIN",
  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
  // strconv.Itoa(math.MaxInt) on a 64-bit machine
  KAFKA_LOG_FLUSH_INTERVAL_MESSAGES: "9223372036854775807",
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
  KAFKA_NODE_ID: "1",
  KAFKA_PROCESS_ROLES: "broker,controller",
  KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9094",
  KAFKA_SASL_ENABLED_MECHANISMS: "PLAIN",
  KAFKA_OPTS: " ",
};
export const GO_PR_2683_PORT = 9093;
export const GO_PR_2683_WAIT_FOR = "Transition from STARTING to STARTED (kafka.server.BrokerServer)";
