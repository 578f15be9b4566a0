package org.apache.kafka.nativeimage;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.github.dockerjava.api.model.HealthCheck;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Our image is a drop-in for Testcontainers: KafkaContainer replaces CMD with its wait-for-script loop
 * (sh, sleep 0.1, a writable /tmp), copies in a #!/bin/bash starter that runs /etc/kafka/docker/run with
 * its own listeners, and waits for the RUNNING log line. Nothing here adapts to the image.
 */
class KafkaNativeContainerTest {
  private static final String IMAGE = System.getProperty("kafka.native.image", "apache/kafka-native:latest");
  private static final String REPOSITORY = "apache/kafka-native";

  /**
   * apache/kafka-native:<tag> as it is. A local build under another name ($KAFKA_NATIVE_IMAGE, e.g. a
   * second checkout's tag on the same engine) is declared a substitute for it, the way Testcontainers
   * documents for renamed images: KafkaContainer checks the name before it starts anything.
   */
  static DockerImageName imageName(String image) {
    DockerImageName name = DockerImageName.parse(image);
    return name.getRepository().equals(REPOSITORY) ? name : name.asCompatibleSubstituteFor(REPOSITORY);
  }

  @Test
  void startsUnchangedAndRoundTripsAMessage() throws Exception {
    try (KafkaContainer kafka = new KafkaContainer(imageName(IMAGE))) {
      long t0 = System.nanoTime();
      kafka.start();
      System.out.printf("KafkaContainer(%s) started in %d ms, bootstrap %s%n",
          IMAGE, (System.nanoTime() - t0) / 1_000_000, kafka.getBootstrapServers());

      String topic = "testcontainers-" + UUID.randomUUID();
      Map<String, Object> producerConfig = Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
        producer.send(new ProducerRecord<>(topic, "key", "hello from Testcontainers")).get();
      }

      Map<String, Object> consumerConfig = Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "tc-" + UUID.randomUUID(),
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      List<String> values = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
        consumer.subscribe(List.of(topic));
        long deadline = System.currentTimeMillis() + 60_000;
        while (values.isEmpty() && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            values.add(record.value());
          }
        }
      }
      assertEquals(List.of("hello from Testcontainers"), values);
    }
  }

  /**
   * KafkaContainer's start script runs /etc/kafka/docker/run without exec, so the broker is a
   * grandchild of the container's first process. `docker stop` must still reach it: the image's
   * launcher stays PID 1 for the script (as tini would), passes SIGTERM to its process group and waits
   * for the broker's clean shutdown. Without that, docker kills the container after its timeout (137).
   */
  @Test
  void dockerStopShutsTheBrokerDownCleanly() throws Exception {
    try (KafkaContainer kafka = new KafkaContainer(imageName(IMAGE))) {
      kafka.start();
      ExecResult pid1 = kafka.execInContainer("cat", "/proc/1/comm");

      long t0 = System.nanoTime();
      kafka.getDockerClient().stopContainerCmd(kafka.getContainerId()).withTimeout(30).exec();
      long stopMs = (System.nanoTime() - t0) / 1_000_000;
      Long exitCode = kafka.getDockerClient().inspectContainerCmd(kafka.getContainerId()).exec().getState().getExitCodeLong();
      String logs = kafka.getLogs();
      System.out.printf("docker stop of KafkaContainer(%s): %d ms, exit code %d%n", IMAGE, stopMs, exitCode);
      assertAll(
          () -> assertEquals(143L, exitCode, "128 + SIGTERM: the container ended by itself, not by docker's SIGKILL (137)"),
          () -> assertTrue(logs.contains("Terminating process due to signal SIGTERM"), "the broker got SIGTERM"),
          () -> assertTrue(logs.contains("[BrokerServer id=1] shut down completed"), "the broker shut down cleanly"),
          () -> assertEquals("kafka-launcher", pid1.getStdout().trim(), "PID 1 was the launcher, as init for the start script"));
    }
  }

  /**
   * What docker/README tells Testcontainers users who want no health check at all: docker-java's
   * HealthCheck with the test NONE on the container. The container then has no health status, and
   * KafkaContainer starts and serves as before (it never reads the status).
   */
  @Test
  void theHealthCheckTurnsOffFromTestcontainers() throws Exception {
    try (KafkaContainer kafka = new KafkaContainer(imageName(IMAGE))
        .withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(new HealthCheck().withTest(List.of("NONE"))))) {
      kafka.start();
      var inspected = kafka.getDockerClient().inspectContainerCmd(kafka.getContainerId()).exec();
      ExecResult topics = kafka.execInContainer("kafka-launcher", "health", "--bootstrap", "localhost:9092");
      assertAll(
          () -> assertEquals(List.of("NONE"), inspected.getConfig().getHealthcheck().getTest(), "the container's check is NONE"),
          () -> assertEquals(null, inspected.getState().getHealth(), "no health status is kept"),
          () -> assertEquals(0, topics.getExitCode(), "the broker answers: " + topics.getStderr()));
    }
  }
}
