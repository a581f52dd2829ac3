package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** Option checks that end before any server is contacted, and the exit code for an unreachable broker. */
class InfluxIngestMainTest {

    private record Run(int exitCode, String output, String errors) {
    }

    private static Run execute(Map<String, String> environment, String... args) {
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        CommandLine commandLine = new CommandLine(new InfluxIngestMain(environment));
        commandLine.setOut(new PrintWriter(output));
        commandLine.setErr(new PrintWriter(errors));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, output.toString(), errors.toString());
    }

    @Test
    void helpNamesEveryOptionAndEnvironmentVariable() {
        Run run = execute(Map.of(), "--help");

        assertEquals(0, run.exitCode());
        for (String name : new String[] {"--broker", "--group", "--influx-url", "--database", "--retention",
                "--max-batch-points", "--max-batch-delay-ms", "--stats-interval", "--startup-timeout",
                "--alerts-topic", "--influx-ca-cert", "INFLUX_API", "INFLUX_TARGET_DB", "INFLUX_USER",
                "INFLUX_PASSWORD", "INFLUX_CA_CERT", "Default: 5000", "Default: 1h", "Default: alerts"}) {
            assertTrue(run.output().contains(name), name + " missing in:\n" + run.output());
        }
    }

    @Test
    void retentionUnderOneHourIsUsageError() {
        Run run = execute(Map.of(), "--retention", "30m");

        assertEquals(2, run.exitCode());
        assertTrue(run.errors().contains("invalid --retention"), run.errors());
        assertTrue(run.errors().contains("shorter than 1h"), run.errors());
    }

    @Test
    void batchPointsOutOfRangeAreUsageErrors() {
        assertEquals(2, execute(Map.of(), "--max-batch-points", "0").exitCode());
        assertEquals(2, execute(Map.of(), "--max-batch-points", "100001").exitCode());
        assertEquals(2, execute(Map.of(), "--max-batch-delay-ms", "0").exitCode());
        assertEquals(2, execute(Map.of(), "--stats-interval", "0").exitCode());
    }

    @Test
    void invalidDatabaseNameIsUsageError() {
        Run run = execute(Map.of(), "--database", "a/b");

        assertEquals(2, run.exitCode());
        assertTrue(run.errors().contains("invalid --database"), run.errors());
    }

    @Test
    void urlWithoutHttpIsUsageError() {
        Run run = execute(Map.of(), "--influx-url", "localhost:8086");

        assertEquals(2, run.exitCode());
        assertTrue(run.errors().contains("invalid --influx-url"), run.errors());
    }

    @Test
    void unreachableBrokerEndsWithExitCodeOne() throws Exception {
        Run run = execute(Map.of(), "--broker", "127.0.0.1:" + closedPort(), "--startup-timeout", "1");

        assertEquals(1, run.exitCode());
    }

    /** Returns a loopback port where nothing listened a moment ago. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void cityTopicAsAlertsTopicIsUsageError() {
        Run run = execute(Map.of(), "--alerts-topic", "London");

        assertEquals(2, run.exitCode());
        assertTrue(run.errors().contains("invalid --alerts-topic 'London': it is a city topic"), run.errors());
    }

    @Test
    void illegalTopicNameIsUsageError() {
        Run run = execute(Map.of(), "--alerts-topic", "my alerts");

        assertEquals(2, run.exitCode());
        assertTrue(run.errors().contains("invalid --alerts-topic 'my alerts'"), run.errors());
        assertTrue(run.errors().contains("1 to 249 ASCII letters"), run.errors());
    }

    @Test
    void emptyAlertsTopicPassesChecks() throws Exception {
        Run run = execute(Map.of(), "--alerts-topic", "", "--broker", "127.0.0.1:" + closedPort(),
                "--startup-timeout", "1");

        assertEquals(1, run.exitCode(), "fails only at the unreachable broker: " + run.errors());
    }

    @Test
    void missingCaCertificateFileIsUsageError(@TempDir Path dir) {
        Path missing = dir.resolve("missing.pem");

        Run run = execute(Map.of(), "--influx-url", "https://127.0.0.1:8086", "--influx-ca-cert", missing.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.errors().contains("invalid --influx-ca-cert (or INFLUX_CA_CERT): the file " + missing
                + " does not exist"), run.errors());
    }

    @Test
    void caCertificateFromEnvironmentIsChecked(@TempDir Path dir) throws Exception {
        Path notCertificate = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n");

        Run run = execute(Map.of("INFLUX_CA_CERT", notCertificate.toString()), "--influx-url", "https://127.0.0.1:8086");

        assertEquals(2, run.exitCode());
        assertTrue(run.errors().contains("invalid --influx-ca-cert (or INFLUX_CA_CERT): " + notCertificate
                + " contains no PEM certificate"), run.errors());
    }

    @Test
    void passwordWithoutUserIsRejected() {
        String password = "pw-never-shown-4711";

        Run run = execute(Map.of("INFLUX_PASSWORD", password));

        assertEquals(2, run.exitCode());
        assertTrue(run.errors().contains("INFLUX_USER is not"), run.errors());
        assertFalse(run.errors().contains(password), run.errors());
        assertFalse(run.output().contains(password), run.output());
    }
}
