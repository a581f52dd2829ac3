package fintrans.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations written as on the command line: a whole number and a unit, {@code ms}, {@code s},
 * {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 24h}, {@code 7d}).
 */
public final class DurationText {
    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,12})(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the text when it is not a whole number followed by a unit
     */
    public static Duration parse(String text) {
        Matcher match = text == null ? null : FORMAT.matcher(text.strip());
        if (match == null || !match.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; expected a whole number and a unit "
                    + "(ms, s, m, h or d), such as 30s, 10m or 24h");
        }
        long amount = Long.parseLong(match.group(1));
        return switch (match.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /**
     * Formats a duration with the largest unit that divides it, using days only beyond two days:
     * {@code 24h}, {@code 3d}, {@code 90m}, {@code 1500ms}.
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis > 2 * 86_400_000L && millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /** Picocli converter for duration options. */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
