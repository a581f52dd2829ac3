package fintrans.ingest;

import static fintrans.ingest.IngestTesting.await;
import static fintrans.ingest.IngestTesting.queryTotals;
import static fintrans.ingest.IngestTesting.send;
import static fintrans.ingest.IngestTesting.startIngester;
import static fintrans.ingest.IngestTesting.totalsOrEmpty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;

/** InfluxDB stops, or loses the database, while transactions keep arriving. */
class InfluxOutageIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path tempDir;

    private static LocalKafka kafka;
    private static LocalInfluxDb influx;
    private static KafkaProducer<String, byte[]> producer;
    private static final IngestTesting.Ledger ledger = new IngestTesting.Ledger();
    private static final AtomicInteger sequence = new AtomicInteger();

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

    /** Sends transactions to every city, about 50 per second, until {@code stop} is set. */
    private static Thread startSending(AtomicBoolean stop, AtomicReference<Throwable> failure) {
        Thread sender = new Thread(() -> {
            try {
                while (!stop.get()) {
                    int n = sequence.getAndIncrement();
                    City city = City.all().get(n % City.all().size());
                    Transaction transaction = new Transaction(city, "src" + n, "dst" + (n % 7), 100 + n * 3L);
                    // Several transactions share a millisecond: the timestamp moves only every fourth one.
                    long timestamp = System.currentTimeMillis() / 4 * 4;
                    send(producer, transaction, n % IngestTesting.PARTITIONS, timestamp);
                    ledger.add(transaction);
                    Thread.sleep(20);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "sender");
        sender.start();
        return sender;
    }

    /**
     * InfluxDB is stopped for 30 s while about 40 transactions a second keep coming. Memory must stay at one
     * batch plus one poll meanwhile, although Kafka receives more records than that.
     */
    @Test
    void everyRecordLandsOnceAfterOutage() throws Exception {
        int maxBatchPoints = 100;
        int bound = Ingester.maxPendingRecords(new BatchPolicy(maxBatchPoints, Duration.ofMillis(200)));
        AtomicBoolean stopSending = new AtomicBoolean();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        IngestTesting.Running running = startIngester(kafka, influx, "outage", "outage", maxBatchPoints);
        Thread sender = startSending(stopSending, sendFailure);
        try {
            await(TIMEOUT, () -> running.ingester().counters().pointsWritten() > 20,
                    () -> "points written before the outage: " + running.ingester().counters().pointsWritten());

            influx.stop();
            long sentBeforeOutage = ledger.count();
            Thread.sleep(30_000);
            long sentDuringOutage = ledger.count() - sentBeforeOutage;
            assertTrue(running.ingester().isPaused(), "writing is not paused while InfluxDB is stopped");
            String problem = running.ingester().problem(Duration.ofSeconds(5));
            assertNotNull(problem, "a health problem during the outage");
            assertTrue(problem.contains("have failed for"), "health problem: " + problem);
            assertEquals(null, running.ingester().problem(Duration.ofHours(1)), "a short outage is no problem yet");
            assertTrue(sentDuringOutage > bound, "Kafka received " + sentDuringOutage
                    + " records during the outage, not more than the bound " + bound);
            assertTrue(running.ingester().peakPendingRecords() <= bound, "held up to "
                    + running.ingester().peakPendingRecords() + " records during the outage; bound " + bound);
            assertTrue(running.ingester().pendingRecords() > 0, "no records held during the outage");
            influx.start();

            Thread.sleep(1_000);
            stopSending.set(true);
            sender.join(10_000);
            assertEquals(null, sendFailure.get());

            Map<String, IngestTesting.CityTotals> expected = ledger.totals();
            await(TIMEOUT, () -> expected.equals(totalsOrEmpty(influx, "outage")),
                    () -> "expected " + expected + ", found " + totalsOrEmpty(influx, "outage"));
            assertTrue(running.ingester().counters().failedWrites() > 0, "no failed write was counted");
            assertTrue(running.ingester().counters().recoveries() > 0, "no recovery was counted");
            assertFalse(running.ingester().isPaused(), "writing is still paused after InfluxDB came back");
            assertEquals(null, running.ingester().problem(Duration.ofSeconds(5)), "healthy again");
            assertTrue(running.ingester().peakPendingRecords() <= bound, "held up to "
                    + running.ingester().peakPendingRecords() + " records while catching up; bound " + bound);
        } finally {
            stopSending.set(true);
            running.stop();
        }
        assertEquals(ledger.totals(), queryTotals(influx, "outage"));
    }

    @Test
    void rebalanceDuringOutageLosesNothing() throws Exception {
        AtomicBoolean stopSending = new AtomicBoolean();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        IngestTesting.Running first = startIngester(kafka, influx, "rebalance", "rebalance");
        IngestTesting.Running second = startIngester(kafka, influx, "rebalance", "rebalance");
        Thread sender = startSending(stopSending, sendFailure);
        try {
            await(TIMEOUT, () -> first.ingester().counters().pointsWritten() > 0
                            && second.ingester().counters().pointsWritten() > 0,
                    () -> "points written: " + first.ingester().counters().pointsWritten() + " and "
                            + second.ingester().counters().pointsWritten());

            influx.stop();
            Thread.sleep(2_000);
            // The second ingester gives up its pending batch at shutdown. Its leaving the group revokes the
            // partitions of the first one, which drops their pending points too. Neither commits those offsets.
            second.stop();
            Thread.sleep(2_000);
            influx.start();

            Thread.sleep(1_000);
            stopSending.set(true);
            sender.join(10_000);
            assertEquals(null, sendFailure.get());

            Map<String, IngestTesting.CityTotals> expected = ledger.totals();
            await(TIMEOUT, () -> expected.equals(totalsOrEmpty(influx, "rebalance")),
                    () -> "expected " + expected + ", found " + totalsOrEmpty(influx, "rebalance"));
            assertTrue(second.ingester().counters().failedWrites() > 0, "the second ingester wrote during the outage");
        } finally {
            stopSending.set(true);
            first.stop();
            if (second.thread().isAlive()) {
                second.stop();
            }
        }
    }

    @Test
    void droppedDatabaseIsCreatedAgain() throws Exception {
        synchronized (ledger) {
            for (int i = 0; i < 10; i++) {
                int n = sequence.getAndIncrement();
                Transaction transaction = new Transaction(City.TOKYO, "src" + n, "dst", 500 + n);
                send(producer, transaction, i % IngestTesting.PARTITIONS, System.currentTimeMillis());
                ledger.add(transaction);
            }
        }
        Map<String, IngestTesting.CityTotals> before = ledger.totals();
        IngestTesting.Running running = startIngester(kafka, influx, "dropped", "dropped");
        try {
            await(TIMEOUT, () -> before.equals(totalsOrEmpty(influx, "dropped")),
                    () -> "expected " + before + ", found " + totalsOrEmpty(influx, "dropped"));

            influx.query(null, "DROP DATABASE \"dropped\"");
            List<Transaction> after = List.of(new Transaction(City.SF, "late1", "x", 4_242),
                    new Transaction(City.SF, "late2", "x", 4_343));
            for (Transaction transaction : after) {
                send(producer, transaction, 0, System.currentTimeMillis());
            }
            Map<String, IngestTesting.CityTotals> expected =
                    Map.of("SF", new IngestTesting.CityTotals(2, 4_242 + 4_343));
            await(TIMEOUT, () -> expected.equals(totalsOrEmpty(influx, "dropped")),
                    () -> "expected " + expected + ", found " + totalsOrEmpty(influx, "dropped"));
            for (Transaction transaction : after) {
                ledger.add(transaction);
            }
        } finally {
            running.stop();
        }
    }
}
