package fintrans.system;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Checks consumer group progress through the Admin API, the way an operator would. */
final class ConsumerGroups {
    private ConsumerGroups() {
    }

    /**
     * Waits until {@code group} has committed the end offset of every non-empty partition of
     * {@code topics}; the services commit only what they have fully processed, so this means done.
     */
    static void awaitCommittedToEnd(Admin admin, String group, Collection<String> topics, Duration timeout)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(description -> description.partitions().stream()
                        .map(info -> new TopicPartition(description.name(), info.partition())))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();

        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long behind = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                behind += end.getValue().offset() - (offset == null ? 0 : offset.offset());
            }
            if (behind == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("group " + group + " is still " + behind + " records behind after " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
