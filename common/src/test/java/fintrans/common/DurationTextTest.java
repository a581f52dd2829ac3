package fintrans.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "10m, 600000", "24h, 86400000", "7d, 604800000", "0s, 0"})
    void parsesNumberAndUnit(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationText.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "24", "h", "1.5h", "-1h", "24 h", "1w", "unbounded"})
    void rejectsInvalidDurationNamingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));

        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void formatsWithLargestUnit() {
        assertEquals("24h", DurationText.format(Duration.ofHours(24)));
        assertEquals("48h", DurationText.format(Duration.ofDays(2)));
        assertEquals("3d", DurationText.format(Duration.ofDays(3)));
        assertEquals("90m", DurationText.format(Duration.ofMinutes(90)));
        assertEquals("45s", DurationText.format(Duration.ofSeconds(45)));
        assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
    }
}
