package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * install-all.sh and install-services.sh against a recording stand-in for the DC/OS CLI (a script named
 * {@code dcos} first on PATH) that answers like a healthy cluster: the commands they send, in order, and
 * the app definitions they deploy.
 */
class InstallScriptsIT {
    private static final Path ROOT = Path.of(System.getProperty("fintrans.root", ".."));
    private static final String BROKER = "broker-0.kafka.mesos:9398";

    @TempDir
    Path tempDir;
    Path bin;
    Path state;

    @BeforeEach
    void installFakeDcos() throws IOException {
        bin = Files.createDirectories(tempDir.resolve("bin"));
        state = Files.createDirectories(tempDir.resolve("state"));
        try (InputStream in = getClass().getResourceAsStream("/fake-dcos/dcos")) {
            Files.write(bin.resolve("dcos"), in.readAllBytes());
        }
        assertTrue(bin.resolve("dcos").toFile().setExecutable(true), "fake dcos is executable");
    }

    @Test
    void installAllInstallsPackagesThenDeploysAppsWithBrokerAddress() throws Exception {
        Result result = run("install-all.sh", bin + ":" + System.getenv("PATH"));

        assertEquals(0, result.exitCode(), result.output());
        List<String> calls = calls();
        assertEquals(List.of(
                "dcos package list --json",
                "dcos package install kafka --options=kafka-config.json --yes",
                "dcos package list --json",
                "dcos package install influxdb --options=influx-config.json --yes",
                "dcos package list --json",
                "dcos package install marathon-lb --yes",
                "dcos package list --json",
                "dcos package install grafana --yes",
                "dcos kafka endpoints broker",
                "dcos marathon app show /influxdb",
                "dcos marathon app show /grafana",
                "dcos kafka endpoints broker",
                "dcos marathon app show /fintrans/generator",
                "dcos marathon app add",
                "dcos marathon app show /fintrans/influx-ingest",
                "dcos marathon app add",
                "dcos marathon app show /fintrans/laundering-detector",
                "dcos marathon app add",
                "dcos marathon app show /fintrans/generator",
                "dcos marathon app show /fintrans/influx-ingest",
                "dcos marathon app show /fintrans/laundering-detector"), calls);
        for (String app : List.of("generator", "influx-ingest", "laundering-detector")) {
            JsonNode deployed = new ObjectMapper().readTree(state.resolve("app_fintrans_" + app + ".json").toFile());
            assertEquals("/fintrans/" + app, deployed.path("id").asText());
            assertTrue(deployed.path("args").toString().contains("\"--broker\",\"" + BROKER + "\""),
                    app + " got the broker address: " + deployed.path("args"));
            assertTrue(!deployed.toString().contains("BROKER_ADDRESS"), app + " has no placeholder left");
        }
    }

    @Test
    void runningAgainUpdatesAppsAndSkipsInstalledPackages() throws Exception {
        String path = bin + ":" + System.getenv("PATH");
        assertEquals(0, run("install-all.sh", path).exitCode());
        Files.delete(state.resolve("calls.log"));

        Result again = run("install-all.sh", path);

        assertEquals(0, again.exitCode(), again.output());
        List<String> calls = calls();
        assertTrue(calls.stream().noneMatch(call -> call.startsWith("dcos package install")), calls.toString());
        assertEquals(3, calls.stream().filter(call -> call.startsWith("dcos marathon app update /fintrans/")).count(),
                calls.toString());
        assertTrue(calls.contains("dcos marathon app update /fintrans/laundering-detector --force"), calls.toString());
        assertTrue(calls.stream().noneMatch(call -> call.equals("dcos marathon app add")), calls.toString());
    }

    @Test
    void imageRepositoryReplacesDefaultInEveryApp() throws Exception {
        Result result = run("install-services.sh", bin + ":" + System.getenv("PATH"),
                Map.of("FINTRANS_IMAGE_REPOSITORY", "registry.test:5000/aml"));

        assertEquals(0, result.exitCode(), result.output());
        for (String app : List.of("generator", "influx-ingest", "laundering-detector")) {
            JsonNode deployed = new ObjectMapper().readTree(state.resolve("app_fintrans_" + app + ".json").toFile());
            assertEquals("registry.test:5000/aml/" + app + ":0.1.0", deployed.path("container").path("docker")
                    .path("image").asText(), app + " image");
        }
    }

    @Test
    void missingDcosIsClearError() throws Exception {
        Result result = run("install-services.sh", toolsWithout("dcos"));

        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("the DC/OS CLI 'dcos' is not on PATH"), result.output());
    }

    @Test
    void missingJqIsClearError() throws Exception {
        Result result = run("install-services.sh", toolsWithout("jq"));

        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("'jq' is not on PATH"), result.output());
    }

    /** A PATH with the fake dcos and the basic tools the scripts need, but not {@code missing}. */
    private String toolsWithout(String missing) throws IOException {
        Path tools = Files.createDirectories(tempDir.resolve("tools-without-" + missing));
        for (String tool : List.of("bash", "env", "dirname", "cat", "sleep", "jq", "dcos")) {
            if (tool.equals(missing)) {
                continue;
            }
            Path target = tool.equals("dcos") ? bin.resolve("dcos") : Path.of("/usr/bin", tool);
            if (!Files.exists(target)) {
                target = Path.of("/bin", tool);
            }
            Files.createSymbolicLink(tools.resolve(tool), target);
        }
        return tools.toString();
    }

    private Result run(String script, String path) throws IOException, InterruptedException {
        return run(script, path, Map.of());
    }

    private Result run(String script, String path, Map<String, String> extraEnvironment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/env", "bash", ROOT.resolve(script).toString())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("PATH", path);
        environment.put("FAKE_DCOS_STATE", state.toString());
        environment.put("FINTRANS_POLL_INTERVAL", "0");
        environment.putAll(extraEnvironment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " finished");
        return new Result(process.exitValue(), output);
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(state.resolve("calls.log"));
    }

    private record Result(int exitCode, String output) {
    }
}
