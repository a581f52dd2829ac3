package fintrans.common;

import java.util.concurrent.TimeUnit;

/**
 * Decides which of many similar log lines to write: at most {@code maxLines} per interval. Lines left
 * out are counted and reported by the next line that is written, so nothing is hidden silently.
 *
 * <p>Not thread-safe; give each logging thread its own or synchronize outside.
 */
public final class LogLimiter {
    private final long intervalNanos;
    private final int maxLines;

    private long intervalStartNanos;
    private int linesInInterval;
    private long suppressed;

    public LogLimiter(long interval, TimeUnit unit, int maxLines) {
        this.intervalNanos = unit.toNanos(interval);
        this.maxLines = maxLines;
        this.intervalStartNanos = System.nanoTime() - intervalNanos;
    }

    /**
     * Returns -1 when this line must be left out, or else the number of lines left out since the last
     * line written (usually 0), which the caller adds to the line.
     */
    public long tryAcquire() {
        long now = System.nanoTime();
        if (now - intervalStartNanos >= intervalNanos) {
            intervalStartNanos = now;
            linesInInterval = 0;
        }
        if (linesInInterval >= maxLines) {
            suppressed++;
            return -1;
        }
        linesInInterval++;
        long leftOut = suppressed;
        suppressed = 0;
        return leftOut;
    }
}
