package fintrans.ingest;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.influxdb.InfluxDBException;

/**
 * The outcome of writing one batch to InfluxDB, grouped by what the ingester does next: commit and go
 * on ({@link Written}, {@link Rejected}), create the database again and retry ({@link SchemaMissing}),
 * or keep the batch and retry later ({@link Failed}).
 */
sealed interface WriteResult {

    /** InfluxDB stored every point. */
    record Written(int points) implements WriteResult {
    }

    /**
     * InfluxDB rejected {@code dropped} points for good (HTTP 400: field type conflict, points beyond the
     * retention policy, unable to parse) and stored the others. Writing them again fails the same way.
     */
    record Rejected(int points, int dropped, String reason) implements WriteResult {
    }

    /** The database or the retention policy does not exist, for example because someone dropped it. */
    record SchemaMissing(String reason) implements WriteResult {
    }

    /**
     * Nothing was stored, and a later attempt may succeed. InfluxDB is unreachable, timed out, responded
     * with a server error, or rejected the credentials.
     */
    record Failed(String reason, boolean authentication) implements WriteResult {
    }

    Pattern DROPPED = Pattern.compile("dropped=(\\d+)");

    /** Classifies an exception of {@code InfluxDB.write} for a batch of {@code points} points. */
    static WriteResult of(InfluxDBException exception, int points) {
        String reason = InfluxErrors.message(exception);
        String lowerCase = reason.toLowerCase(Locale.ROOT);

        // Checked first: influxdb-java maps InfluxDB's "unable to parse authentication credentials" to
        // UnableToParseException, which would otherwise drop the batch as unparseable.
        if (InfluxErrors.isAuthenticationFailure(exception)) {
            return new Failed(reason, true);
        }
        if (exception instanceof InfluxDBException.DatabaseNotFoundException
                || lowerCase.contains("database not found") || lowerCase.contains("retention policy not found")) {
            return new SchemaMissing(reason);
        }
        if (exception instanceof InfluxDBException.FieldTypeConflictException
                || exception instanceof InfluxDBException.PointsBeyondRetentionPolicyException
                || exception instanceof InfluxDBException.UnableToParseException
                || lowerCase.contains("partial write")) {
            return new Rejected(points, droppedPoints(reason, points), reason);
        }
        return new Failed(reason, false);
    }

    /**
     * Reads N from InfluxDB's {@code dropped=N}. NOTE: without that count, as in a plain "unable to parse"
     * error, every point of the batch is counted as dropped, although InfluxDB may have stored some.
     */
    static int droppedPoints(String reason, int points) {
        Matcher matcher = DROPPED.matcher(reason);
        if (!matcher.find()) {
            return points;
        }
        try {
            return (int) Math.min(points, Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException e) {
            return points;
        }
    }
}
