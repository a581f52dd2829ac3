package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The image tarballs Jib writes in the verify phase: their configuration (entrypoint, user, labels) and
 * that the service's classes are in a layer. No registry is reachable here, so they are built on the
 * base that image.test.base names: an empty base (scratch) by default, or the Debian JRE base of
 * scripts/build-jre-base.sh. The images users build with -Pimages differ only in the base.
 */
class ImageIT {
    private static final Path ROOT = Path.of(System.getProperty("fintrans.root", ".."));
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"generator, fintrans.generator.GeneratorMain", "influx-ingest, fintrans.ingest.InfluxIngestMain",
            "laundering-detector, fintrans.detector.LaunderingDetectorMain"})
    void imageRunsServiceAsNonRootWithContainerSizedHeap(String module, String mainClass) throws Exception {
        Path tar = ROOT.resolve(module).resolve("target").resolve(module + "-image.tar");
        assertTrue(Files.isRegularFile(tar), tar + " is built by mvn verify");

        JsonNode manifest = JSON.readTree(extract(tar, "manifest.json")).path(0);
        JsonNode config = JSON.readTree(extract(tar, manifest.path("Config").asText())).path("config");

        assertEquals("fintrans/" + module + ":0.1.0", manifest.path("RepoTags").path(0).asText());
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        assertEquals("java", entrypoint.get(0));
        assertTrue(entrypoint.contains("-XX:MaxRAMPercentage=75"), entrypoint.toString());
        assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"), entrypoint.toString());
        assertEquals(mainClass, entrypoint.get(entrypoint.size() - 1));
        assertEquals("65532:65532", config.path("User").asText(), "runs as a non-root user");
        assertEquals("0.1.0", config.path("Labels").path("org.opencontainers.image.version").asText());

        String layers = listLayerFiles(tar, manifest);
        assertTrue(layers.contains("app/classes/" + mainClass.replace('.', '/') + ".class"), "main class in a layer");
        assertTrue(layers.contains("app/libs/kafka-clients-4.4.0.jar"), "Kafka client in a layer");
        assertTrue(!layers.contains("kafka_2.13"), "no broker jar in the image");
    }

    private static String extract(Path tar, String entry) throws IOException, InterruptedException {
        return run(List.of("tar", "-xOf", tar.toString(), entry));
    }

    private static String listLayerFiles(Path tar, JsonNode manifest) throws IOException, InterruptedException {
        StringBuilder files = new StringBuilder();
        Path folder = Files.createTempDirectory("image-layers");
        try {
            run(List.of("tar", "-xf", tar.toString(), "-C", folder.toString()));
            for (JsonNode layer : manifest.path("Layers")) {
                files.append(run(List.of("tar", "-tzf", folder.resolve(layer.asText()).toString())));
            }
        } finally {
            run(List.of("rm", "-rf", folder.toString()));
        }
        return files.toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " finished");
        assertEquals(0, process.exitValue(), command + ": " + output);
        return output;
    }
}
