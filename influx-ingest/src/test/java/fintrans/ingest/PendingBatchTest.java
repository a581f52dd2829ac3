package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

import fintrans.common.City;
import fintrans.common.Transaction;

class PendingBatchTest {

    private static final TopicPartition LONDON_0 = new TopicPartition("London", 0);
    private static final TopicPartition LONDON_1 = new TopicPartition("London", 1);
    private static final TopicPartition TOKYO_0 = new TopicPartition("Tokyo", 0);

    private static Point point(long cents) {
        return TransactionPoints.toPoint(new Transaction(City.LONDON, "1", "2", cents), cents);
    }

    @Test
    void skippedRecordsMoveCommittedOffset() {
        PendingBatch batch = new PendingBatch();
        batch.addPoint(LONDON_0, 10, point(1), 5);
        batch.addSkipped(LONDON_0, 11, 6);
        batch.addSkipped(TOKYO_0, 3, 7);

        assertEquals(Map.of(LONDON_0, new OffsetAndMetadata(12), TOKYO_0, new OffsetAndMetadata(4)),
                batch.offsetsToCommit());
        assertEquals(1, batch.pointCount());
        assertEquals(3, batch.recordCount());
        assertEquals(5, batch.firstRecordNanos());
    }

    @Test
    void removingPartitionsKeepsOtherPointsAndOffsets() {
        PendingBatch batch = new PendingBatch();
        batch.addPoint(LONDON_0, 10, point(1), 0);
        batch.addPoint(LONDON_1, 20, point(2), 0);
        batch.addSkipped(LONDON_1, 21, 0);
        batch.addPoint(LONDON_0, 11, point(3), 0);

        int dropped = batch.removePartitions(List.of(LONDON_1, TOKYO_0));

        assertEquals(1, dropped);
        assertEquals(List.of(point(1), point(3)), batch.points());
        assertEquals(Map.of(LONDON_0, new OffsetAndMetadata(12)), batch.offsetsToCommit());
        assertEquals(2, batch.recordCount());
        assertFalse(batch.containsAny(List.of(LONDON_1)));
        assertTrue(batch.containsAny(List.of(LONDON_0)));
    }

    @Test
    void clearEmptiesEverything() {
        PendingBatch batch = new PendingBatch();
        batch.addPoint(LONDON_0, 10, point(1), 0);

        batch.clear();

        assertTrue(batch.isEmpty());
        assertEquals(0, batch.pointCount());
        assertEquals(Map.of(), batch.offsetsToCommit());
    }

    @Test
    void firstRecordTimeRestartsAfterClear() {
        PendingBatch batch = new PendingBatch();
        batch.addSkipped(LONDON_0, 1, 100);
        batch.clear();

        batch.addSkipped(LONDON_0, 2, 900);
        batch.addSkipped(LONDON_0, 3, 950);

        assertEquals(900, batch.firstRecordNanos());
    }
}
