package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fintrans.common.City;
import fintrans.common.kafka.Topics;
import fintrans.localservers.InvalidValues;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicContents;
import fintrans.localservers.TopicWriter;

/**
 * The whole pipeline as users run it: the three service jars as processes, a real broker and a real
 * InfluxDB. Expected results are computed from the topic contents by code independent of the services.
 */
class PipelineIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final long THRESHOLD_CENTS = 800_000;
    /** The value format, stated again here independently of the codec. */
    private static final Pattern VALUE = Pattern.compile(
            "([A-Za-z0-9_-]{1,64}) ([A-Za-z0-9_-]{1,64}) (0|[0-9]{1,17})(?:\\.([0-9]{1,2}))?");
    private static final Pattern ALERT_LINE = Pattern.compile("POTENTIAL MONEY LAUNDERING: \\S+ -> \\S+ totalling \\S+ now"
            + "|POTENTIAL STRUCTURING: \\S+ sent \\d+ transfers totalling \\S+ within 24h");

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;
    static LocalInfluxDb influx;

    @BeforeAll
    static void startServers() {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        influx = LocalInfluxDb.startOnFreePorts(tempDir);
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

    @Test
    void pipelineDeliversEveryTransaction() throws Exception {
        String broker = kafka.bootstrapServers();
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), 6, Optional.empty(), TIMEOUT);
        }
        TopicWriter.send(broker, craftedRecords());
        try (ServiceProcess generator = ServiceProcess.start(tempDir, "generator", "fintrans-generator", Map.of(),
                "--broker", broker, "--count", "3000", "--rate", "max", "--seed", "11", "--original-distribution")) {
            assertEquals(0, generator.awaitExit(TIMEOUT), generator.stderr());
        }

        Map<String, String> ingestEnvironment = Map.of("INFLUX_API", influx.url(), "INFLUX_TARGET_DB", "pipeline");
        Map<String, String> detectorEnvironment = Map.of("ALERT_THRESHOLD", "8000", "PROD_OUTPUT", "true");
        try (ServiceProcess ingest = ServiceProcess.start(tempDir, "influx-ingest", "fintrans-influx-ingest",
                        ingestEnvironment, "--broker", broker);
                ServiceProcess detector = ServiceProcess.start(tempDir, "laundering-detector",
                        "fintrans-laundering-detector", detectorEnvironment, "--broker", broker);
                Admin admin = kafka.admin()) {
            ConsumerGroups.awaitCommittedToEnd(admin, "influx-ingest", City.topics(), TIMEOUT);
            ConsumerGroups.awaitCommittedToEnd(admin, "laundering-detector", City.topics(), TIMEOUT);
            assertEquals(143, ingest.stop(TIMEOUT), "ingest ends on SIGTERM; its stderr:\n" + ingest.stderr());
            assertEquals(143, detector.stop(TIMEOUT), "detector ends on SIGTERM; its stderr:\n" + detector.stderr());

            Expected expected = expectedFromTopics();
            assertEquals(InvalidValues.all().size(), expected.invalid, "invalid records in the topics");
            List<String> lines = detector.stdoutLines();
            for (String line : lines) {
                assertTrue(ALERT_LINE.matcher(line).matches(), "stdout holds only alert lines: " + line);
            }
            List<String> expectedLines = expected.alerts.lines();
            assertTrue(expectedLines.size() > 100, "the original distribution raises many alerts");
            assertEquals(expectedLines, lines.stream().sorted().toList());
            assertTrue(lines.contains("POTENTIAL MONEY LAUNDERING: acct-A -> acct-B totalling 8000.01 now"),
                    "crafted pair crossing the threshold by one cent");
            assertEquals(lines.size(), TopicContents.readCommitted(broker, List.of("alerts"), TIMEOUT).size(),
                    "every alert line is also a record on the alerts topic");
            assertEquals(expected.perCity, influxCountsAndSums("pipeline"));
        }

        try (ServiceProcess replay = ServiceProcess.start(tempDir, "influx-ingest", "fintrans-influx-ingest",
                        ingestEnvironment, "--broker", broker, "--group", "influx-ingest-replay");
                Admin admin = kafka.admin()) {
            ConsumerGroups.awaitCommittedToEnd(admin, "influx-ingest-replay", City.topics(), TIMEOUT);
            replay.stop(TIMEOUT);
        }
        assertEquals(expectedFromTopics().perCity, influxCountsAndSums("pipeline"), "ingesting again keeps the counts");
    }

    /** Transfers whose alerts are known, and every invalid value, spread over the city topics. */
    private static List<ProducerRecord<String, byte[]>> craftedRecords() {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(record("London", "acct-A", "acct-A acct-B 5000"));
        records.add(record("London", "acct-A", "acct-A acct-B 3000"));
        records.add(record("London", "acct-A", "acct-A acct-B 0.01"));
        records.add(record("NYC", "acct-C", "acct-C acct-D 8000.50"));
        records.add(record("Tokyo", "acct-E", "acct-E acct-F 8000"));
        int i = 0;
        for (byte[] value : InvalidValues.all().values()) {
            City city = City.all().get(i++ % City.all().size());
            records.add(new ProducerRecord<>(city.topic(), "bad", value));
        }
        return records;
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.US_ASCII));
    }

    private record Expected(ReferenceAlerts alerts, Map<String, List<Long>> perCity, int invalid) {
    }

    /** Reads back every record and computes the alerts and the per-city count and sum in cents. */
    private static Expected expectedFromTopics() {
        List<ConsumerRecord<String, byte[]>> records =
                TopicContents.readAll(kafka.bootstrapServers(), City.topics(), TIMEOUT);
        records.sort(Comparator.comparing((ConsumerRecord<String, byte[]> r) -> r.topic())
                .thenComparing(ConsumerRecord::partition).thenComparing(ConsumerRecord::offset));

        ReferenceAlerts alerts = new ReferenceAlerts(THRESHOLD_CENTS);
        Map<String, long[]> totals = new TreeMap<>();
        int invalid = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            Matcher match = record.value() == null ? null
                    : VALUE.matcher(new String(record.value(), StandardCharsets.ISO_8859_1));
            if (match == null || !match.matches()) {
                invalid++;
                continue;
            }
            String fraction = match.group(4) == null ? "0" : (match.group(4) + "0").substring(0, 2);
            long cents = Long.parseLong(match.group(3)) * 100 + Long.parseLong(fraction);
            alerts.add(record.timestamp(), City.fromTopic(record.topic()).orElseThrow().ordinal(), record.offset(),
                    match.group(1), match.group(2), cents);
            long[] total = totals.computeIfAbsent(record.topic(), topic -> new long[2]);
            total[0]++;
            total[1] += cents;
        }
        Map<String, List<Long>> perCity = new TreeMap<>();
        totals.forEach((city, total) -> perCity.put(city, List.of(total[0], total[1])));
        return new Expected(alerts, perCity, invalid);
    }

    /** Count and sum of {@code amount} per city, read back with InfluxQL over plain HTTP. */
    private static Map<String, List<Long>> influxCountsAndSums(String database) throws Exception {
        String answer = influx.query(database,
                "SELECT count(amount), sum(amount) FROM transactions WHERE time > 0 GROUP BY city");
        JsonNode series = new ObjectMapper().readTree(answer).path("results").path(0).path("series");
        Map<String, List<Long>> perCity = new TreeMap<>();
        for (JsonNode city : series) {
            JsonNode row = city.path("values").path(0);
            perCity.put(city.path("tags").path("city").asText(), List.of(row.path(1).asLong(), row.path(2).asLong()));
        }
        return perCity;
    }
}
