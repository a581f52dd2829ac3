package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.common.kafka.Topics;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicContents;

/**
 * A detector killed with SIGKILL at several points and restarted with the same instance id leaves
 * exactly the alerts on the alerts topic that an uninterrupted detector leaves: none missing, none twice.
 */
class DetectorRestartIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int RECORDS = 60_000;

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;

    @BeforeAll
    static void startBrokerWithInput() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), 6, Optional.empty(), TIMEOUT);
        }
        try (ServiceProcess generator = ServiceProcess.start(tempDir, "generator", "fintrans-generator", Map.of(),
                "--broker", kafka.bootstrapServers(), "--count", Integer.toString(RECORDS), "--rate", "max",
                "--seed", "3", "--original-distribution")) {
            assertEquals(0, generator.awaitExit(TIMEOUT), generator.stderr());
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void killedDetectorNeitherMissesNorRepeatsAlerts() throws Exception {
        try (ServiceProcess reference = startDetector("reference", "reference-1", "alerts-reference")) {
            awaitCommitted("reference", RECORDS);
            reference.stop(TIMEOUT);
        }
        List<String> expected = identities("alerts-reference");
        assertTrue(expected.size() > 1000, "the input raises many alerts: " + expected.size());

        List<String> stdout = new ArrayList<>();
        int kills = 0;
        for (double fraction : new double[] {0.2, 0.45, 0.7}) {
            try (ServiceProcess detector = startDetector("killed", "killed-1", "alerts-killed")) {
                long committed = awaitCommitted("killed", (long) (RECORDS * fraction));
                if (committed < RECORDS) {
                    detector.kill();
                    kills++;
                }
                detector.awaitExit(TIMEOUT);
                stdout.addAll(detector.stdoutLines());
            }
        }
        try (ServiceProcess detector = startDetector("killed", "killed-1", "alerts-killed")) {
            awaitCommitted("killed", RECORDS);
            detector.stop(TIMEOUT);
            stdout.addAll(detector.stdoutLines());
        }

        assertTrue(kills >= 2, "the detector was killed while it had work left, " + kills + " times");
        List<String> actual = identities("alerts-killed");
        assertEquals(actual.size(), new HashSet<>(actual).size(), "no alert on the topic twice");
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        assertEquals(Set.of(), missing, "alerts the uninterrupted detector raised and the killed one did not");
        assertEquals(Set.of(), extra, "alerts only the killed detector raised");
        assertEquals(stdout.size(), new HashSet<>(stdout).size(), "no alert line printed twice across restarts");
    }

    private static ServiceProcess startDetector(String group, String instance, String alertsTopic) throws Exception {
        return ServiceProcess.start(tempDir, "laundering-detector", "fintrans-laundering-detector", Map.of(),
                "--broker", kafka.bootstrapServers(), "--group", group, "--instance-id", instance,
                "--alerts-topic", alertsTopic);
    }

    /** Waits until {@code group} has committed at least {@code records} offsets in all; returns how many. */
    private static long awaitCommitted(String group, long records) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = kafka.admin()) {
            while (true) {
                Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get();
                long committed = offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
                if (committed >= records) {
                    return committed;
                }
                assertTrue(System.nanoTime() < deadline, group + " committed " + committed + " of " + records);
                Thread.sleep(20);
            }
        }
    }

    /** Every alert on {@code topic} that committed transactions hold, without its wall-clock detection time. */
    private static List<String> identities(String topic) {
        return TopicContents.readCommitted(kafka.bootstrapServers(), List.of(topic), TIMEOUT).stream()
                .map(record -> AlertJson.read(record.value()))
                .map(DetectorRestartIT::identity)
                .toList();
    }

    private static String identity(AlertRecord alert) {
        return alert.rule().id() + " " + alert.source() + " " + alert.target() + " " + alert.totalCents() + " "
                + alert.count() + " " + alert.trigger().topic() + "-" + alert.trigger().partition() + "@"
                + alert.trigger().offset();
    }
}
