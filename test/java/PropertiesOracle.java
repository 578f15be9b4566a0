// Test oracle: what does the real java.util.Properties read from a file?
//
// Usage: java test/java/PropertiesOracle.java <file>...   (single-file source launch, Java 11+)
//
// Loads each file with Properties.load(InputStream) -- ISO-8859-1, exactly what Kafka's
// Utils.loadProps does -- and prints ONE line of JSON per file, in argument order:
//   {"file":"<path>","entries":[["key","value"],...]}   entries sorted by key (String.compareTo)
//   {"file":"<path>","error":"<exception message>"}      when load() throws (e.g. malformed \\uXXXX)
// Entries are [key, value] pairs rather than an object so that no key (e.g. "__proto__") is special
// on the reading side. Every non-ASCII char is written as \\uXXXX, so lone surrogates survive and the
// output does not depend on the JVM's stdout encoding.
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

public class PropertiesOracle {
    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String file : args) {
            out.append("{\"file\":").append(quote(file)).append(',').append(result(file)).append("}\n");
        }
        System.out.print(out);
        System.out.flush();
    }

    static String result(String file) throws Exception {
        try {
            return "\"entries\":" + entriesJson(load(file));
        } catch (IllegalArgumentException e) {
            return "\"error\":" + quote(String.valueOf(e.getMessage()));
        }
    }

    static Properties load(String file) throws Exception {
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(file)) {
            props.load(in);
        }
        return props;
    }

    static String entriesJson(Properties props) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<Object, Object> e : props.entrySet()) {
            sorted.put((String) e.getKey(), (String) e.getValue());
        }
        StringBuilder sb = new StringBuilder("[");
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            sb.append('[').append(quote(e.getKey())).append(',').append(quote(e.getValue())).append(']');
        }
        return sb.append(']').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
