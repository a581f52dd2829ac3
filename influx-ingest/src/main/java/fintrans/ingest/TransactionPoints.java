package fintrans.ingest;

import java.util.concurrent.TimeUnit;

import org.influxdb.dto.Point;

import fintrans.common.Transaction;

/**
 * Converts transactions into InfluxDB points of the measurement {@value #MEASUREMENT}.
 *
 * <p>The only tag is {@value #CITY_TAG}. Account ids are string fields, because as tags every account
 * pair would start a series of its own and the number of series would grow without bound. The amount
 * is an integer field in cents ({@code amount=678900i}), so sums are exact.
 *
 * <p>InfluxDB identifies a point by measurement, tag set and time, and a second point with the same
 * identity replaces the first. The time of a point is therefore the Kafka record timestamp plus a part
 * taken from the record's position:
 * {@code timestampMillis * 1_000_000 + (partition % 1000) * 1_000 + (offset % 1000)} nanoseconds. This
 * keeps apart transactions of the same millisecond, and makes the time deterministic, so that reading
 * a record again rewrites its point instead of adding one. Two records of one city still get the same
 * time, and the later one replaces the earlier, when
 * <ul>
 *   <li>one partition contains 1,000 or more records with the same millisecond timestamp (their offsets
 *       can be equal modulo 1,000), or</li>
 *   <li>a topic has more than 1,000 partitions (partitions {@code p} and {@code p + 1000} give the same
 *       middle part).</li>
 * </ul>
 * {@link CollisionWatch} logs a warning in both cases.
 */
public final class TransactionPoints {
    public static final String MEASUREMENT = "transactions";
    public static final String CITY_TAG = "city";
    public static final String AMOUNT_FIELD = "amount";
    public static final String SOURCE_FIELD = "source";
    public static final String TARGET_FIELD = "target";

    /** Partitions and same-millisecond records per partition that get distinct point times. */
    public static final int DISTINCT_PER_MILLISECOND = 1000;

    /** The latest time InfluxDB 1.x stores, in nanoseconds since the epoch; later points are rejected. */
    public static final long MAX_TIME_NANOS = Long.MAX_VALUE - 1;

    private static final long NANOS_PER_MILLI = 1_000_000;

    private TransactionPoints() {
    }

    /**
     * Returns the point time in nanoseconds since the epoch for the record at {@code partition} and
     * {@code offset} with the timestamp {@code timestampMillis}.
     *
     * @throws IllegalArgumentException when the timestamp is negative (Kafka's "no timestamp") or so far
     *     in the future that the time does not fit InfluxDB's range, which ends in the year 2262
     */
    public static long timeNanos(long timestampMillis, int partition, long offset) {
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("the record has no valid timestamp (" + timestampMillis
                    + " ms); a point needs the time of the transaction");
        }
        long positionNanos = (partition % DISTINCT_PER_MILLISECOND) * 1_000L + (offset % DISTINCT_PER_MILLISECOND);
        if (timestampMillis > (MAX_TIME_NANOS - positionNanos) / NANOS_PER_MILLI) {
            throw new IllegalArgumentException("the record timestamp " + timestampMillis + " ms is later than "
                    + "2262-04-11, the last time InfluxDB can store");
        }
        return timestampMillis * NANOS_PER_MILLI + positionNanos;
    }

    /** Builds the point of {@code transaction} with the time {@code timeNanos}. */
    public static Point toPoint(Transaction transaction, long timeNanos) {
        return Point.measurement(MEASUREMENT)
                .time(timeNanos, TimeUnit.NANOSECONDS)
                .tag(CITY_TAG, transaction.city().topic())
                .addField(AMOUNT_FIELD, transaction.amountCents())
                .addField(SOURCE_FIELD, transaction.source())
                .addField(TARGET_FIELD, transaction.target())
                .build();
    }
}
