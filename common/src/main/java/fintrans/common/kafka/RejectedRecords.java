package fintrans.common.kafka;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

import fintrans.common.LogLimiter;

/**
 * Counts records that a consumer skips because their value is invalid, and logs them with their
 * position and value. At most {@code maxLines} lines are logged per interval; the number of records left
 * out of the log is reported with the next line, so a flood of bad records cannot flood the log.
 *
 * <p>{@link #count} is thread-safe; {@link #reject} is meant to be called from one consumer thread.
 */
public final class RejectedRecords {
    private final Logger log;
    private final LogLimiter limiter;
    private final AtomicLong count = new AtomicLong();

    public RejectedRecords(Logger log, long interval, TimeUnit unit, int maxLines) {
        this.log = log;
        this.limiter = new LogLimiter(interval, unit, maxLines);
    }

    /** Logs at most 10 lines per 10 seconds. */
    public RejectedRecords(Logger log) {
        this(log, 10, TimeUnit.SECONDS, 10);
    }

    /**
     * Counts a skipped record and logs it unless the rate limit is reached.
     *
     * @param reason what is wrong with the record, including its value, as {@code InvalidTransactionException} words it
     */
    public void reject(String topic, int partition, long offset, String reason) {
        count.incrementAndGet();

        long leftOut = limiter.tryAcquire();
        if (leftOut > 0) {
            log.warn("Skipped record {}-{}@{}: {} ({} more skipped records were not logged)",
                    topic, partition, offset, reason, leftOut);
        } else if (leftOut == 0) {
            log.warn("Skipped record {}-{}@{}: {}", topic, partition, offset, reason);
        }
    }

    /** Records skipped since start. */
    public long count() {
        return count.get();
    }
}
