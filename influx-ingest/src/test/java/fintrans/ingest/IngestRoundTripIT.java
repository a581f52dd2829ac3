package fintrans.ingest;

import static fintrans.ingest.IngestTesting.await;
import static fintrans.ingest.IngestTesting.queryJson;
import static fintrans.ingest.IngestTesting.queryTotals;
import static fintrans.ingest.IngestTesting.send;
import static fintrans.ingest.IngestTesting.startIngester;
import static fintrans.ingest.IngestTesting.totalsOrEmpty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.localservers.InvalidValues;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;

/**
 * Transactions through a real broker into a real InfluxDB. The topics of this class keep every record
 * its tests produce, and each ingester run reads them all with a new consumer group into a new database,
 * so each run must end with exactly the totals of {@link #ledger}.
 */
class IngestRoundTripIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tempDir;

    private static LocalKafka kafka;
    private static LocalInfluxDb influx;
    private static KafkaProducer<String, byte[]> producer;
    private static final IngestTesting.Ledger ledger = new IngestTesting.Ledger();
    private static int invalidRecords;
    private static int expiredRecords;

    @BeforeAll
    static void startServers() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        influx = LocalInfluxDb.startOnFreePorts(tempDir);
        IngestTesting.createCityTopics(kafka);
        producer = IngestTesting.producer(kafka);
    }

    @AfterAll
    static void stopServers() {
        if (producer != null) {
            producer.close();
        }
        if (influx != null) {
            influx.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * Sends, per city: six records of one millisecond to partition 0, one record of that millisecond to
     * each other partition, and records a few milliseconds apart, all within the last hour.
     */
    private static synchronized void produceKnownTransactions(long baseMillis) throws Exception {
        int cityIndex = 0;
        for (City city : City.all()) {
            List<Transaction> sameMillisecond = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sameMillisecond.add(new Transaction(city, "s" + i, "t" + cityIndex, 1_000 + i * 101 + cityIndex));
            }
            for (Transaction transaction : sameMillisecond) {
                send(producer, transaction, 0, baseMillis);
                ledger.add(transaction);
            }
            for (int partition = 1; partition < IngestTesting.PARTITIONS; partition++) {
                Transaction transaction = new Transaction(city, "p" + partition, "x", 678_900 + partition);
                send(producer, transaction, partition, baseMillis);
                ledger.add(transaction);
            }
            for (int i = 0; i < 20; i++) {
                Transaction transaction = new Transaction(city, "a" + i, "b" + i, 12_345L * (i + 1) + cityIndex);
                send(producer, transaction, i % IngestTesting.PARTITIONS, baseMillis + 37L * i);
                ledger.add(transaction);
            }
            cityIndex++;
        }
    }

    @Test
    void transactionsLandOncePerRecord() throws Exception {
        produceKnownTransactions(System.currentTimeMillis() - Duration.ofMinutes(10).toMillis());
        Map<String, IngestTesting.CityTotals> expected = ledger.totals();

        IngestTesting.Running first = startIngester(kafka, influx, "round_trip", "round-trip-1");
        try {
            await(TIMEOUT, () -> expected.equals(totalsOrEmpty(influx, "round_trip")),
                    () -> "expected " + expected + ", found " + totalsOrEmpty(influx, "round_trip"));
        } finally {
            first.stop();
        }
        assertEquals(expected, queryTotals(influx, "round_trip"));
        assertEquals(0, first.ingester().exitCode());

        // A second group reads every record again; deterministic point times make it rewrite the same points.
        IngestTesting.Running second = startIngester(kafka, influx, "round_trip", "round-trip-2");
        try {
            await(TIMEOUT, () -> second.ingester().counters().pointsWritten() >= ledger.count(),
                    () -> "points written by the second run: " + second.ingester().counters().pointsWritten());
        } finally {
            second.stop();
        }
        assertEquals(expected, queryTotals(influx, "round_trip"));
    }

    /**
     * Two ingesters of one group share the partitions while transactions keep coming. The second one joins
     * while the first is writing, so partitions move between them with batches pending.
     */
    @Test
    void twoInstancesWriteEachLiveRecordOnce() throws Exception {
        AtomicBoolean stopSending = new AtomicBoolean();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        IngestTesting.Running first = startIngester(kafka, influx, "two_instances", "two-instances");
        IngestTesting.Running second = null;
        Thread sender = startSending(stopSending, sendFailure);
        try {
            await(TIMEOUT, () -> first.ingester().counters().pointsWritten() > 20,
                    () -> "points written by the first ingester: " + first.ingester().counters().pointsWritten());
            IngestTesting.Running joined = startIngester(kafka, influx, "two_instances", "two-instances");
            second = joined;
            long writtenBeforeJoin = first.ingester().counters().pointsWritten();
            await(TIMEOUT, () -> joined.ingester().counters().pointsWritten() > 20
                            && first.ingester().counters().pointsWritten() > writtenBeforeJoin + 20,
                    () -> "points written: " + first.ingester().counters().pointsWritten() + " and "
                            + joined.ingester().counters().pointsWritten());

            stopSending.set(true);
            sender.join(10_000);
            assertEquals(null, sendFailure.get());
            Map<String, IngestTesting.CityTotals> expected = ledger.totals();
            await(TIMEOUT, () -> expected.equals(totalsOrEmpty(influx, "two_instances")),
                    () -> "expected " + expected + ", found " + totalsOrEmpty(influx, "two_instances"));
        } finally {
            stopSending.set(true);
            first.stop();
            if (second != null) {
                second.stop();
            }
        }
        assertEquals(ledger.totals(), queryTotals(influx, "two_instances"));
        assertTrue(first.ingester().counters().pointsWritten() + second.ingester().counters().pointsWritten()
                >= ledger.count(), "together the two ingesters wrote every record at least once");
    }

    /** Sends transactions to every city and partition, about 100 per second, until {@code stop} is set. */
    private static Thread startSending(AtomicBoolean stop, AtomicReference<Throwable> failure) {
        Thread sender = new Thread(() -> {
            try {
                for (int n = 0; !stop.get(); n++) {
                    City city = City.all().get(n % City.all().size());
                    Transaction transaction = new Transaction(city, "live" + n, "to" + (n % 11), 1_000 + n * 7L);
                    synchronized (IngestRoundTripIT.class) {
                        send(producer, transaction, n % IngestTesting.PARTITIONS, System.currentTimeMillis());
                        ledger.add(transaction);
                    }
                    Thread.sleep(10);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "live-sender");
        sender.start();
        return sender;
    }

    @Test
    void cityIsTheOnlyTag() throws Exception {
        produceKnownTransactions(System.currentTimeMillis() - Duration.ofMinutes(5).toMillis());
        Map<String, IngestTesting.CityTotals> expected = ledger.totals();

        IngestTesting.Running running = startIngester(kafka, influx, "schema", "schema");
        try {
            await(TIMEOUT, () -> expected.equals(totalsOrEmpty(influx, "schema")),
                    () -> "expected " + expected + ", found " + totalsOrEmpty(influx, "schema"));
        } finally {
            running.stop();
        }

        JsonNode tagKeys = queryJson(influx, "schema", "SHOW TAG KEYS FROM \"transactions\"");
        JsonNode tagSeries = tagKeys.path("results").path(0).path("series");
        assertEquals(1, tagSeries.size(), tagKeys.toString());
        assertEquals("[[\"city\"]]", tagSeries.path(0).path("values").toString());

        JsonNode fieldKeys = queryJson(influx, "schema", "SHOW FIELD KEYS FROM \"transactions\"");
        assertEquals("[[\"amount\",\"integer\"],[\"source\",\"string\"],[\"target\",\"string\"]]",
                fieldKeys.path("results").path(0).path("series").path(0).path("values").toString());
    }

    @Test
    void retentionPolicyIsOneHourDefault() throws Exception {
        try (InfluxTarget target = new InfluxTarget(
                InfluxTarget.connect(influx.url(), Optional.empty(), Optional.empty()), influx.url(), Optional.empty(),
                "retention", RetentionDuration.parse("1h"))) {
            target.prepareSchema();
        }

        assertEquals(List.of("fintrans_recent", "1h0m0s", true), retentionPolicy("retention"));
    }

    @Test
    void retentionPolicyWithOtherDurationIsAltered() throws Exception {
        influx.query(null, "CREATE DATABASE \"altered\"");
        influx.query(null, "CREATE RETENTION POLICY \"fintrans_recent\" ON \"altered\" DURATION 30d REPLICATION 1");

        try (InfluxTarget target = new InfluxTarget(
                InfluxTarget.connect(influx.url(), Optional.empty(), Optional.empty()), influx.url(), Optional.empty(),
                "altered", RetentionDuration.parse("1h"))) {
            target.prepareSchema();
        }

        assertEquals(List.of("fintrans_recent", "1h0m0s", true), retentionPolicy("altered"));
    }

    @Test
    void invalidValuesAreCountedAndSkipped() throws Exception {
        long baseMillis = System.currentTimeMillis() - Duration.ofMinutes(3).toMillis();
        int sent = 0;
        synchronized (IngestRoundTripIT.class) {
            for (byte[] value : InvalidValues.all().values()) {
                Transaction good = new Transaction(City.LONDON, "g" + sent, "h", 5_000 + sent);
                send(producer, good, 0, baseMillis + sent);
                ledger.add(good);
                producer.send(new ProducerRecord<>(City.LONDON.topic(), 0, baseMillis + sent, "bad", value)).get();
                invalidRecords++;
                sent++;
            }
            Transaction last = new Transaction(City.LONDON, "after", "bad", 777);
            send(producer, last, 0, baseMillis + sent);
            ledger.add(last);
        }
        Map<String, IngestTesting.CityTotals> expected = ledger.totals();

        IngestTesting.Running running = startIngester(kafka, influx, "invalid", "invalid");
        try {
            await(TIMEOUT, () -> expected.equals(totalsOrEmpty(influx, "invalid")),
                    () -> "expected " + expected + ", found " + totalsOrEmpty(influx, "invalid"));
            assertEquals(invalidRecords, running.ingester().rejectedRecords());
            assertTrue(running.thread().isAlive(), "the ingester stopped after invalid records");
        } finally {
            running.stop();
        }
        assertEquals(InvalidValues.all().size(), invalidRecords);
    }

    @Test
    void expiredRecordsAreCountedNotWritten() throws Exception {
        long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        int expiredBefore;
        synchronized (IngestRoundTripIT.class) {
            for (int i = 0; i < 3; i++) {
                send(producer, new Transaction(City.MOSCOW, "old" + i, "x", 10_000 + i), 1, twoHoursAgo + i);
                expiredRecords++;
            }
            Transaction fresh = new Transaction(City.MOSCOW, "fresh", "x", 321);
            send(producer, fresh, 1, System.currentTimeMillis());
            ledger.add(fresh);
            expiredBefore = expiredRecords;
        }
        Map<String, IngestTesting.CityTotals> expected = ledger.totals();

        IngestTesting.Running running = startIngester(kafka, influx, "expired", "expired");
        try {
            await(TIMEOUT, () -> expected.equals(totalsOrEmpty(influx, "expired")),
                    () -> "expected " + expected + ", found " + totalsOrEmpty(influx, "expired"));
        } finally {
            running.stop();
        }
        assertEquals(expiredBefore, running.ingester().counters().expiredPoints());
        assertEquals(0, running.ingester().counters().droppedPoints());
    }

    /** Name, duration and default flag of fintrans_recent in {@code database}. */
    private static List<Object> retentionPolicy(String database) throws Exception {
        JsonNode answer = queryJson(influx, null, "SHOW RETENTION POLICIES ON \"" + database + "\"");
        JsonNode series = answer.path("results").path(0).path("series").path(0);
        List<String> columns = new ArrayList<>();
        series.path("columns").forEach(column -> columns.add(column.asText()));
        for (JsonNode row : series.path("values")) {
            if (row.path(columns.indexOf("name")).asText().equals(InfluxTarget.RETENTION_POLICY)) {
                return List.of(row.path(columns.indexOf("name")).asText(), row.path(columns.indexOf("duration")).asText(),
                        row.path(columns.indexOf("default")).asBoolean());
            }
        }
        throw new AssertionError("no retention policy " + InfluxTarget.RETENTION_POLICY + " in " + answer);
    }
}
