package fintrans.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.ScenarioHeaders;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;
import fintrans.common.cli.CommandLines;
import fintrans.common.kafka.Topics;
import fintrans.localservers.LocalKafka;
import fintrans.generator.Scenario.ScenarioTransfer;
import fintrans.localservers.TopicContents;

class GeneratorIT {
    @TempDir
    static Path tempDir;
    static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = LocalKafka.startOnFreePorts(tempDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void originalDistributionRepeatsSeededSequence() throws Exception {
        try (LocalKafka freshKafka = LocalKafka.startOnFreePorts(tempDir)) {
            checkSeededRun(freshKafka);
        }
    }

    private static void checkSeededRun(LocalKafka kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, List.of("London"), 2, Optional.empty(), Duration.ofSeconds(30));
        }

        int exitCode = run(Map.of(), "--broker", kafka.bootstrapServers(), "--count", "3000", "--rate", "max",
                "--partitions", "4", "--seed", "42", "--original-distribution");

        assertEquals(0, exitCode);
        try (Admin admin = kafka.admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(City.topics()).allTopicNames().get();
            assertEquals(2, topics.get("London").partitions().size(), "existing topic left as it was");
            assertEquals(4, topics.get("Tokyo").partitions().size(), "missing topic created with --partitions");
        }

