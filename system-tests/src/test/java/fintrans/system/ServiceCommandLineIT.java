package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fintrans.common.City;
import fintrans.common.kafka.Topics;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicContents;
import fintrans.localservers.TopicWriter;

/** The service jars' command-line contract: help, exit codes, environment variables, signals and output. */
class ServiceCommandLineIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), 3, Optional.empty(), TIMEOUT);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"generator, fintrans-generator", "influx-ingest, fintrans-influx-ingest",
            "laundering-detector, fintrans-laundering-detector", "evaluation, fintrans-evaluate"})
    void helpDescribesBrokerOption(String module, String jar) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(tempDir, module, jar, Map.of(), "--help")) {
            assertEquals(0, service.awaitExit(TIMEOUT));
            assertTrue(service.stdout().contains("--broker"), service.stdout());
        }
    }

    @ParameterizedTest
    @CsvSource({"generator, fintrans-generator", "influx-ingest, fintrans-influx-ingest",
            "laundering-detector, fintrans-laundering-detector"})
    void fatJarHoldsNoBrokerOrTestServerClasses(String module, String jar) throws Exception {
        try (ZipFile zip = new ZipFile(ServiceProcess.jarPath(module, jar).toFile())) {
            List<String> serverClasses = zip.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class"))
                    .filter(name -> name.startsWith("kafka/") || name.startsWith("scala/")
                            || name.startsWith("org/apache/kafka/raft/") || name.startsWith("fintrans/localservers/"))
                    .limit(5)
                    .toList();

            assertEquals(List.of(), serverClasses);
            assertTrue(zip.getEntry("org/apache/kafka/clients/consumer/KafkaConsumer.class") != null,
                    "the Kafka client is inside");
        }
    }

    @ParameterizedTest
    @CsvSource({"generator, fintrans-generator", "influx-ingest, fintrans-influx-ingest",
            "laundering-detector, fintrans-laundering-detector"})
    void unreachableBrokerEndsWithClearErrorAndExitCodeOne(String module, String jar) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(tempDir, module, jar, Map.of(),
                "--broker", "127.0.0.1:1", "--startup-timeout", "2")) {
            assertEquals(1, service.awaitExit(TIMEOUT), service.stderr());
            assertTrue(service.stderr().contains("Cannot reach a Kafka broker at 127.0.0.1:1"), service.stderr());
        }
    }

    @ParameterizedTest
    @CsvSource({"ALERT_THRESHOLD, lots", "ALERT_THRESHOLD, -5", "ALERT_THRESHOLD, 8000.001", "PROD_OUTPUT, maybe"})
    void invalidDetectorEnvironmentIsUsageError(String variable, String value) throws Exception {
        try (ServiceProcess detector = ServiceProcess.start(tempDir, "laundering-detector", "fintrans-laundering-detector",
                Map.of(variable, value), "--broker", kafka.bootstrapServers())) {
            assertEquals(2, detector.awaitExit(TIMEOUT));
            assertTrue(detector.stderr().contains("invalid " + variable + " '" + value + "'"), detector.stderr());
        }
    }

    @Test
    void invalidGenWaitSecIsUsageError() throws Exception {
        try (ServiceProcess generator = ServiceProcess.start(tempDir, "generator", "fintrans-generator",
                Map.of("GEN_WAIT_SEC", "soon"), "--broker", kafka.bootstrapServers())) {
            assertEquals(2, generator.awaitExit(TIMEOUT));
            assertTrue(generator.stderr().contains("invalid GEN_WAIT_SEC 'soon'"), generator.stderr());
        }
    }

    @Test
    void generatorFlushesEverythingOnSigterm() throws Exception {
        long before = countRecords();
        try (ServiceProcess generator = ServiceProcess.start(tempDir, "generator", "fintrans-generator", Map.of(),
                "--broker", kafka.bootstrapServers(), "--rate", "max", "--stats-interval", "1")) {
            generator.awaitStderr(" tx/s", TIMEOUT);

            assertEquals(143, generator.stop(TIMEOUT), generator.stderr());

            Matcher stopped = Pattern.compile("Generator stopped: (\\d+) generated, (\\d+) sent, (\\d+) failed")
                    .matcher(generator.stderr());
            assertTrue(stopped.find(), generator.stderr());
            long generated = Long.parseLong(stopped.group(1));
            assertTrue(generated > 0, "sent some transactions before the signal");
            assertEquals(generated, Long.parseLong(stopped.group(2)), "every generated transaction was acknowledged");
            assertEquals(0, Long.parseLong(stopped.group(3)));
            assertEquals(before + generated, countRecords(), "every acknowledged transaction is in Kafka");
        }
    }

    @Test
    void developmentOutputColoursAlertsAndTracesTransactions() throws Exception {
        // A broker of its own: every record in the topics is traced with four lines.
        try (LocalKafka quietKafka = LocalKafka.startOnFreePorts(tempDir)) {
            try (Admin admin = quietKafka.admin()) {
                Topics.createMissing(admin, City.topics(), 1, Optional.empty(), TIMEOUT);
            }
            TopicWriter.send(quietKafka.bootstrapServers(),
                    List.of(new ProducerRecord<>("SF", "970", "970 477 6500".getBytes(StandardCharsets.US_ASCII))));

            try (ServiceProcess detector = ServiceProcess.start(tempDir, "laundering-detector",
                    "fintrans-laundering-detector", Map.of("ALERT_THRESHOLD", "6000", "PROD_OUTPUT", "false"),
                    "--broker", quietKafka.bootstrapServers())) {
                detector.awaitStderr("970 -> 477 totalling 6500 now", TIMEOUT);
                detector.stop(TIMEOUT);

                assertEquals(List.of("\u001b[1;31mPOTENTIAL MONEY LAUNDERING:\u001b[0m 970 -> 477 totalling 6500 now"),
                        detector.stdoutLines());
                String stderr = detector.stderr();
                assertTrue(stderr.contains("Queued SF-0@0: 970 477 6500"), stderr);
                assertTrue(stderr.contains("Dequeued SF-0@0: 970 477 6500"), stderr);
                assertTrue(stderr.contains("Current queue length: "), stderr);
                assertTrue(stderr.contains("alert threshold 6000"), stderr);
                assertTrue(stderr.contains("the pair rule also flags single transfers"), stderr);
            }
        }
    }

    private static long countRecords() {
        return TopicContents.readAll(kafka.bootstrapServers(), City.topics(), TIMEOUT).size();
    }
}
