package org.apache.kafka.nativeimage.clients;

import static org.apache.kafka.nativeimage.clients.KafkaSteps.committedOffset;
import static org.apache.kafka.nativeimage.clients.KafkaSteps.consumeInGroup;
import static org.apache.kafka.nativeimage.clients.KafkaSteps.groupState;
import static org.apache.kafka.nativeimage.clients.KafkaSteps.produce;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.GroupState;

/**
 * What each client test checks once its library says the broker is up: what a test suite then does with it. A record
 * goes in and comes back out through a consumer group, whose committed offset the group coordinator keeps (that needs
 * __consumer_offsets, which a one-node broker can only create with a replication factor of 1); and `docker stop` ends
 * the broker cleanly.
 */
public final class Checks {
  private Checks() {}

  /**
   * A record round trip through a consumer group: produced, read back by a new group, whose commit the coordinator
   * keeps (offset 1 on partition 0) and which it describes as empty once the consumer has left.
   */
  public static void roundTripThroughAGroup(String bootstrap, String what) throws Exception {
    String topic = KafkaSteps.topic(what);
    String group = "group-" + topic;
    String value = "hello from " + what;
    produce(bootstrap, topic, value);
    List<String> values = consumeInGroup(bootstrap, topic, group, 1);
    assertAll(
        () -> assertEquals(List.of(value), values, "the record came back through group " + group),
        () -> assertEquals(1L, committedOffset(bootstrap, group, topic), "the group's committed offset"),
        () -> assertEquals(GroupState.EMPTY, groupState(bootstrap, group), "the group, once its consumer has left"));
  }

  /** Stops a container the way `docker stop -t <timeout>` does and returns its exit code. */
  @FunctionalInterface
  public interface DockerStop {
    long stop(int timeoutSeconds) throws Exception;
  }

  /**
   * `docker stop` must end the broker by itself after Kafka's clean shutdown: 143 (128 + SIGTERM), not docker's
   * SIGKILL at the timeout (137).
   */
  public static void expectCleanStop(DockerStop stop, Supplier<String> logs) throws Exception {
    long exitCode = stop.stop(30);
    String log = logs.get();
    assertAll(
        () -> assertEquals(143L, exitCode, "128 + SIGTERM: the container ended by itself, not by docker's SIGKILL (137)"),
        () -> assertTrue(log.contains("Terminating process due to signal SIGTERM"), "the broker got SIGTERM"),
        () -> assertTrue(log.contains("[BrokerServer id=1] shut down completed"), "the broker shut down cleanly"));
  }
}
