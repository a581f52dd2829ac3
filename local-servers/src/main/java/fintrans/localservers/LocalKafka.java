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
import java.util.Optional;
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
 *
 * <p>{@link #startWithSaslSsl} adds a second listener like a production cluster's: TLS with a
 * self-signed certificate, and SASL/PLAIN authentication of one user.
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
    private final Optional<SaslSslListener> secured;

    private LocalKafka(KafkaRaftServer server, Path logDir, int brokerPort, int controllerPort,
            Optional<SaslSslListener> secured) {
        this.server = server;
        this.bootstrapServers = "127.0.0.1:" + brokerPort;
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.secured = secured;
    }

    /**
     * A listener that takes only TLS connections authenticated with SASL/PLAIN.
     *
     * @param port the listener's port on 127.0.0.1
     * @param certificate the broker's certificate, which clients must trust
     * @param user the only user the listener accepts
     * @param password that user's password
     */
    public record SaslSslListener(int port, SelfSignedCertificate certificate, String user, String password) {
        /** Returns the value for clients' {@code bootstrap.servers}. */
        public String bootstrapServers() {
            return "127.0.0.1:" + port;
        }

        /** Returns the settings a client needs to connect: protocol, mechanism, credentials and the trusted certificate. */
        public Properties clientProperties() {
            Properties p = new Properties();
            p.put("security.protocol", "SASL_SSL");
            p.put("sasl.mechanism", "PLAIN");
            p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + user + "\" password=\"" + password + "\";");
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", certificate.certificateFile().toAbsolutePath().toString());
            return p;
        }
    }

    /** Starts a broker on free ports with its log in a new folder under {@code parentDir}. */
    public static LocalKafka startOnFreePorts(Path parentDir) {
        return startOnFreePorts(parentDir, null, null);
    }

    /**
     * Starts a broker on free ports like {@link #startOnFreePorts(Path)}, with a second listener that takes
     * only TLS connections authenticated as {@code user} with {@code password} over SASL/PLAIN. The
     * plaintext listener stays, for test code that checks what the services did.
     */
    public static LocalKafka startWithSaslSsl(Path parentDir, String user, String password) {
        return startOnFreePorts(parentDir, user, password);
    }

    private static LocalKafka startOnFreePorts(Path parentDir, String user, String password) {
        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                Path logDir = Files.createTempDirectory(parentDir, "kafka-");
                Optional<SaslSslListener> secured = user == null ? Optional.empty()
                        : Optional.of(new SaslSslListener(FreePorts.pick(),
                                SelfSignedCertificate.create(logDir.resolveSibling(logDir.getFileName() + "-tls")),
                                user, password));
                return start(logDir, FreePorts.pick(), FreePorts.pick(), secured);
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
        return start(logDir, brokerPort, controllerPort, Optional.empty());
    }

    private static LocalKafka start(Path logDir, int brokerPort, int controllerPort, Optional<SaslSslListener> secured) {
        requireFree(brokerPort, "broker");
        requireFree(controllerPort, "controller");
        if (secured.isPresent()) {
            requireFree(secured.get().port(), "SASL_SSL");
        }

        Properties properties = brokerProperties(logDir, brokerPort, controllerPort);
        secured.ifPresent(listener -> addSaslSslListener(properties, brokerPort, controllerPort, listener));
        format(logDir, properties);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();

        LocalKafka kafka = new LocalKafka(server, logDir, brokerPort, controllerPort, secured);
        try {
            kafka.awaitReady();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("Kafka broker ready at {} with its log in {}", kafka.bootstrapServers(), logDir);
        return kafka;
    }

    /** Creates an Admin client for the plaintext listener; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Returns the value for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    /** Returns the SASL_SSL listener, when the broker was started with {@link #startWithSaslSsl}. */
    public Optional<SaslSslListener> saslSslListener() {
        return secured;
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

    private static void addSaslSslListener(Properties p, int brokerPort, int controllerPort, SaslSslListener listener) {
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ",SASL_SSL://127.0.0.1:" + listener.port());
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL_SSL://127.0.0.1:" + listener.port());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
        p.put("sasl.enabled.mechanisms", "PLAIN");
        // The broker's own PLAIN login module checks passwords against its user_NAME entries.
        p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required user_" + listener.user() + "=\"" + listener.password() + "\";");
        p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        p.put("listener.name.sasl_ssl.ssl.keystore.location",
                listener.certificate().keyStoreFile().toAbsolutePath().toString());
        p.put("listener.name.sasl_ssl.ssl.keystore.password", listener.certificate().keyStorePassword());
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
