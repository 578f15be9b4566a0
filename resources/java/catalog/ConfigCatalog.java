/*
 * Prints, as sorted JSON, every broker config name the installed Kafka knows, so the launcher can warn on
 * names Kafka would silently ignore. Run by scripts/gen-config-catalog.sh on the jars of install-broker.sh:
 *   java -cp 'build/kafka/libs/*' resources/java/catalog/ConfigCatalog.java > resources/config-catalog.json
 *
 * Sources:
 * - kafka.server.KafkaConfig.configDef(): in 4.x this is AbstractKafkaConfig.CONFIG_DEF, the merge of the
 *   server, KRaft, raft quorum, metadata log, socket server, replication, log/cleaner, group/share/transaction
 *   coordinator, quota, metrics, broker security (SSL/SASL), delegation token and remote-log ConfigDefs.
 * - Names read by plugins bundled with the broker, not in that ConfigDef: StandardAuthorizer (the usual
 *   authorizer.class.name) and JmxReporter (the default metric.reporters).
 * - Prefixed families Kafka reads with originalsWithPrefix / valuesWithPrefixOverride: any name under them is
 *   legitimate.
 */
package catalog;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;

public final class ConfigCatalog {
    /** A known name: ConfigDef type, default as it would be written in server.properties, and its owner. */
    record Entry(String type, boolean hasDefault, String defaultValue, String from) {}

    public static void main(String[] args) {
        ConfigDef brokerDef = kafka.server.KafkaConfig.configDef();
        Map<String, Entry> configs = new TreeMap<>();
        brokerDef.configKeys().forEach((name, key) -> configs.put(name, entryOf(key)));

        String authorizer = StandardAuthorizer.class.getName(); // authorizer.class.name of most setups
        configs.put(StandardAuthorizer.SUPER_USERS_CONFIG, new Entry("STRING", true, null, authorizer)); // User:a;User:b
        configs.put(StandardAuthorizer.ALLOW_EVERYONE_IF_NO_ACL_IS_FOUND_CONFIG, new Entry("BOOLEAN", true, "false", authorizer));
        String jmx = JmxReporter.class.getName(); // the default metric.reporters
        configs.put(JmxReporter.INCLUDE_CONFIG, new Entry("STRING", true, JmxReporter.DEFAULT_INCLUDE, jmx));
        configs.put(JmxReporter.EXCLUDE_CONFIG, new Entry("STRING", true, JmxReporter.DEFAULT_EXCLUDE, jmx));

        TreeSet<String> prefixes = new TreeSet<>(List.of(
            "listener.name.",                                  // ListenerName.configPrefix(): listener.name.<listener>.<config>,
                                                               // incl. listener.name.<listener>.<mechanism>.sasl.jaas.config
            AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".",      // config.providers.<alias>.class / .param.<name>
            CommonClientConfigs.METRICS_CONTEXT_PREFIX,        // metrics.context.<label> (KIP-606)
            defaultOf(brokerDef, "remote.log.storage.manager.impl.prefix"),   // rsm.config.: RemoteStorageManager's own configs
            defaultOf(brokerDef, "remote.log.metadata.manager.impl.prefix")   // rlmm.config.: RemoteLogMetadataManager's own configs
        ));

        System.out.print(toJson(AppInfoParser.getVersion(), configs, prefixes));
    }

    private static Entry entryOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) return new Entry(key.type.name(), false, null, null);
        String value = key.defaultValue == null ? null : ConfigDef.convertToString(key.defaultValue, key.type);
        return new Entry(key.type.name(), true, value, null);
    }

    private static String defaultOf(ConfigDef def, String name) {
        return (String) def.configKeys().get(name).defaultValue;
    }

    private static String toJson(String version, Map<String, Entry> configs, TreeSet<String> prefixes) {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"generatedBy\": \"scripts/gen-config-catalog.sh (resources/java/catalog/ConfigCatalog.java); do not edit\",\n");
        out.append("  \"kafkaVersion\": ").append(quote(version)).append(",\n");
        out.append("  \"prefixes\": [");
        out.append(String.join(", ", prefixes.stream().map(ConfigCatalog::quote).toList()));
        out.append("],\n  \"configs\": {\n");
        int i = 0;
        for (Map.Entry<String, Entry> e : configs.entrySet()) {
            Entry entry = e.getValue();
            out.append("    ").append(quote(e.getKey())).append(": {\"type\": ").append(quote(entry.type()));
            if (entry.hasDefault()) out.append(", \"default\": ").append(quote(entry.defaultValue()));
            if (entry.from() != null) out.append(", \"from\": ").append(quote(entry.from()));
            out.append(++i < configs.size() ? "},\n" : "}\n");
        }
        return out.append("  }\n}\n").toString();
    }

    private static String quote(String s) {
        if (s == null) return "null";
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> q.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return q.append('"').toString();
    }
}
