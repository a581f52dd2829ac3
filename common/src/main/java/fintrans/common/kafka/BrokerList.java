package fintrans.common.kafka;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A Kafka bootstrap list, {@code HOST:PORT[,HOST:PORT...]}, checked when the command line is parsed so
 * that a typo fails at once instead of as a connection timeout.
 */
public record BrokerList(List<String> addresses) {

    public BrokerList {
        addresses = List.copyOf(addresses);
    }

    /** The value for Kafka's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return String.join(",", addresses);
    }

    @Override
    public String toString() {
        return bootstrapServers();
    }

    /** Parses {@code HOST:PORT[,HOST:PORT...]}; IPv6 hosts are written in brackets, {@code [::1]:9092}. */
    public static BrokerList parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the broker list is empty; expected HOST:PORT[,HOST:PORT...], "
                    + "for example localhost:9092");
        }
        List<String> addresses = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String address = entry.strip();
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? "" : address.substring(0, colon);
            String port = colon < 0 ? "" : address.substring(colon + 1);
            if (host.isEmpty() || !isPort(port)) {
                throw new IllegalArgumentException("'" + address + "' in '" + text + "' is not HOST:PORT with a port "
                        + "from 1 to 65535; expected HOST:PORT[,HOST:PORT...], for example localhost:9092");
            }
            addresses.add(address);
        }
        return new BrokerList(addresses);
    }

    private static boolean isPort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535;
    }

    /** Picocli converter for {@code --broker}. */
    public static final class Converter implements ITypeConverter<BrokerList> {
        @Override
        public BrokerList convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
