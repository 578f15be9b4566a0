package org.apache.kafka.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
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
}
