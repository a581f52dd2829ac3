package fintrans.common.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fintrans.common.alert.AlertRecord.Rule;
import fintrans.common.alert.AlertRecord.Trigger;

class AlertJsonTest {
    private static final Instant END = Instant.parse("2026-12-04T10:00:00Z");
    private static final Trigger TRIGGER = new Trigger("London", 3, 1234, END);

    @Test
    void roundTripsStructuringAlert() {
        AlertRecord alert = new AlertRecord(Rule.STRUCTURING, "516", null, 2_700_050, 3, 1_000_000,
                END.minusSeconds(86_400), END, END.plusMillis(120), TRIGGER);

        assertEquals(alert, AlertJson.read(AlertJson.write(alert)));
    }

    @Test
    void roundTripsPairAlertWithUnboundedWindow() {
        AlertRecord alert = new AlertRecord(Rule.PAIR_TOTAL, "516", "482", 864_400, 2, 800_000, null, END, END,
                TRIGGER);

        assertEquals(alert, AlertJson.read(AlertJson.write(alert)));
    }

    @Test
    void writesDollarsBesideCents() {
        AlertRecord alert = new AlertRecord(Rule.PAIR_TOTAL, "1", "2", 800_001, 2, 800_000, null, END, END, TRIGGER);

        String json = new String(AlertJson.write(alert), StandardCharsets.UTF_8);

        assertTrue(json.contains("\"total\":8000.01"), json);
        assertTrue(json.contains("\"totalCents\":800001"), json);
        assertTrue(json.contains("\"limit\":8000,"), json);
        assertTrue(json.contains("\"rule\":\"pair-total\""), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{}", "{\"rule\":\"other\"}",
            "{\"rule\":\"structuring\",\"source\":\"1\",\"totalCents\":\"5\"}"})
    void rejectsInvalidAlert(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlertJson.read(value.getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().startsWith("invalid alert: "), e.getMessage());
    }

    @Test
    void pairAlertNeedsTarget() {
        assertThrows(IllegalArgumentException.class,
                () -> new AlertRecord(Rule.PAIR_TOTAL, "1", null, 1, 1, 0, null, END, END, TRIGGER));
    }
}
