package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

import fintrans.common.City;
import fintrans.common.Transaction;

class TransactionPointsTest {

    private static final long TIMESTAMP_MILLIS = 1_700_000_000_123L;

    @Test
    void pointMatchesLineProtocol() {
        Point point = TransactionPoints.toPoint(new Transaction(City.NYC, "396", "465", 678_900), 42);

        assertEquals("transactions,city=NYC amount=678900i,source=\"396\",target=\"465\" 42",
                point.lineProtocol(TimeUnit.NANOSECONDS));
    }

    @Test
    void pointHasOnlyTheCityTag() {
        Point point = TransactionPoints.toPoint(new Transaction(City.SF, "a-1", "b_2", 5), 1);

        String line = point.lineProtocol(TimeUnit.NANOSECONDS);
        String seriesKey = line.substring(0, line.indexOf(' '));
        assertEquals("transactions,city=SF", seriesKey);
    }

    @Test
    void cityWithCapitalsKeepsItsTopicName() {
        Point point = TransactionPoints.toPoint(new Transaction(City.MOSCOW, "1", "2", 100), 7);

        assertTrue(point.lineProtocol(TimeUnit.NANOSECONDS).startsWith("transactions,city=Moscow "),
                point.lineProtocol(TimeUnit.NANOSECONDS));
    }

    @Test
    void timeAddsPartitionAndOffsetToMilliseconds() {
        assertEquals(TIMESTAMP_MILLIS * 1_000_000 + 3 * 1_000 + 17, TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 3, 17));
        assertEquals(TIMESTAMP_MILLIS * 1_000_000 + 999 * 1_000 + 999,
                TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 999, 123_999));
        assertEquals(TIMESTAMP_MILLIS * 1_000_000 + 5 * 1_000 + 1,
                TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 1_005, 2_001));
    }

    @Test
    void sameMillisecondInOtherPartitionGetsOtherTime() {
        assertNotEquals(TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 0, 10),
                TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 1, 10));
    }

    @Test
    void sameMillisecondAtNextOffsetGetsOtherTime() {
        assertNotEquals(TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 2, 10),
                TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 2, 11));
    }

    @Test
    void sameRecordTwiceGetsSameTime() {
        assertEquals(TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 4, 77_777),
                TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 4, 77_777));
    }

    @Test
    void positionNeverReachesNextMillisecond() {
        long last = TransactionPoints.timeNanos(TIMESTAMP_MILLIS, 999, 999);
        long nextMillisecond = TransactionPoints.timeNanos(TIMESTAMP_MILLIS + 1, 0, 0);

        assertTrue(last < nextMillisecond, last + " must be before " + nextMillisecond);
    }

    @Test
    void negativeTimestampIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TransactionPoints.timeNanos(-1, 0, 0));

        assertTrue(error.getMessage().contains("no valid timestamp"), error.getMessage());
    }

    @Test
    void timestampBeyondInfluxRangeIsRejected() {
        long lastMillis = TransactionPoints.MAX_TIME_NANOS / 1_000_000;
        TransactionPoints.timeNanos(lastMillis - 1, 999, 999);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TransactionPoints.timeNanos(lastMillis, 999, 999));
        assertTrue(error.getMessage().contains("2262"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TransactionPoints.timeNanos(Long.MAX_VALUE, 0, 0));
    }
}
