package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import com.fasterxml.jackson.databind.ObjectMapper;

import fintrans.common.City;

/**
 * The three service images end to end in Docker: a Kafka container, an InfluxDB 1.8 container, the
 * generator, the ingester and the detector, on one Docker network as in docker-compose.yml. Runs only
 * where a Docker engine is reachable; elsewhere JUnit reports it as skipped. The images must have been
 * built into that engine with {@code mvn -Pimages package -Dimage.goal=dockerBuild}.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImagesIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String TAG = System.getProperty("fintrans.image.tag", "0.1.0");
    private static final int COUNT = 3000;
    private static final Pattern ALERT = Pattern.compile("POTENTIAL MONEY LAUNDERING: \\S+ -> \\S+ totalling \\S+ now");

    static Network network;
    static KafkaContainer kafka;
    static GenericContainer<?> influx;

    @BeforeAll
    static void startServers() {
        for (String service : List.of("generator", "influx-ingest", "laundering-detector")) {
            String image = image(service).asCanonicalNameString();
            boolean present = DockerClientFactory.instance().client().listImagesCmd().withImageNameFilter(image).exec()
                    .stream().findAny().isPresent();
            assertTrue(present, "the image " + image + " is not in the local Docker engine; build the images with "
                    + "mvn -Pimages package -Dimage.goal=dockerBuild");
        }
        network = Network.newNetwork();
        kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:4.4.0"))
                .withNetwork(network)
                .withListener("kafka:19092");
        kafka.start();
        influx = new GenericContainer<>(DockerImageName.parse("influxdb:1.8"))
                .withNetwork(network)
                .withNetworkAliases("influxdb")
                .withExposedPorts(8086)
                .waitingFor(Wait.forHttp("/ping").forStatusCode(204));
        influx.start();
    }

    @AfterAll
    static void stopServers() {
        if (influx != null) {
            influx.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void imagesRunWholePipeline() throws Exception {
        try (GenericContainer<?> generator = service("generator")
                .withCommand("--broker", "kafka:19092", "--count", String.valueOf(COUNT), "--rate", "max",
                        "--seed", "11", "--original-distribution")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(TIMEOUT))) {
            generator.start();
        }

        try (GenericContainer<?> detector = service("laundering-detector")
                        .withCommand("--broker", "kafka:19092", "--instance-id", "docker-1")
                        .withEnv(Map.of("ALERT_THRESHOLD", "8000", "PROD_OUTPUT", "true"));
                GenericContainer<?> ingest = service("influx-ingest")
                        .withCommand("--broker", "kafka:19092")
                        .withEnv(Map.of("INFLUX_API", "http://influxdb:8086", "INFLUX_TARGET_DB", "images"));
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.getBootstrapServers()))) {
            detector.start();
            ingest.start();
            ConsumerGroups.awaitCommittedToEnd(admin, "laundering-detector", City.topics(), TIMEOUT);
            ConsumerGroups.awaitCommittedToEnd(admin, "influx-ingest", City.topics(), TIMEOUT);

            List<String> alerts = detector.getLogs(OutputType.STDOUT).lines().toList();
            assertTrue(alerts.size() > 100, "the original distribution raises many alerts: " + alerts.size());
            for (String line : alerts) {
                assertTrue(ALERT.matcher(line).matches() || line.startsWith("POTENTIAL STRUCTURING: "),
                        "stdout holds only alert lines: " + line);
            }
            assertEquals(COUNT, influxCount("images"), "every transaction is a point in InfluxDB");
        }
    }

    private static GenericContainer<?> service(String name) {
        return new GenericContainer<>(image(name)).withNetwork(network)
                .withStartupTimeout(TIMEOUT);
    }

    private static DockerImageName image(String service) {
        return DockerImageName.parse("fintrans/" + service + ":" + TAG);
    }

    private static long influxCount(String database) throws Exception {
        String query = URLEncoder.encode("SELECT count(amount) FROM transactions WHERE time > 0", StandardCharsets.UTF_8);
        URI uri = URI.create("http://" + influx.getHost() + ":" + influx.getMappedPort(8086) + "/query?db=" + database
                + "&q=" + query);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body()).path("results").path(0).path("series").path(0)
                .path("values").path(0).path(1).asLong();
    }
}
