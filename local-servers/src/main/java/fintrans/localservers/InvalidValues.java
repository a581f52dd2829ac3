package fintrans.localservers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Record values that no consumer may accept, for tests that feed them through a real broker. Each one
 * breaks a different rule of the {@code source target amount} format.
 */
public final class InvalidValues {
    /** Size of the oversized value: 1 MB, which still fits Kafka's default 1 MiB record limit. */
    public static final int LARGE_VALUE_BYTES = 1_000_000;

    private InvalidValues() {
    }

    /** Invalid values by a short description; the null value is a record without a value. */
    public static Map<String, byte[]> all() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put("two fields", ascii("1 2"));
        values.put("four fields", ascii("1 2 3 4"));
        values.put("punctuation in an amount", ascii("a b c!"));
        values.put("negative amount", ascii("1 2 -5"));
        values.put("three fraction digits", ascii("1 2 12.345"));
        values.put("exponent", ascii("1 2 1e3"));
        values.put("empty value", new byte[0]);
        values.put("null value", null);
        byte[] large = new byte[LARGE_VALUE_BYTES];
        Arrays.fill(large, (byte) '9');
        values.put("1 MB value", large);
        values.put("bytes that are not UTF-8", new byte[] {'1', ' ', '2', ' ', (byte) 0xC3, (byte) 0x28});
        return values;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
