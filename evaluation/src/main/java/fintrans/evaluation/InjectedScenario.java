package fintrans.evaluation;

import java.time.Instant;

/**
 * One injected scenario as the city topics show it: the id, kind and source of its first record read,
 * and the count, total and event-time span of its transfers, which grow as records are read.
 */
final class InjectedScenario {
    private final String id;
    private final String kind;
    private final String source;
    private Instant firstTransfer;
    private Instant lastTransfer;
    private long transfers;
    private long totalCents;

    InjectedScenario(String id, String kind, String source) {
        this.id = id;
        this.kind = kind;
        this.source = source;
    }

    void addTransfer(Instant eventTime, long amountCents) {
        if (firstTransfer == null || eventTime.isBefore(firstTransfer)) {
            firstTransfer = eventTime;
        }
        if (lastTransfer == null || eventTime.isAfter(lastTransfer)) {
            lastTransfer = eventTime;
        }
        transfers++;
        totalCents += amountCents;
    }

    String id() {
        return id;
    }

    String kind() {
        return kind;
    }

    String source() {
        return source;
    }

    /** Event time of the earliest transfer read. */
    Instant firstTransfer() {
        return firstTransfer;
    }

    /** Event time of the latest transfer read. */
    Instant lastTransfer() {
        return lastTransfer;
    }

    long transfers() {
        return transfers;
    }

    long totalCents() {
        return totalCents;
    }

    @Override
    public String toString() {
        return id + " (" + kind + " from " + source + ")";
    }
}
