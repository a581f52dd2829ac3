package fintrans.ingest;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic log line: totals, the write rate since the previous line, consumer lag and whether writing
 * is paused. The consumer thread calls {@link #log}, because the lag comes from the consumer.
 */
final class RateLine {
    private static final Logger LOG = LoggerFactory.getLogger(RateLine.class);

    private final IngestCounters counters;
    private long lastNanos;
    private long lastWritten;

    RateLine(IngestCounters counters, long startNanos) {
        this.counters = counters;
        this.lastNanos = startNanos;
    }

    /** {@link System#nanoTime()} of the previous line, or of the start. */
    long lastNanos() {
        return lastNanos;
    }

    void log(long nowNanos, long rejectedRecords, String lag, String writingState) {
        LOG.info(format(nowNanos, rejectedRecords, lag, writingState));
    }

    /** Builds the line and starts the next interval at {@code nowNanos}. */
    String format(long nowNanos, long rejectedRecords, String lag, String writingState) {
        long written = counters.pointsWritten();
        double seconds = Math.max(1e-9, (nowNanos - lastNanos) / 1e9);
        String line = String.format(Locale.ROOT,
                "written %d points (+%d, %.1f points/s) in %d batches, lag %s, rejected %d records, dropped %d points, "
                        + "expired %d, %s",
                written, written - lastWritten, (written - lastWritten) / seconds, counters.batchesWritten(), lag,
                rejectedRecords, counters.droppedPoints(), counters.expiredPoints(), writingState);
        lastNanos = nowNanos;
        lastWritten = written;
        return line;
    }
}
