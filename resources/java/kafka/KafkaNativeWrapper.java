/*
 * The broker binary contract of the kafka-native image (KIP-974, "Docker Image for GraalVM based Native
 * Kafka Broker"): one executable whose first argument is the operation.
 *
 *   storage-tool <StorageTool args>                  -> kafka.tools.StorageTool (its own exit codes)
 *   kafka <server.properties> [--override k=v ...]   -> kafka.Kafka
 *   storage-tool format <args> --then kafka <server.properties> [--override k=v ...]
 *                                                    -> the format in this process, then the broker
 *   setup --default-configs-dir D --mounted-configs-dir M --final-configs-dir F   (-D/-M/-F D)
 *                                                    -> `kafka-launcher setup` (found on PATH), its exit code
 *   start --config FILE  (--config=FILE, -C FILE)    -> kafka.Kafka on FILE
 *
 * setup and start are the operations of the released image's binary (upstream's kafka.docker.KafkaDockerWrapper),
 * which scripts written for apache/kafka-native call (Quarkus Dev Services' start script among them). setup hands
 * over to the launcher, the one home of assembly, validation and the storage decision: same messages, same exit
 * codes, and a second setup on formatted storage succeeds. A native image takes -Dname=value (and -XX:, -Xmx, -Xms,
 * -Xmn, -Xss) from anywhere on its command line before main runs (GraalVM's RuntimeOptionParser); on a JVM this
 * class does the same for -Dname=value, so `java ... kafka.KafkaNativeWrapper setup ... -Dx=y` behaves alike.
 * start logs with the log4j2.yaml beside FILE unless -Dlog4j2.configurationFile is given.
 *
 * The same class is the native-image entry point and, on a JVM, the main class
 * (java ... -cp 'libs/*' kafka.KafkaNativeWrapper kafka ...), so both runtimes share one contract.
 * The chained form exists for the JVM: a first start pays for one JVM instead of two (the launcher
 * uses it for the JVM runtime only; the native runtime runs `storage-tool`, then `kafka`). It calls
 * StorageTool.execute, the entry point that returns instead of exiting, and when the format fails it
 * prints Kafka's message and exits with the launcher's codes (sysexits.h): 78 when Kafka refuses the
 * configuration (ConfigException, IllegalArgumentException, the tool's TerseFailure, a FormatterException
 * that is not about I/O), 70 when the format failed for another reason (I/O, a bug); the broker never
 * starts.
 */
package kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.metadata.storage.FormatterException;
import org.apache.kafka.server.util.TerseFailure;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

public final class KafkaNativeWrapper {
    private static final int EX_USAGE = 64;
    private static final int EX_SOFTWARE = 70;
    private static final int EX_CONFIG = 78;
    private static final String THEN = "--then";
    private static final String CONFIG_LOGGER = "org.apache.kafka.common.config.AbstractConfig";
    private static final String LAUNCHER = "kafka-launcher";
    private static final String USAGE =
        "usage: storage-tool <StorageTool args> | kafka <server.properties> [--override key=value ...]"
            + " | storage-tool format <args> --then kafka <server.properties> [--override key=value ...]"
            + " | setup --default-configs-dir DIR --mounted-configs-dir DIR --final-configs-dir DIR"
            + " | start --config <server.properties>";
    /**
     * FormatterException carries both refusals and I/O failures; these messages of Formatter (Kafka 4.x)
     * are the I/O ones (a dir that cannot be written or read). test/broker/one-jvm-format.test.ts runs
     * both kinds against the real Formatter.
     */
    private static final List<String> FORMATTER_IO_MESSAGES =
        List.of("Error while writing meta.properties file", "No available log directories to format");

    public static void main(String[] given) throws Exception {
        String[] args = takeSystemProperties(given);
        if (args.length == 0) {
            exitUsage("missing operation");
        }
        int then = Arrays.asList(args).indexOf(THEN);
        if (then >= 0) {
            formatThenRun(Arrays.copyOfRange(args, 0, then), Arrays.copyOfRange(args, then + 1, args.length));
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "storage-tool" -> kafka.tools.StorageTool.main(rest);
            case "kafka" -> Kafka.main(rest);
            case "setup" -> System.exit(setup(rest));
            case "start" -> start(rest);
            default -> exitUsage("unknown operation '" + args[0] + "'");
        }
    }

