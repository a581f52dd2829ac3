package fintrans.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EventTimeMergerTest {
    private static final TopicPartition LONDON_0 = new TopicPartition("London", 0);
    private static final TopicPartition NYC_0 = new TopicPartition("NYC", 0);
    private static final TopicPartition NYC_1 = new TopicPartition("NYC", 1);

    private long now;
    private final Set<TopicPartition> caughtUp = new HashSet<>();
    private final Set<TopicPartition> behind = new HashSet<>();
    private final List<String> released = new ArrayList<>();
    private final EventTimeMerger merger = new EventTimeMerger(partition -> partition, () -> now, 1_000, 2);

    @Test
    void releasesGroupInTimestampOrder() {
        merger.assign(List.of(LONDON_0, NYC_0));
        merger.add(record(LONDON_0, 0, 30));
        merger.add(record(LONDON_0, 1, 50));
        merger.add(record(NYC_0, 0, 10));
        merger.add(record(NYC_0, 1, 40));
        caughtUp.add(LONDON_0);
        caughtUp.add(NYC_0);

        release();

        assertEquals(List.of("NYC-0@0", "London-0@0", "NYC-0@1", "London-0@1"), released);
    }

    @Test
    void waitsForPartitionThatIsNotCaughtUp() {
        merger.assign(List.of(LONDON_0, NYC_0));
        merger.add(record(LONDON_0, 0, 30));

        release();
        assertEquals(List.of(), released);

        merger.add(record(NYC_0, 0, 20));
        release();

        assertEquals(List.of("NYC-0@0"), released);
    }

    @Test
    void releasesWhenOtherPartitionsAreCaughtUp() {
        merger.assign(List.of(LONDON_0, NYC_0));
        merger.add(record(LONDON_0, 0, 30));
        caughtUp.add(NYC_0);

        release();

        assertEquals(List.of("London-0@0"), released);
    }

    @Test
    void releasesAfterMaximumWaitInTimeAndRounds() {
        merger.assign(List.of(LONDON_0, NYC_0));
        merger.add(record(LONDON_0, 0, 30));
        release();

        now += 1_000;
        release();
        assertEquals(List.of(), released, "one round is not enough");

        release();
        assertEquals(List.of("London-0@0"), released);
    }

    @Test
    void neverReleasesAheadOfPartitionKnownToBeBehind() {
        merger.assign(List.of(LONDON_0, NYC_0));
        merger.add(record(LONDON_0, 0, 30));
        behind.add(NYC_0);

        for (int i = 0; i < 10; i++) {
            now += 1_000;
            release();
        }

        assertEquals(List.of(), released);
    }

    @Test
    void manyRoundsWithoutTimeDoNotRelease() {
        merger.assign(List.of(LONDON_0, NYC_0));
        merger.add(record(LONDON_0, 0, 30));

        for (int i = 0; i < 10; i++) {
            release();
        }

        assertEquals(List.of(), released);
    }

    @Test
    void groupsDoNotWaitForEachOther() {
        merger.assign(List.of(LONDON_0, NYC_0, NYC_1));
        merger.add(record(NYC_1, 0, 99));
        merger.add(record(LONDON_0, 0, 1));

        release();

        assertEquals(List.of("NYC-1@0"), released);
    }

    @Test
    void equalTimestampsFollowCityThenOffset() {
        merger.assign(List.of(LONDON_0, NYC_0));
        merger.add(record(NYC_0, 0, 5));
        merger.add(record(LONDON_0, 7, 5));
        merger.add(record(LONDON_0, 8, 5));
        caughtUp.add(LONDON_0);
        caughtUp.add(NYC_0);

        release();

        assertEquals(List.of("London-0@7", "London-0@8", "NYC-0@0"), released);
    }

    @Test
    void removedPartitionsDropTheirRecords() {
        merger.assign(List.of(LONDON_0, NYC_0));
        merger.add(record(LONDON_0, 0, 5));
        merger.add(record(NYC_0, 0, 6));

        merger.remove(List.of(LONDON_0));

        assertEquals(1, merger.buffered());
    }

    private EventTimeMerger.Progress progress(TopicPartition partition) {
        if (caughtUp.contains(partition)) {
            return EventTimeMerger.Progress.CAUGHT_UP;
        }
        return behind.contains(partition) ? EventTimeMerger.Progress.BEHIND : EventTimeMerger.Progress.UNKNOWN;
    }

    private void release() {
        merger.release(this::progress, record -> released.add(record.topic() + "-" + record.partition() + "@"
                + record.offset()));
    }

    @Test
    void declinedRecordStaysBuffered() {
        merger.assign(List.of(LONDON_0, NYC_0));
        merger.add(record(LONDON_0, 0, 1));
        merger.add(record(LONDON_0, 1, 2));
        caughtUp.add(NYC_0);

        boolean drained = merger.release(this::progress, record -> false);

        assertEquals(false, drained);
        assertEquals(2, merger.buffered());
        release();
        assertEquals(List.of("London-0@0", "London-0@1"), released);
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, long timestamp) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, "k", new byte[0],
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }
}
