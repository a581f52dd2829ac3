package fintrans.detector;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import fintrans.common.kafka.BrokerList;
import fintrans.common.kafka.ClientSettings;

/**
 * How a detector instance connects and runs, apart from its rules.
 *
 * @param instanceId the static group member id and the name of the transactional producer. A restarted
 *     instance with the same id takes its partitions back at once and aborts the transaction its
 *     predecessor left open; it does not wait for the session and transaction timeouts.
 * @param coPartitioned whether all city topics have the same partition count; when not, one state holds
 *     all partitions and the detector cannot be scaled out correctly
 * @param clientSettings settings added to both Kafka clients, such as those of a secured cluster
 */
public record DetectorSettings(BrokerList broker, String group, String instanceId, String alertsTopic,
        int queueCapacity, Duration commitInterval, Duration statsInterval, boolean coPartitioned, boolean devOutput,
        ClientSettings clientSettings) {

    /** Builds the consumer settings. */
    public Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "fintrans-laundering-detector-" + instanceId);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // The codec checks the bytes itself, so invalid UTF-8 is reported as a bad record, not a poll failure.
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Offsets are committed in the detector thread's transactions, together with the alerts.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts from the oldest kept transaction, so its windows include them.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Records are keyed by source account and every city topic has the same partition count, so the range
        // assignor gives one instance partition N of every topic: all transfers of a source, whatever the city.
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        // A static member that restarts within the session timeout, after a crash too, gets its partitions
        // back at once: no rebalance, and no other instance rebuilds their windows meanwhile.
        properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        return clientSettings.applyTo(properties);
    }

    /** Builds the settings of the transactional producer that writes alerts and commits offsets. */
    public Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "fintrans-laundering-detector-alerts-" + instanceId);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Alerts and consumed offsets commit atomically, so a restart neither repeats nor loses an alert.
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fintrans-laundering-detector-" + group + "-" + instanceId);
        // A transaction normally lasts one commit interval. An instance that died leaves its transaction open
        // for at most this long, unless it restarts with the same id.
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        // The broker rejects a transaction's first requests with CONCURRENT_TRANSACTIONS while it still
        // completes the previous commit, and the producer retries after this backoff. With Kafka's 100 ms
        // default, every transaction after a busy commit waited 100 ms.
        properties.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        return clientSettings.applyTo(properties);
    }
}