    /** Every -Dname=value word becomes a system property, wherever it stands, as in a native image; the rest stays. */
    private static String[] takeSystemProperties(String[] args) {
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("-D") && eq > 2) {
                System.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
            } else {
                rest.add(arg);
            }
        }
        return rest.toArray(new String[0]);
    }

    /**
     * The launcher, a child with this process's stdout, stderr and environment, does the whole setup and exits
     * with its own code. A stop of this process (SIGTERM) is passed on to it before this one ends.
     */
    private static int setup(String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER, "setup"));
        command.addAll(Arrays.asList(args));
        Process launcher;
        try {
            launcher = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            System.err.println("KafkaNativeWrapper: setup needs " + LAUNCHER + " on PATH: " + e.getMessage());
            return 127;
        }
        Thread stop = new Thread(() -> {
            launcher.destroy();
            try {
                launcher.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stop);
        int code = launcher.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return code;
    }

    /** upstream's `start --config FILE` (also --config=FILE and -C FILE): the broker on FILE. */
    private static void start(String[] args) throws Exception {
        String config = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--config") || args[i].equals("-C")) && i + 1 < args.length) {
                config = args[++i];
            } else if (args[i].startsWith("--config=")) {
                config = args[i].substring("--config=".length());
            } else {
                exitUsage("start: unknown argument '" + args[i] + "'");
            }
        }
        if (config == null) {
            exitUsage("start: missing --config <server.properties>");
        }
        Path log4j = Path.of(config).toAbsolutePath().resolveSibling("log4j2.yaml");
        if (System.getProperty("log4j2.configurationFile") == null && Files.isRegularFile(log4j)) {
            System.setProperty("log4j2.configurationFile", log4j.toString());
        }
        Kafka.main(new String[] {config});
    }

    private static void formatThenRun(String[] format, String[] broker) throws Exception {
        boolean isFormat = format.length >= 2 && format[0].equals("storage-tool") && format[1].equals("format");
        if (!isFormat || broker.length == 0 || !broker[0].equals("kafka")) {
            exitUsage("'" + THEN + "' chains 'storage-tool format ...' and 'kafka ...' only");
        }
        int code = format(Arrays.copyOfRange(format, 1, format.length));
        if (code != 0) {
            System.exit(code);
        }
        Kafka.main(Arrays.copyOfRange(broker, 1, broker.length));
    }

    /**
     * 0, or the exit code of a failed format after printing why. The storage tool's KafkaConfig logs
     * every value at INFO, as the broker does a moment later: in one JVM that is the same ~330 lines
     * twice, so the format's copy is left out (its problems are still errors and warnings).
     */
    private static int format(String[] args) {
        Level configLevel = LogManager.getLogger(CONFIG_LOGGER).getLevel();
        Configurator.setLevel(CONFIG_LOGGER, Level.WARN);
        try {
            // non-zero only when argparse4j refused the arguments (it printed why): the launcher built them
            return kafka.tools.StorageTool.execute(args, System.out) == 0 ? 0 : EX_SOFTWARE;
        } catch (ConfigException | IllegalArgumentException | TerseFailure e) {
            // KafkaConfig's refusals (IllegalArgumentException: its cross-key rules) and the tool's own
            return failed(e.getMessage(), EX_CONFIG);
        } catch (FormatterException e) {
            boolean io = FORMATTER_IO_MESSAGES.stream().anyMatch(m -> String.valueOf(e.getMessage()).startsWith(m));
            return failed(e.getMessage(), io ? EX_SOFTWARE : EX_CONFIG);
        } catch (RuntimeException e) {
            e.printStackTrace(); // I/O or a bug: the trace says where
            return failed(e.toString(), EX_SOFTWARE);
        } finally {
            Configurator.setLevel(CONFIG_LOGGER, configLevel);
        }
    }

    private static int failed(String message, int code) {
        System.err.println(message);
        System.err.println("KafkaNativeWrapper: storage-tool format failed (exit " + code + "); the broker was not started");
        return code;
    }

    private static void exitUsage(String problem) {
        System.err.println("KafkaNativeWrapper: " + problem + " (valid operations: storage-tool, kafka, setup, start); " + USAGE);
        System.exit(EX_USAGE);
    }

    private KafkaNativeWrapper() {}
}