        List<ConsumerRecord<String, byte[]>> records =
                TopicContents.readAll(kafka.bootstrapServers(), City.topics(), Duration.ofSeconds(60));
        List<Transaction> received = new ArrayList<>();
        Map<String, String> partitionOfSource = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Transaction transaction = TransactionCodec.decode(City.fromTopic(record.topic()).orElseThrow(), record.value());
            received.add(transaction);
            assertEquals(transaction.source(), record.key(), "key is the source account");
            assertEquals(0, record.headers().toArray().length, "no headers without scenarios");
            String partition = record.topic() + "-" + record.partition();
            String earlier = partitionOfSource.putIfAbsent(record.topic() + "/" + record.key(), partition);
            assertTrue(earlier == null || earlier.equals(partition), "source " + record.key() + " in one partition");
        }

        RandomTransactions expected = RandomTransactions.original(42);
        Map<Transaction, Integer> expectedCounts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            expectedCounts.merge(expected.next(), 1, Integer::sum);
        }
        Map<Transaction, Integer> receivedCounts = new HashMap<>();
        received.forEach(transaction -> receivedCounts.merge(transaction, 1, Integer::sum));
        assertEquals(expectedCounts, receivedCounts);
    }

    @Test
    void scenarioRecordsCarryConsistentHeaders() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Map<String, Long> before = nextOffsets(readAll(bootstrap));

        int exitCode = run(Map.of(), "--broker", bootstrap, "--count", "3000", "--rate", "max", "--seed", "7",
                "--scenarios-per-minute", "6000", "--scenario-amount", "50000", "--scenario-duration", "0s");

        assertEquals(0, exitCode);
        List<ConsumerRecord<String, byte[]>> records = readAll(bootstrap).stream()
                .filter(record -> record.offset() >= before.getOrDefault(partition(record), 0L))
                .toList();
        assertEquals(3000, records.size(), "--count counts background and scenario records");

        List<Transaction> background = new ArrayList<>();
        Map<String, List<Transaction>> scenarioTransfers = new HashMap<>();
        Map<String, String> scenarioKinds = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Transaction transaction = TransactionCodec.decode(City.fromTopic(record.topic()).orElseThrow(), record.value());
            assertEquals(transaction.source(), record.key(), "key is the source account");
            if (record.headers().toArray().length == 0) {
                background.add(transaction);
                continue;
            }
            assertEquals(2, record.headers().toArray().length, "scenario headers of " + transaction);
            String id = header(record, ScenarioHeaders.ID);
            String kind = header(record, ScenarioHeaders.KIND);
            String earlierKind = scenarioKinds.putIfAbsent(id, kind);
            assertTrue(earlierKind == null || earlierKind.equals(kind), id + " has one kind: " + earlierKind + ", " + kind);
            scenarioTransfers.computeIfAbsent(id, key -> new ArrayList<>()).add(transaction);
        }

        int scenarioCount = scenarioTransfers.size();
        assertTrue(scenarioCount >= 1, "the first scenario starts with the generator");
        ScenarioPlanner planner = new ScenarioPlanner(7, 100_000,
                new ScenarioSettings(5_000_000, 800_000, 999_999, Duration.ZERO));
        int scenarioRecords = 0;
        for (int n = 1; n <= scenarioCount; n++) {
            Scenario planned = planner.next();
            List<Transaction> received = scenarioTransfers.get(planned.id());
            assertTrue(received != null, "scenario ids count from 1 without gaps; missing " + planned.id()
                    + " among " + scenarioTransfers.keySet());
            assertEquals(planned.kind(), scenarioKinds.get(planned.id()), planned.id() + " kind");
            for (Transaction transaction : received) {
                assertEquals(planned.source(), transaction.source(), planned.id() + " has one source");
            }
            assertTrue(received.size() <= planned.transfers().size(), planned.id() + " has " + received.size()
                    + " transfers, planned " + planned.transfers().size());
            List<Transaction> plannedFirst = planned.transfers().subList(0, received.size()).stream()
                    .map(ScenarioTransfer::transaction)
                    .toList();
            assertEquals(counts(plannedFirst), counts(received), planned.id() + " sent its first transfers as planned");
            if (n < scenarioCount) {
                // With --scenario-duration 0s a scenario sends everything before the next starts, so only the
                // last one can be cut short by --count.
                assertEquals(planned.transfers().size(), received.size(), planned.id() + " is complete");
            }
            if (received.size() == planned.transfers().size()) {
                long totalCents = received.stream().mapToLong(Transaction::amountCents).sum();
                assertEquals(5_000_000, totalCents, planned.id() + " sends the whole scenario amount");
            }
            scenarioRecords += received.size();
        }
        assertEquals(3000, background.size() + scenarioRecords);

        RandomTransactions expected = new RandomTransactions(7, 100_000, new LogNormalAmounts(10_000, 1.5));
        List<Transaction> expectedBackground = new ArrayList<>();
        for (int i = 0; i < background.size(); i++) {
            expectedBackground.add(expected.next());
        }
        assertEquals(counts(expectedBackground), counts(background), "background is the seeded sequence");
    }

    @Test
    void unreachableBrokerEndsWithExitCodeOne() {
        int exitCode = run(Map.of(), "--broker", "127.0.0.1:1", "--startup-timeout", "2", "--count", "1");

        assertEquals(1, exitCode);
    }

    @Test
    void genWaitSecZeroSendsWithoutWaiting() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        long before = countAll(bootstrap);

        int exitCode = run(Map.of("GEN_WAIT_SEC", "0"), "--broker", bootstrap, "--count", "500");

        assertEquals(0, exitCode);
        assertEquals(before + 500, countAll(bootstrap));
    }

    @Test
    void invalidGenWaitSecIsUsageError() {
        int exitCode = run(Map.of("GEN_WAIT_SEC", "soon"), "--broker", kafka.bootstrapServers(), "--count", "1");

        assertEquals(2, exitCode);
    }

    @Test
    void valuesAreAscii() {
        RandomTransactions random = new RandomTransactions(7, 100_000, new LogNormalAmounts(10_000, 1.5));

        for (int i = 0; i < 1000; i++) {
            String value = TransactionCodec.encode(random.next());
            assertEquals(value, new String(value.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII));
        }
    }

    private static int run(Map<String, String> environment, String... args) {
        return CommandLines.execute(new GeneratorMain(environment), args);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap) {
        return TopicContents.readAll(bootstrap, City.topics(), Duration.ofSeconds(60));
    }

    /** Returns, per partition, the offset after the last record in {@code records}. */
    private static Map<String, Long> nextOffsets(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            next.merge(partition(record), record.offset() + 1, Math::max);
        }
        return next;
    }

    private static String partition(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertTrue(header != null, "header " + name + " on " + partition(record) + "@" + record.offset());
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<Transaction, Integer> counts(List<Transaction> transactions) {
        Map<Transaction, Integer> counts = new HashMap<>();
        transactions.forEach(transaction -> counts.merge(transaction, 1, Integer::sum));
        return counts;
    }

    private static long countAll(String bootstrap) {
        return TopicContents.readAll(bootstrap, City.topics(), Duration.ofSeconds(60)).size();
    }
}
