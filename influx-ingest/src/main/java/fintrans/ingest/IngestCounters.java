package fintrans.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Totals since the ingester started. The consumer thread updates them; any thread may read them, for
 * example a test waiting for a condition.
 */
public final class IngestCounters {
    private final AtomicLong pointsWritten = new AtomicLong();
    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong droppedPoints = new AtomicLong();
    private final AtomicLong expiredPoints = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong recoveries = new AtomicLong();

    /** Points InfluxDB stored. */
    public long pointsWritten() {
        return pointsWritten.get();
    }

    /** Write requests that InfluxDB accepted in full or in part. */
    public long batchesWritten() {
        return batchesWritten.get();
    }

    /** Points InfluxDB rejected for good, such as those with a field type conflict. */
    public long droppedPoints() {
        return droppedPoints.get();
    }

    /** Records skipped because their point would be older than the retention policy's duration. */
    public long expiredPoints() {
        return expiredPoints.get();
    }

    /** Failed attempts to write a batch, including those at shutdown; schema setup at startup is not counted. */
    public long failedWrites() {
        return failedWrites.get();
    }

    /** Times writing resumed after failed attempts. */
    public long recoveries() {
        return recoveries.get();
    }

    void addBatch(long written, long dropped) {
        pointsWritten.addAndGet(written);
        droppedPoints.addAndGet(dropped);
        batchesWritten.incrementAndGet();
    }

    void addExpired() {
        expiredPoints.incrementAndGet();
    }

    void addFailedWrite() {
        failedWrites.incrementAndGet();
    }

    void addRecovery() {
        recoveries.incrementAndGet();
    }
}
