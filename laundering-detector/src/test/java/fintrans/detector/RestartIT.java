package fintrans.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.alert.AlertJson;
import fintrans.common.kafka.Topics;
import fintrans.detector.rules.RuleSettings;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicContents;
import fintrans.localservers.TopicWriter;

/**
 * A detector stopped and started again several times while it works raises exactly the alerts of one
 * uninterrupted run: each start rebuilds the windows by replaying up to the committed offsets.
 */
class RestartIT {
    private static final int RECORDS = 30_000;

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;

    @BeforeAll
    static void startBrokerWithInput() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), 6, Optional.empty(), DetectorHarness.TIMEOUT);
            Topics.createMissing(admin, List.of("alerts-reference", "alerts-restarted"), 6, Optional.empty(),
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
    void restartsRaiseSameAlertsAsOneRun() throws Exception {
        LaunderingDetector reference = DetectorHarness.start(kafka, "reference", "reference-1", "alerts-reference",
                RuleSettings.DEFAULTS, OutputStream.nullOutputStream(), 10_000);
        DetectorHarness.awaitCommittedToEnd(kafka, "reference");
        DetectorHarness.stop(reference);

        long replayed = 0;
        for (double fraction : new double[] {0.2, 0.5, 0.8}) {
            LaunderingDetector detector = DetectorHarness.start(kafka, "restarted", "restarted-1", "alerts-restarted",
                    RuleSettings.DEFAULTS, slowOutput(), 100);
            long target = (long) (RECORDS * fraction);
            DetectorHarness.await(() -> committed("restarted") >= target, "committed " + target);
            DetectorHarness.stop(detector);
            replayed += detector.replayed();
        }
        LaunderingDetector last = DetectorHarness.start(kafka, "restarted", "restarted-1", "alerts-restarted",
                RuleSettings.DEFAULTS, OutputStream.nullOutputStream(), 10_000);
        DetectorHarness.awaitCommittedToEnd(kafka, "restarted");
        DetectorHarness.stop(last);
        replayed += last.replayed();

        List<String> expected = identities("alerts-reference");
        List<String> actual = identities("alerts-restarted");
        assertTrue(replayed > 0, "restarts replayed records");
        assertEquals(actual.size(), new HashSet<>(actual).size(), "no alert twice");
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        assertEquals(Set.of(), missing, "alerts of the uninterrupted run that the restarted runs did not raise");
        assertEquals(Set.of(), extra, "alerts only the restarted runs raised");
    }

    /** Transfers like the original demo's, many sharing a millisecond, keyed by source. */
    private static List<ProducerRecord<String, byte[]>> input() {
        Random random = new Random(3);
        long start = System.currentTimeMillis() - 60_000;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            int source = random.nextInt(1000);
            int target = random.nextInt(1000);
            int dollars = random.nextInt(10_000);
            City city = City.all().get(random.nextInt(City.all().size()));
            String value = source + " " + target + " " + dollars;
            long timestamp = start + i / 30;
            records.add(new ProducerRecord<>(city.topic(), null, timestamp, Integer.toString(source),
                    value.getBytes(StandardCharsets.US_ASCII)));
        }
        return records;
    }

    private static OutputStream slowOutput() {
        return new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static long committed(String group) {
        try (Admin admin = kafka.admin()) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    private static List<String> identities(String topic) {
        return TopicContents.readCommitted(kafka.bootstrapServers(), List.of(topic), DetectorHarness.TIMEOUT).stream()
                .map(record -> ScaleOutIT.identity(AlertJson.read(record.value())))
                .toList();
    }
}
