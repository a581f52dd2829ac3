package fintrans.ingest;

import static fintrans.ingest.IngestTesting.await;
import static fintrans.ingest.IngestTesting.queryJson;
import static fintrans.ingest.IngestTesting.startIngester;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.common.alert.AlertRecord.Rule;
import fintrans.common.alert.AlertRecord.Trigger;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;

/**
 * Alerts written the way the detector writes them, in Kafka transactions, some of them aborted, go through
 * a real broker and the ingester into a real InfluxDB. Only alerts of committed transactions may appear.
 */
class AlertIngestIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ALERTS = IngestTesting.ALERTS_TOPIC;
    private static final List<String> INVALID_VALUES = List.of("not json", "{\"rule\":\"pair-total\"}");

    @TempDir
    static Path tempDir;

    private static LocalKafka kafka;
    private static LocalInfluxDb influx;
    /** The committed alerts, each with the offset of its record in partition 0 of the alerts topic. */
    private static final Map<Long, AlertRecord> committed = new TreeMap<>();
    private static final List<AlertRecord> aborted = new ArrayList<>();

    @BeforeAll
    static void startServersWithAlerts() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        influx = LocalInfluxDb.startOnFreePorts(tempDir);
        IngestTesting.createCityTopics(kafka);
        IngestTesting.createAlertsTopic(kafka, 2);
        writeAlerts(Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS));
    }

    @AfterAll
    static void stopServers() {
        if (influx != null) {
            influx.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * Writes into partition 0 of the alerts topic: a committed transaction of two alerts, an aborted one of
     * two, a committed one of one, and then two invalid values outside transactions. The last committed
     * alert follows the aborted ones, so an ingester that has written it has read past them.
     */
    private static void writeAlerts(Instant windowEnd) throws Exception {
        AlertRecord pair = alert(Rule.PAIR_TOTAL, "516", "482", 864_401, 2, windowEnd, "London", 0, 17);
        AlertRecord structuring = alert(Rule.STRUCTURING, "516", null, 2_700_050, 3, windowEnd, "London", 0, 17);
        AlertRecord abortedPair = alert(Rule.PAIR_TOTAL, "700", "701", 900_000, 2, windowEnd.plusMillis(5), "NYC", 1, 3);
        AlertRecord abortedStructuring = alert(Rule.STRUCTURING, "700", null, 3_000_000, 3, windowEnd.plusMillis(5),
                "NYC", 1, 3);
        AlertRecord late = alert(Rule.PAIR_TOTAL, "9", "10", 1_000_099, 4, windowEnd.plusSeconds(30), "Tokyo", 2, 44);

        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.initTransactions();

            producer.beginTransaction();
            long pairOffset = send(producer, pair).offset();
            long structuringOffset = send(producer, structuring).offset();
            producer.commitTransaction();
            committed.put(pairOffset, pair);
            committed.put(structuringOffset, structuring);

            producer.beginTransaction();
            send(producer, abortedPair);
            send(producer, abortedStructuring);
            producer.flush();
            producer.abortTransaction();
            aborted.add(abortedPair);
            aborted.add(abortedStructuring);

            producer.beginTransaction();
            long lateOffset = send(producer, late).offset();
            producer.commitTransaction();
            committed.put(lateOffset, late);
        }
        try (KafkaProducer<String, byte[]> producer = IngestTesting.producer(kafka)) {
            for (String value : INVALID_VALUES) {
                producer.send(new ProducerRecord<>(ALERTS, 0, "bad", value.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static AlertRecord alert(Rule rule, String source, String target, long totalCents, int count,
            Instant windowEnd, String topic, int partition, long offset) {
        return new AlertRecord(rule, source, target, totalCents, count, 800_000, null, windowEnd,
                windowEnd.plusMillis(3), new Trigger(topic, partition, offset, windowEnd));
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, AlertRecord alert) throws Exception {
        return producer.send(new ProducerRecord<>(ALERTS, 0, alert.windowEnd().toEpochMilli(), alert.source(),
                AlertJson.write(alert))).get();
    }

    private static KafkaProducer<String, byte[]> transactionalProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alert-ingest-test",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @Test
    void onlyCommittedAlertsLand() throws Exception {
        IngestTesting.Running running = startIngester(kafka, influx, "alerts_committed", "alerts-committed", 500);
        try {
            await(TIMEOUT, () -> alertRowsOrEmpty("alerts_committed").size() == committed.size()
                            && running.ingester().rejectedRecords() == INVALID_VALUES.size(),
                    () -> "alert rows " + alertRowsOrEmpty("alerts_committed") + ", rejected records "
                            + running.ingester().rejectedRecords());
        } finally {
            running.stop();
        }

        assertEquals(expectedRows(), alertRows("alerts_committed"));
        assertEquals(INVALID_VALUES.size(), running.ingester().rejectedRecords());
        assertEquals(committed.size(), running.ingester().counters().pointsWritten());
    }

    @Test
    void abortedAlertsNeverLand() throws Exception {
        IngestTesting.Running running = startIngester(kafka, influx, "alerts_aborted", "alerts-aborted", 500);
        try {
            await(TIMEOUT, () -> alertRowsOrEmpty("alerts_aborted").size() >= committed.size(),
                    () -> "alert rows " + alertRowsOrEmpty("alerts_aborted"));
        } finally {
            running.stop();
        }

        List<String> sources = alertRows("alerts_aborted").stream().map(row -> row.get(2)).toList();
        for (AlertRecord alert : aborted) {
            assertTrue(!sources.contains(alert.source()), "alert of an aborted transaction in InfluxDB: " + alert);
        }
    }

    @Test
    void secondReadRewritesSamePoints() throws Exception {
        IngestTesting.Running first = startIngester(kafka, influx, "alerts_twice", "alerts-twice-1", 500);
        try {
            await(TIMEOUT, () -> alertRowsOrEmpty("alerts_twice").size() == committed.size(),
                    () -> "alert rows " + alertRowsOrEmpty("alerts_twice"));
        } finally {
            first.stop();
        }

        IngestTesting.Running second = startIngester(kafka, influx, "alerts_twice", "alerts-twice-2", 500);
        try {
            await(TIMEOUT, () -> second.ingester().counters().pointsWritten() == committed.size(),
                    () -> "points written by the second run: " + second.ingester().counters().pointsWritten());
        } finally {
            second.stop();
        }

        assertEquals(expectedRows(), alertRows("alerts_twice"));
    }

    @Test
    void emptyAlertsTopicReadsNoAlerts() throws Exception {
        try (KafkaProducer<String, byte[]> producer = IngestTesting.producer(kafka)) {
            IngestTesting.send(producer, new Transaction(City.SF, "1", "2", 1_234), 0, System.currentTimeMillis());
        }

        IngestTesting.Running running = startIngester(kafka, influx, "alerts_off", "alerts-off", 500, Optional.empty());
        try {
            assertEquals(City.topics(), running.ingester().topics());
            await(TIMEOUT, () -> Map.of("SF", new IngestTesting.CityTotals(1, 1_234))
                            .equals(IngestTesting.totalsOrEmpty(influx, "alerts_off")),
                    () -> "found " + IngestTesting.totalsOrEmpty(influx, "alerts_off"));
        } finally {
            running.stop();
        }

        JsonNode measurements = queryJson(influx, "alerts_off", "SHOW MEASUREMENTS");
        assertEquals("[[\"transactions\"]]",
                measurements.path("results").path(0).path("series").path(0).path("values").toString());
        try (Admin admin = kafka.admin()) {
            Set<TopicPartition> committedPartitions =
                    admin.listConsumerGroupOffsets("alerts-off").partitionsToOffsetAndMetadata().get().keySet();
            assertTrue(committedPartitions.stream().noneMatch(partition -> partition.topic().equals(ALERTS)),
                    "offsets committed: " + committedPartitions);
        }
    }

    /**
     * The ingester starts before the alerts topic exists, as when it starts before the detector. It must
     * read the topic after its next metadata refresh, which ConsumerSettings sets to 30 s at most.
     */
    @Test
    void alertsTopicCreatedLaterIsRead() throws Exception {
        String laterTopic = "alerts-created-later";
        IngestTesting.Running running = startIngester(kafka, influx, "alerts_later", "alerts-later", 500,
                Optional.of(laterTopic));
        try {
            await(TIMEOUT, () -> running.ingester().counters().pointsWritten() > 0,
                    () -> "the ingester wrote no transaction of the city topics");
            try (Admin admin = kafka.admin()) {
                admin.createTopics(List.of(new NewTopic(laterTopic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            AlertRecord alert = committed.values().iterator().next();
            try (KafkaProducer<String, byte[]> producer = IngestTesting.producer(kafka)) {
                producer.send(new ProducerRecord<>(laterTopic, alert.source(), AlertJson.write(alert))).get();
            }

            await(Duration.ofSeconds(90), () -> alertRowsOrEmpty("alerts_later").size() == 1,
                    () -> "alert rows " + alertRowsOrEmpty("alerts_later"));
        } finally {
            running.stop();
        }

        assertEquals(alert(committed.values().iterator().next()), alertRows("alerts_later").get(0).subList(1, 8));
    }

    /** Returns the columns after the time that {@link #alertRows} reads for {@code alert}. */
    private static List<String> alert(AlertRecord alert) {
        return List.of(alert.rule().id(), alert.source(), alert.target() == null ? "" : alert.target(),
                Long.toString(alert.totalCents()), Double.toString(alert.totalCents() / 100.0),
                Integer.toString(alert.count()), AlertPoints.trigger(alert.trigger()));
    }

    /** Returns the rows that the committed alerts make, in the column order of {@link #alertRows}. */
    private static List<List<String>> expectedRows() {
        List<List<String>> rows = new ArrayList<>();
        committed.forEach((offset, alert) -> {
            List<String> row = new ArrayList<>();
            row.add(Long.toString(AlertPoints.timeNanos(alert, 0, offset)));
            row.addAll(alert(alert));
            rows.add(row);
        });
        rows.sort((a, b) -> Long.compare(Long.parseLong(a.get(0)), Long.parseLong(b.get(0))));
        return rows;
    }

    /** Time in nanoseconds, rule, source, target, total_cents, total, count and trigger of every alert point. */
    private static List<List<String>> alertRows(String database) throws Exception {
        JsonNode answer = queryJson(influx, database, "SELECT \"rule\", \"source\", \"target\", \"total_cents\", "
                + "\"total\", \"count\", \"trigger\" FROM \"" + InfluxTarget.RETENTION_POLICY + "\".\"alerts\"");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : answer.path("results").path(0).path("series").path(0).path("values")) {
            Instant time = Instant.parse(row.path(0).asText());
            long nanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();
            rows.add(List.of(Long.toString(nanos), row.path(1).asText(), row.path(2).asText(), row.path(3).asText(),
                    Long.toString(row.path(4).asLong()), Double.toString(row.path(5).asDouble()),
                    Long.toString(row.path(6).asLong()), row.path(7).asText()));
        }
        return rows;
    }

    private static List<List<String>> alertRowsOrEmpty(String database) {
        try {
            return alertRows(database);
        } catch (Exception e) {
            return List.of();
        }
    }
}
