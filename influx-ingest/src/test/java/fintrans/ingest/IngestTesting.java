package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;
import fintrans.common.kafka.Topics;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;

/** Helpers for the integration tests: topics, a producer, an in-process ingester and InfluxDB queries. */
final class IngestTesting {
    static final int PARTITIONS = 3;
    static final String ALERTS_TOPIC = "alerts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IngestTesting() {
    }

    /** Count and sum of {@code amount} of one city. */
    record CityTotals(long count, long sumCents) {
        CityTotals plus(long amountCents) {
            return new CityTotals(count + 1, sumCents + amountCents);
        }
    }

    /**
     * The transactions a test class has produced so far, per city. Every ingester run reads the topics
     * from the start, so InfluxDB must end up with exactly these totals.
     */
    static final class Ledger {
        private final Map<String, CityTotals> totals = new ConcurrentHashMap<>();

        void add(Transaction transaction) {
            totals.merge(transaction.city().topic(), new CityTotals(1, transaction.amountCents()),
                    (a, b) -> new CityTotals(a.count() + b.count(), a.sumCents() + b.sumCents()));
        }

        /** Totals sorted by city, to compare with {@link #queryTotals}. */
        Map<String, CityTotals> totals() {
            return new TreeMap<>(totals);
        }

        long count() {
            return totals.values().stream().mapToLong(CityTotals::count).sum();
        }
    }

    static void createCityTopics(LocalKafka kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), PARTITIONS, Optional.empty(), Duration.ofSeconds(30));
        }
    }

    /** Creates the city topics with the topic configuration {@code configs}. */
    static void createCityTopics(LocalKafka kafka, Map<String, String> configs) throws Exception {
        try (Admin admin = kafka.admin()) {
            List<NewTopic> topics = City.topics().stream()
                    .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1).configs(configs))
                    .toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Creates the alerts topic {@link #ALERTS_TOPIC} with {@code partitions} partitions. */
    static void createAlertsTopic(LocalKafka kafka, int partitions) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(ALERTS_TOPIC, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static KafkaProducer<String, byte[]> producer(LocalKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Sends {@code transaction} to its city topic at {@code partition} with {@code timestampMillis}, and waits for the acknowledgement. */
    static void send(KafkaProducer<String, byte[]> producer, Transaction transaction, int partition,
            long timestampMillis) throws Exception {
        producer.send(new ProducerRecord<>(transaction.city().topic(), partition, timestampMillis,
                transaction.source(), TransactionCodec.encodeBytes(transaction))).get();
    }

    /** An ingester running on its own thread. */
    record Running(Ingester ingester, Thread thread) {
        /** Shuts the ingester down and waits until it has closed its clients. */
        void stop() throws InterruptedException {
            ingester.shutdown();
            assertTrue(ingester.awaitFinished(Duration.ofSeconds(90)), "the ingester did not stop within 90 s");
            thread.join(10_000);
        }
    }

    static Running startIngester(LocalKafka kafka, LocalInfluxDb influx, String database, String group) {
        return startIngester(kafka, influx, database, group, 500);
    }

    static Running startIngester(LocalKafka kafka, LocalInfluxDb influx, String database, String group,
            int maxBatchPoints) {
        return startIngester(kafka, influx, database, group, maxBatchPoints, Optional.of(ALERTS_TOPIC));
    }

    /** Starts an ingester that reads the city topics and {@code alertsTopic}, with batches of 200 ms at most. */
    static Running startIngester(LocalKafka kafka, LocalInfluxDb influx, String database, String group,
            int maxBatchPoints, Optional<String> alertsTopic) {
        InfluxTarget target = new InfluxTarget(
                InfluxTarget.connect(influx.url(), Optional.empty(), Optional.empty()),
                influx.url(), Optional.empty(), database, RetentionDuration.parse("1h"));
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(ConsumerSettings.properties(kafka.bootstrapServers(), group));
        Ingester ingester = new Ingester(consumer, target, new BatchPolicy(maxBatchPoints, Duration.ofMillis(200)),
                Duration.ofSeconds(2), alertsTopic);
        Thread thread = new Thread(ingester, "ingester-" + group);
        thread.start();
        return new Running(ingester, thread);
    }

    /** Counts and sums {@code amount} per city in the retention policy the ingester writes to. */
    static Map<String, CityTotals> queryTotals(LocalInfluxDb influx, String database) throws Exception {
        JsonNode answer = JSON.readTree(influx.query(database, "SELECT count(amount), sum(amount) FROM \""
                + InfluxTarget.RETENTION_POLICY + "\".\"transactions\" GROUP BY city"));
        Map<String, CityTotals> totals = new TreeMap<>();
        for (JsonNode series : answer.path("results").path(0).path("series")) {
            JsonNode row = series.path("values").path(0);
            totals.put(series.path("tags").path("city").asText(), new CityTotals(row.path(1).asLong(), row.path(2).asLong()));
        }
        return totals;
    }

    /** Runs {@code statement} and returns the response as JSON. */
    static JsonNode queryJson(LocalInfluxDb influx, String database, String statement) throws Exception {
        return JSON.readTree(influx.query(database, statement));
    }

    /** Waits until {@code condition} holds, and fails with {@code state} when it does not within {@code timeout}. */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + timeout.toSeconds() + " s: " + state.get());
            }
            Thread.sleep(100);
        }
    }

    /** {@link #queryTotals}, or the error text when the query fails, for conditions and messages. */
    static Map<String, CityTotals> totalsOrEmpty(LocalInfluxDb influx, String database) {
        try {
            return queryTotals(influx, database);
        } catch (Exception e) {
            return Map.of();
        }
    }
}
