package fintrans.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads the progress of a benchmark from the broker through the Admin API: the records in a set of
 * topics (their end offsets) and the offsets a consumer group has committed. Also recreates topics, so
 * that each round starts empty.
 */
final class KafkaProbe implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 30_000;

    private final Admin admin;

    KafkaProbe(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "fintrans-benchmarks"));
    }

    /** Returns the sum of the end offsets of every partition of {@code topics}: the records written so far. */
    long endOffsetSum(Collection<String> topics) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition partition : partitions(topics)) {
            request.put(partition, OffsetSpec.latest());
        }
        long sum = 0;
        for (ListOffsetsResultInfo info : await(admin.listOffsets(request).all()).values()) {
            sum += info.offset();
        }
        return sum;
    }

    /** Returns the sum of the offsets {@code group} has committed on {@code topics}, 0 before its first commit. */
    long committedSum(String group, Collection<String> topics) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            if (entry.getValue() != null && topics.contains(entry.getKey().topic())) {
                sum += entry.getValue().offset();
            }
        }
        return sum;
    }

    List<TopicPartition> partitions(Collection<String> topics) {
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(topics).allTopicNames());
        return descriptions.values().stream()
                .flatMap(description -> description.partitions().stream()
                        .map(info -> new TopicPartition(description.name(), info.partition())))
                .toList();
    }

    /** Deletes {@code topics} where they exist and creates them empty with {@code partitionCount} partitions. */
    void recreateTopics(Collection<String> topics, int partitionCount) throws Exception {
        deleteTopics(topics);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        List<NewTopic> newTopics = topics.stream()
                .map(topic -> new NewTopic(topic, Optional.of(partitionCount), Optional.empty()))
                .toList();
        while (true) {
            try {
                admin.createTopics(newTopics).all().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                awaitLeaders(topics, deadline);
                return;
            } catch (ExecutionException e) {
                // A topic deleted a moment ago can still be in the metadata for a short while.
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw e;
                }
                deleteTopics(topics);
                Thread.sleep(200);
            }
        }
    }

    /**
     * Waits until the broker serves offset requests for every partition of {@code topics}: a partition
     * created a moment ago has no leader yet, and the Admin API then fails with UnknownTopicOrPartition.
     */
    private void awaitLeaders(Collection<String> topics, long deadlineNanos) throws InterruptedException {
        while (true) {
            try {
                endOffsetSum(topics);
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadlineNanos) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Deletes those of {@code topics} that exist and waits until the broker no longer lists them. */
    void deleteTopics(Collection<String> topics) throws Exception {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        List<String> present = topics.stream().filter(existing::contains).toList();
        if (present.isEmpty()) {
            return;
        }
        try {
            admin.deleteTopics(present).all().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (admin.listTopics().names().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).stream().anyMatch(present::contains)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topics " + present + " are still listed " + TIMEOUT_MILLIS + " ms after deletion");
            }
            Thread.sleep(100);
        }
    }

    /** Waits for an Admin API result; a failure or timeout ends the benchmark with the broker's exception. */
    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Admin request failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Admin request timed out after " + TIMEOUT_MILLIS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
