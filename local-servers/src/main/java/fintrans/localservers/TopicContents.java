package fintrans.localservers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads whole topics without a consumer group, for tests that check what a service wrote. */
public final class TopicContents {
    private TopicContents() {
    }

    /**
     * Reads every record of {@code topics} from the beginning up to the end offsets at the time of the
     * call. Missing topics count as empty.
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, Collection<String> topics,
            Duration timeout) {
        return read(bootstrapServers, topics, timeout, "read_uncommitted");
    }

    /**
     * Reads like {@link #readAll}, but only records of committed transactions, up to the last stable
     * offset: what a {@code read_committed} consumer sees.
     */
    public static List<ConsumerRecord<String, byte[]>> readCommitted(String bootstrapServers, Collection<String> topics,
            Duration timeout) {
        return read(bootstrapServers, topics, timeout, "read_committed");
    }

    private static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, Collection<String> topics,
            Duration timeout, String isolationLevel) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(timeout);
            for (String topic : topics) {
                for (PartitionInfo info : existing.getOrDefault(topic, List.of())) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, timeout);

            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, endOffsets)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Reading " + topics + " did not reach the end offsets "
                            + endOffsets + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < endOffsets.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
