package fintrans.ingest;

import java.time.Duration;
import java.util.Optional;

/**
 * The duration of the InfluxDB retention policy that contains the points, or infinite ({@code INF}).
 *
 * <p>{@link #parse} reads InfluxQL duration literals such as {@code 1h}, {@code 90m}, {@code 2d} or
 * {@code 1h30m}, and {@link #parseShown} also reads the Go durations that {@code SHOW RETENTION
 * POLICIES} returns ({@code 1h0m0s}, {@code 0s} for infinite). InfluxDB 1.x rejects retention
 * policies shorter than one hour, so {@link #parse} rejects them too, with a message naming that limit.
 */
public final class RetentionDuration {
    /** The shortest retention policy duration InfluxDB 1.x accepts. */
    public static final Duration MINIMUM = Duration.ofHours(1);

    public static final RetentionDuration INFINITE = new RetentionDuration(Duration.ZERO);

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final long NANOS_PER_HOUR = 60 * NANOS_PER_MINUTE;
    private static final long NANOS_PER_DAY = 24 * NANOS_PER_HOUR;
    private static final long NANOS_PER_WEEK = 7 * NANOS_PER_DAY;

    /** Zero for infinite. */
    private final Duration duration;

    private RetentionDuration(Duration duration) {
        this.duration = duration;
    }

    /**
     * Parses a retention duration given by the user: {@code INF} (any case) or an InfluxQL duration
     * literal of one hour or more.
     *
     * @throws IllegalArgumentException naming the text and the reason, for the command-line error
     */
    public static RetentionDuration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the retention duration is empty; expected a duration of at least 1h "
                    + "such as 1h, 90m or 7d, or INF to keep points forever");
        }
        String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase("INF")) {
            return INFINITE;
        }
        long nanos = parseNanos(trimmed);
        if (nanos < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; expected a number followed by a unit "
                    + "(ns, u, ms, s, m, h, d, w), such as 1h, 90m or 7d, or INF to keep points forever");
        }
        if (nanos < MINIMUM.toNanos()) {
            throw new IllegalArgumentException("the retention duration '" + text + "' is shorter than 1h, the minimum "
                    + "that InfluxDB 1.x accepts for a retention policy; use 1h or more, or INF to keep points forever");
        }
        return new RetentionDuration(Duration.ofNanos(nanos));
    }

    /**
     * Parses the duration column of {@code SHOW RETENTION POLICIES}, where {@code 0s} means infinite.
     *
     * @return empty when the text is not a duration this class can read, for example one with a fraction
     */
    public static Optional<RetentionDuration> parseShown(String text) {
        if (text == null) {
            return Optional.empty();
        }
        long nanos = parseNanos(text.strip());
        if (nanos < 0) {
            return Optional.empty();
        }
        return Optional.of(nanos == 0 ? INFINITE : new RetentionDuration(Duration.ofNanos(nanos)));
    }

    /**
     * Parses a sequence of integer and unit pairs such as {@code 1h30m} into nanoseconds.
     *
     * @return -1 when the text is not such a sequence or the sum does not fit a {@code long}
     */
    static long parseNanos(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long total = 0;
        int position = 0;
        while (position < text.length()) {
            int digitsStart = position;
            while (position < text.length() && isAsciiDigit(text.charAt(position))) {
                position++;
            }
            if (position == digitsStart || position - digitsStart > 18) {
                return -1;
            }
            long amount = Long.parseLong(text.substring(digitsStart, position));

            int unitStart = position;
            while (position < text.length() && !isAsciiDigit(text.charAt(position))) {
                position++;
            }
            long unitNanos = unitNanos(text.substring(unitStart, position));
            if (unitNanos < 0) {
                return -1;
            }
            try {
                total = Math.addExact(total, Math.multiplyExact(amount, unitNanos));
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return total;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Nanoseconds in one unit of InfluxQL ({@code u}, {@code µ}, {@code d}, {@code w}) or Go ({@code us}); -1 if unknown. */
    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "u", "us", "\u00b5", "\u00b5s", "\u03bcs" -> 1_000;
            case "ms" -> 1_000_000;
            case "s" -> 1_000_000_000;
            case "m" -> NANOS_PER_MINUTE;
            case "h" -> NANOS_PER_HOUR;
            case "d" -> NANOS_PER_DAY;
            case "w" -> NANOS_PER_WEEK;
            default -> -1;
        };
    }

    public boolean isInfinite() {
        return duration.isZero();
    }

    /** Returns the duration, or {@link Duration#ZERO} for infinite as InfluxDB stores it. */
    public Duration duration() {
        return duration;
    }

    /**
     * Returns true when a point at {@code pointMillis} is older than this duration at {@code nowMillis}.
     * InfluxDB rejects such points with "points beyond retention policy".
     */
    public boolean isExpired(long pointMillis, long nowMillis) {
        return !isInfinite() && pointMillis < nowMillis - duration.toMillis();
    }

    /**
     * Returns the shard group duration InfluxDB 1.x picks for a retention policy of this duration when
     * none is given. Below 2 days it is 1h, below 180 days 1d, and else 7d, also for infinite policies.
     * These are the values InfluxDB 1.6 shows after CREATE RETENTION POLICY.
     */
    public RetentionDuration defaultShardGroupDuration() {
        if (isInfinite() || duration.compareTo(Duration.ofDays(180)) >= 0) {
            return new RetentionDuration(Duration.ofDays(7));
        }
        if (duration.compareTo(Duration.ofDays(2)) >= 0) {
            return new RetentionDuration(Duration.ofDays(1));
        }
        return new RetentionDuration(Duration.ofHours(1));
    }

    /** Returns the InfluxQL literal: {@code INF}, or the duration in the largest unit that expresses it exactly. */
    public String toInfluxQl() {
        if (isInfinite()) {
            return "INF";
        }
        long nanos = duration.toNanos();
        long[] unitSizes = {NANOS_PER_WEEK, NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MINUTE, 1_000_000_000, 1_000_000, 1_000};
        String[] unitNames = {"w", "d", "h", "m", "s", "ms", "u"};
        for (int i = 0; i < unitSizes.length; i++) {
            if (nanos % unitSizes[i] == 0) {
                return nanos / unitSizes[i] + unitNames[i];
            }
        }
        return nanos + "ns";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RetentionDuration that && duration.equals(that.duration);
    }

    @Override
    public int hashCode() {
        return duration.hashCode();
    }

    @Override
    public String toString() {
        return toInfluxQl();
    }
}
