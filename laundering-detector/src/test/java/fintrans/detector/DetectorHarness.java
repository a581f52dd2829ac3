package fintrans.detector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import fintrans.common.City;
import fintrans.common.kafka.BrokerList;
import fintrans.common.kafka.ClientSettings;
import fintrans.detector.rules.RuleSettings;
import fintrans.localservers.LocalKafka;

/** Runs detectors in the test JVM against a real broker and waits for them the way an operator would. */
final class DetectorHarness {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private DetectorHarness() {
    }

    /** A running detector and where its alert lines go. */
    record Running(LaunderingDetector detector, ByteArrayOutputStream lines) {
        List<String> alertLines() {
            String text = lines.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    static Running start(LocalKafka kafka, String group, String instance, String alertsTopic, RuleSettings rules) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        return new Running(start(kafka, group, instance, alertsTopic, rules, lines, 10_000), lines);
    }

    static LaunderingDetector start(LocalKafka kafka, String group, String instance, String alertsTopic,
            RuleSettings rules, OutputStream out, int queueCapacity) {
        DetectorSettings config = new DetectorSettings(BrokerList.parse(kafka.bootstrapServers()), group, instance,
                alertsTopic, queueCapacity, Duration.ofMillis(50), Duration.ofSeconds(5), true, false,
                ClientSettings.none());
        LaunderingDetector detector = new LaunderingDetector(config, rules, new PrintStream(out, false,
                StandardCharsets.UTF_8));
        detector.start();
        return detector;
    }

    static void stop(LaunderingDetector detector) throws InterruptedException {
        detector.shutdown();
        assertTrue(detector.awaitStopped(TIMEOUT), "detector stopped");
        assertTrue(!detector.failed(), "detector ended without error");
    }

    /** Waits until {@code group} has committed the end offset of every city partition. */
    static void awaitCommittedToEnd(LocalKafka kafka, String group) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> request = admin.describeTopics(City.topics()).allTopicNames().get().values()
                    .stream()
                    .flatMap(description -> description.partitions().stream()
                            .map(info -> new TopicPartition(description.name(), info.partition())))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();
            await(() -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                            || committed.get(end.getKey()) != null
                            && committed.get(end.getKey()).offset() == end.getValue().offset());
                } catch (Exception e) {
                    return false;
                }
            }, "group " + group + " committed every record");
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(50);
        }
    }
}
