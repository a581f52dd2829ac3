package fintrans.detector;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The next offset to commit per partition: one past the last record the detector thread has fully
 * processed, with its alert written out. The detector thread publishes, the consumer thread commits.
 */
final class ProcessedOffsets {
    private final Map<TopicPartition, Long> nextOffsets = new ConcurrentHashMap<>();

    void publish(Map<TopicPartition, Long> processed) {
        nextOffsets.putAll(processed);
    }

    /** The offsets to commit for those of {@code partitions} that have processed records. */
    Map<TopicPartition, OffsetAndMetadata> toCommit(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long next = nextOffsets.get(partition);
            if (next != null) {
                commit.put(partition, new OffsetAndMetadata(next));
            }
        }
        return commit;
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(nextOffsets::remove);
    }
}
