package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;
import fintrans.common.kafka.Topics;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicContents;

/**
 * The Kafka broker stops for 8 s and starts again on the same log folder and ports while the generator,
 * the ingester and the detector run as processes. None of them may exit, and afterwards InfluxDB must
 * hold every transaction that the generator reports as sent, once, and every committed alert, once.
 */
class BrokerRestartIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration BROKER_DOWN = Duration.ofSeconds(8);
    private static final String DATABASE = "restart";
    private static final Pattern GENERATOR_STOPPED =
            Pattern.compile("Generator stopped: (\\d+) generated, (\\d+) sent, (\\d+) failed");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;
    static LocalInfluxDb influx;

    @AfterAll
    static void stopServers() {
        if (influx != null) {
            influx.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void servicesRideOutBrokerRestart() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        influx = LocalInfluxDb.startOnFreePorts(tempDir);
        String broker = kafka.bootstrapServers();
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), 6, Optional.empty(), TIMEOUT);
        }

        try (ServiceProcess ingest = ServiceProcess.start(tempDir, "influx-ingest", "fintrans-influx-ingest",
                        Map.of("INFLUX_API", influx.url(), "INFLUX_TARGET_DB", DATABASE), "--broker", broker,
                        "--stats-interval", "2");
                ServiceProcess detector = ServiceProcess.start(tempDir, "laundering-detector",
                        "fintrans-laundering-detector", Map.of(), "--broker", broker, "--instance-id", "restart-1");
                ServiceProcess generator = ServiceProcess.start(tempDir, "generator", "fintrans-generator", Map.of(),
                        "--broker", broker, "--rate", "50", "--seed", "21", "--original-distribution")) {
            Supplier<String> logs = () -> "ingest stderr:\n" + ingest.stderr() + "\ndetector stderr:\n" + detector.stderr()
                    + "\ngenerator stderr:\n" + generator.stderr();
            awaitAtLeast("transactions in InfluxDB before the restart", 100, () -> transactionCount(), logs);

            kafka.close();
            Thread.sleep(BROKER_DOWN.toMillis());
            assertServicesAlive(ingest, detector, generator);
            kafka = LocalKafka.start(kafka.logDir(), kafka.brokerPort(), kafka.controllerPort());

            long afterRestart = transactionCount();
            awaitAtLeast("transactions in InfluxDB after the restart", afterRestart + 200, () -> transactionCount(), logs);
            assertServicesAlive(ingest, detector, generator);

            assertEquals(143, generator.stop(TIMEOUT), "generator ends on SIGTERM; its stderr:\n" + generator.stderr());
            Matcher stopped = GENERATOR_STOPPED.matcher(generator.stderr());
            assertTrue(stopped.find(), "the generator's closing line is missing; its stderr:\n" + generator.stderr());
            long generated = Long.parseLong(stopped.group(1));
            long sent = Long.parseLong(stopped.group(2));
            assertEquals(0, Long.parseLong(stopped.group(3)), "records the generator failed to send");
            assertEquals(generated, sent, "every generated record was acknowledged");

            try (Admin admin = kafka.admin()) {
                ConsumerGroups.awaitCommittedToEnd(admin, "influx-ingest", City.topics(), TIMEOUT);
                ConsumerGroups.awaitCommittedToEnd(admin, "laundering-detector", City.topics(), TIMEOUT);
            }
            long committedAlerts = TopicContents.readCommitted(broker, List.of("alerts"), TIMEOUT).size();
            assertTrue(committedAlerts > 0, "the detector raised no alert");
            awaitAtLeast("alerts in InfluxDB", committedAlerts, () -> alertCount(), logs);
            assertTrue(ingest.isAlive(), "influx-ingest exited; its stderr:\n" + ingest.stderr());
            assertTrue(detector.isAlive(), "laundering-detector exited; its stderr:\n" + detector.stderr());

            Map<String, List<Long>> inTopics = countsAndSumsInTopics(broker);
            assertEquals(sent, inTopics.values().stream().mapToLong(totals -> totals.get(0)).sum(),
                    "records in the city topics, against the generator's sent count");
            assertEquals(inTopics, countsAndSumsInInflux(), "transactions per city, once each");
            assertEquals(committedAlerts, alertCount(), "committed alerts, once each");

            assertEquals(143, ingest.stop(TIMEOUT), "ingest ends on SIGTERM; its stderr:\n" + ingest.stderr());
            assertEquals(143, detector.stop(TIMEOUT), "detector ends on SIGTERM; its stderr:\n" + detector.stderr());
        }
    }

    private static void assertServicesAlive(ServiceProcess ingest, ServiceProcess detector, ServiceProcess generator) {
        assertTrue(ingest.isAlive(), "influx-ingest exited; its stderr:\n" + ingest.stderr());
        assertTrue(detector.isAlive(), "laundering-detector exited; its stderr:\n" + detector.stderr());
        assertTrue(generator.isAlive(), "generator exited; its stderr:\n" + generator.stderr());
    }

    /**
     * Waits until {@code value} reaches {@code minimum}, and fails naming {@code quantity} and showing
     * {@code logs} when it does not in time.
     */
    private static void awaitAtLeast(String quantity, long minimum, LongSupplier value, Supplier<String> logs)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (value.getAsLong() < minimum) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(quantity + ": " + value.getAsLong() + " after " + TIMEOUT + ", expected at least "
                        + minimum + "\n" + logs.get());
            }
            Thread.sleep(200);
        }
    }

    /** Returns the count and the sum in cents per city of the records in the city topics, all valid ones. */
    private static Map<String, List<Long>> countsAndSumsInTopics(String broker) {
        Map<String, long[]> totals = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicContents.readAll(broker, City.topics(), TIMEOUT)) {
            City city = City.fromTopic(record.topic()).orElseThrow();
            Transaction transaction = TransactionCodec.decode(city, record.value());
            long[] total = totals.computeIfAbsent(record.topic(), topic -> new long[2]);
            total[0]++;
            total[1] += transaction.amountCents();
        }
        Map<String, List<Long>> result = new TreeMap<>();
        totals.forEach((city, total) -> result.put(city, List.of(total[0], total[1])));
        return result;
    }

    private static Map<String, List<Long>> countsAndSumsInInflux() throws Exception {
        JsonNode answer = JSON.readTree(influx.query(DATABASE,
                "SELECT count(amount), sum(amount) FROM transactions WHERE time > 0 GROUP BY city"));
        Map<String, List<Long>> result = new TreeMap<>();
        for (JsonNode series : answer.path("results").path(0).path("series")) {
            JsonNode row = series.path("values").path(0);
            result.put(series.path("tags").path("city").asText(), List.of(row.path(1).asLong(), row.path(2).asLong()));
        }
        return result;
    }

    private static long transactionCount() {
        return count("SELECT count(amount) FROM transactions WHERE time > 0");
    }

    private static long alertCount() {
        return count("SELECT count(total_cents) FROM alerts WHERE time > 0");
    }

    /** Runs a query of one count and returns the count, or 0 while the database or measurement does not exist. */
    private static long count(String statement) {
        try {
            return JSON.readTree(influx.query(DATABASE, statement)).path("results").path(0).path("series").path(0)
                    .path("values").path(0).path(1).asLong();
        } catch (Exception e) {
            return 0;
        }
    }
}
