package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.common.alert.AlertRecord.Rule;
import fintrans.common.alert.AlertRecord.Trigger;

class AlertPointsTest {
    private static final Instant WINDOW_END = Instant.ofEpochMilli(1_700_000_000_123L);
    private static final Trigger TRIGGER = new Trigger("London", 3, 1234, WINDOW_END);

    private static AlertRecord pairAlert(long totalCents) {
        return new AlertRecord(Rule.PAIR_TOTAL, "516", "482", totalCents, 2, 800_000, null, WINDOW_END,
                WINDOW_END.plusMillis(40), TRIGGER);
    }

    private static AlertRecord structuringAlert() {
        return new AlertRecord(Rule.STRUCTURING, "516", null, 2_700_050, 3, 1_000_000,
                WINDOW_END.minusSeconds(86_400), WINDOW_END, WINDOW_END.plusMillis(40), TRIGGER);
    }

    @Test
    void pairAlertMatchesLineProtocol() {
        Point point = AlertPoints.toPoint(pairAlert(864_401), 42);

        assertEquals("alerts,rule=pair-total count=2i,source=\"516\",target=\"482\",total=8644.01,total_cents=864401i,"
                + "trigger=\"London-3@1234\" 42", point.lineProtocol(TimeUnit.NANOSECONDS));
    }

    @Test
    void structuringAlertHasEmptyTarget() {
        Point point = AlertPoints.toPoint(structuringAlert(), 7);

        assertEquals("alerts,rule=structuring count=3i,source=\"516\",target=\"\",total=27000.5,total_cents=2700050i,"
                + "trigger=\"London-3@1234\" 7", point.lineProtocol(TimeUnit.NANOSECONDS));
    }

    @Test
    void ruleIsTheOnlyTag() {
        String line = AlertPoints.toPoint(pairAlert(900_000), 1).lineProtocol(TimeUnit.NANOSECONDS);

        assertEquals("alerts,rule=pair-total", line.substring(0, line.indexOf(' ')));
    }

    @Test
    void timeIsWindowEndPlusAlertRecordPosition() {
        long expected = WINDOW_END.toEpochMilli() * 1_000_000 + 2 * 1_000 + 17;

        assertEquals(expected, AlertPoints.timeNanos(pairAlert(900_000), 2, 5_017));
    }

    @Test
    void timeIgnoresDetectionTime() {
        AlertRecord detectedLater = new AlertRecord(Rule.PAIR_TOTAL, "516", "482", 900_000, 2, 800_000, null,
                WINDOW_END, WINDOW_END.plusSeconds(3_600), TRIGGER);

        assertEquals(AlertPoints.timeNanos(pairAlert(900_000), 1, 1), AlertPoints.timeNanos(detectedLater, 1, 1));
    }

    @Test
    void alertsOfOtherRecordsGetOtherTimes() {
        AlertRecord alert = pairAlert(900_000);

        assertNotEquals(AlertPoints.timeNanos(alert, 0, 10), AlertPoints.timeNanos(alert, 0, 11));
        assertNotEquals(AlertPoints.timeNanos(alert, 0, 10), AlertPoints.timeNanos(alert, 1, 10));
    }

    @Test
    void pointSurvivesJsonRoundTrip() {
        AlertRecord read = AlertJson.read(AlertJson.write(structuringAlert()));

        assertEquals(AlertPoints.toPoint(structuringAlert(), 5).lineProtocol(TimeUnit.NANOSECONDS),
                AlertPoints.toPoint(read, 5).lineProtocol(TimeUnit.NANOSECONDS));
    }

    @Test
    void windowEndBefore1970IsRejected() {
        AlertRecord old = new AlertRecord(Rule.PAIR_TOTAL, "1", "2", 900_000, 2, 800_000, null,
                Instant.ofEpochMilli(-5), WINDOW_END, TRIGGER);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> AlertPoints.timeNanos(old, 0, 0));
        assertTrue(error.getMessage().contains("before 1970"), error.getMessage());
    }

    @Test
    void windowEndAfter2262IsRejected() {
        AlertRecord late = new AlertRecord(Rule.PAIR_TOTAL, "1", "2", 900_000, 2, 800_000, null,
                Instant.parse("2262-04-12T00:00:00Z"), WINDOW_END, TRIGGER);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> AlertPoints.timeNanos(late, 0, 0));
        assertTrue(error.getMessage().contains("2262"), error.getMessage());
    }
}
