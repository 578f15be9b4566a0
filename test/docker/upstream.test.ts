// Scripts written for the released apache/kafka-native start this image unchanged (issue 17): Quarkus Dev
// Services' start-up, replayed from Quarkus's own sources; a script that sources upstream's bash-config,
// configureDefaults and configure under `set -euo pipefail`, then runs `kafka.Kafka setup` and `start`;
// Testcontainers .NET's env and start script (its trailing comma). Each is ready when a metadata request lists
// the broker (Quarkus and .NET wait for a log line first, as they do), carries a record, and obeys docker stop.
import { beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DOTNET_COMMAND, DOTNET_ENTRYPOINT, DOTNET_ENV, dotnetStartScript } from "../../scripts/lib/testcontainers.ts";
import { dockerSuite, ensureImage, expectCleanStop, inspect, kafkajs, kafkajsRoundTrip, logs, must, removeLeftoversAfterAll, reservePorts, sh, startContainer, tempDir, untilLogged, waitReady } from "./harness.ts";
import { QUARKUS_VERSION, quarkusKafkaContainer } from "./quarkus.ts";

const { skip } = dockerSuite("test/docker/upstream.test.ts");
removeLeftoversAfterAll();

const START_TIMEOUT = 240_000;
/** A file copied into the container with `docker cp` (as Testcontainers' copyFileToContainer does), with its mode. */
async function copyIn(name: string, text: string, path: string, mode: number): Promise<void> {
  const file = join(tempDir("copy"), "file");
  writeFileSync(file, text);
  chmodSync(file, mode);
  await must(["docker", "cp", file, `${name}:${path}`]);
}

