package fintrans.ingest;

import static fintrans.ingest.IngestTesting.await;
import static fintrans.ingest.IngestTesting.send;
import static fintrans.ingest.IngestTesting.startIngester;
import static fintrans.ingest.IngestTesting.totalsOrEmpty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;

/**
 * A float {@code amount} already stored in a shard makes InfluxDB reject the ingester's integer amounts
 * for that shard. InfluxDB keeps field types per shard, and a shard of a 1h retention policy covers one
 * hour. So the float point and the rejected transactions lie two hours in the future, and no hour
 * boundary during the test can separate them or reach the good transactions of the present.
 */
class FieldTypeConflictIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String DATABASE = "conflict";

    @TempDir
    static Path tempDir;

    private static LocalKafka kafka;
    private static LocalInfluxDb influx;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void startServers() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        influx = LocalInfluxDb.startOnFreePorts(tempDir);
        // Kafka 4 rejects timestamps more than 1 h ahead by default; the float point lies over 2 h ahead.
        IngestTesting.createCityTopics(kafka, Map.of("message.timestamp.after.max.ms",
                Long.toString(Duration.ofHours(4).toMillis())));
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

    @Test
    void conflictIsLoggedAndLaterBatchesLand() throws Exception {
        long conflictMillis = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(121)).toEpochMilli();
        try (InfluxTarget target = new InfluxTarget(
                InfluxTarget.connect(influx.url(), Optional.empty(), Optional.empty()), influx.url(), Optional.empty(),
                DATABASE, RetentionDuration.parse("1h"))) {
            target.prepareSchema();
        }
        writeLine("transactions,city=NYC amount=1.5,source=\"float\",target=\"float\" " + conflictMillis * 1_000_000);

        for (int i = 0; i < 4; i++) {
            send(producer, new Transaction(City.NYC, "future" + i, "y", 100 + i), 0, conflictMillis + i);
        }
        send(producer, new Transaction(City.LONDON, "now", "y", 900), 1, System.currentTimeMillis());

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, log), true, StandardCharsets.UTF_8));
        IngestTesting.Running running = startIngester(kafka, influx, DATABASE, "conflict");
        try {
            await(TIMEOUT, () -> running.ingester().counters().droppedPoints() == 4,
                    () -> "dropped points: " + running.ingester().counters().droppedPoints());
            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("InfluxDB rejected 4 of"), text);
            assertTrue(text.contains("for database conflict, measurement transactions"), text);
            assertTrue(text.contains("field type conflict"), text);

            send(producer, new Transaction(City.TOKYO, "later", "y", 1_234), 2, System.currentTimeMillis());
            IngestTesting.CityTotals tokyo = new IngestTesting.CityTotals(1, 1_234);
            await(TIMEOUT, () -> tokyo.equals(totalsOrEmpty(influx, DATABASE).get("Tokyo")),
                    () -> "found " + totalsOrEmpty(influx, DATABASE));
        } finally {
            running.stop();
            System.setErr(originalErr);
        }

        Map<String, IngestTesting.CityTotals> totals = IngestTesting.queryTotals(influx, DATABASE);
        assertEquals(new IngestTesting.CityTotals(1, 900), totals.get("London"));
        assertEquals(new IngestTesting.CityTotals(1, 1_234), totals.get("Tokyo"));
        assertEquals(1, totals.get("NYC").count(), "only the float point is stored for NYC");
        assertEquals(4, running.ingester().counters().droppedPoints());
        assertEquals(0, running.ingester().rejectedRecords());
    }

    private static void writeLine(String line) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(influx.url() + "/write?db=" + DATABASE + "&rp="
                                + InfluxTarget.RETENTION_POLICY + "&precision=ns"))
                        .POST(HttpRequest.BodyPublishers.ofString(line)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, response.statusCode(), response.body());
    }

    /** Copies everything written to {@code first} into {@code second} as well. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            synchronized (second) {
                second.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
        }
    }
}
