package fintrans.common.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates topics through the Admin API, so that no setup depends on the broker's auto-creation. */
public final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private Topics() {
    }

    /**
     * Creates those of {@code topics} that do not exist yet. Existing topics are left as they are, even
     * when their partition count differs from {@code partitions}; the count is logged.
     *
     * @param replicationFactor empty for the broker's {@code default.replication.factor}
     * @throws ExecutionException when the broker rejects the request, with Kafka's exception as the cause
     * @throws TimeoutException when the broker does not respond within {@code timeout}
     */
    public static void createMissing(Admin admin, Collection<String> topics, int partitions,
            Optional<Short> replicationFactor, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<NewTopic> missing = topics.stream()
                .filter(topic -> !existing.contains(topic))
                .map(topic -> new NewTopic(topic, Optional.of(partitions), replicationFactor))
                .toList();

        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("Created topic {} with {} partitions", result.getKey(), partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    // Another process created it between the listing and the request.
                }
            }
        }

        List<String> alreadyThere = topics.stream().filter(existing::contains).toList();
        if (!alreadyThere.isEmpty()) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(alreadyThere).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (TopicDescription description : descriptions.values()) {
                int count = description.partitions().size();
                if (count != partitions) {
                    LOG.info("Topic {} exists with {} partitions; it is used as it is, not changed to {}",
                            description.name(), count, partitions);
                }
            }
        }
    }
}
