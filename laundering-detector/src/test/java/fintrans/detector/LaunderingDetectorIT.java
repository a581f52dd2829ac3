package fintrans.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.kafka.BrokerList;
import fintrans.common.kafka.Topics;
import fintrans.localservers.InvalidValues;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicWriter;

class LaunderingDetectorIT {
    private static final long THRESHOLD_CENTS = 800_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tempDir;
    LocalKafka kafka;

    @BeforeEach
    void startBroker() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        try (Admin admin = admin()) {
            Topics.createMissing(admin, City.topics(), 3, Optional.empty(), TIMEOUT);
        }
    }

    @AfterEach
    void stopBroker() {
        kafka.close();
    }

    @Test
    void printsExactAlertsForCraftedTransfers() throws Exception {
        send(List.of(
                record("London", "a", "a b 5000"),
                record("London", "a", "a b 3000"),
                record("London", "a", "a b 0.01"),
                record("London", "a", "a b 100"),
                record("NYC", "c", "c d 8000.01"),
                record("NYC", "e", "e f 8000"),
                record("Tokyo", "GB82WEST12345698765432", "GB82WEST12345698765432 acct_7 9999"),
                record("SF", "b", "b a 7999.99"),
                record("Moscow", "m", "m n 0")));

        List<String> lines = runUntilProcessed("crafted", 9, new ByteArrayOutputStream());

        assertEquals(List.of(
                "POTENTIAL MONEY LAUNDERING: a -> b totalling 8000.01 now",
                "POTENTIAL MONEY LAUNDERING: a -> b totalling 8100.01 now"), linesOfPair(lines, "a -> b"));
        assertEquals(List.of(
                "POTENTIAL MONEY LAUNDERING: GB82WEST12345698765432 -> acct_7 totalling 9999 now",
                "POTENTIAL MONEY LAUNDERING: a -> b totalling 8000.01 now",
                "POTENTIAL MONEY LAUNDERING: a -> b totalling 8100.01 now",
                "POTENTIAL MONEY LAUNDERING: c -> d totalling 8000.01 now"), lines.stream().sorted().toList());
    }

    @Test
    void skipsInvalidValuesAndCommitsPastThem() throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(record("London", "1", "1 2 9000"));
        for (byte[] value : InvalidValues.all().values()) {
            records.add(new ProducerRecord<>("London", 0, "1", value));
        }
        records.add(new ProducerRecord<>("London", 0, "3", "3 4 8500.50".getBytes(StandardCharsets.US_ASCII)));
        send(records);
        int invalid = InvalidValues.all().size();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LaunderingDetector detector = start("invalid", out, 10_000);
        awaitProcessed(detector, 2, invalid);
        stop(detector);

        assertEquals(invalid, detector.rejected());
        assertEquals(List.of(
                "POTENTIAL MONEY LAUNDERING: 1 -> 2 totalling 9000 now",
                "POTENTIAL MONEY LAUNDERING: 3 -> 4 totalling 8500.50 now"), lines(out).stream().sorted().toList());
        assertCommittedToEnd("invalid");
    }

    @Test
    void restartWithSameGroupDoesNotRepeatAlerts() throws Exception {
        send(List.of(record("London", "1", "1 2 9000"), record("NYC", "5", "5 6 9100")));
        List<String> first = runUntilProcessed("restart", 2, new ByteArrayOutputStream());

        send(List.of(record("SF", "7", "7 8 9200")));
        List<String> second = runUntilProcessed("restart", 1, new ByteArrayOutputStream());

        assertEquals(2, first.size());
        assertEquals(List.of("POTENTIAL MONEY LAUNDERING: 7 -> 8 totalling 9200 now"), second);
        assertCommittedToEnd("restart");
    }

    @Test
    void fullQueueSlowsConsumerWithoutDroppingRecords() throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            City city = City.all().get(i % City.all().size());
            records.add(record(city.topic(), "s" + i, "s" + i + " t 9000"));
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
        LaunderingDetector detector = start("backpressure", slow, 4);
        awaitProcessed(detector, 2000, 0);
        stop(detector);

        assertTrue(detector.fullQueueWaits() > 0, "the queue was full at times");
        List<String> lines = lines(captured);
        assertEquals(2000, lines.size());
        assertEquals(2000, lines.stream().distinct().count());
        assertCommittedToEnd("backpressure");
    }

    private List<String> runUntilProcessed(String group, int transactions, ByteArrayOutputStream out) throws Exception {
        LaunderingDetector detector = start(group, out, 10_000);
        awaitProcessed(detector, transactions, 0);
        stop(detector);
        return lines(out);
    }

    private LaunderingDetector start(String group, OutputStream out, int queueCapacity) {
        LaunderingDetector detector = new LaunderingDetector(
                LaunderingDetectorMain.consumerProperties(BrokerList.parse(kafka.bootstrapServers()), group),
                THRESHOLD_CENTS, queueCapacity, new PrintStream(out, false, StandardCharsets.UTF_8), false,
                Duration.ofSeconds(1));
        detector.start();
        return detector;
    }

    private static void awaitProcessed(LaunderingDetector detector, long transactions, long rejected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (detector.transactions() < transactions || detector.rejected() < rejected) {
            assertTrue(System.nanoTime() < deadline, "processed " + detector.transactions() + " of " + transactions
                    + " transactions and " + detector.rejected() + " of " + rejected + " rejected records");
            assertTrue(detector.isRunning(), "detector stopped early");
            Thread.sleep(20);
        }
    }

    private static void stop(LaunderingDetector detector) throws InterruptedException {
        detector.shutdown();
        assertTrue(detector.awaitStopped(TIMEOUT), "detector stopped");
        assertTrue(!detector.failed(), "detector ended without error");
    }

    private void assertCommittedToEnd(String group) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> request = committed.keySet().stream()
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
                if (end.getValue().offset() > 0) {
                    assertEquals(end.getValue().offset(), committed.get(end.getKey()).offset(),
                            "committed offset of " + end.getKey());
                }
            }
            long partitionsWithRecords = ends.values().stream().filter(info -> info.offset() > 0).count();
            assertTrue(partitionsWithRecords > 0, "some partition has committed records");
        }
    }

    private void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        TopicWriter.send(kafka.bootstrapServers(), records);
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> lines(ByteArrayOutputStream out) {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static List<String> linesOfPair(List<String> lines, String pair) {
        return lines.stream().filter(line -> line.contains(" " + pair + " ")).toList();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
