package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;

/**
 * The HTTP health endpoint that Marathon's health checks call: each service serves GET /health on the
 * port given with --health-port, or in PORT0 as Marathon sets it, and returns 200 while it works.
 */
class HealthEndpointIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ENDPOINT = Pattern.compile("Health endpoint at http://127\\.0\\.0\\.1:(\\d+)/health");

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;
    static LocalInfluxDb influx;

    @BeforeAll
    static void startServers() {
        kafka = LocalKafka.startOnFreePorts(tempDir);
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

    @ParameterizedTest(name = "{0}, port from {2}")
    @CsvSource({"generator, fintrans-generator, option", "generator, fintrans-generator, PORT0",
            "influx-ingest, fintrans-influx-ingest, option", "influx-ingest, fintrans-influx-ingest, PORT0",
            "laundering-detector, fintrans-laundering-detector, option",
            "laundering-detector, fintrans-laundering-detector, PORT0"})
    void runningServiceAnswersOk(String module, String jar, String portSource) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("INFLUX_API", influx.url(),
                "INFLUX_TARGET_DB", "health"));
        String[] args;
        int expectedPort = -1;
        if (portSource.equals("PORT0")) {
            expectedPort = freeLoopbackPort();
            environment.put("PORT0", String.valueOf(expectedPort));
            args = new String[] {"--broker", kafka.bootstrapServers(), "--health-address", "127.0.0.1"};
        } else {
            args = new String[] {"--broker", kafka.bootstrapServers(), "--health-address", "127.0.0.1",
                    "--health-port", "0"};
        }
        try (ServiceProcess service = ServiceProcess.start(tempDir, module, jar, environment, args)) {
            service.awaitStderr("Health endpoint at http://127.0.0.1:", TIMEOUT);
            Matcher endpoint = ENDPOINT.matcher(service.stderr());
            assertTrue(endpoint.find(), service.stderr());
            int port = Integer.parseInt(endpoint.group(1));
            if (expectedPort > 0) {
                assertEquals(expectedPort, port, "the endpoint listens on PORT0");
            }

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body() + "\n" + service.stderr());
            assertEquals("ok\n", response.body());
            assertEquals(143, service.stop(TIMEOUT), service.stderr());
        }
    }

    private static int freeLoopbackPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
