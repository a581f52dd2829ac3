package fintrans.evaluation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import fintrans.common.kafka.BrokerList;
import fintrans.common.kafka.ClientSettings;

/**
 * Reads whole topics without a consumer group: every record from the beginning of each partition up
 * to the end offset taken when the reader was opened, so records written meanwhile are left out and
 * the reading ends. Only records of committed Kafka transactions are read.
 */
final class TopicReader implements AutoCloseable {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> endOffsets;
    private final Set<String> missingTopics;
    private final Duration stallTimeout;

    private TopicReader(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> endOffsets,
            Set<String> missingTopics, Duration stallTimeout) {
        this.consumer = consumer;
        this.endOffsets = endOffsets;
        this.missingTopics = missingTopics;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Takes the end offsets of every partition of {@code topics}; topics that do not exist count as empty.
     *
     * @param timeout limit of each request to the broker, and of a read that makes no progress
     * @param settings added to the consumer, such as the security settings of a secured cluster
     * @throws org.apache.kafka.common.KafkaException when the broker does not respond within {@code timeout}
     */
    static TopicReader open(BrokerList broker, Collection<String> topics, Duration timeout, ClientSettings settings) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.applyTo(consumerProperties(broker, timeout)));
        try {
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(timeout);
            List<TopicPartition> partitions = new ArrayList<>();
            Set<String> missing = new TreeSet<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = existing.get(topic);
                if (infos == null) {
                    missing.add(topic);
                    continue;
                }
                for (PartitionInfo info : infos) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            Map<TopicPartition, Long> endOffsets = new HashMap<>(consumer.endOffsets(partitions, timeout));
            return new TopicReader(consumer, endOffsets, missing, timeout);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Topics of those passed to {@link #open} that do not exist. */
    Set<String> missingTopics() {
        return missingTopics;
    }

    /**
     * Passes every record of {@code topics} up to the end offsets to {@code handler}, in offset order
     * within each partition.
     *
     * @return the number of records passed
     * @throws ReadStalledException when no partition moves closer to its end offset within the timeout
     */
    long read(Collection<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> handler) throws ReadStalledException {
        List<TopicPartition> partitions = endOffsets.keySet().stream()
                .filter(partition -> topics.contains(partition.topic()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);

        long passed = 0;
        Map<TopicPartition, Long> lastPositions = new HashMap<>();
        long lastProgressNanos = System.nanoTime();
        while (true) {
            List<TopicPartition> unfinished = unfinished(partitions);
            if (unfinished.isEmpty()) {
                return passed;
            }
            Map<TopicPartition, Long> positions = positions(unfinished);
            if (!positions.equals(lastPositions)) {
                lastPositions = positions;
                lastProgressNanos = System.nanoTime();
            } else if (System.nanoTime() - lastProgressNanos > stallTimeout.toNanos()) {
                throw new ReadStalledException("Reading " + topics + " made no progress for " + stallTimeout.toSeconds()
                        + " s; positions " + positions + ", end offsets taken at start " + endOffsetsOf(unfinished));
            }

            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < endOffsets.get(partition)) {
                    handler.accept(record);
                    passed++;
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** Returns the partitions whose position is before their end offset, and pauses the others. */
    private List<TopicPartition> unfinished(List<TopicPartition> partitions) {
        List<TopicPartition> unfinished = new ArrayList<>();
        List<TopicPartition> finished = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < endOffsets.get(partition)) {
                unfinished.add(partition);
            } else {
                finished.add(partition);
            }
        }
        // A finished partition is not fetched again, so the reader does not read far beyond the end offsets.
        consumer.pause(finished);
        return unfinished;
    }

    private Map<TopicPartition, Long> positions(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition));
        }
        return positions;
    }

    private Map<TopicPartition, Long> endOffsetsOf(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition partition : partitions) {
            ends.put(partition, endOffsets.get(partition));
        }
        return ends;
    }

    private static Properties consumerProperties(BrokerList broker, Duration timeout) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "fintrans-evaluate");
        // The detector writes alerts in Kafka transactions; alerts of aborted transactions were never raised.
        // At this level endOffsets returns the last stable offset, before any open transaction (as the
        // KafkaConsumer.endOffsets documentation states), so reading ends without waiting for one.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Partitions are assigned, not subscribed, and no offsets are committed, so no group is needed.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    /** Raised when reading makes no progress towards the end offsets within the timeout. */
    static final class ReadStalledException extends Exception {
        private static final long serialVersionUID = 1L;

        ReadStalledException(String message) {
            super(message);
        }
    }
}
