package org.apache.kafka.nativeimage.clients;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Micronaut Test Resources' Kafka broker as its Kafka services share it (micronaut-test-resources pull request 1080,
 * merged into its 4.0.x branch for Micronaut 5; KafkaServices.configureKafka): Testcontainers'
 * org.testcontainers.kafka.KafkaContainer on a Docker network, with the network alias "kafka" and
 * withListener("kafka:19092"), a listener whose host is that alias (Testcontainers adds TC-0://kafka:19092 to both the
 * listeners and the advertised listeners). Schema Registry, Kafka Connect and ksqlDB then bootstrap from
 * kafka:19092 inside the network, while the test reads kafka.bootstrap.servers, the mapped port.
 *
 * <p>No released Micronaut Test Resources does this yet: the newest on Maven Central, 2.10.1, still starts Confluent's
 * deprecated org.testcontainers.containers.KafkaContainer, which cannot start an Apache image at all. So this test
 * replays what that pull request's KafkaServices does, on the Testcontainers release the other libraries here use,
 * and a second container on the network stands in for the services: a kafka-clients program bootstrapping from the
 * alias.
 */
class MicronautKafkaServicesTest {
  private static final String IMAGE = System.getProperty("kafka.native.image");
  /** KafkaServices.KAFKA_NETWORK_ALIAS and KAFKA_INTERNAL_BOOTSTRAP_SERVERS */
  private static final String ALIAS = "kafka";
  private static final String INTERNAL_BOOTSTRAP = ALIAS + ":19092";

  /** The image under test; a local build under another name is declared a substitute, as Testcontainers documents. */
  private static DockerImageName imageName() {
    DockerImageName name = DockerImageName.parse(IMAGE);
    return name.getRepository().equals("apache/kafka-native") ? name : name.asCompatibleSubstituteFor("apache/kafka-native");
  }

  @Test
  void aListenerBoundToTheNetworkAliasServesTheServicesBesideTheBrokerAndTheHostServesTheTestThenTheBrokerStopsCleanly() throws Exception {
    try (Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(imageName())
            .withNetwork(network)
            .withNetworkAliases(ALIAS)
            .withListener(INTERNAL_BOOTSTRAP)) {
      kafka.start();
      String host = kafka.getBootstrapServers();
      Checks.roundTripThroughAGroup(host, "micronaut");

      // a service on the network: reads what the test produced through its own group, via kafka:19092, and answers
      String in = KafkaSteps.topic("micronaut-to-service");
      String out = KafkaSteps.topic("micronaut-from-service");
      KafkaSteps.produce(host, in, "from the test");
      String classes = "/tmp/network-client/";
      String pkg = "org/apache/kafka/nativeimage/clients/";
      try (GenericContainer<?> service = new GenericContainer<>(DockerImageName.parse(IMAGE))
          .withNetwork(network)
          .withCopyFileToContainer(MountableFile.forClasspathResource(pkg + "NetworkClient.class"), classes + pkg + "NetworkClient.class")
          .withCopyFileToContainer(MountableFile.forClasspathResource(pkg + "KafkaSteps.class"), classes + pkg + "KafkaSteps.class")
          .withCommand("/opt/java/bin/java", "-cp", classes + ":/opt/kafka/libs/*", "org.apache.kafka.nativeimage.clients.NetworkClient",
              INTERNAL_BOOTSTRAP, in, out, "service-" + in)
          .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(120)))) {
        service.start(); // returns once the program has exited 0, throws with its exit code otherwise
        String said = service.getLogs();
        assertAll(
            () -> assertTrue(said.contains("consumed [from the test]"), "the service read the record through kafka:19092:\n" + said),
            () -> assertTrue(said.contains("committed 1"), "its group committed through kafka:19092:\n" + said),
            () -> assertTrue(said.contains("answered"), "it produced through kafka:19092:\n" + said));
      }
      assertEquals(List.of("answer to from the test"), KafkaSteps.consumeInGroup(host, out, "test-" + out, 1), "the test reads the service's answer");

      Checks.expectCleanStop(timeout -> {
        kafka.getDockerClient().stopContainerCmd(kafka.getContainerId()).withTimeout(timeout).exec();
        return kafka.getDockerClient().inspectContainerCmd(kafka.getContainerId()).exec().getState().getExitCodeLong();
      }, kafka::getLogs);
    }
  }
}
