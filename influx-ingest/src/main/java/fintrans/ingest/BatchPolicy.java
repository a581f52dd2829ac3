package fintrans.ingest;

import java.time.Duration;

/**
 * Decides when a batch is written: when it contains {@code maxPoints} points, or when {@code maxDelay}
 * has passed since its first record was added, whichever comes first. A batch that contains only
 * skipped records (no points) is due by age too, so that their offsets get committed.
 */
public record BatchPolicy(int maxPoints, Duration maxDelay) {

    public BatchPolicy {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("invalid maximum batch size " + maxPoints + ": expected 1 or more points");
        }
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("invalid maximum batch delay " + maxDelay + ": expected more than 0");
        }
    }

    /** Returns true when a batch of {@code points} points is full. */
    public boolean isFull(int points) {
        return points >= maxPoints;
    }

    /**
     * Returns true when the batch must be written now.
     *
     * @param records points and skipped records in the batch
     * @param firstRecordNanos {@link System#nanoTime()} when the first of them was added
     */
    public boolean isDue(int points, int records, long firstRecordNanos, long nowNanos) {
        if (records == 0) {
            return false;
        }
        return isFull(points) || nowNanos - firstRecordNanos >= maxDelay.toNanos();
    }
}
