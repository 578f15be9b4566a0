// A client workout for the traced broker (trace.sh): on every listener given, wait until it answers a
// metadata request (ready is a protocol answer, never a log line), then create a topic, produce and
// consume a record, list groups and describe the cluster, so the native-image agent attached to the
// broker sees the request paths a developer's tests take. It runs on a plain JVM, without the agent.
//
//   java -cp 'libs/*:.' Exercise <name>=<bootstrap>[|key=value|...] ...
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class Exercise {
  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      String name = arg.substring(0, arg.indexOf('='));
      String[] parts = arg.substring(arg.indexOf('=') + 1).split("\\|");
      Properties base = new Properties();
      base.put("bootstrap.servers", parts[0]);
      for (int i = 1; i < parts.length; i++) {
        base.put(parts[i].substring(0, parts[i].indexOf('=')), parts[i].substring(parts[i].indexOf('=') + 1));
      }
      ready(name, base);
      exercise(name, base);
    }
  }

  /**
   * Until a metadata request on this listener lists a broker: bounded (the broker under the agent is
   * slow), and given up at once when the broker's process (-Dbroker.pid) has ended.
   */
  static void ready(String name, Properties base) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    long pid = Long.getLong("broker.pid", -1L);
    Properties quick = new Properties();
    quick.putAll(base);
    quick.put("default.api.timeout.ms", "3000");
    quick.put("request.timeout.ms", "3000");
    for (;;) {
      try (Admin admin = Admin.create(quick)) {
        if (!admin.describeCluster().nodes().get().isEmpty()) return;
      } catch (ExecutionException e) {
        if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) throw new IllegalStateException(name + ": the broker exited", e);
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException(name + ": no metadata answer within 300 s", e);
      }
    }
  }

  static void exercise(String name, Properties base) throws Exception {
    String topic = "trace-" + name;
    try (Admin admin = Admin.create(base)) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      admin.describeCluster().nodes().get();
      admin.listTopics().names().get();
    }
    Properties p = new Properties();
    p.putAll(base);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("compression.type", "lz4");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (String codec : new String[] {"a", "b"}) {
        producer.send(new ProducerRecord<>(topic, codec, "hello from " + name)).get();
      }
    }
    Properties c = new Properties();
    c.putAll(base);
    c.put("group.id", "trace-" + UUID.randomUUID());
    c.put("auto.offset.reset", "earliest");
    c.put("key.deserializer", StringDeserializer.class.getName());
    c.put("value.deserializer", StringDeserializer.class.getName());
    int seen = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (seen < 2 && System.currentTimeMillis() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        seen += records.count();
      }
      consumer.commitSync();
    }
    if (seen < 2) throw new IllegalStateException(name + ": consumed " + seen + " of 2 records");
    try (Admin admin = Admin.create(base)) {
      admin.listConsumerGroups().all().get();
      admin.deleteTopics(List.of(topic)).all().get();
    }
    System.out.println("exercise: " + name + " ok");
  }
}
