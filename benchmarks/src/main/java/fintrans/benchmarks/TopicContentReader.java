package fintrans.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads records of a set of topics from the beginning, without a consumer group, outside any timed part. */
final class TopicContentReader {
    private TopicContentReader() {
    }

    /** Hands every record of {@code partitions} up to their end offsets at the start, at most {@code limit}, to {@code sink}. */
    static long read(String bootstrapServers, List<TopicPartition> partitions, long limit,
            Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (count < limit && !reachedEnd(consumer, ends.keySet(), ends)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (count < limit && record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        sink.accept(record);
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }
}
