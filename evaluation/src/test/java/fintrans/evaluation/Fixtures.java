package fintrans.evaluation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import fintrans.common.alert.AlertRecord;
import fintrans.common.alert.AlertRecord.Rule;
import fintrans.common.alert.AlertRecord.Trigger;

/** Builders of city records and alerts for the evaluation's unit tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private Fixtures() {
    }

    static Instant minutes(long minutes) {
        return T0.plusSeconds(60 * minutes);
    }

    static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Adds a record with both scenario headers. */
    static void addScenarioRecord(GroundTruth truth, RecordPosition position, Instant time, String value, String id,
            String kind) {
        truth.addRecord(position, time, bytes(value), bytes(id), bytes(kind));
    }

    static void addBackgroundRecord(GroundTruth truth, RecordPosition position, Instant time, String value) {
        truth.addRecord(position, time, bytes(value), null, null);
    }

    static AlertRecord structuring(String source, Instant windowStart, Instant windowEnd, RecordPosition trigger) {
        return alert(Rule.STRUCTURING, source, null, windowStart, windowEnd, trigger);
    }

    static AlertRecord pairTotal(String source, String target, Instant windowStart, Instant windowEnd,
            RecordPosition trigger) {
        return alert(Rule.PAIR_TOTAL, source, target, windowStart, windowEnd, trigger);
    }

    private static AlertRecord alert(Rule rule, String source, String target, Instant windowStart, Instant windowEnd,
            RecordPosition trigger) {
        return new AlertRecord(rule, source, target, 2_700_000, 3, 1_000_000, windowStart, windowEnd,
                windowEnd.plusMillis(120),
                new Trigger(trigger.topic(), trigger.partition(), trigger.offset(), windowEnd));
    }
}
