package fintrans.detector.rules;

import java.util.ArrayList;
import java.util.List;

import fintrans.common.Transaction;

/**
 * The state of both rules for one partition number. Records are keyed by source account and every city
 * topic has the same partition count, so partition N of every city topic holds all transfers of the same
 * sources; one instance owns partition N of every topic, and this state, at a time.
 *
 * <p>The watermark is the latest event time applied. A record older than the watermark by more than the
 * window would count for nothing, so it is skipped and counted as late.
 *
 * <p>Not thread-safe: the detector thread owns it.
 */
public final class DetectionState {
    private final RuleSettings settings;
    private final PairTotalRule pairRule;
    private final StructuringRule structuringRule;
    private long watermark = Long.MIN_VALUE;
    private long lateRecords;

    public DetectionState(RuleSettings settings) {
        this.settings = settings;
        this.pairRule = new PairTotalRule(settings);
        this.structuringRule = new StructuringRule(settings);
    }

    /**
     * Applies a transfer with event time {@code timeMillis} to both rules.
     *
     * @return the alerts it raises, usually none; empty too when the record is late
     */
    public List<RuleHit> apply(Transaction transaction, long timeMillis) {
        if (!settings.unbounded() && watermark != Long.MIN_VALUE && timeMillis <= watermark - settings.windowMillis()) {
            lateRecords++;
            return List.of();
        }
        if (timeMillis > watermark) {
            watermark = timeMillis;
            pairRule.expire(watermark);
            structuringRule.expire(watermark);
        }

        List<RuleHit> hits = new ArrayList<>(0);
        RuleHit pairHit = pairRule.apply(transaction.source(), transaction.target(), transaction.amountCents(),
                timeMillis);
        if (pairHit != null) {
            hits.add(pairHit);
        }
        RuleHit structuringHit = structuringRule.apply(transaction.source(), transaction.amountCents(), timeMillis);
        if (structuringHit != null) {
            hits.add(structuringHit);
        }
        return hits;
    }

    /** Moves the watermark to {@code timeMillis} if it is later, expiring what left the window. */
    public void advanceTo(long timeMillis) {
        if (timeMillis > watermark) {
            watermark = timeMillis;
            pairRule.expire(watermark);
            structuringRule.expire(watermark);
        }
    }

    /** The pair's total in the window in cents, 0 for an unknown pair. */
    public long pairTotalCents(String source, String target) {
        return pairRule.totalCents(source, target);
    }

    public long watermark() {
        return watermark;
    }

    /** Pairs with transfers in the window. */
    public int pairs() {
        return pairRule.pairs();
    }

    /** Sources with transfers in the structuring band in the window. */
    public int structuringSources() {
        return structuringRule.sources();
    }

    /** Transfers held for both rules. */
    public long transfersHeld() {
        return pairRule.transfers() + structuringRule.transfers();
    }

    /** Records skipped because their event time was already outside the window. */
    public long lateRecords() {
        return lateRecords;
    }
}
