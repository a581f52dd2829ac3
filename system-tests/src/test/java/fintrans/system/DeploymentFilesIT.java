package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The deployment files are checked with the formats and tools that are available without a cluster. */
class DeploymentFilesIT {
    private static final Path ROOT = Path.of(System.getProperty("fintrans.root", ".."));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"generator", "influx-ingest", "laundering-detector"})
    void marathonAppDefinitionMatchesSchema(String app) throws Exception {
        JsonSchema schema = marathonSchema();
        JsonNode definition = JSON.readTree(ROOT.resolve("service").resolve(app + ".json").toFile());

        Set<ValidationMessage> problems = schema.validate(definition);

        assertEquals(Set.of(), problems);
        assertEquals("/fintrans/" + app, definition.path("id").asText());
        assertEquals("fintrans/" + app + ":0.1.0", definition.path("container").path("docker").path("image").asText());
        assertTrue(definition.path("args").toString().contains("\"--broker\",\"BROKER_ADDRESS\""), definition.toString());
        assertEquals("/health", definition.path("healthChecks").path(0).path("path").asText());
    }

    @Test
    void schemaRejectsUnknownField() throws Exception {
        JsonSchema schema = marathonSchema();

        Set<ValidationMessage> problems = schema.validate(JSON.readTree("{\"id\":\"/fintrans/x\",\"cpu\":1}"));

        assertTrue(!problems.isEmpty(), "a misspelt field is reported");
    }

    @Test
    void generatorNeverRunsTwiceDuringUpgrade() throws Exception {
        JsonNode definition = JSON.readTree(ROOT.resolve("service/generator.json").toFile());

        assertEquals(0, definition.path("upgradeStrategy").path("minimumHealthCapacity").asDouble());
        assertEquals(0, definition.path("upgradeStrategy").path("maximumOverCapacity").asDouble());
        assertEquals(1, definition.path("instances").asInt());
    }

    @Test
    void detectorKeepsOriginalEnvironment() throws Exception {
        JsonNode definition = JSON.readTree(ROOT.resolve("service/laundering-detector.json").toFile());

        assertEquals("8000", definition.path("env").path("ALERT_THRESHOLD").asText());
        assertEquals("true", definition.path("env").path("PROD_OUTPUT").asText());
    }

    @Test
    void shellScriptsPassShellcheck() throws Exception {
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        for (String script : List.of("run-local.sh", "run-tests.sh", "install-all.sh", "install-services.sh",
                "scripts/install-influxdb.sh", "scripts/dcos-lib.sh", "scripts/bench-detector-core.sh",
                "scripts/build-jre-base.sh", ".ci/run")) {
            assertTrue(Files.isRegularFile(ROOT.resolve(script)), script + " exists");
            command.add(script);
        }

        Result result = run(command);

        assertEquals(0, result.exitCode(), "shellcheck found problems:\n" + result.output());
    }

    @Test
    void composeFileIsValid() throws Exception {
        Result result = run(List.of("docker-compose", "-f", "docker-compose.yml", "config", "-q"));

        assertEquals(0, result.exitCode(), "docker-compose rejected docker-compose.yml:\n" + result.output());
    }

    @Test
    void composeValidationRejectsUnknownOption() throws Exception {
        Path broken = Files.createTempFile("compose-", ".yml");
        try {
            String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
            Files.writeString(broken, compose.replace("  influxdb:\n    image: influxdb:1.8\n",
                    "  influxdb:\n    image: influxdb:1.8\n    bogus_option: true\n"));

            Result result = run(List.of("docker-compose", "-f", broken.toString(), "config", "-q"));

            assertTrue(result.exitCode() != 0, "a misspelt option is reported: " + result.output());
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    @Test
    void composeRunsEveryServiceOnItsImage() throws Exception {
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());

        for (String service : List.of("generator", "influx-ingest", "laundering-detector")) {
            assertEquals("fintrans/" + service + ":0.1.0", compose.path("services").path(service).path("image").asText());
        }
        assertEquals("8000", compose.path("services").path("laundering-detector").path("environment")
                .path("ALERT_THRESHOLD").asText());
        assertEquals("http://influxdb:8086", compose.path("services").path("influx-ingest").path("environment")
                .path("INFLUX_API").asText());
    }

    @Test
    void composeProvisionsGrafana() throws Exception {
        JsonNode grafana = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile())
                .path("services").path("grafana");
        List<String> volumes = new ArrayList<>();
        grafana.path("volumes").forEach(volume -> volumes.add(volume.asText()));
        assertTrue(volumes.contains("./grafana/provisioning:/etc/grafana/provisioning:ro"), volumes.toString());
        String dashboardsPath = YAML
                .readTree(ROOT.resolve("grafana/provisioning/dashboards/fintrans.yaml").toFile())
                .path("providers").path(0).path("options").path("path").asText();
        assertTrue(volumes.contains("./grafana-dashboard.json:" + dashboardsPath + "/fintrans.json:ro"),
                "the dashboard is mounted where the provider reads " + dashboardsPath + ": " + volumes);

        // Grafana leaves an unset ${NAME} empty, so every variable the datasource needs must be set.
        // Comment lines are left out: they explain the ${NAME} syntax with a placeholder.
        String datasource = Files.readAllLines(ROOT.resolve("grafana/provisioning/datasources/fintrans.yaml"))
                .stream().filter(line -> !line.stripLeading().startsWith("#"))
                .collect(Collectors.joining("\n"));
        Matcher variable = Pattern.compile("\\$\\{(\\w+)}").matcher(datasource);
        List<String> needed = new ArrayList<>();
        while (variable.find()) {
            needed.add(variable.group(1));
        }
        assertTrue(needed.containsAll(List.of("INFLUX_URL", "INFLUX_DB")), needed.toString());
        for (String name : needed) {
            boolean optional = name.equals("INFLUX_USER") || name.equals("INFLUX_PASSWORD");
            assertTrue(optional || grafana.path("environment").has(name), "Grafana's environment sets " + name);
        }
    }

    /**
     * Loads Marathon's app definition schema. Its {@code $schema} names no draft
     * ({@code http://json-schema.org/schema#}); its keywords are those of draft 4, which it is read as.
     */
    private JsonSchema marathonSchema() throws IOException {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/marathon/app-definition.schema.json")) {
            schema = JSON.readTree(in);
        }
        ((ObjectNode) schema).put("$schema", "http://json-schema.org/draft-04/schema#");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is not installed; ./run-tests.sh installs it with "
                    + "apt-get", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), command + " finished");
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
