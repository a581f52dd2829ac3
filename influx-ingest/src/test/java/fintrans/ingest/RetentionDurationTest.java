package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetentionDurationTest {

    @Test
    void influxQlLiteralsAreParsed() {
        assertEquals(Duration.ofHours(1), RetentionDuration.parse("1h").duration());
        assertEquals(Duration.ofMinutes(90), RetentionDuration.parse("90m").duration());
        assertEquals(Duration.ofMinutes(90), RetentionDuration.parse("1h30m").duration());
        assertEquals(Duration.ofDays(7), RetentionDuration.parse("7d").duration());
        assertEquals(Duration.ofDays(14), RetentionDuration.parse("2w").duration());
        assertEquals(Duration.ofHours(1), RetentionDuration.parse("3600s").duration());
        assertEquals(Duration.ofHours(1), RetentionDuration.parse("3600000ms").duration());
    }

    @Test
    void infIsInfinite() {
        assertTrue(RetentionDuration.parse("INF").isInfinite());
        assertTrue(RetentionDuration.parse("inf").isInfinite());
        assertEquals("INF", RetentionDuration.parse("INF").toInfluxQl());
    }

    @Test
    void durationsUnderOneHourAreRejected() {
        for (String text : new String[] {"30m", "59m59s", "3599s", "0s", "0"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> RetentionDuration.parse(text), text);
            assertTrue(error.getMessage().contains("1h"), error.getMessage());
        }
    }

    @Test
    void shortDurationErrorSaysInfluxRejectsIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RetentionDuration.parse("30m"));

        assertTrue(error.getMessage().contains("'30m' is shorter than 1h"), error.getMessage());
        assertTrue(error.getMessage().contains("InfluxDB"), error.getMessage());
    }

    @Test
    void malformedDurationsAreRejected() {
        for (String text : new String[] {"", " ", "h", "1", "1x", "-1h", "1.5h", "1h 30m", "h1", "99999999999999999999h",
                "2562048h", "\u0661h"}) {
            assertThrows(IllegalArgumentException.class, () -> RetentionDuration.parse(text), "'" + text + "'");
        }
        assertThrows(IllegalArgumentException.class, () -> RetentionDuration.parse(null));
    }

    @Test
    void malformedDurationMessageNamesTheText() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RetentionDuration.parse("1x"));

        assertTrue(error.getMessage().contains("'1x' is not a duration"), error.getMessage());
    }

    @Test
    void shownGoDurationsAreParsed() {
        assertEquals(Optional.of(RetentionDuration.parse("1h")), RetentionDuration.parseShown("1h0m0s"));
        assertEquals(Optional.of(RetentionDuration.parse("7d")), RetentionDuration.parseShown("168h0m0s"));
        assertEquals(Optional.of(RetentionDuration.parse("90m")), RetentionDuration.parseShown("1h30m0s"));
        assertEquals(Optional.of(RetentionDuration.INFINITE), RetentionDuration.parseShown("0s"));
    }

    @Test
    void unreadableShownDurationIsEmpty() {
        assertEquals(Optional.empty(), RetentionDuration.parseShown("1h0m0.5s"));
        assertEquals(Optional.empty(), RetentionDuration.parseShown(""));
        assertEquals(Optional.empty(), RetentionDuration.parseShown(null));
    }

    @Test
    void influxQlUsesLargestExactUnit() {
        assertEquals("1h", RetentionDuration.parse("60m").toInfluxQl());
        assertEquals("90m", RetentionDuration.parse("1h30m").toInfluxQl());
        assertEquals("1w", RetentionDuration.parse("7d").toInfluxQl());
        assertEquals("3601s", RetentionDuration.parse("1h1s").toInfluxQl());
    }

    @Test
    void pointsOlderThanDurationAreExpired() {
        RetentionDuration hour = RetentionDuration.parse("1h");
        long now = 1_700_000_000_000L;

        assertFalse(hour.isExpired(now - 3_600_000, now));
        assertTrue(hour.isExpired(now - 3_600_001, now));
        assertFalse(hour.isExpired(now + 60_000, now));
        assertFalse(RetentionDuration.INFINITE.isExpired(0, now));
    }

    @Test
    void shardGroupDurationFollowsInfluxDefaults() {
        assertEquals("1h", RetentionDuration.parse("1h").defaultShardGroupDuration().toInfluxQl());
        assertEquals("1h", RetentionDuration.parse("47h").defaultShardGroupDuration().toInfluxQl());
        assertEquals("1d", RetentionDuration.parse("2d").defaultShardGroupDuration().toInfluxQl());
        assertEquals("1d", RetentionDuration.parse("179d").defaultShardGroupDuration().toInfluxQl());
        assertEquals("1w", RetentionDuration.parse("180d").defaultShardGroupDuration().toInfluxQl());
        assertEquals("1w", RetentionDuration.INFINITE.defaultShardGroupDuration().toInfluxQl());
    }
}
