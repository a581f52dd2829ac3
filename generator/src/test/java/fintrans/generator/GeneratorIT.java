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
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;
import fintrans.common.kafka.Topics;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicContents;
import picocli.CommandLine;

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
    void sendsSeededTransactionsKeyedBySourceToCityTopics() throws Exception {
        try (LocalKafka freshKafka = LocalKafka.startOnFreePorts(tempDir)) {
            checkSeededRun(freshKafka);
        }
    }

    private static void checkSeededRun(LocalKafka kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            Topics.createMissing(admin, List.of("London"), 2, Optional.empty(), Duration.ofSeconds(30));
        }

        int exitCode = run(Map.of(), "--broker", kafka.bootstrapServers(), "--count", "3000", "--rate", "max",
                "--partitions", "4", "--seed", "42");

        assertEquals(0, exitCode);
        try (Admin admin = admin(kafka)) {
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
            String partition = record.topic() + "-" + record.partition();
            String earlier = partitionOfSource.putIfAbsent(record.topic() + "/" + record.key(), partition);
            assertTrue(earlier == null || earlier.equals(partition), "source " + record.key() + " in one partition");
        }

        RandomTransactions expected = new RandomTransactions(42);
        Map<Transaction, Integer> expectedCounts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            expectedCounts.merge(expected.next(), 1, Integer::sum);
        }
        Map<Transaction, Integer> receivedCounts = new HashMap<>();
        received.forEach(transaction -> receivedCounts.merge(transaction, 1, Integer::sum));
        assertEquals(expectedCounts, receivedCounts);
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
        Transaction transaction = new RandomTransactions(7).next();

        String value = TransactionCodec.encode(transaction);

        assertEquals(value, new String(value.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII));
    }

    private static int run(Map<String, String> environment, String... args) {
        return new CommandLine(new GeneratorMain(environment)).execute(args);
    }

    private static long countAll(String bootstrap) {
        return TopicContents.readAll(bootstrap, City.topics(), Duration.ofSeconds(60)).size();
    }

    private static Admin admin(LocalKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
