/*
 * The broker binary contract of the kafka-native image (KIP-974, "Docker Image for GraalVM based Native
 * Kafka Broker"): one executable whose first argument is the operation.
 *
 *   storage-tool <StorageTool args>                  -> kafka.tools.StorageTool
 *   kafka <server.properties> [--override k=v ...]   -> kafka.Kafka
 *
 * The same class is the native-image entry point and, on a JVM, the main class
 * (java ... -cp 'libs/*' kafka.KafkaNativeWrapper kafka ...), so both runtimes share one contract.
 */
package kafka;

import java.util.Arrays;

public final class KafkaNativeWrapper {
    private static final int EX_USAGE = 64; // sysexits.h
    private static final String USAGE =
        "usage: storage-tool <StorageTool args> | kafka <server.properties> [--override key=value ...]";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            exitUsage("missing operation");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "storage-tool" -> kafka.tools.StorageTool.main(rest);
            case "kafka" -> kafka.Kafka.main(rest);
            default -> exitUsage("unknown operation '" + args[0] + "'");
        }
    }

    private static void exitUsage(String problem) {
        System.err.println("KafkaNativeWrapper: " + problem + " (valid operations: storage-tool, kafka); " + USAGE);
        System.exit(EX_USAGE);
    }

    private KafkaNativeWrapper() {}
}
