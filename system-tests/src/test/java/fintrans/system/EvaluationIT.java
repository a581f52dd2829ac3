package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fintrans.common.City;
import fintrans.common.kafka.Topics;
import fintrans.localservers.LocalKafka;

/**
 * The generator's default background with injected structuring scenarios, the detector at its default
 * rules, and the evaluation command: every injected scenario is detected by the structuring rule.
 */
class EvaluationIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path tempDir;
    static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), 6, Optional.empty(), TIMEOUT);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void structuringRuleDetectsEveryInjectedScenario() throws Exception {
        String broker = kafka.bootstrapServers();
        // Scenarios are shortened so that several complete within seconds; background and rules are the defaults.
        try (ServiceProcess generator = ServiceProcess.start(tempDir, "generator", "fintrans-generator", Map.of(),
                "--broker", broker, "--rate", "1000", "--count", "5000", "--seed", "21", "--scenarios-per-minute", "60",
                "--scenario-amount", "50000", "--scenario-duration", "2s")) {
            assertEquals(0, generator.awaitExit(TIMEOUT), generator.stderr());
        }
        try (ServiceProcess detector = ServiceProcess.start(tempDir, "laundering-detector", "fintrans-laundering-detector",
                        Map.of(), "--broker", broker);
                Admin admin = kafka.admin()) {
            ConsumerGroups.awaitCommittedToEnd(admin, "laundering-detector", City.topics(), TIMEOUT);
            detector.stop(TIMEOUT);
        }

        JsonNode figures;
        try (ServiceProcess evaluate = ServiceProcess.start(tempDir, "evaluation", "fintrans-evaluate", Map.of(),
                "--broker", broker, "--json")) {
            assertEquals(0, evaluate.awaitExit(TIMEOUT), evaluate.stderr());
            figures = new ObjectMapper().readTree(evaluate.stdout());
        }

        JsonNode structuring = figures.path("rules").path("structuring");
        int injected = structuring.path("scenarios").path("all").path("injected").asInt();
        assertTrue(injected >= 3, "scenarios were injected: " + figures);
        assertEquals(injected, structuring.path("scenarios").path("all").path("detected").asInt(), figures.toString());
        assertEquals(1.0, structuring.path("scenarios").path("all").path("recall").asDouble(), figures.toString());
        assertEquals(0, figures.path("invalidTransactions").asInt());
        assertEquals(0, figures.path("invalidAlerts").asInt());
    }
}
