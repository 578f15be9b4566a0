/*
 * Prints, as sorted JSON, every broker config name the installed Kafka knows, with its type, default and the
 * check its ConfigDef validator makes, so the launcher can warn on names Kafka would silently ignore and refuse
 * values Kafka would refuse at start-up. Run by scripts/gen-config-catalog.sh on the jars of install-broker.sh:
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

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
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
    /** A known name: ConfigDef type, default as it would be written in server.properties, its check and its owner. */
    record Entry(String type, boolean hasDefault, String defaultValue, String check, String from) {}

    public static void main(String[] args) {
        ConfigDef brokerDef = kafka.server.KafkaConfig.configDef();
        Map<String, Entry> configs = new TreeMap<>();
        brokerDef.configKeys().forEach((name, key) -> configs.put(name, entryOf(name, key)));

        String authorizer = StandardAuthorizer.class.getName(); // authorizer.class.name of most setups
        configs.put(StandardAuthorizer.SUPER_USERS_CONFIG, new Entry("STRING", true, null, null, authorizer)); // User:a;User:b
        configs.put(StandardAuthorizer.ALLOW_EVERYONE_IF_NO_ACL_IS_FOUND_CONFIG, new Entry("BOOLEAN", true, "false", null, authorizer));
        String jmx = JmxReporter.class.getName(); // the default metric.reporters
        configs.put(JmxReporter.INCLUDE_CONFIG, new Entry("STRING", true, JmxReporter.DEFAULT_INCLUDE, null, jmx));
        configs.put(JmxReporter.EXCLUDE_CONFIG, new Entry("STRING", true, JmxReporter.DEFAULT_EXCLUDE, null, jmx));

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

    private static Entry entryOf(String name, ConfigDef.ConfigKey key) {
        String check = checkOf(name, key);
        if (!key.hasDefault()) return new Entry(key.type.name(), false, null, check, null);
        String value = key.defaultValue == null ? null : ConfigDef.convertToString(key.defaultValue, key.type);
        return new Entry(key.type.name(), true, value, check, null);
    }

    /**
     * The validator as data (JSON), read from the validator object itself. A validator we cannot read is an error
     * here, so a new Kafka version with a new kind of validator stops the generation instead of going unchecked.
     */
    private static String checkOf(String name, ConfigDef.ConfigKey key) {
        ConfigDef.Validator v = key.validator;
        if (v == null || v instanceof ConfigDef.NonNullValidator) return null; // a value from a file is never null
        if (v instanceof ConfigDef.Range) {
            return "{\"kind\": \"range\", \"min\": " + number(field(v, "min")) + ", \"max\": " + number(field(v, "max")) + "}";
        }
        if (v instanceof ConfigDef.ValidString) return "{\"kind\": \"oneOf\", \"values\": " + strings(field(v, "validStrings")) + "}";
        if (v instanceof ConfigDef.CaseInsensitiveValidString) {
            return "{\"kind\": \"oneOfIgnoreCase\", \"values\": " + strings(new TreeSet<>((Collection<?>) field(v, "validStrings"))) + "}";
        }
        if (v instanceof ConfigDef.ValidList) {
            Object valid = field(field(v, "validString"), "validStrings");
            return "{\"kind\": \"list\", \"values\": " + strings(valid) + ", \"emptyAllowed\": " + field(v, "isEmptyAllowed") + "}";
        }
        if (v instanceof ConfigDef.NonEmptyString) return "{\"kind\": \"nonEmpty\"}";
        String owner = v.getClass().getName();
        if (owner.equals("org.apache.kafka.raft.QuorumConfig$ControllerQuorumVotersValidator")) return "{\"kind\": \"quorumVoters\"}";
        if (owner.equals("org.apache.kafka.raft.QuorumConfig$ControllerQuorumBootstrapServersValidator")) return "{\"kind\": \"quorumBootstrapServers\"}";
        if (key.type == ConfigDef.Type.INT) return "{\"kind\": \"accepted\", \"ranges\": " + acceptedInts(name, v) + "}";
        throw new IllegalStateException("no rule for the validator of " + name + " (" + owner + ": " + v + "): teach ConfigCatalog.java to read it");
    }

    /**
     * An opaque validator of an int (a lambda, e.g. compression.gzip.level "[1,...,9] or -1"), read by asking it:
     * every value in [-100000, 100000] and the int extremes, folded into ranges. The edges of the probe window are
     * extended to the int extremes when the validator still accepts there.
     */
    private static String acceptedInts(String name, ConfigDef.Validator v) {
        List<long[]> ranges = new ArrayList<>();
        long window = 100_000;
        for (long i = -window; i <= window; i++) {
            if (!accepts(v, name, (int) i)) continue;
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[1] == i - 1) last[1] = i;
            else ranges.add(new long[] {i, i});
        }
        if (!ranges.isEmpty() && ranges.get(0)[0] == -window && accepts(v, name, Integer.MIN_VALUE)) ranges.get(0)[0] = Integer.MIN_VALUE;
        if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1] == window && accepts(v, name, Integer.MAX_VALUE)) ranges.get(ranges.size() - 1)[1] = Integer.MAX_VALUE;
        return "[" + String.join(", ", ranges.stream().map(r -> "[" + r[0] + ", " + r[1] + "]").toList()) + "]";
    }

    private static boolean accepts(ConfigDef.Validator v, String name, int value) {
        try {
            v.ensureValid(name, value);
            return true;
        } catch (org.apache.kafka.common.config.ConfigException e) {
            return false;
        }
    }

    private static Object field(Object owner, String name) {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(owner);
            } catch (NoSuchFieldException e) {
                // declared higher up
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(owner.getClass().getName() + " has no field " + name + ": teach ConfigCatalog.java this Kafka version");
    }

    /** Numbers as JSON strings: longs do not fit a JavaScript number. */
    private static String number(Object n) {
        return n == null ? "null" : quote(n.toString());
    }

    private static String strings(Object values) {
        return "[" + String.join(", ", ((Collection<?>) values).stream().map(x -> quote(String.valueOf(x))).toList()) + "]";
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
            if (entry.check() != null) out.append(", \"check\": ").append(entry.check());
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
