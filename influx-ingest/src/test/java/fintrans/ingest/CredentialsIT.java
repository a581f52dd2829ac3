package fintrans.ingest;

import static fintrans.ingest.IngestTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;

/**
 * Runs the fat jar as a separate process, which is the only way to give it INFLUX_USER and
 * INFLUX_PASSWORD. The password must appear nowhere in its output: not with valid credentials, not when
 * InfluxDB rejects them, and not while InfluxDB is unreachable. A second InfluxDB serves HTTPS with a
 * self-signed certificate and authentication, which the ingester reaches only with --influx-ca-cert.
 */
class CredentialsIT {
    private static final Path FAT_JAR = Path.of("target", "fintrans-influx-ingest.jar");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String USER = "ingest";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    @TempDir
    static Path tempDir;

    private static LocalKafka kafka;
    private static LocalInfluxDb influx;
    private static LocalInfluxDb httpsInflux;

    @BeforeAll
    static void startServers() throws Exception {
        assertTrue(Files.isRegularFile(FAT_JAR), FAT_JAR.toAbsolutePath() + " is missing; run mvn verify, which "
                + "builds it in the package phase");
        kafka = LocalKafka.startOnFreePorts(tempDir);
        influx = LocalInfluxDb.startWithAuthentication(tempDir, new LocalInfluxDb.Credentials(USER, PASSWORD));
        httpsInflux = LocalInfluxDb.startWithHttps(tempDir, Optional.of(new LocalInfluxDb.Credentials(USER, PASSWORD)));
        IngestTesting.createCityTopics(kafka);
        IngestTesting.createAlertsTopic(kafka, 1);
        try (KafkaProducer<String, byte[]> producer = IngestTesting.producer(kafka)) {
            for (int i = 0; i < 5; i++) {
                IngestTesting.send(producer, new Transaction(City.all().get(i), "c" + i, "d", 1_000 + i), 0,
                        System.currentTimeMillis());
            }
            Instant now = Instant.now();
            AlertRecord alert = new AlertRecord(AlertRecord.Rule.STRUCTURING, "c0", null, 2_700_000, 3, 1_000_000,
                    null, now, now, new AlertRecord.Trigger("London", 0, 0, now));
            producer.send(new ProducerRecord<>(IngestTesting.ALERTS_TOPIC, "c0", AlertJson.write(alert))).get();
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (influx != null) {
            influx.close();
        }
        if (httpsInflux != null) {
            httpsInflux.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void helpWorksFromFatJar() throws Exception {
        JarProcess help = JarProcess.start(Map.of(), "--help");

        assertEquals(0, help.waitForExit(TIMEOUT));
        assertTrue(help.output().contains("Usage: influx-ingest"), help.output());
        assertTrue(help.output().contains("INFLUX_PASSWORD"), help.output());
    }

    @Test
    void validCredentialsWriteWithoutLoggingPassword() throws Exception {
        JarProcess ingester = JarProcess.start(Map.of("INFLUX_USER", USER, "INFLUX_PASSWORD", PASSWORD),
                "--broker", kafka.bootstrapServers(), "--influx-url", influx.url(), "--database", "with_auth",
                "--group", "with-auth", "--stats-interval", "1", "--max-batch-delay-ms", "200");
        try {
            await(TIMEOUT, () -> countIn(influx, "with_auth", "transactions") == 5
                            && countIn(influx, "with_auth", "alerts") == 1,
                    () -> "points in with_auth: " + countIn(influx, "with_auth", "transactions") + " transactions, "
                            + countIn(influx, "with_auth", "alerts") + " alerts; output:\n" + ingester.output());
            await(TIMEOUT, () -> ingester.output().contains("written 6 points"), ingester::output);
        } finally {
            ingester.stop();
        }

        assertTrue(ingester.output().contains("Ingester stopped: 6 points written"), ingester.output());
        assertTrue(ingester.output().contains("user " + USER), ingester.output());
        assertFalse(ingester.output().contains(PASSWORD), ingester.output());
    }

    @Test
    void wrongPasswordEndsWithClearError() throws Exception {
        String wrongPassword = "wrong-" + UUID.randomUUID();

        JarProcess ingester = JarProcess.start(Map.of("INFLUX_USER", USER, "INFLUX_PASSWORD", wrongPassword),
                "--broker", kafka.bootstrapServers(), "--influx-url", influx.url(), "--database", "wrong_password");

        assertEquals(1, ingester.waitForExit(TIMEOUT), ingester.output());
        assertTrue(ingester.output().contains("rejected the credentials"), ingester.output());
        assertTrue(ingester.output().contains("user " + USER), ingester.output());
        assertTrue(ingester.output().contains("INFLUX_PASSWORD"), ingester.output());
        assertFalse(ingester.output().contains(wrongPassword), ingester.output());
        assertFalse(ingester.output().contains(PASSWORD), ingester.output());
    }

    @Test
    void unreachableInfluxIsRetriedWithoutLoggingPassword() throws Exception {
        String closedUrl = "http://127.0.0.1:" + closedPort();

        JarProcess ingester = JarProcess.start(Map.of("INFLUX_USER", USER, "INFLUX_PASSWORD", PASSWORD),
                "--broker", kafka.bootstrapServers(), "--influx-url", closedUrl, "--database", "unreachable");
        try {
            await(TIMEOUT, () -> ingester.output().contains("(attempt 2)"), ingester::output);
        } finally {
            ingester.stop();
        }

        assertTrue(ingester.output().contains("Preparing database unreachable in InfluxDB at " + closedUrl
                + " failed (attempt 1)"), ingester.output());
        assertFalse(ingester.output().contains(PASSWORD), ingester.output());
    }

    @Test
    void httpsWithCaCertificateWritesWithoutLoggingPassword() throws Exception {
        Path certificate = httpsInflux.certificateFile();

        JarProcess ingester = JarProcess.start(Map.of("INFLUX_USER", USER, "INFLUX_PASSWORD", PASSWORD),
                "--broker", kafka.bootstrapServers(), "--influx-url", httpsInflux.url(), "--influx-ca-cert",
                certificate.toString(), "--database", "over_tls", "--group", "over-tls", "--max-batch-delay-ms", "200");
        try {
            await(TIMEOUT, () -> countIn(httpsInflux, "over_tls", "transactions") == 5
                            && countIn(httpsInflux, "over_tls", "alerts") == 1,
                    () -> "points in over_tls: " + countIn(httpsInflux, "over_tls", "transactions") + " transactions, "
                            + countIn(httpsInflux, "over_tls", "alerts") + " alerts; output:\n" + ingester.output());
        } finally {
            ingester.stop();
        }

        assertTrue(httpsInflux.url().startsWith("https://"), httpsInflux.url());
        assertTrue(ingester.output().contains("trusting only " + certificate + " (1 certificate: CN=127.0.0.1)"),
                ingester.output());
        assertTrue(ingester.output().contains("Ingester stopped: 6 points written"), ingester.output());
        assertFalse(ingester.output().contains(PASSWORD), ingester.output());
    }

    @Test
    void httpsWithoutCaCertificateReportsUntrustedCertificate() throws Exception {
        JarProcess ingester = JarProcess.start(Map.of("INFLUX_USER", USER, "INFLUX_PASSWORD", PASSWORD),
                "--broker", kafka.bootstrapServers(), "--influx-url", httpsInflux.url(), "--database", "untrusted");
        try {
            await(TIMEOUT, () -> ingester.output().contains("(attempt 2)"), ingester::output);
        } finally {
            ingester.stop();
        }

        assertTrue(ingester.output().contains("Preparing database untrusted in InfluxDB at " + httpsInflux.url()
                + " failed (attempt 1)"), ingester.output());
        assertTrue(ingester.output().contains("TLS with InfluxDB failed"), ingester.output());
        assertTrue(ingester.output().contains("--influx-ca-cert or INFLUX_CA_CERT"), ingester.output());
        assertFalse(httpsInflux.query(null, "SHOW DATABASES").contains("untrusted"), "no database was created");
        assertFalse(ingester.output().contains(PASSWORD), ingester.output());
    }

    /** Counts the points of {@code measurement}; -1 when the query fails, for example before the database exists. */
    private static long countIn(LocalInfluxDb influx, String database, String measurement) {
        try {
            String answer = influx.query(database, "SELECT count(source) FROM \"" + measurement + "\"");
            int start = answer.indexOf("\"values\":[[");
            if (start < 0) {
                return 0;
            }
            String row = answer.substring(start + 11, answer.indexOf("]]", start));
            return Long.parseLong(row.substring(row.indexOf(',') + 1).strip());
        } catch (Exception e) {
            return -1;
        }
    }

    /** Returns a loopback port where nothing listened a moment ago. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /** The fat jar running in a child JVM, with stdout and stderr collected together. */
    private static final class JarProcess {
        private final Process process;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final Thread reader;

        private JarProcess(Process process) {
            this.process = process;
            this.reader = new Thread(this::copyOutput, "jar-output");
            reader.start();
        }

        static JarProcess start(Map<String, String> environment, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", FAT_JAR.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("INFLUX"));
            builder.environment().putAll(environment);
            return new JarProcess(builder.start());
        }

        String output() {
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }

        int waitForExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the ingester did not exit within " + timeout.toSeconds() + " s:\n" + output());
            }
            reader.join(5_000);
            return process.exitValue();
        }

        /**
         * Sends SIGTERM, as a service manager does, and waits for the exit. {@link Process#destroy()} would
         * also close the output pipe at once and lose the lines logged during shutdown.
         */
        void stop() throws InterruptedException {
            process.toHandle().destroy();
            waitForExit(TIMEOUT);
        }

        private void copyOutput() {
            byte[] buffer = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    synchronized (output) {
                        output.write(buffer, 0, read);
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }
    }
}
