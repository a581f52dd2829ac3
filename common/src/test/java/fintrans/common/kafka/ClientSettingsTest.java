package fintrans.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {
    @TempDir
    Path tempDir;

    @Test
    void addsFileSettingsAndLeavesOutReservedKeys() throws Exception {
        Path file = tempDir.resolve("client.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="secret";
                group.id=someone-else
                bootstrap.servers=elsewhere:9092
                acks=1
                max.poll.records=100000
                """);

        ClientSettings settings = ClientSettings.load(file);
        Properties combined = settings.applyTo(Map.of("bootstrap.servers", "broker:9092", "group.id", "mine"));

        assertEquals("SASL_SSL", combined.getProperty("security.protocol"));
        assertEquals("broker:9092", combined.getProperty("bootstrap.servers"));
        assertEquals("mine", combined.getProperty("group.id"));
        assertFalse(combined.containsKey("acks"), "the service's own acks setting stays");
        assertFalse(combined.containsKey("max.poll.records"), "the ingester's memory bound stays");
        assertEquals(Set.of("acks", "bootstrap.servers", "group.id", "max.poll.records"), settings.ignoredKeys());
    }

    @Test
    void describeNamesKeysButNoValues() throws Exception {
        Path file = tempDir.resolve("client.properties");
        Files.writeString(file, "sasl.jaas.config=... password=\"topsecret\";\nsecurity.protocol=SASL_SSL\n");

        String description = ClientSettings.load(file).describe();

        assertTrue(description.contains("sasl.jaas.config"), description);
        assertFalse(description.contains("topsecret"), description);
    }

    @Test
    void describeWithoutFileSaysNone() {
        assertEquals("Kafka client properties: none", ClientSettings.none().describe());
    }

    @Test
    void missingFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientSettings.load(tempDir.resolve("absent.properties")));

        assertTrue(e.getMessage().contains("absent.properties"), e.getMessage());
    }
}
