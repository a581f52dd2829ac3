package fintrans.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fintrans.common.City;
import fintrans.common.ScenarioHeaders;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.common.alert.AlertRecord.Rule;
import fintrans.common.alert.AlertRecord.Trigger;
import fintrans.common.cli.CommandLines;
import fintrans.common.kafka.Topics;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicWriter;
import picocli.CommandLine;

/**
 * Runs {@code fintrans-evaluate} against a real broker holding crafted city records and alerts:
 *
 * <ul>
 *   <li>s-it-1: one target, source a1, three transfers at minutes 0, 1 and 2;
 *   <li>s-it-2: many targets, source a2, two transfers at minutes 10 and 11;
 *   <li>s-it-3: one target, source a3, one transfer at minute 0, detected only by an aborted alert;
 *   <li>background, among it a1 at minute 180 and a2 at minute 10.5, and one invalid value.
 * </ul>
 */
class EvaluateIT {
    private static final String ALERTS = "alerts";
    /** A day ago, so that every timestamp lies inside the broker's retention and none in the future. */
    private static final Instant T0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;

    @BeforeAll
    static void writeRecords() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), 2, Optional.empty(), Duration.ofSeconds(30));
            Topics.createMissing(admin, List.of(ALERTS), 1, Optional.empty(), Duration.ofSeconds(30));
        }

        List<ProducerRecord<String, byte[]>> city = new ArrayList<>();
        city.add(scenario("London", 0, 0, "a1 t1 9000", "s-it-1", ScenarioHeaders.KIND_ONE_TARGET));
        city.add(scenario("NYC", 1, 1, "a1 t1 9500.50", "s-it-1", ScenarioHeaders.KIND_ONE_TARGET));
        city.add(scenario("London", 0, 2, "a1 t1 8000", "s-it-1", ScenarioHeaders.KIND_ONE_TARGET));
        city.add(scenario("SF", 1, 10, "a2 u1 9100", "s-it-2", ScenarioHeaders.KIND_MANY_TARGETS));
        city.add(scenario("Tokyo", 0, 11, "a2 u2 9200", "s-it-2", ScenarioHeaders.KIND_MANY_TARGETS));
        city.add(scenario("Moscow", 0, 0, "a3 t3 9999.99", "s-it-3", ScenarioHeaders.KIND_ONE_TARGET));
        city.add(background("London", 1, 5, "b1 b2 100"));
        city.add(background("NYC", 0, 180, "a1 x9 50"));
        city.add(new ProducerRecord<>("SF", 0, T0.plusSeconds(630).toEpochMilli(), "a2", bytes("a2 b3 20")));
        city.add(background("Moscow", 1, 60, "b9 b8 9000"));
        city.add(background("Tokyo", 1, 7, "not a transaction"));
        List<RecordMetadata> written = TopicWriter.send(kafka.bootstrapServers(), city);

        RecordMetadata s1Last = written.get(2);
        RecordMetadata a1Background = written.get(7);
        RecordMetadata a2Background = written.get(8);
        RecordMetadata b9Background = written.get(9);
        List<ProducerRecord<String, byte[]>> alerts = List.of(
                alert(Rule.STRUCTURING, "a1", null, minutes(2 - 1440), minutes(2), s1Last),
                alert(Rule.STRUCTURING, "a2", null, minutes(10.5 - 1440), minutes(10.5), a2Background),
                alert(Rule.STRUCTURING, "b9", null, minutes(60 - 1440), minutes(60), b9Background),
                alert(Rule.PAIR_TOTAL, "a1", "x9", null, minutes(180), a1Background),
                new ProducerRecord<>(ALERTS, "bad", bytes("{")),
                alertRecord(new AlertRecord(Rule.STRUCTURING, "zz", null, 2_700_000, 3, 1_000_000,
                        minutes(-1440), minutes(0), minutes(0), new Trigger("London", 0, 999, minutes(0)))));
        TopicWriter.send(kafka.bootstrapServers(), alerts);
        writeAbortedAlert(alert(Rule.STRUCTURING, "a3", null, minutes(-1440), minutes(0), written.get(5)));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void jsonFiguresMatchCraftedRecords() throws Exception {
        StringWriter out = new StringWriter();

        int exitCode = run(out, "--broker", kafka.bootstrapServers(), "--json", "--window", "1h");

        assertEquals(0, exitCode, out.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(11, json.path("cityRecords").asLong());
        assertEquals(6, json.path("scenarioRecords").asLong());
        assertEquals(4, json.path("backgroundRecords").asLong());
        assertEquals(1, json.path("invalidTransactions").asLong());
        assertEquals(0, json.path("invalidScenarioHeaders").asLong());
        assertEquals(3, json.path("scenarios").asLong());
        assertEquals(5, json.path("alerts").asLong(), "the aborted alert is not read");
        assertEquals(1, json.path("invalidAlerts").asLong());
        assertEquals(1, json.path("triggersNotRead").asLong());

        JsonNode structuring = json.path("rules").path("structuring");
        assertKind(structuring.path("scenarios").path("byKind").path(ScenarioHeaders.KIND_ONE_TARGET), 2, 1, 0.5);
        assertKind(structuring.path("scenarios").path("byKind").path(ScenarioHeaders.KIND_MANY_TARGETS), 1, 1, 1.0);
        assertKind(structuring.path("scenarios").path("all"), 3, 2, 2 / 3.0);
        assertAlerts(structuring.path("alerts"), 4, 2, 2, 0.5);

        JsonNode pairTotal = json.path("rules").path("pair-total");
        assertKind(pairTotal.path("scenarios").path("all"), 3, 0, 0.0);
        assertAlerts(pairTotal.path("alerts"), 1, 0, 1, 0.0);
    }

    @Test
    void textTablesWithDefaultWindow() {
        StringWriter out = new StringWriter();

        int exitCode = run(out, "--broker", kafka.bootstrapServers());

        assertEquals(0, exitCode, out.toString());
        String text = out.toString();
        String pairTotal = text.substring(text.indexOf("rule pair-total"), text.indexOf("rule structuring"));
        // With a 24 h window the unbounded pair-total alert of a1 at minute 180 reaches back to s-it-1.
        assertEquals(List.of(
                "rule pair-total",
                "  scenario kind             injected  detected  recall",
                "  structuring-one-target           2         1   50.0%",
                "  structuring-many-targets         1         0    0.0%",
                "  all                              3         1   33.3%",
                "",
                "    alerts  on scenarios  on random background  precision",
                "         1             1                     0     100.0%",
                ""), pairTotal.lines().toList());
        assertTrue(text.contains("  city topics:  11 records: 6 in 3 scenarios, 4 background, 1 invalid value, "
                + "0 with invalid scenario headers\n"), text);
        assertTrue(text.contains("  alerts topic: alerts: 5 alerts, 1 invalid value, 1 with a trigger outside the "
                + "city records read\n"), text);
    }

    @Test
    void missingAlertsTopicGivesNoPrecision() {
        StringWriter out = new StringWriter();

        int exitCode = run(out, "--broker", kafka.bootstrapServers(), "--alerts-topic", "no-such-alerts");

        assertEquals(0, exitCode, out.toString());
        String text = out.toString();
        assertTrue(text.contains("No valid alerts in topic no-such-alerts, so precision is n/a."), text);
        assertTrue(text.contains("         0             0                     0        n/a"), text);
    }

    @Test
    void unreachableBrokerEndsWithExitCodeOne() {
        StringWriter out = new StringWriter();

        int exitCode = run(out, "--broker", "127.0.0.1:1", "--startup-timeout", "2");

        assertEquals(1, exitCode);
        assertEquals("", out.toString(), "nothing on stdout");
    }

    private static int run(StringWriter out, String... args) {
        CommandLine commandLine = CommandLines.create(new EvaluateMain());
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute(args);
    }

    private static void assertKind(JsonNode kind, long injected, long detected, double recall) {
        assertEquals(injected, kind.path("injected").asLong(), "injected " + kind);
        assertEquals(detected, kind.path("detected").asLong(), "detected " + kind);
        assertEquals(recall, kind.path("recall").asDouble(), 1e-12, "recall " + kind);
    }

    private static void assertAlerts(JsonNode alerts, long total, long onScenarios, long onBackground,
            double precision) {
        assertEquals(total, alerts.path("total").asLong(), "total " + alerts);
        assertEquals(onScenarios, alerts.path("onScenarios").asLong(), "on scenarios " + alerts);
        assertEquals(onBackground, alerts.path("onBackground").asLong(), "on background " + alerts);
        assertEquals(precision, alerts.path("precision").asDouble(), 1e-12, "precision " + alerts);
    }

    private static Instant minutes(double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ProducerRecord<String, byte[]> scenario(String topic, int partition, double minute, String value,
            String id, String kind) {
        ProducerRecord<String, byte[]> record = background(topic, partition, minute, value);
        record.headers().add(ScenarioHeaders.ID, bytes(id));
        record.headers().add(ScenarioHeaders.KIND, bytes(kind));
        return record;
    }

    private static ProducerRecord<String, byte[]> background(String topic, int partition, double minute, String value) {
        String source = value.split(" ")[0];
        return new ProducerRecord<>(topic, partition, minutes(minute).toEpochMilli(), source, bytes(value));
    }

    private static ProducerRecord<String, byte[]> alert(Rule rule, String source, String target, Instant windowStart,
            Instant windowEnd, RecordMetadata trigger) {
        Trigger triggerPosition = new Trigger(trigger.topic(), trigger.partition(), trigger.offset(),
                Instant.ofEpochMilli(trigger.timestamp()));
        return alertRecord(new AlertRecord(rule, source, target, 2_700_000, 3, 1_000_000, windowStart, windowEnd,
                windowEnd.plusMillis(120), triggerPosition));
    }

    private static ProducerRecord<String, byte[]> alertRecord(AlertRecord alert) {
        return new ProducerRecord<>(ALERTS, alert.source(), AlertJson.write(alert));
    }

    /** Writes an alert in a Kafka transaction that is then aborted, as a detector that fails before its commit. */
    private static void writeAbortedAlert(ProducerRecord<String, byte[]> alert) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "evaluate-it-aborted",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(alert);
            producer.flush();
            producer.abortTransaction();
        }
    }
}
