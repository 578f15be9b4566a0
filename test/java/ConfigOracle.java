// Test oracle: would Kafka start with this server.properties? Kafka's own answer, for many files in one JVM.
//
// Usage: java -cp 'build/kafka/libs/*' test/java/ConfigOracle.java <case dir>...
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
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Utils;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

public class ConfigOracle {
    public static void main(String[] args) throws Exception {
        Configurator.setRootLevel(Level.OFF);
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        StringBuilder out = new StringBuilder();
        for (String dir : args) out.append(verdict(Path.of(dir), discard)).append('\n');
        System.out.print(out);
        System.out.flush();
    }

    static String verdict(Path dir, PrintStream discard) throws Exception {
        String head = "{\"case\":" + quote(dir.toString()) + ",\"verdict\":";
        Path file = dir.resolve("server.properties");
        try {
            Properties props = Utils.loadProps(file.toString());
            new KafkaConfig(props);
        } catch (Throwable e) {
            return head + "\"refuse\",\"stage\":\"config\",\"error\":" + quote(describe(e)) + "}";
        }
        List<String> format = Files.readAllLines(dir.resolve("format.args"), StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList();
        if (format.isEmpty()) return head + "\"accept\"}";
        try {
            int code = StorageTool.execute(format.toArray(String[]::new), discard);
            if (code != 0) return head + "\"refuse\",\"stage\":\"format\",\"error\":" + quote("exit code " + code) + "}";
        } catch (Throwable e) {
            return head + "\"refuse\",\"stage\":\"format\",\"error\":" + quote(describe(e)) + "}";
        }
        return head + "\"accept\"}";
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
