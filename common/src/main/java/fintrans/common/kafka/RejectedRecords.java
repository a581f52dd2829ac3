package fintrans.common.kafka;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Counts records that a consumer skips because their value is invalid, and logs them with their
 * position and value. At most {@code maxLines} lines are logged per interval; the number of lines left
 * out is reported with the next line that is logged, so a flood of bad records cannot flood the log.
 *
 * <p>Counting is thread-safe; {@link #reject} is meant to be called from one consumer thread.
 */
public final class RejectedRecords {
    private final Logger log;
    private final long intervalNanos;
    private final int maxLines;
    private final AtomicLong count = new AtomicLong();

    private long intervalStartNanos;
    private int linesInInterval;
    private long suppressedLines;

    public RejectedRecords(Logger log, long interval, TimeUnit unit, int maxLines) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
        this.maxLines = maxLines;
        this.intervalStartNanos = System.nanoTime() - intervalNanos;
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

        long now = System.nanoTime();
        if (now - intervalStartNanos >= intervalNanos) {
            intervalStartNanos = now;
            linesInInterval = 0;
        }
        if (linesInInterval >= maxLines) {
            suppressedLines++;
            return;
        }
        linesInInterval++;
        if (suppressedLines > 0) {
            log.warn("Skipped record {}-{}@{}: {} ({} more skipped records were not logged)",
                    topic, partition, offset, reason, suppressedLines);
            suppressedLines = 0;
        } else {
            log.warn("Skipped record {}-{}@{}: {}", topic, partition, offset, reason);
        }
    }

    /** Records skipped since start. */
    public long count() {
        return count.get();
    }
}
