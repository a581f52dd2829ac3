package fintrans.ingest;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The Kafka consumer configuration of the ingester. */
public final class ConsumerSettings {
    public static final String DEFAULT_GROUP = "influx-ingest";
    /**
     * Records one poll returns at most, Kafka's default stated here because the ingester's memory bound
     * depends on it: one batch of points plus the records of one poll.
     */
    public static final int MAX_POLL_RECORDS = 500;

    private ConsumerSettings() {
    }

    /** Returns the consumer properties for the brokers {@code bootstrapServers} and the consumer group {@code group}. */
    public static Properties properties(String bootstrapServers, String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        // Names the ingester in broker logs and in the output of kafka-consumer-groups.
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "fintrans-influx-ingest");
        // The key (the source account) is not used; bytes cost no decoding.
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // TransactionCodec checks the UTF-8 itself and reports invalid bytes with the record's position.
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // A new group starts with the oldest records still in the topics, so nothing sent before the first
        // start is lost. Records older than the retention duration are skipped as expired.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Offsets are committed only after InfluxDB has accepted the points, never on a timer.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The detector writes alerts in Kafka transactions; alerts of aborted transactions must not reach
        // InfluxDB. The city topics are not transactional, so this changes nothing for them.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // The ingester subscribes with a pattern, which finds a topic created after the start, such as the
        // alerts topic when the detector starts later, at the next metadata refresh: within 30 s instead
        // of Kafka's default 5 minutes.
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
        return properties;
    }
}