describe.skipIf(skip)("scripts written for apache/kafka-native", () => {
  beforeAll(() => ensureImage(), 900_000);

  test(
    `Quarkus ${QUARKUS_VERSION} Dev Services (its KafkaContainer, from the sources jar): setup and start through kafka.Kafka, a record round trip, docker stop → 143`,
    async () => {
      const quarkus = await quarkusKafkaContainer(tempDir("quarkus"));
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      // Quarkus keeps the image's entrypoint and replaces the command; Testcontainers publishes the exposed 9092
      const name = await startContainer("quarkus", { env: quarkus.env, ports: { 9092: port }, reserved, command: quarkus.command });
      // containerIsStarting: PLAINTEXT://<getHost()>:<mapped port>, BROKER://<the container's host name>:9093
      const hostname = await inspect(name, "{{.Config.Hostname}}");
      await copyIn(name, await quarkus.script(`PLAINTEXT://localhost:${port},BROKER://${hostname}:9093`), quarkus.starterScript, 0o777);
      await untilLogged(name, new RegExp(quarkus.waitFor));
      await waitReady(name, `127.0.0.1:${port}`);
      expect(await kafkajsRoundTrip(kafkajs([`127.0.0.1:${port}`], { [`localhost:${port}`]: port }), "quarkus-dev-services", "from Quarkus")).toBe("from Quarkus");
      const broker = await must(["docker", "top", name, "-o", "pid,args"]);
      const log = await logs(name);
      expect({
        setupFormatted: /kafka-launcher: storage .*formatted \(new storage/.test(log),
        unknownOperation: log.includes("unknown operation"),
        unbound: /unbound variable|No such file/.test(log),
        brokerOptions: ["-Duser.name=appuser", "-Dlog4j2.configurationFile=file:/opt/kafka/config/log4j2.yaml", "-XX:+UseSerialGC", "-XX:AOTCache=", "start --config /opt/kafka/config/server.properties"].filter((o) => !broker.includes(o)),
      }).toEqual({ setupFormatted: true, unknownOperation: false, unbound: false, brokerOptions: [] });
      await expectCleanStop(name);
    },
    START_TIMEOUT,
  );

  test(
    "a script that sources bash-config, configureDefaults and configure under set -euo pipefail, then runs kafka.Kafka setup and start: derived listeners and the default cluster id exported, a second setup succeeds, docker stop → 143",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const script = [
        "set -euo pipefail",
        ". /etc/kafka/docker/bash-config",
        ". /etc/kafka/docker/configureDefaults",
        ". /etc/kafka/docker/configure",
        'echo "exported: CLUSTER_ID=$CLUSTER_ID KAFKA_LISTENERS=$KAFKA_LISTENERS"',
        "/opt/kafka/kafka.Kafka -Duser.name=appuser -Duser.home=/home/appuser setup --default-configs-dir /etc/kafka/docker --mounted-configs-dir /mnt/shared/config --final-configs-dir /opt/kafka/config",
        "exec /opt/kafka/kafka.Kafka -Duser.name=appuser -Duser.home=/home/appuser start --config /opt/kafka/config/server.properties -Dkafka.logs.dir=/opt/kafka/logs/ -Dlog4j2.configurationFile=file:/opt/kafka/config/log4j2.yaml $KAFKA_JMX_OPTS ${KAFKA_OPTS-}",
      ].join("\n");
      // no CLUSTER_ID and no listeners: configureDefaults and configure provide them
      const env = {
        KAFKA_NODE_ID: "1",
        KAFKA_PROCESS_ROLES: "broker,controller",
        KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
        KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port},CONTROLLER://localhost:9093`,
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1", // one node: a consumer group's offsets topic
      };
      const name = await startContainer("sourced", { env, ports: { [port]: port }, reserved, command: ["bash", "-c", script] });
      await waitReady(name, `127.0.0.1:${port}`);
      expect(await kafkajsRoundTrip(kafkajs([`127.0.0.1:${port}`]), "sourced-scripts", "sourced")).toBe("sourced");
      expect((await logs(name)).match(/^exported: .*$/m)?.[0]).toBe(`exported: CLUSTER_ID=5L6g3nShT-eMCtK--X86sw KAFKA_LISTENERS=PLAINTEXT://0.0.0.0:${port},CONTROLLER://0.0.0.0:9093`);
      const again = await sh(["docker", "exec", name, "/opt/kafka/kafka.Kafka", "-Duser.name=appuser", "setup", "-D", "/etc/kafka/docker", "-M", "/mnt/shared/config", "-F", "/opt/kafka/config"]);
      expect({ exitCode: again.exitCode, skipped: again.stderr.includes("skip format: all 1 storage dir(s) already formatted") }).toEqual({ exitCode: 0, skipped: true });
      await expectCleanStop(name);
    },
    START_TIMEOUT,
  );

  test(
    "Testcontainers .NET (KafkaBuilder's env, /bin/sh -c entrypoint, /testcontainers.sh exec'ing /etc/kafka/docker/run): the trailing comma is dropped with a warning, produce and consume, docker stop → 143",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const name = await startContainer("dotnet", { env: DOTNET_ENV, ports: { 9092: port }, reserved, options: ["--entrypoint", DOTNET_ENTRYPOINT[0]!], command: [...DOTNET_ENTRYPOINT.slice(1), DOTNET_COMMAND] });
      const ip = await inspect(name, "{{.NetworkSettings.IPAddress}}");
      await copyIn(name, dotnetStartScript("127.0.0.1", port, ip), "/testcontainers.sh", 0o755);
      await untilLogged(name, /.*Transitioning from RECOVERY to RUNNING.*/);
      await waitReady(name, `127.0.0.1:${port}`);
      expect(await kafkajsRoundTrip(kafkajs([`127.0.0.1:${port}`]), "testcontainers-dotnet", "from .NET")).toBe("from .NET");
      const log = await logs(name);
      expect(log).toContain("advertised.listeners has an empty entry (a stray or trailing comma), which Kafka refuses; the broker gets the list without it");
      await expectCleanStop(name);
    },
    START_TIMEOUT,
  );
});
