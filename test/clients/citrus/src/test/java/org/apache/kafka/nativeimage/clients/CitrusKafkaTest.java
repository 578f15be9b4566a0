package org.apache.kafka.nativeimage.clients;

import static org.citrusframework.testcontainers.actions.TestcontainersActionBuilder.testcontainers;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.junit.jupiter.api.Test;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Citrus 4.9.1's Kafka container, started as a Citrus test starts it: the action testcontainers().kafka().start(),
 * whose builder (StartKafkaAction.Builder) reads CITRUS_TESTCONTAINERS_KAFKA_IMPLEMENTATION=APACHE and the Apache
 * image name and version from the environment (KafkaSettings), builds Testcontainers 1.21.4's
 * org.testcontainers.kafka.KafkaContainer, starts it, binds it as "kafkaContainer" and exposes its bootstrap servers as
 * the test variable CITRUS_TESTCONTAINERS_KAFKA_BOOTSTRAP_SERVERS; after the test it stops the container itself
 * (auto remove). The checks run as a Citrus action on those variables, as a Citrus test's own actions would.
 */
@CitrusSupport
class CitrusKafkaTest {
  private static final String IMAGE = System.getProperty("kafka.native.image");

  @CitrusResource
  private TestCaseRunner runner;

  @Test
  @CitrusTest
  void citrusStartsTheApacheImplementationOnTheImageAndServesARoundTripThroughAGroupThenStopsCleanly() {
    AtomicBoolean checked = new AtomicBoolean();
    runner.given(testcontainers().kafka().start());
    runner.then(context -> {
      KafkaContainer kafka = context.getReferenceResolver().resolve("kafkaContainer", KafkaContainer.class);
      String bootstrap = context.getVariable("CITRUS_TESTCONTAINERS_KAFKA_BOOTSTRAP_SERVERS");
      try {
        assertAll(
            () -> assertEquals(IMAGE, kafka.getDockerImageName(), "Citrus started the image under test"),
            () -> assertEquals(kafka.getBootstrapServers(), bootstrap, "Citrus exposed the container's bootstrap servers"));
        Checks.roundTripThroughAGroup(bootstrap, "citrus");
        Checks.expectCleanStop(timeout -> {
          kafka.getDockerClient().stopContainerCmd(kafka.getContainerId()).withTimeout(timeout).exec();
          return kafka.getDockerClient().inspectContainerCmd(kafka.getContainerId()).exec().getState().getExitCodeLong();
        }, kafka::getLogs);
        checked.set(true);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        // Citrus's own stop at the end of the test skips a container that is no longer running: remove it here
        kafka.stop();
      }
    });
    assertTrue(checked.get(), "the checks ran as a Citrus action");
  }
}
