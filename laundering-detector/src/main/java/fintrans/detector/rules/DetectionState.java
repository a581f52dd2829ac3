package fintrans.detector.rules;

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
 * <p>Both rules key their state by {@code int} ids of the accounts, which one {@link AccountIds}
 * dictionary hands out and takes back when no pair or source refers to an account any more.
 *
 * <p>Not thread-safe: the detector thread owns it.
 */
public final class DetectionState {
    private final RuleSettings settings;
    private final PairTotalRule pairRule;
    private final StructuringRule structuringRule;
    private final AccountIds accounts = new AccountIds();
    private long watermark = Long.MIN_VALUE;
    private long lateRecords;

    public DetectionState(RuleSettings settings) {
        this.settings = settings;
        this.pairRule = new PairTotalRule(settings, accounts);
        this.structuringRule = new StructuringRule(settings, accounts);
    }

    /**
     * Applies a transfer with event time {@code timeMillis} to both rules.
     *
     * @return the alerts it raises, usually none; empty too when the record is late. The list is
     *     unmodifiable.
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

        // A new account gets an id with no references. The pair rule then creates a pair that retains
        // it, because a new account always makes a new pair, and no id is released before that.
        int sourceId = accounts.intern(transaction.source());
        int targetId = accounts.intern(transaction.target());
        RuleHit pairHit = pairRule.apply(sourceId, targetId, transaction.source(), transaction.target(),
                transaction.amountCents(), timeMillis);
        RuleHit structuringHit = structuringRule.apply(sourceId, transaction.source(), transaction.amountCents(),
                timeMillis);
        if (pairHit == null) {
            return structuringHit == null ? List.of() : List.of(structuringHit);
        }
        return structuringHit == null ? List.of(pairHit) : List.of(pairHit, structuringHit);
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
        int sourceId = accounts.find(source);
        int targetId = accounts.find(target);
        if (sourceId == AccountIds.ABSENT || targetId == AccountIds.ABSENT) {
            return 0;
        }
        return pairRule.totalCents(sourceId, targetId);
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

    /** Accounts that a pair or a source in the state refers to. */
    public int accounts() {
        return accounts.size();
    }

    /** Records skipped because their event time was already outside the window. */
    public long lateRecords() {
        return lateRecords;
    }
}
