package fintrans.common;

/**
 * Kafka record headers that carry the ground truth of injected laundering scenarios. Only records of a
 * scenario have them; the value format stays {@code source target amount}, so consumers that ignore
 * headers are unaffected.
 */
public final class ScenarioHeaders {
    /** The scenario's id, UTF-8 text, the same on every transfer of one scenario. */
    public static final String ID = "fintrans-scenario-id";
    /** The scenario's kind, UTF-8 text, one of {@link #KIND_ONE_TARGET} or {@link #KIND_MANY_TARGETS}. */
    public static final String KIND = "fintrans-scenario-kind";

    /** A large amount split into transfers just under the reporting limit, all to one target. */
    public static final String KIND_ONE_TARGET = "structuring-one-target";
    /** A large amount split into transfers just under the reporting limit, each to another target. */
    public static final String KIND_MANY_TARGETS = "structuring-many-targets";

    private ScenarioHeaders() {
    }
}
