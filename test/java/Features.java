import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The batched client of test/docker/features.test.ts: one JVM runs every scenario it is given, each against
 * the broker its client properties name, with kafka-clients and kafka-streams of the broker's release. It
 * asserts nothing: each scenario prints one line, "RESULT <id> <what it observed>", and the bun test holds
 * that observation to what the feature promises. A scenario that throws prints "error <exception>: <message>".
 *
 *   java -cp 'build/clients/libs/*:build/clients/classes' Features SCENARIOS.properties [THREADS]
 *
 * SCENARIOS.properties: for each scenario n, `n.id`, `n.kind`, `n.client.*` (the client properties of the
 * scenario's principal: bootstrap servers, security), `n.refused.*` (a client's properties that the broker
 * must refuse), `n.super.*` (the super user's, for acl), `n.param.*` (the kind's parameters). Scenarios run side by side
 * (most of their time is spent waiting on the broker), each on its own topics and groups.
 */
public final class Features {
  /** Between two polls of a wait. */
  private static final Duration POLL = Duration.ofMillis(200);
  /** How long one wait may take before the scenario reports what it saw: a bound for a broken broker, not an expectation. */
  private static final long WAIT_MS = 90_000;

  private record Scenario(String id, String kind, Properties client, Properties refused, Properties superUser, Map<String, String> param) {}

  private static final PrintStream OUT = System.out;

