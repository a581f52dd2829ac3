package fintrans.ingest;

import java.util.Locale;

import javax.net.ssl.SSLException;

import org.influxdb.InfluxDBException;

/** Reads the errors of influxdb-java, whose messages are InfluxDB's own error text. */
final class InfluxErrors {
    /** Characters of an InfluxDB message kept in a log line; a parse error quotes the whole line protocol. */
    static final int MAX_MESSAGE_CHARS = 500;

    private InfluxErrors() {
    }

    /**
     * Returns true when InfluxDB rejected the credentials or the user's privileges. influxdb-java 2.25
     * drops the HTTP status, so this reads InfluxDB 1.x's words: "authorization failed", "unable to parse
     * authentication credentials", "user is not authorized", "error authorizing query".
     */
    static boolean isAuthenticationFailure(InfluxDBException exception) {
        if (exception instanceof InfluxDBException.AuthorizationFailedException) {
            return true;
        }
        String text = message(exception).toLowerCase(Locale.ROOT);
        return text.contains("authoriz") || text.contains("authentication");
    }

    /**
     * InfluxDB's error text, or the cause of a connection failure, without control characters and shortened.
     * A failed TLS handshake gets {@link #TLS_HINT} appended.
     */
    static String message(Throwable exception) {
        String text = exception.getMessage();
        if (text == null || text.isBlank()) {
            text = exception.getCause() != null ? exception.getCause().toString() : exception.toString();
        }
        return isTlsFailure(exception) ? clean(text) + TLS_HINT : clean(text);
    }

    static final String TLS_HINT = " (TLS with InfluxDB failed: check that the host of --influx-url is named in "
            + "InfluxDB's certificate, and give a certificate that the JVM does not trust by default as a PEM file "
            + "with --influx-ca-cert or INFLUX_CA_CERT)";

    /** Returns true when {@code exception} or one of its causes is a TLS handshake or verification failure. */
    static boolean isTlsFailure(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    /** Replaces line breaks and other control characters with spaces and cuts the text to {@link #MAX_MESSAGE_CHARS}. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE_CHARS) + 3);
        for (int i = 0; i < text.length() && i < MAX_MESSAGE_CHARS; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            out.append("...");
        }
        return out.toString().strip();
    }
}
