package fintrans.common.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;

/**
 * Kafka client settings read from a properties file, for clusters with TLS or SASL: every service adds
 * them to each of its Kafka clients. Settings the service decides itself (the broker list, group,
 * serializers, commit and transaction behaviour) are left out, so a file cannot break the service's
 * guarantees. Values are never logged, because they often hold passwords; only the keys are.
 */
public final class ClientSettings {
    /**
     * Keys a file may not set, because the service sets them for its own correctness: delivery and
     * transaction guarantees, the group, the memory bound of the ingester ({@code max.poll.records}) and
     * how soon it finds a topic created later ({@code metadata.max.age.ms}).
     */
    static final Set<String> RESERVED = Set.of("bootstrap.servers", "group.id", "group.instance.id",
            "transactional.id", "enable.auto.commit", "isolation.level", "auto.offset.reset",
            "partition.assignment.strategy", "key.serializer", "value.serializer", "key.deserializer",
            "value.deserializer", "enable.idempotence", "acks", "max.in.flight.requests.per.connection",
            "max.poll.records", "metadata.max.age.ms");

    private static final ClientSettings NONE = new ClientSettings(null, new Properties(), Set.of());

    private final Path file;
    private final Properties settings;
    private final Set<String> ignored;

    private ClientSettings(Path file, Properties settings, Set<String> ignored) {
        this.file = file;
        this.settings = settings;
        this.ignored = ignored;
    }

    /** No extra settings. */
    public static ClientSettings none() {
        return NONE;
    }

    /**
     * Reads a properties file.
     *
     * @throws IllegalArgumentException naming the file when it is missing or cannot be read
     */
    public static ClientSettings load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the Kafka client properties file " + file + " does not exist");
        }
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the Kafka client properties file " + file + ": "
                    + e.getMessage(), e);
        }
        Properties passedOn = new Properties();
        Set<String> ignored = new TreeSet<>();
        for (String key : loaded.stringPropertyNames()) {
            if (RESERVED.contains(key)) {
                ignored.add(key);
            } else {
                passedOn.setProperty(key, loaded.getProperty(key));
            }
        }
        return new ClientSettings(file, passedOn, ignored);
    }

    /** Returns a copy of {@code base} with these settings added, replacing base values with the same key. */
    public Properties applyTo(Map<?, ?> base) {
        Properties combined = new Properties();
        combined.putAll(base);
        combined.putAll(settings);
        return combined;
    }

    /** Returns the keys that are added, for logging. */
    public Set<String> keys() {
        return new TreeSet<>(settings.stringPropertyNames());
    }

    /** Returns the keys of the file that are left out because the service sets them itself. */
    public Set<String> ignoredKeys() {
        return ignored;
    }

    /** Returns the file the settings were read from, or {@code null} when there is none. */
    public Path file() {
        return file;
    }

    /** Describes the settings for a start-up log line, with keys only. */
    public String describe() {
        if (file == null) {
            return "Kafka client properties: none";
        }
        return "Kafka client properties from " + file + ": " + keys();
    }

    /** Logs {@link #describe()}, and a warning naming the keys of the file that were left out. */
    public void logTo(Logger log) {
        log.info(describe());
        if (!ignored.isEmpty()) {
            log.warn("Left out {} of {}, because the service sets them itself", ignored, file);
        }
    }
}