  public static void main(String[] args) throws Exception {
    Properties all = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      all.load(reader);
    }
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    List<Scenario> scenarios = parse(all);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> running = new ArrayList<>();
    for (Scenario s : scenarios) running.add(pool.submit(() -> report(s)));
    for (Future<?> f : running) f.get();
    pool.shutdown();
    OUT.flush();
    // A Streams or client thread that outlives its close must not keep the JVM (and the test) waiting.
    System.exit(0);
  }

  private static void report(Scenario s) {
    String observed;
    try {
      observed = run(s);
    } catch (Throwable t) {
      observed = "error " + describe(t);
      t.printStackTrace();
    }
    synchronized (OUT) {
      OUT.println("RESULT " + s.id() + " " + observed.replace('\n', ' '));
      OUT.flush();
    }
  }

  private static String run(Scenario s) throws Exception {
    return switch (s.kind()) {
      case "produce-consume" -> produceConsume(s);
      case "group" -> group(s);
      case "transactions" -> transactions(s);
      case "share-group" -> shareGroup(s);
      case "streams" -> streams(s);
      case "acl" -> acl(s);
      case "deny-prefix" -> denyPrefix(s);
      default -> throw new IllegalArgumentException("unknown kind " + s.kind());
    };
  }

  // --- scenarios ------------------------------------------------------------------------------------

  /** Produce two records and read them back (no group: the mechanism alone); then a refused client's outcome. */
  private static String produceConsume(Scenario s) throws Exception {
    String topic = unique("pc");
    try (Admin admin = Admin.create(s.client())) {
      createTopic(admin, topic, 1);
    }
    produce(s.client(), topic, List.of("v1", "v2"), null);
    String observed = "read=" + readAll(s.client(), topic, "read_uncommitted");
    if (!s.refused().isEmpty()) observed += " refused=" + refusedOutcome(s.refused());
    return observed;
  }

  /**
   * A consumer group of `param.protocol` (classic, or consumer: KIP-848): two members split a topic's two
   * partitions, each reads its own and commits; a new member of the group reads only what came after.
   */
  private static String group(Scenario s) throws Exception {
    String topic = unique("group");
    String groupId = unique("g");
    try (Admin admin = Admin.create(s.client())) {
      createTopic(admin, topic, 2);
    }
    Properties c = consumerProps(s.client(), groupId);
    c.put("group.protocol", s.param().get("protocol"));
    StringBuilder out = new StringBuilder();
    try (KafkaConsumer<String, String> a = new KafkaConsumer<>(c); KafkaConsumer<String, String> b = new KafkaConsumer<>(c)) {
      a.subscribe(List.of(topic));
      b.subscribe(List.of(topic));
      boolean split = waitFor(() -> {
        a.poll(POLL);
        b.poll(POLL);
        return a.assignment().size() == 1 && b.assignment().size() == 1;
      });
      out.append("split=").append(a.assignment().size()).append('+').append(b.assignment().size());
      if (!split) return out.toString();
      produceTo(s.client(), topic, Map.of(0, List.of("p0-1", "p0-2"), 1, List.of("p1-1", "p1-2")));
      Map<Integer, List<String>> read = new TreeMap<>();
      waitFor(() -> {
        for (KafkaConsumer<String, String> member : List.of(a, b)) {
          for (ConsumerRecord<String, String> r : member.poll(POLL)) read.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.value());
        }
        return read.values().stream().mapToInt(List::size).sum() >= 4;
      });
      a.commitSync();
      b.commitSync();
      out.append(" members read=").append(read.values());
    }
    produceTo(s.client(), topic, Map.of(0, List.of("p0-3"), 1, List.of("p1-3")));
    try (KafkaConsumer<String, String> resumed = new KafkaConsumer<>(c)) {
      resumed.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      waitFor(() -> {
        for (ConsumerRecord<String, String> r : resumed.poll(POLL)) values.add(r.value());
        return resumed.assignment().size() == 2 && atEnd(resumed);
      });
      out.append(" resumed=").append(sorted(values));
    }
    return out.toString();
  }

  /** An aborted and a committed transaction: read_committed sees the committed records only, read_uncommitted both. */
  private static String transactions(Scenario s) throws Exception {
    String topic = unique("txn");
    try (Admin admin = Admin.create(s.client())) {
      createTopic(admin, topic, 1);
    }
    Properties p = producerProps(s.client());
    p.put("transactional.id", unique("txn-id"));
    p.put("max.block.ms", "60000");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "aborted-1"));
      producer.send(new ProducerRecord<>(topic, "aborted-2"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "committed-1"));
      producer.send(new ProducerRecord<>(topic, "committed-2"));
      producer.commitTransaction();
    }
    return "read_committed=" + readAll(s.client(), topic, "read_committed") + " read_uncommitted=" + readAll(s.client(), topic, "read_uncommitted");
  }

  /**
   * A share group (KIP-932) with explicit acknowledgement: of three records the first is accepted, the
   * second released, the third rejected; the released one alone comes back, its delivery count 2.
   */
  private static String shareGroup(Scenario s) throws Exception {
    String topic = unique("share");
    String groupId = unique("sg");
    try (Admin admin = Admin.create(s.client())) {
      createTopic(admin, topic, 1);
      // A share group starts at the end of the log unless told otherwise: the group config users set for that.
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
      admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET)))).all().get();
    }
    produce(s.client(), topic, List.of("accept-me", "release-me", "reject-me"), null);
    Properties c = new Properties();
    c.putAll(s.client());
    c.put("group.id", groupId);
    c.put("share.acknowledgement.mode", "explicit");
    c.put("key.deserializer", StringDeserializer.class.getName());
    c.put("value.deserializer", StringDeserializer.class.getName());
    Map<String, AcknowledgeType> decision = Map.of("accept-me", AcknowledgeType.ACCEPT, "release-me", AcknowledgeType.RELEASE, "reject-me", AcknowledgeType.REJECT);
    List<String> first = new ArrayList<>();
    List<String> again = new ArrayList<>();
    try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(c)) {
      consumer.subscribe(List.of(topic));
      // explicit mode: every record of a poll is acknowledged before the next poll
      boolean delivered = waitFor(() -> {
        for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
          AcknowledgeType type = decision.getOrDefault(r.value(), AcknowledgeType.ACCEPT);
          first.add(r.value() + "#" + r.deliveryCount().orElse((short) -1) + ":" + type);
          consumer.acknowledge(r, type);
        }
        consumer.commitSync();
        return first.size() >= 3;
      });
      if (!delivered) return "first=" + first;
      waitFor(() -> {
        for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
          again.add(r.value() + "#" + r.deliveryCount().orElse((short) -1));
          consumer.acknowledge(r, AcknowledgeType.ACCEPT);
        }
        consumer.commitSync();
        return !again.isEmpty();
      });
    }
    return "first=" + first + " redelivered=" + again;
  }

  /** A Kafka Streams word count: its repartition and changelog topics on the broker, the counts read back. */
  private static String streams(Scenario s) throws Exception {
    String app = unique("wordcount");
    String input = app + "-in";
    String output = app + "-out";
    try (Admin admin = Admin.create(s.client())) {
      createTopic(admin, input, 1);
      createTopic(admin, output, 1);
    }
    Properties p = new Properties();
    p.putAll(s.client());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    p.put(StreamsConfig.STATE_DIR_CONFIG, s.param().get("state-dir")); // the test's own folder, removed after it
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0"); // every count update reaches the output
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
        .flatMapValues(line -> Arrays.asList(line.split(" ")))
        .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
        .count()
        .toStream()
        .to(output, Produced.with(Serdes.String(), Serdes.Long()));
    Map<String, Long> counts = new TreeMap<>();
    Set<String> internal = new TreeSet<>();
    String state;
    try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
      streams.start();
      produce(s.client(), input, List.of("the cat", "the dog"), null);
      Properties c = consumerProps(s.client(), null);
      c.put("value.deserializer", "org.apache.kafka.common.serialization.LongDeserializer");
      try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(c)) {
        consumer.assign(List.of(new TopicPartition(output, 0)));
        consumer.seekToBeginning(consumer.assignment());
        Map<String, Long> expected = Map.of("cat", 1L, "dog", 1L, "the", 2L);
        waitFor(() -> {
          for (ConsumerRecord<String, Long> r : consumer.poll(POLL)) counts.put(r.key(), r.value());
          return counts.equals(expected);
        });
      }
      try (Admin admin = Admin.create(s.client())) {
        for (String t : admin.listTopics().names().get()) if (t.startsWith(app + "-") && !t.equals(input) && !t.equals(output)) internal.add(t.substring(t.lastIndexOf('-') + 1));
      }
      state = streams.state().toString();
      streams.close(Duration.ofSeconds(30));
      streams.cleanUp();
    }
    return "state=" + state + " counts=" + counts + " internal=" + internal;
  }

  /**
   * StandardAuthorizer: the super user works with no ACL; another principal is denied until the super user
   * grants it the topic, then denied its group until granted that too; each grant is awaited until the
   * broker lists it (describeAcls answers from the broker's own authorizer).
   */
  private static String acl(Scenario s) throws Exception {
    String topic = unique("acl");
    String groupId = unique("acl-g");
    String principal = s.param().get("principal");
    Properties superUser = s.superUser();
    StringBuilder out = new StringBuilder();
    try (Admin admin = Admin.create(superUser)) {
      createTopic(admin, topic, 1);
      produce(superUser, topic, List.of("from-super-user"), null);
      out.append("super-user=ok");
      out.append(" denied=").append(produceOutcome(s.client(), topic, "before-grant"));
      grant(admin, principal, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.WRITE, AclOperation.READ);
      out.append(" topic-granted=").append(produceOutcome(s.client(), topic, "after-grant"));
      out.append(" group-denied=").append(groupReadOutcome(s.client(), topic, groupId));
      grant(admin, principal, new ResourcePattern(ResourceType.GROUP, groupId, PatternType.LITERAL), AclOperation.READ);
      out.append(" group-granted=").append(groupReadOutcome(s.client(), topic, groupId));
    }
    return out.toString();
  }

  /**
   * A custom authorizer on the broker's class path (param.prefix: the topics it denies): its effect, seen by
   * a client. Both topics are created first (creation is a cluster-level grant, which it leaves alone), so
   * the denial cannot be a topic that is not there.
   */
  private static String denyPrefix(Scenario s) throws Exception {
    String allowed = unique("allowed");
    String denied = s.param().get("prefix") + UUID.randomUUID();
    StringBuilder out = new StringBuilder();
    try (Admin admin = Admin.create(s.client())) {
      createTopic(admin, allowed, 1);
      // not awaited: the broker describes it to no one (and denies it whether its metadata is there yet or not)
      admin.createTopics(List.of(new NewTopic(denied, Optional.of(1), Optional.empty()))).all().get();
      out.append("produce allowed=").append(produceOutcome(s.client(), allowed, "x"));
      out.append(" denied=").append(produceOutcome(s.client(), denied, "x"));
      out.append("; describe allowed=").append(outcome(() -> admin.describeTopics(List.of(allowed)).allTopicNames().get()));
      out.append(" denied=").append(outcome(() -> admin.describeTopics(List.of(denied)).allTopicNames().get()));
    }
    return out.toString();
  }

  // --- helpers --------------------------------------------------------------------------------------

  private interface Step {
    void run() throws Exception;
  }

  /** "ok", or the simple name of the Kafka exception that ended the step. */
  private static String outcome(Step step) {
    try {
      step.run();
      return "ok";
    } catch (Exception e) {
      return root(e).getClass().getSimpleName();
    }
  }

  private static String produceOutcome(Properties client, String topic, String value) {
    Properties p = producerProps(client);
    p.put("max.block.ms", "30000");
    return outcome(() -> {
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
        producer.send(new ProducerRecord<>(topic, value)).get();
      }
    });
  }

  /** A member of the group reads the topic from the beginning: "read [...]" or the exception that stopped it. */
  private static String groupReadOutcome(Properties client, String topic, String groupId) {
    List<String> values = new ArrayList<>();
    String result = outcome(() -> {
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(client, groupId))) {
        consumer.subscribe(List.of(topic));
        waitFor(() -> {
          for (ConsumerRecord<String, String> r : consumer.poll(POLL)) values.add(r.value());
          return consumer.assignment().size() == 1 && atEnd(consumer);
        });
      }
    });
    return result.equals("ok") ? values.toString() : result;
  }

  /** What a client with these properties meets: an Admin call is the first request any client makes after connecting. */
  private static String refusedOutcome(Properties client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put("default.api.timeout.ms", "30000");
    p.put("request.timeout.ms", "20000");
    return outcome(() -> {
      try (Admin admin = Admin.create(p)) {
        admin.describeCluster().nodes().get();
      }
    });
  }

  private static void grant(Admin admin, String principal, ResourcePattern resource, AclOperation... operations) throws Exception {
    List<AclBinding> bindings = new ArrayList<>();
    for (AclOperation op : operations) bindings.add(new AclBinding(resource, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
    admin.createAcls(bindings).all().get();
    AclBindingFilter filter = new AclBindingFilter(resource.toFilter(), new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY));
    boolean listed = waitFor(() -> {
      try {
        if (admin.describeAcls(filter).values().get().size() == operations.length) return true;
        pause(); // between two questions to the broker
        return false;
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    if (!listed) throw new IllegalStateException("the broker never listed the ACLs granted to " + principal + " on " + resource);
  }

  /**
   * A topic of the broker's default replication factor, as most applications leave it, awaited until the
   * broker describes every partition with a leader: CreateTopics answers once the controller has the topic,
   * and a client that asks the broker before its metadata has it meets UNKNOWN_TOPIC_OR_PARTITION (which
   * Kafka Streams, for one, takes for a missing source topic and stops).
   */
  private static void createTopic(Admin admin, String topic, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
    boolean led = waitFor(() -> {
      try {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        if (description.partitions().size() == partitions && description.partitions().stream().allMatch(p -> p.leader() != null)) return true;
      } catch (Exception e) {
        if (!(root(e) instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) throw new RuntimeException(e);
      }
      pause(); // between two questions to the broker
      return false;
    });
    if (!led) throw new IllegalStateException("the broker never described " + topic + " with a leader for each of its " + partitions + " partitions");
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }

  private static Properties producerProps(Properties client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    return p;
  }

  private static Properties consumerProps(Properties client, String groupId) {
    Properties c = new Properties();
    c.putAll(client);
    if (groupId != null) c.put("group.id", groupId);
    c.put("auto.offset.reset", "earliest");
    c.put("enable.auto.commit", "false");
    c.put("key.deserializer", StringDeserializer.class.getName());
    c.put("value.deserializer", StringDeserializer.class.getName());
    return c;
  }

  private static void produce(Properties client, String topic, List<String> values, Integer partition) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(client))) {
      for (String v : values) producer.send(new ProducerRecord<>(topic, partition, null, v)).get();
    }
  }

  private static void produceTo(Properties client, String topic, Map<Integer, List<String>> byPartition) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(client))) {
      for (var e : byPartition.entrySet()) for (String v : e.getValue()) producer.send(new ProducerRecord<>(topic, e.getKey(), null, v)).get();
    }
  }

  /** Every record of every partition of the topic, read without a group up to the end (under `isolation`). */
  private static List<String> readAll(Properties client, String topic, String isolation) throws Exception {
    Properties c = consumerProps(client, null);
    c.put("isolation.level", isolation);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) partitions.add(new TopicPartition(topic, info.partition()));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      waitFor(() -> {
        for (ConsumerRecord<String, String> r : consumer.poll(POLL)) values.add(r.value());
        return atEnd(consumer);
      });
    }
    return values;
  }

  /** The consumer's position is at the end (the last stable offset under read_committed) of every partition it has. */
  private static boolean atEnd(KafkaConsumer<String, ?> consumer) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    for (var e : ends.entrySet()) if (consumer.position(e.getKey()) < e.getValue()) return false;
    return !ends.isEmpty();
  }

  /** Polls the condition until it holds or WAIT_MS pass; the caller reports what it saw either way. */
  private static boolean waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
    }
    return false;
  }

  private static Throwable root(Throwable t) {
    Throwable r = t;
    while ((r instanceof ExecutionException || r.getClass() == RuntimeException.class || r.getClass().getSimpleName().equals("KafkaException")) && r.getCause() != null) r = r.getCause();
    return r;
  }

  private static String describe(Throwable t) {
    Throwable r = root(t);
    String message = String.valueOf(r.getMessage()).split("\n")[0];
    return r.getClass().getSimpleName() + ": " + message;
  }

  private static List<String> sorted(Collection<String> values) {
    List<String> list = new ArrayList<>(values);
    list.sort(null);
    return list;
  }

  private static String unique(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<Scenario> parse(Properties all) {
    Map<String, Map<String, String>> byScenario = new TreeMap<>();
    for (String key : all.stringPropertyNames()) {
      int dot = key.indexOf('.');
      byScenario.computeIfAbsent(key.substring(0, dot), n -> new HashMap<>()).put(key.substring(dot + 1), all.getProperty(key));
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (Map<String, String> fields : byScenario.values()) {
      if (fields.get("id") == null || fields.get("kind") == null) throw new IllegalArgumentException("a scenario without id or kind: " + fields.keySet());
      scenarios.add(new Scenario(fields.get("id"), fields.get("kind"), section(fields, "client."), section(fields, "refused."), section(fields, "super."), sectionMap(fields, "param.")));
    }
    return scenarios;
  }

  private static Properties section(Map<String, String> fields, String prefix) {
    Properties p = new Properties();
    p.putAll(sectionMap(fields, prefix));
    return p;
  }

  private static Map<String, String> sectionMap(Map<String, String> fields, String prefix) {
    Map<String, String> m = new HashMap<>();
    for (var e : fields.entrySet()) if (e.getKey().startsWith(prefix)) m.put(e.getKey().substring(prefix.length()), e.getValue());
    return m;
  }
}
