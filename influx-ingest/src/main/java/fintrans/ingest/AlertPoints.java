package fintrans.ingest;

import java.util.concurrent.TimeUnit;

import org.influxdb.dto.Point;

import fintrans.common.alert.AlertRecord;

/**
 * Converts the detector's alerts into InfluxDB points of the measurement {@value #MEASUREMENT}, for the
 * dashboard's alert table.
 *
 * <p>The only tag is {@value #RULE_TAG}, which has two values ({@code pair-total} and
 * {@code structuring}). Accounts and the trigger are string fields, so the number of series stays at two.
 * {@value #TARGET_FIELD} is the empty string for a structuring alert, which has no target account.
 * {@value #TOTAL_CENTS_FIELD} is the exact total as an integer, and {@value #TOTAL_FIELD} the same total in
 * dollars as a float, for display.
 *
 * <p>The point time is the alert's {@code windowEnd}, which is the event time of the triggering transfer,
 * made unique per record of the alerts topic in the same way as a transaction's time (see
 * {@link TransactionPoints#timeNanos}): {@code windowEndMillis * 1_000_000 + (partition % 1000) * 1_000
 * + (offset % 1000)} nanoseconds, from the partition and offset of the alert's own record. Reading that
 * record again rewrites the same point.
 */
public final class AlertPoints {
    public static final String MEASUREMENT = "alerts";
    public static final String RULE_TAG = "rule";
    public static final String SOURCE_FIELD = "source";
    public static final String TARGET_FIELD = "target";
    public static final String TOTAL_CENTS_FIELD = "total_cents";
    public static final String TOTAL_FIELD = "total";
    public static final String COUNT_FIELD = "count";
    public static final String TRIGGER_FIELD = "trigger";

    private AlertPoints() {
    }

    /**
     * Returns the point time in nanoseconds since the epoch for {@code alert}, read from the record at
     * {@code partition} and {@code offset} of the alerts topic.
     *
     * @throws IllegalArgumentException when the window end lies before 1970 or after InfluxDB's last time
     *     in 2262
     */
    public static long timeNanos(AlertRecord alert, int partition, long offset) {
        long windowEndMillis = alert.windowEnd().toEpochMilli();
        if (windowEndMillis < 0) {
            throw new IllegalArgumentException("the alert's windowEnd " + alert.windowEnd() + " lies before 1970, "
                    + "and the ingester writes no points before 1970");
        }
        try {
            return TransactionPoints.timeNanos(windowEndMillis, partition, offset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the alert's windowEnd " + alert.windowEnd() + " is later than "
                    + "2262-04-11, the last time InfluxDB can store", e);
        }
    }

    /** Builds the point of {@code alert} with the time {@code timeNanos}. */
    public static Point toPoint(AlertRecord alert, long timeNanos) {
        return Point.measurement(MEASUREMENT)
                .time(timeNanos, TimeUnit.NANOSECONDS)
                .tag(RULE_TAG, alert.rule().id())
                .addField(SOURCE_FIELD, alert.source())
                .addField(TARGET_FIELD, alert.target() == null ? "" : alert.target())
                .addField(TOTAL_CENTS_FIELD, alert.totalCents())
                .addField(TOTAL_FIELD, alert.totalCents() / 100.0)
                .addField(COUNT_FIELD, (long) alert.count())
                .addField(TRIGGER_FIELD, trigger(alert.trigger()))
                .build();
    }

    /** Returns the position of the triggering record as {@code topic-partition@offset}, the form log lines use. */
    public static String trigger(AlertRecord.Trigger trigger) {
        return trigger.topic() + "-" + trigger.partition() + "@" + trigger.offset();
    }
}
