// Test oracle: would Kafka start with this server.properties? Kafka's own answer, for many files in one JVM.
//
// Usage: java -cp 'build/kafka/libs/*' test/java/ConfigOracle.java [--replica-keys=KEY,…] <case dir>...
//
// Each case dir holds `server.properties` (what the launcher rendered) and `format.args` (the storage-tool
// arguments the launcher would run, one per line; empty when it would not format). For each case, in argument
// order, it prints ONE line of JSON:
//   {"case":"<dir>","verdict":"accept"}
//   {"case":"<dir>","verdict":"refuse","stage":"config"|"format","error":"<exception class>: <message>"}
// Stage "config" is the broker's own parse and check of the file (new KafkaConfig(props), as kafka.Kafka and
// the storage tool both do: every ConfigDef type and validator, then KafkaConfig's cross-key rules); stage
// "format" is the real storage tool's format (StorageTool.execute, which returns instead of exiting) into the
// log dirs the file names. Kafka's logging is turned off so only these lines are printed.
// With --replica-keys, a file KafkaConfig accepts adds "replicas":{"<key>":<n>,…}: what Kafka itself reads for each
// replica setting (a key starting `{rlmm}` through TopicBasedRemoteLogMetadataManagerConfig, under the prefix the
// file sets), so that test/oracle compares the launcher's reading of these numbers, defaults included, with Kafka's.
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.log.remote.metadata.storage.TopicBasedRemoteLogMetadataManagerConfig;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

public class ConfigOracle {
    public static void main(String[] args) throws Exception {
        Configurator.setRootLevel(Level.OFF);
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        StringBuilder out = new StringBuilder();
        List<String> replicaKeys = List.of();
        for (String arg : args) {
            if (arg.startsWith("--replica-keys=")) replicaKeys = Arrays.asList(arg.substring("--replica-keys=".length()).split(","));
            else out.append(verdict(Path.of(arg), discard, replicaKeys)).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }

    static String verdict(Path dir, PrintStream discard, List<String> replicaKeys) throws Exception {
        String head = "{\"case\":" + quote(dir.toString()) + ",\"verdict\":";
        Path file = dir.resolve("server.properties");
        String replicas;
        try {
            Properties props = Utils.loadProps(file.toString());
            replicas = replicas(new KafkaConfig(props), replicaKeys);
        } catch (Throwable e) {
            return head + "\"refuse\",\"stage\":\"config\",\"error\":" + quote(describe(e)) + "}";
        }
        List<String> format = Files.readAllLines(dir.resolve("format.args"), StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList();
        if (format.isEmpty()) return head + "\"accept\"" + replicas + "}";
        try {
            int code = StorageTool.execute(format.toArray(String[]::new), discard);
            if (code != 0) return head + "\"refuse\",\"stage\":\"format\",\"error\":" + quote("exit code " + code) + "}";
        } catch (Throwable e) {
            return head + "\"refuse\",\"stage\":\"format\",\"error\":" + quote(describe(e)) + "}";
        }
        return head + "\"accept\"" + replicas + "}";
    }

    static final String RLMM = "{rlmm}";

    /** `,"replicas":{…}`: each key's number as the broker reads it, or "" with no keys asked for. */
    static String replicas(KafkaConfig config, List<String> keys) {
        if (keys.isEmpty()) return "";
        String prefix = config.getString("remote.log.metadata.manager.impl.prefix");
        Map<String, Object> rlmm = new HashMap<>(config.originalsWithPrefix(prefix));
        rlmm.put(TopicBasedRemoteLogMetadataManagerConfig.BROKER_ID, config.nodeId());
        rlmm.put(TopicBasedRemoteLogMetadataManagerConfig.LOG_DIR, "/unused");
        TopicBasedRemoteLogMetadataManagerConfig remote = new TopicBasedRemoteLogMetadataManagerConfig(rlmm);
        return ",\"replicas\":{" + keys.stream().map(key -> quote(key) + ":" + (key.startsWith(RLMM) ? remoteValue(remote, key.substring(RLMM.length())) : config.values().get(key))).collect(Collectors.joining(",")) + "}";
    }

    static int remoteValue(TopicBasedRemoteLogMetadataManagerConfig remote, String key) {
        return switch (key) {
            case TopicBasedRemoteLogMetadataManagerConfig.REMOTE_LOG_METADATA_TOPIC_REPLICATION_FACTOR_PROP -> remote.metadataTopicReplicationFactor();
            case TopicBasedRemoteLogMetadataManagerConfig.REMOTE_LOG_METADATA_TOPIC_MIN_ISR_PROP -> remote.metadataTopicMinIsr();
            default -> throw new IllegalArgumentException("no such remote log metadata manager setting: " + key);
        };
    }

    static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse("");
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> q.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return q.append('"').toString();
    }
}
