/*
 * The broker binary contract of the kafka-native image (KIP-974, "Docker Image for GraalVM based Native
 * Kafka Broker"): one executable whose first argument is the operation.
 *
 *   storage-tool <StorageTool args>                  -> kafka.tools.StorageTool (its own exit codes)
 *   kafka <server.properties> [--override k=v ...]   -> kafka.Kafka
 *   storage-tool format <args> --then kafka <server.properties> [--override k=v ...]
 *                                                    -> the format in this process, then the broker
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
    private static final String USAGE =
        "usage: storage-tool <StorageTool args> | kafka <server.properties> [--override key=value ...]"
            + " | storage-tool format <args> --then kafka <server.properties> [--override key=value ...]";
    /**
     * FormatterException carries both refusals and I/O failures; these messages of Formatter (Kafka 4.x)
     * are the I/O ones (a dir that cannot be written or read). test/broker/one-jvm-format.test.ts runs
     * both kinds against the real Formatter.
     */
    private static final List<String> FORMATTER_IO_MESSAGES =
        List.of("Error while writing meta.properties file", "No available log directories to format");

    public static void main(String[] args) throws Exception {
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
            default -> exitUsage("unknown operation '" + args[0] + "'");
        }
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
        System.err.println("KafkaNativeWrapper: " + problem + " (valid operations: storage-tool, kafka); " + USAGE);
        System.exit(EX_USAGE);
    }

    private KafkaNativeWrapper() {}
}
