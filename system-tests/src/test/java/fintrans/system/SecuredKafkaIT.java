package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import fintrans.common.City;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.LocalKafka.SaslSslListener;
import fintrans.localservers.TopicContents;

/**
 * The three services against a broker listener that takes only TLS connections authenticated with
 * SASL/PLAIN, as a production cluster's does, given the client settings in a properties file. The test
 * checks what arrived through the broker's second, plaintext listener.
 */
class SecuredKafkaIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String USER = "fintrans";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final int COUNT = 2000;
    private static final List<String> CLIENT_KEYS = List.of("sasl.jaas.config", "sasl.mechanism", "security.protocol",
            "ssl.truststore.location", "ssl.truststore.type");

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;
    static LocalInfluxDb influx;
    static SaslSslListener secured;

    @BeforeAll
    static void startServers() {
        kafka = LocalKafka.startWithSaslSsl(tempDir, USER, PASSWORD);
        secured = kafka.saslSslListener().orElseThrow();
        influx = LocalInfluxDb.startOnFreePorts(tempDir);
    }

    @AfterAll
    static void stopServers() {
        if (influx != null) {
            influx.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void servicesWorkThroughSaslSsl() throws Exception {
        Path config = writeClientConfig("client.properties", secured.clientProperties());
        String broker = secured.bootstrapServers();

        try (ServiceProcess generator = ServiceProcess.start(tempDir, "generator", "fintrans-generator", Map.of(),
                "--broker", broker, "--kafka-config", config.toString(), "--count", String.valueOf(COUNT),
                "--rate", "max", "--seed", "5", "--original-distribution")) {
            assertEquals(0, generator.awaitExit(TIMEOUT), generator.stderr());
            assertLogsKeysOnly(generator, config);
        }
        assertEquals(COUNT, TopicContents.readAll(kafka.bootstrapServers(), City.topics(), TIMEOUT).size(),
                "every generated transaction is in the city topics");

        // The containers' way: the file named in the environment instead of an option.
        Map<String, String> environment = Map.of("KAFKA_CLIENT_CONFIG", config.toString(),
                "INFLUX_API", influx.url(), "INFLUX_TARGET_DB", "secured");
        try (ServiceProcess detector = ServiceProcess.start(tempDir, "laundering-detector",
                        "fintrans-laundering-detector", environment, "--broker", broker);
                ServiceProcess ingest = ServiceProcess.start(tempDir, "influx-ingest", "fintrans-influx-ingest",
                        environment, "--broker", broker);
                Admin admin = kafka.admin()) {
            ConsumerGroups.awaitCommittedToEnd(admin, "laundering-detector", City.topics(), TIMEOUT);
            ConsumerGroups.awaitCommittedToEnd(admin, "influx-ingest", City.topics(), TIMEOUT);
            assertEquals(143, detector.stop(TIMEOUT), detector.stderr());
            assertEquals(143, ingest.stop(TIMEOUT), ingest.stderr());

            List<String> alerts = detector.stdoutLines();
            assertFalse(alerts.isEmpty(), "the original distribution raises alerts");
            assertEquals(alerts.size(), TopicContents.readCommitted(kafka.bootstrapServers(), List.of("alerts"),
                    TIMEOUT).size(), "the alerts went to the alerts topic through the secured listener");
            assertEquals(COUNT, influxPointCount("secured"), "every transaction is a point in InfluxDB");
            assertLogsKeysOnly(detector, config);
            assertLogsKeysOnly(ingest, config);
        }
    }

    @ParameterizedTest
    @CsvSource({"generator, fintrans-generator", "influx-ingest, fintrans-influx-ingest",
            "laundering-detector, fintrans-laundering-detector"})
    void wrongPasswordEndsWithAuthenticationErrorAndExitCodeOne(String module, String jar) throws Exception {
        SaslSslListener wrong = new SaslSslListener(secured.port(), secured.certificate(), USER, "not-" + PASSWORD);
        Path config = writeClientConfig("wrong-" + module + ".properties", wrong.clientProperties());
        try (ServiceProcess service = ServiceProcess.start(tempDir, module, jar, Map.of(),
                "--broker", secured.bootstrapServers(), "--kafka-config", config.toString(), "--startup-timeout", "10")) {
            assertEquals(1, service.awaitExit(TIMEOUT), service.stderr());
            assertTrue(service.stderr().contains("Authentication failed"), service.stderr());
            assertFalse(service.stderr().contains(PASSWORD), "the password stays out of the log");
        }
    }

    @ParameterizedTest
    @CsvSource({"generator, fintrans-generator", "influx-ingest, fintrans-influx-ingest",
            "laundering-detector, fintrans-laundering-detector"})
    void missingConfigFileIsUsageError(String module, String jar) throws Exception {
        Path missing = tempDir.resolve("no-such-client.properties");
        try (ServiceProcess service = ServiceProcess.start(tempDir, module, jar, Map.of(),
                "--broker", secured.bootstrapServers(), "--kafka-config", missing.toString())) {
            assertEquals(2, service.awaitExit(TIMEOUT), service.stderr());
            assertTrue(service.stderr().contains("invalid --kafka-config (or KAFKA_CLIENT_CONFIG): the Kafka client "
                    + "properties file " + missing + " does not exist"), service.stderr());
        }
    }

    @Test
    void reservedKeysAreLeftOutWithWarning() throws Exception {
        Properties properties = secured.clientProperties();
        properties.setProperty("acks", "0");
        Path config = writeClientConfig("with-reserved-key.properties", properties);
        try (ServiceProcess evaluate = ServiceProcess.start(tempDir, "evaluation", "fintrans-evaluate", Map.of(),
                "--broker", secured.bootstrapServers(), "--kafka-config", config.toString())) {
            assertEquals(0, evaluate.awaitExit(TIMEOUT), evaluate.stderr());
            assertLogsKeysOnly(evaluate, config);
            assertTrue(evaluate.stderr().contains("WARN"), evaluate.stderr());
            assertTrue(evaluate.stderr().contains("Left out [acks] of " + config), evaluate.stderr());
        }
    }

    @Test
    void missingTruststoreNamesPropertiesFile() throws Exception {
        Properties properties = secured.clientProperties();
        properties.setProperty("ssl.truststore.location", tempDir.resolve("no-such-ca.pem").toString());
        Path config = writeClientConfig("missing-truststore.properties", properties);
        try (ServiceProcess generator = ServiceProcess.start(tempDir, "generator", "fintrans-generator", Map.of(),
                "--broker", secured.bootstrapServers(), "--kafka-config", config.toString(), "--count", "1")) {
            assertEquals(1, generator.awaitExit(TIMEOUT), generator.stderr());
            assertTrue(generator.stderr().contains("Cannot create a Kafka client for " + secured.bootstrapServers()
                    + " with the client properties from " + config), generator.stderr());
            assertFalse(generator.stderr().contains(PASSWORD), "the password stays out of the log");
        }
    }

    @Test
    void plaintextClientCannotUseTheSecuredListener() throws Exception {
        try (ServiceProcess generator = ServiceProcess.start(tempDir, "generator", "fintrans-generator", Map.of(),
                "--broker", secured.bootstrapServers(), "--count", "1", "--startup-timeout", "3")) {
            assertEquals(1, generator.awaitExit(TIMEOUT), generator.stderr());
            assertTrue(generator.stderr().contains("Cannot reach a Kafka broker at " + secured.bootstrapServers()),
                    generator.stderr());
        }
    }

    /** Asserts that the start-up line names the file and its keys, and that no output contains the password. */
    private static void assertLogsKeysOnly(ServiceProcess service, Path config) throws IOException {
        String stderr = service.stderr();
        assertTrue(stderr.contains("client properties from " + config + ": " + CLIENT_KEYS), stderr);
        assertFalse(stderr.contains(PASSWORD), "the password stays out of stderr");
        assertFalse(service.stdout().contains(PASSWORD), "the password stays out of stdout");
    }

    private static Path writeClientConfig(String name, Properties properties) throws IOException {
        Path file = tempDir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "Kafka client settings for the SASL_SSL listener");
        }
        return file;
    }

    private static long influxPointCount(String database) throws Exception {
        String answer = influx.query(database, "SELECT count(amount) FROM transactions WHERE time > 0");
        return new ObjectMapper().readTree(answer).path("results").path(0).path("series").path(0).path("values")
                .path(0).path(1).asLong();
    }
}
