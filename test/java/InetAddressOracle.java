// Test oracle: commons-validator's InetAddressValidator, as Kafka 4.4 ships and uses it, on each argument.
// Usage: java -cp 'build/kafka/libs/*' test/java/InetAddressOracle.java <host>...
// Prints one line per argument: 4, 6 or - (neither), in argument order.
import org.apache.commons.validator.routines.InetAddressValidator;

public class InetAddressOracle {
    public static void main(String[] args) {
        InetAddressValidator v = InetAddressValidator.getInstance();
        StringBuilder out = new StringBuilder();
        for (String host : args) out.append(v.isValidInet4Address(host) ? "4" : v.isValidInet6Address(host) ? "6" : "-").append('\n');
        System.out.print(out);
    }
}
