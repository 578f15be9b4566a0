package org.apache.kafka.nativeimage.clients;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.camel.test.infra.common.services.ContainerService;
import org.apache.camel.test.infra.kafka.services.KafkaService;
import org.apache.camel.test.infra.kafka.services.KafkaServiceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Apache Camel's Kafka test infrastructure (camel-test-infra-kafka 4.18.0), registered as Camel's own component tests
 * register it: KafkaServiceFactory.createService() with no kafka.instance.type picks the local Kafka container, whose
 * image is the system property kafka.container (here: the image under test), declared a substitute for apache/kafka,
 * and started through Testcontainers 2.0.3's org.testcontainers.kafka.KafkaContainer before the tests (its
 * initialize(): start, then the system property kafka.bootstrap.servers that Camel's Kafka component reads).
 */
class CamelTestInfraKafkaTest {
  private static final String IMAGE = System.getProperty("kafka.native.image");

  @RegisterExtension
  static KafkaService service = KafkaServiceFactory.createService();

  @Test
  void camelsKafkaServiceStartsTheImageAndServesARoundTripThroughAGroupThenStopsCleanly() throws Exception {
    KafkaContainer kafka = (KafkaContainer) ((ContainerService<?>) service).getContainer();
    assertAll(
        () -> assertEquals(IMAGE, kafka.getDockerImageName(), "Camel started the image under test (kafka.container)"),
        () -> assertEquals(service.getBootstrapServers(), System.getProperty("kafka.bootstrap.servers"), "Camel registered the bootstrap servers"));

    Checks.roundTripThroughAGroup(service.getBootstrapServers(), "camel");

    // Camel's shutdown() is Testcontainers' stop(), which kills and removes the container; a docker stop first shows
    // that the broker Camel started also shuts down cleanly when asked
    Checks.expectCleanStop(timeout -> {
      kafka.getDockerClient().stopContainerCmd(kafka.getContainerId()).withTimeout(timeout).exec();
      return kafka.getDockerClient().inspectContainerCmd(kafka.getContainerId()).exec().getState().getExitCodeLong();
    }, kafka::getLogs);
  }
}
