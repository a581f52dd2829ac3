package fintrans.detector;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.Amounts;
import fintrans.common.LogLimiter;
import fintrans.common.Transaction;

/**
 * The original demo's rule: a running total per (source, target) pair, and an alert for every transfer
 * after which the pair's total is strictly greater than the threshold.
 *
 * <p>NOTE: totals never reset and are kept for every pair ever seen, so memory grows with the number of
 * distinct pairs (at most 999,000 with the generator's 1,000 accounts, unbounded with real account ids).
 *
 * <p>Not thread-safe: one detector thread owns it.
 */
public final class LaunderingRule {
    private static final Logger LOG = LoggerFactory.getLogger(LaunderingRule.class);

    private final long thresholdCents;
    /** Running totals in cents; a one-element array is updated in place to avoid boxing on every transfer. */
    private final Map<Pair, long[]> totals = new HashMap<>();
    private final LogLimiter overflowLog = new LogLimiter(1, TimeUnit.MINUTES, 5);

    public LaunderingRule(long thresholdCents) {
        if (thresholdCents < 0) {
            throw new IllegalArgumentException("threshold must not be negative, got " + thresholdCents + " cents");
        }
        this.thresholdCents = thresholdCents;
    }

    /**
     * Adds {@code transaction} to its pair's running total.
     *
     * @return the alert when the new total is strictly greater than the threshold, else null
     */
    public Alert apply(Transaction transaction) {
        long[] total = totals.computeIfAbsent(new Pair(transaction.source(), transaction.target()), pair -> new long[1]);
        total[0] = addSaturating(total[0], transaction);
        if (total[0] > thresholdCents) {
            return new Alert(transaction.source(), transaction.target(), total[0]);
        }
        return null;
    }

    /** The running total of a pair in cents, 0 for a pair never seen. */
    public long totalCents(String source, String target) {
        long[] total = totals.get(new Pair(source, target));
        return total == null ? 0 : total[0];
    }

    /** Pairs with a running total. */
    public int pairs() {
        return totals.size();
    }

    public long thresholdCents() {
        return thresholdCents;
    }

    private long addSaturating(long total, Transaction transaction) {
        try {
            return Math.addExact(total, transaction.amountCents());
        } catch (ArithmeticException e) {
            long leftOut = overflowLog.tryAcquire();
            if (leftOut >= 0) {
                LOG.warn("Total of {} -> {} exceeds {}; it stays at that maximum", transaction.source(),
                        transaction.target(), Amounts.formatDollars(Long.MAX_VALUE));
            }
            return Long.MAX_VALUE;
        }
    }

    private record Pair(String source, String target) {
    }
}
