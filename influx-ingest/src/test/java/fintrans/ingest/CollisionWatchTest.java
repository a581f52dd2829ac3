package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CollisionWatchTest {

    @Test
    void revokedPartitionsAreForgotten() {
        CollisionWatch watch = new CollisionWatch(LoggerFactory.getLogger(CollisionWatchTest.class));
        TopicPartition london = new TopicPartition("London", 0);
        TopicPartition tokyo = new TopicPartition("Tokyo", 1);

        for (long offset = 0; offset < 2_500; offset++) {
            watch.onRecord(london, 1_000, offset);
        }
        watch.onRecord(tokyo, 1_000, 0);
        assertEquals(2, watch.trackedPartitions());

        watch.onRevoked(List.of(london, tokyo));

        assertEquals(0, watch.trackedPartitions());
    }
}
