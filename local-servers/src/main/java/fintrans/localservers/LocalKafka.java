package fintrans.localservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Kafka broker in KRaft mode (one process acting as broker and controller), running
 * inside this JVM and listening on 127.0.0.1 only.
 *
 * <p>{@link KafkaRaftServer} and {@link StorageTool} are internal Kafka classes, so the Kafka version
 * is pinned in the build. Topics are never created automatically: clients create them through the
 * Admin API, as they must on a production cluster.
 */
public final class LocalKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;

    private LocalKafka(KafkaRaftServer server, Path logDir, int brokerPort, int controllerPort) {
        this.server = server;
        this.bootstrapServers = "127.0.0.1:" + brokerPort;
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker on free ports with its log in a new folder under {@code parentDir}. */
    public static LocalKafka startOnFreePorts(Path parentDir) {
        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                Path logDir = Files.createTempDirectory(parentDir, "kafka-");
                return start(logDir, FreePorts.pick(), FreePorts.pick());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a Kafka log folder under " + parentDir, e);
            } catch (RuntimeException e) {
                // Most often another process took a port between picking and binding it.
                LOG.warn("Kafka broker start attempt {} of {} failed: {}", attempt, START_ATTEMPTS, e.toString());
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /**
     * Starts a broker on the given loopback ports, formatting {@code logDir} first unless an earlier run
     * already did, so that a local run keeps its topics between restarts.
     */
    public static LocalKafka start(Path logDir, int brokerPort, int controllerPort) {
        requireFree(brokerPort, "broker");
        requireFree(controllerPort, "controller");

        Properties properties = brokerProperties(logDir, brokerPort, controllerPort);
        format(logDir, properties);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();

        LocalKafka kafka = new LocalKafka(server, logDir, brokerPort, controllerPort);
        try {
            kafka.awaitReady();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("Kafka broker ready at {} with its log in {}", kafka.bootstrapServers(), logDir);
        return kafka;
    }

    /** The value for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    /** The port of the broker listener, to start a broker again on it with {@link #start}. */
    public int brokerPort() {
        return brokerPort;
    }

    /** The port of the KRaft controller listener, to start a broker again on it with {@link #start}. */
    public int controllerPort() {
        return controllerPort;
    }

    /** Stops the broker and waits until it has closed its log and released its ports. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker at {} stopped", bootstrapServers);
    }

    static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());

        // A single node cannot hold more than one replica of the internal topics.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer offsets partitions than the default 50 make the first consumer group start faster.
        p.put("offsets.topic.num.partitions", "5");
        // Consumers joining a group get their partitions at once instead of after 3 s.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Every component creates its topics with the Admin API, as it must on a real cluster.
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Path logDir, Properties properties) {
        try {
            Files.createDirectories(logDir);
            if (Files.exists(logDir.resolve("meta.properties"))) {
                return;
            }
            Path configFile = logDir.resolveSibling(logDir.getFileName() + ".format.properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                properties.store(out, "Written to format the local Kafka log folder");
            }

            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exitCode;
            try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exitCode = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                        "--config", configFile.toString(), "--standalone"}, printStream);
            }
            Files.delete(configFile);
            if (exitCode != 0) {
                throw new IllegalStateException("Formatting the Kafka log folder " + logDir + " failed with exit code "
                        + exitCode + ": " + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Kafka log folder " + logDir, e);
        }
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers + " did not respond within "
                    + READY_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static void requireFree(int port, String role) {
        if (!FreePorts.isFree(port)) {
            throw new IllegalStateException("Cannot start the Kafka " + role + " listener: port " + port
                    + " on 127.0.0.1 is already in use. Stop what uses it or choose another port.");
        }
    }
}
