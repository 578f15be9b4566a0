package org.apache.kafka.nativeimage.clients;

import java.util.List;

/**
 * A Kafka client in a second container on the broker's Docker network, as the services that share a test broker run
 * (Schema Registry, Kafka Connect): it bootstraps from the network alias, reads the record the test produced from the
 * host through a consumer group of its own (the group coordinator is found through the same listener, so the broker
 * must advertise the alias there too), commits, and answers on a second topic. It runs on the image's own Java with
 * the kafka-clients jar the broker ships (/opt/kafka/libs), so no other image is needed.
 *
 * <p>Arguments: bootstrap, topic to read, topic to answer on, group. Prints one line per step; exits 0 when all passed.
 */
public final class NetworkClient {
  private NetworkClient() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0], in = args[1], out = args[2], group = args[3];
    List<String> values = KafkaSteps.consumeInGroup(bootstrap, in, group, 1);
    System.out.println("consumed " + values);
    long committed = KafkaSteps.committedOffset(bootstrap, group, in);
    System.out.println("committed " + committed);
    if (values.size() != 1 || committed != 1) System.exit(1);
    KafkaSteps.produce(bootstrap, out, "answer to " + values.get(0));
    System.out.println("answered");
  }
}
