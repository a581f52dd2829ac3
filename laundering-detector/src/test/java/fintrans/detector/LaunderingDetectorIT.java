package fintrans.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.common.alert.AlertRecord.Rule;
import fintrans.common.kafka.Topics;
import fintrans.detector.DetectorHarness.Running;
import fintrans.detector.rules.RuleSettings;
import fintrans.localservers.InvalidValues;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicContents;
import fintrans.localservers.TopicWriter;

class LaunderingDetectorIT {
    private static final Duration TIMEOUT = DetectorHarness.TIMEOUT;
    private static final long NOW = System.currentTimeMillis();
    private static final long MINUTE = 60_000;

    @TempDir
    Path tempDir;
    LocalKafka kafka;

    @BeforeEach
    void startBroker() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), 3, Optional.empty(), TIMEOUT);
            Topics.createMissing(admin, List.of("alerts"), 3, Optional.empty(), TIMEOUT);
        }
    }

    @AfterEach
    void stopBroker() {
        kafka.close();
    }

    @Test
    void printsOneAlertPerCrossingForCraftedTransfers() throws Exception {
        send(List.of(
                record("London", "a", "a b 5000", NOW),
                record("London", "a", "a b 3000", NOW + 1),
                record("London", "a", "a b 0.01", NOW + 2),
                record("London", "a", "a b 100", NOW + 3),
                record("NYC", "c", "c d 8000.01", NOW + 4),
                record("NYC", "e", "e f 8000", NOW + 5),
                record("Tokyo", "GB82WEST12345698765432", "GB82WEST12345698765432 acct_7 9999", NOW + 6),
                record("SF", "b", "b a 7999.99", NOW + 7)));

        List<String> lines = runToEnd("crafted", RuleSettings.DEFAULTS);

        assertEquals(List.of(
                "POTENTIAL MONEY LAUNDERING: GB82WEST12345698765432 -> acct_7 totalling 9999 now",
                "POTENTIAL MONEY LAUNDERING: a -> b totalling 8000.01 now",
                "POTENTIAL MONEY LAUNDERING: c -> d totalling 8000.01 now"), lines.stream().sorted().toList());
    }

    @Test
    void repeatAlertsRestoreOriginalBehaviour() throws Exception {
        send(List.of(record("London", "a", "a b 9000", NOW), record("London", "a", "a b 1", NOW + 1)));
        RuleSettings repeating = new RuleSettings(800_000, null, true, 1_000_000, 800_000, 3);

        List<String> lines = runToEnd("repeat", repeating);

        assertEquals(List.of("POTENTIAL MONEY LAUNDERING: a -> b totalling 9000 now",
                "POTENTIAL MONEY LAUNDERING: a -> b totalling 9001 now"), lines);
    }

    @Test
    void windowUsesRecordTimestamps() throws Exception {
        send(List.of(
                record("London", "a", "a b 5000", NOW - 50 * MINUTE),
                record("NYC", "a", "a b 5000", NOW - 10 * MINUTE),
                record("SF", "x", "x y 5000", NOW - 20 * MINUTE),
                record("SF", "x", "x y 5000", NOW - 15 * MINUTE)));
        RuleSettings thirtyMinutes = new RuleSettings(800_000, Duration.ofMinutes(30), false, 1_000_000, 800_000, 3);

        List<String> lines = runToEnd("window", thirtyMinutes);

        assertEquals(List.of("POTENTIAL MONEY LAUNDERING: x -> y totalling 10000 now"), lines);
    }

    @Test
    void pairAlertsAgainAfterFallingBelowAndCrossingAgain() throws Exception {
        send(List.of(
                record("London", "a", "a b 9000", NOW - 60 * MINUTE),
                record("NYC", "a", "a b 100", NOW - 50 * MINUTE),
                record("Tokyo", "a", "a b 8500", NOW - 20 * MINUTE)));
        RuleSettings thirtyMinutes = new RuleSettings(800_000, Duration.ofMinutes(30), false, 1_000_000, 800_000, 3);

        List<String> lines = runToEnd("recross", thirtyMinutes);

        assertEquals(List.of("POTENTIAL MONEY LAUNDERING: a -> b totalling 9000 now",
                "POTENTIAL MONEY LAUNDERING: a -> b totalling 8500 now"), lines);
    }

    @Test
    void stateShrinksOnceWindowHasPassed() throws Exception {
        List<ProducerRecord<String, byte[]>> old = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            old.add(record("London", "s" + i, "s" + i + " t" + i + " 100", NOW - 30 * MINUTE + i));
        }
        send(old);
        RuleSettings tenMinutes = new RuleSettings(800_000, Duration.ofMinutes(10), false, 1_000_000, 800_000, 3);
        Running running = DetectorHarness.start(kafka, "shrink", "shrink-1", "alerts", tenMinutes);
        DetectorHarness.awaitCommittedToEnd(kafka, "shrink");
        long pairsBefore = running.detector().pairs();

        send(List.of(record("London", "s0", "s0 late 100", NOW)));
        DetectorHarness.awaitCommittedToEnd(kafka, "shrink");
        long pairsAfter = running.detector().pairs();
        DetectorHarness.stop(running.detector());

        assertTrue(pairsBefore > 150, "pairs of one partition group kept while inside the window: " + pairsBefore);
        assertEquals(1, pairsAfter, "only the pair of the newest transfer is left");
        assertEquals(1, running.detector().transfersHeld());
    }

    @Test
    void structuringAlertsAreLinesAndJson() throws Exception {
        send(List.of(
                record("London", "s", "s t1 9500", NOW),
                record("NYC", "s", "s t2 9000.50", NOW + 1000),
                record("Tokyo", "s", "s t3 8000", NOW + 2000)));

        RuleSettings highThreshold = new RuleSettings(3_000_000, Duration.ofHours(24), false, 1_000_000, 800_000, 3);

        List<String> lines = runToEnd("structuring", highThreshold);

        assertEquals(List.of("POTENTIAL STRUCTURING: s sent 3 transfers totalling 26500.50 within 24h"), lines);
        List<AlertRecord> alerts = alertRecords("alerts");
        assertEquals(1, alerts.size());
        AlertRecord alert = alerts.get(0);
        assertEquals(Rule.STRUCTURING, alert.rule());
        assertEquals("s", alert.source());
        assertNull(alert.target());
        assertEquals(2_650_050, alert.totalCents());
        assertEquals(3, alert.count());
        assertEquals(1_000_000, alert.limitCents());
        assertEquals(Instant.ofEpochMilli(NOW + 2000), alert.windowEnd());
        assertEquals(Instant.ofEpochMilli(NOW + 2000 - Duration.ofHours(24).toMillis()), alert.windowStart());
        assertEquals("Tokyo", alert.trigger().topic());
        assertEquals(0, alert.trigger().offset());
        assertEquals(Instant.ofEpochMilli(NOW + 2000), alert.trigger().timestamp());
    }

    @Test
    void alertRecordsAreKeyedBySource() throws Exception {
        send(List.of(record("London", "a", "a b 9000", NOW)));

        runToEnd("keys", RuleSettings.DEFAULTS);

        List<ConsumerRecord<String, byte[]>> records =
                TopicContents.readCommitted(kafka.bootstrapServers(), List.of("alerts"), TIMEOUT);
        assertEquals(1, records.size());
        assertEquals("a", records.get(0).key());
        assertEquals(Rule.PAIR_TOTAL, AlertJson.read(records.get(0).value()).rule());
        assertEquals("b", AlertJson.read(records.get(0).value()).target());
    }

    @Test
    void skipsInvalidValuesAndCommitsPastThem() throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(record("London", "1", "1 2 9000", NOW));
        for (byte[] value : InvalidValues.all().values()) {
            records.add(new ProducerRecord<>("London", 0, NOW, "1", value));
        }
        records.add(new ProducerRecord<>("London", 0, NOW, "3", "3 4 8500.50".getBytes(StandardCharsets.US_ASCII)));
        send(records);

        Running running = DetectorHarness.start(kafka, "invalid", "i1", "alerts", RuleSettings.DEFAULTS);
        DetectorHarness.awaitCommittedToEnd(kafka, "invalid");
        DetectorHarness.stop(running.detector());

        assertEquals(InvalidValues.all().size(), running.detector().rejected());
        assertEquals(List.of(
                "POTENTIAL MONEY LAUNDERING: 1 -> 2 totalling 9000 now",
                "POTENTIAL MONEY LAUNDERING: 3 -> 4 totalling 8500.50 now"), running.alertLines().stream().sorted().toList());
    }

    @Test
    void restartRebuildsStateWithoutRepeatingAlerts() throws Exception {
        send(List.of(record("London", "1", "1 2 9000", NOW), record("NYC", "5", "5 6 9100", NOW + 1)));
        List<String> first = runToEnd("restart", RuleSettings.DEFAULTS);

        send(List.of(record("London", "1", "1 2 100", NOW + 2), record("SF", "7", "7 8 9200", NOW + 3)));
        Running second = DetectorHarness.start(kafka, "restart", "r1", "alerts", RuleSettings.DEFAULTS);
        DetectorHarness.awaitCommittedToEnd(kafka, "restart");
        DetectorHarness.stop(second.detector());

        assertEquals(2, first.size());
        assertEquals(List.of("POTENTIAL MONEY LAUNDERING: 7 -> 8 totalling 9200 now"), second.alertLines());
        assertEquals(2, second.detector().replayed(), "the records before the committed offsets were replayed");
        assertEquals(3, alertRecords("alerts").size());
    }

    @Test
    void fullQueueSlowsConsumerWithoutDroppingRecords() throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            City city = City.all().get(i % City.all().size());
            records.add(record(city.topic(), "s" + i, "s" + i + " t 9000", NOW + i));
        }
        send(records);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                captured.write(bytes, offset, length);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        LaunderingDetector detector = DetectorHarness.start(kafka, "backpressure", "b1", "alerts", RuleSettings.DEFAULTS,
                slow, 4);
        DetectorHarness.awaitCommittedToEnd(kafka, "backpressure");
        DetectorHarness.stop(detector);

        assertTrue(detector.fullQueueWaits() > 0, "the queue was full at times");
        String text = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = List.of(text.split("\n"));
        assertEquals(2000, lines.size());
        assertEquals(2000, lines.stream().distinct().count());
        assertEquals(2000, alertRecords("alerts").size());
    }

    private List<String> runToEnd(String group, RuleSettings rules) throws Exception {
        Running running = DetectorHarness.start(kafka, group, group + "-1", "alerts", rules);
        DetectorHarness.awaitCommittedToEnd(kafka, group);
        DetectorHarness.stop(running.detector());
        return running.alertLines();
    }

    private List<AlertRecord> alertRecords(String topic) {
        return TopicContents.readCommitted(kafka.bootstrapServers(), List.of(topic), TIMEOUT).stream()
                .map(record -> AlertJson.read(record.value()))
                .toList();
    }

    private void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        TopicWriter.send(kafka.bootstrapServers(), records);
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, String value, long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, key, value.getBytes(StandardCharsets.US_ASCII));
    }
}
