package fintrans.common.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert as data: the JSON value of a record on the detector's alerts topic, keyed by the source
 * account. {@link AlertJson} writes and reads it.
 *
 * @param rule which rule fired
 * @param source the source account
 * @param target the target account for {@link Rule#PAIR_TOTAL}, null for {@link Rule#STRUCTURING}
 * @param totalCents the total of the transfers the rule counted, in cents
 * @param count how many transfers the rule counted
 * @param limitCents the threshold or reporting limit the total was compared with, in cents
 * @param windowStart the oldest event time still counted (exclusive), or null when the window is unbounded
 * @param windowEnd the event time of the triggering transfer, which ends the window
 * @param detectedAt the wall-clock time the detector raised the alert
 * @param trigger the record whose transfer raised the alert
 */
public record AlertRecord(Rule rule, String source, String target, long totalCents, int count, long limitCents,
        Instant windowStart, Instant windowEnd, Instant detectedAt, Trigger trigger) {

    public AlertRecord {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(trigger, "trigger");
        if ((rule == Rule.PAIR_TOTAL) != (target != null)) {
            throw new IllegalArgumentException("a " + rule.id() + " alert " + (target == null ? "needs" : "has no")
                    + " target account");
        }
    }

    /** The rules that raise alerts, with the ids used in the JSON {@code rule} field. */
    public enum Rule {
        /** A (source, target) pair's total in the window is greater than the threshold. */
        PAIR_TOTAL("pair-total"),
        /** A source sent several transfers just under the reporting limit that together exceed it. */
        STRUCTURING("structuring");

        private final String id;

        Rule(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Returns the rule with JSON id {@code id}. */
        public static Rule fromId(String id) {
            for (Rule rule : values()) {
                if (rule.id.equals(id)) {
                    return rule;
                }
            }
            throw new IllegalArgumentException("unknown rule '" + id + "'; expected pair-total or structuring");
        }
    }

    /** The Kafka position and event time of the record that raised an alert. */
    public record Trigger(String topic, int partition, long offset, Instant timestamp) {
        public Trigger {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }
}
