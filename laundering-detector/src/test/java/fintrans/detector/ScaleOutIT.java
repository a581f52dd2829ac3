package fintrans.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.Amounts;
import fintrans.common.City;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.common.kafka.Topics;
import fintrans.detector.rules.RuleSettings;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicContents;
import fintrans.localservers.TopicWriter;

/**
 * Three detector instances in one consumer group, joining one after another while they work, raise
 * exactly the alerts one instance raises over the same input. Records are keyed by source and every city
 * topic has six partitions, so each instance owns whole sources; a joining instance rebuilds the windows
 * of the partitions it takes over by replaying them.
 */
class ScaleOutIT {
    private static final int PARTITIONS = 6;
    private static final int RECORDS = 6000;
    private static final RuleSettings RULES = new RuleSettings(2_000_000, Duration.ofMinutes(30), false, 1_000_000,
            800_000, 3);

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;

    @BeforeAll
    static void startBrokerWithInput() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), PARTITIONS, Optional.empty(), DetectorHarness.TIMEOUT);
            Topics.createMissing(admin, List.of("alerts-single", "alerts-scaled"), PARTITIONS, Optional.empty(),
                    DetectorHarness.TIMEOUT);
        }
        TopicWriter.send(kafka.bootstrapServers(), input());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void threeInstancesRaiseSameAlertsAsOne() throws Exception {
        LaunderingDetector single = DetectorHarness.start(kafka, "single", "single-1", "alerts-single", RULES,
                slowOutput(), 16);
        DetectorHarness.awaitCommittedToEnd(kafka, "single");
        DetectorHarness.stop(single);

        List<LaunderingDetector> scaled = new ArrayList<>();
        scaled.add(DetectorHarness.start(kafka, "scaled", "scaled-1", "alerts-scaled", RULES, slowOutput(), 16));
        DetectorHarness.await(() -> scaled.get(0).processed() > 300, "the first instance is under way");
        scaled.add(DetectorHarness.start(kafka, "scaled", "scaled-2", "alerts-scaled", RULES, slowOutput(), 16));
        DetectorHarness.await(() -> scaled.get(1).processed() > 0, "the second instance is under way");
        scaled.add(DetectorHarness.start(kafka, "scaled", "scaled-3", "alerts-scaled", RULES, slowOutput(), 16));
        DetectorHarness.awaitCommittedToEnd(kafka, "scaled");
        for (LaunderingDetector detector : scaled) {
            DetectorHarness.stop(detector);
        }

        Set<String> expected = alertIdentities("alerts-single");
        List<String> actual = alertIdentityList("alerts-scaled");
        assertTrue(expected.size() > 50, "the input raises many alerts: " + expected.size());
        assertEquals(actual.size(), new HashSet<>(actual).size(), "no alert was raised twice");
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        assertEquals(Set.of(), missing, "alerts of one instance that three instances did not raise");
        assertEquals(Set.of(), extra, "alerts of three instances that one instance did not raise");
        long replayed = scaled.stream().mapToLong(LaunderingDetector::replayed).sum();
        assertTrue(replayed > 0, "instances that took over partitions rebuilt their windows by replaying");
        long alerting = scaled.stream().filter(detector -> detector.alerts() > 0).count();
        assertTrue(alerting >= 2, "alerts came from more than one instance: " + alerting);
    }

    /** Random transfers among a few sources, many of them just under the limit, over 100 minutes of event time. */
    private static List<ProducerRecord<String, byte[]>> input() {
        Random random = new Random(20261204);
        long start = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String source = "src" + random.nextInt(300);
            String target = "dst" + random.nextInt(20);
            long cents = random.nextBoolean() ? 800_000 + random.nextInt(200_000) : random.nextInt(300_000);
            City city = City.all().get(random.nextInt(City.all().size()));
            String value = source + " " + target + " " + Amounts.formatDollars(cents);
            // Ten records share each millisecond, so ties between cities are common.
            long timestamp = start + (i / 10) * 10_000L;
            records.add(new ProducerRecord<>(city.topic(), null, timestamp, source, value.getBytes(StandardCharsets.US_ASCII)));
        }
        return records;
    }

    /** Alert lines to a sink that takes 3 ms per write, so that instances join while work remains. */
    private static OutputStream slowOutput() {
        return new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                try {
                    Thread.sleep(3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static Set<String> alertIdentities(String topic) {
        return new HashSet<>(alertIdentityList(topic));
    }

    /** Every alert without its wall-clock detection time, which differs between runs. */
    private static List<String> alertIdentityList(String topic) {
        return TopicContents.readCommitted(kafka.bootstrapServers(), List.of(topic), DetectorHarness.TIMEOUT).stream()
                .map(record -> AlertJson.read(record.value()))
                .map(ScaleOutIT::identity)
                .collect(Collectors.toList());
    }

    static String identity(AlertRecord alert) {
        return alert.rule().id() + " " + alert.source() + " " + alert.target() + " " + alert.totalCents() + " "
                + alert.count() + " " + alert.windowStart() + " " + alert.trigger().topic() + "-"
                + alert.trigger().partition() + "@" + alert.trigger().offset();
    }
}
