package fintrans.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.influxdb.InfluxDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.City;
import fintrans.common.cli.CommandLines;
import fintrans.common.cli.HealthOptions;
import fintrans.common.cli.KafkaClientOptions;
import fintrans.common.health.HealthServer;
import fintrans.common.kafka.BrokerCheck;
import fintrans.common.kafka.BrokerCheck.BrokerUnavailableException;
import fintrans.common.kafka.BrokerList;
import fintrans.common.kafka.ClientSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line of the ingester: parses options, checks the broker, and runs an {@link Ingester}. */
@Command(name = "influx-ingest", mixinStandardHelpOptions = true, version = "fintrans influx-ingest 0.1.0",
        description = "Writes the transactions of the city topics (London, NYC, SF, Moscow, Tokyo) into InfluxDB 1.x "
                + "as points of the measurement 'transactions', tagged with the city, and the laundering detector's "
                + "alerts as points of the measurement 'alerts', for a dashboard of the past hour. Offsets are "
                + "committed only after InfluxDB has accepted the points.",
        footerHeading = "%nEnvironment:%n",
        footer = {"  INFLUX_API        Default of --influx-url.",
                "  INFLUX_TARGET_DB  Default of --database.",
                "  INFLUX_USER       InfluxDB user name; without it no credentials are sent.",
                "  INFLUX_PASSWORD   Password of INFLUX_USER; read only from here, never logged.",
                "  INFLUX_CA_CERT    Default of --influx-ca-cert.",
                "%nExit codes: 0 finished, 1 a runtime failure such as an unreachable broker or",
                "rejected InfluxDB credentials, 2 invalid options. After SIGTERM or Ctrl-C the",
                "service stops cleanly and the JVM exits with 143 or 130."})
public final class InfluxIngestMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxIngestMain.class);
    /** 22.5 MB of line protocol at about 225 bytes per point, below InfluxDB's default max-body-size of 25 MB. */
    static final int MAX_BATCH_POINTS_LIMIT = 100_000;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(90);
    /** How long writes to InfluxDB may fail before the health endpoint reports the ingester as unhealthy. */
    private static final Duration UNHEALTHY_OUTAGE = Duration.ofSeconds(60);
    /** Kafka's rule for topic names, which the broker enforces when the topic is created. */
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaClientOptions kafkaClientOptions;

    @Mixin
    private HealthOptions healthOptions;

    @Option(names = "--broker", defaultValue = "localhost:9092", converter = BrokerList.Converter.class,
            paramLabel = "HOST:PORT[,HOST:PORT...]", description = "Kafka bootstrap brokers. Default: ${DEFAULT-VALUE}.")
    private BrokerList broker;

    @Option(names = "--group", defaultValue = ConsumerSettings.DEFAULT_GROUP, paramLabel = "ID",
            description = "Kafka consumer group; instances with the same group share the partitions. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String group;

    @Option(names = "--influx-url", defaultValue = "${env:INFLUX_API:-http://localhost:8086}", paramLabel = "URL",
            description = "Base URL of the InfluxDB 1.x HTTP API. Default: INFLUX_API, else "
                    + "http://localhost:8086.")
    private String influxUrl;

    @Option(names = "--influx-ca-cert", paramLabel = "PATH",
            description = "PEM file with the certificate of an https InfluxDB, or of the certificate authority that "
                    + "signed it, for a certificate the JVM does not trust by default. The client then trusts only "
                    + "the certificates in this file. Default: INFLUX_CA_CERT, else the JVM's trusted certificates.")
    private Path influxCaCert;

    @Option(names = "--database", defaultValue = "${env:INFLUX_TARGET_DB:-fintrans}", paramLabel = "NAME",
            description = "InfluxDB database, created when missing. Default: INFLUX_TARGET_DB, else "
                    + "fintrans.")
    private String database;

    @Option(names = "--retention", defaultValue = "1h", paramLabel = "DURATION",
            description = "Duration of the retention policy " + InfluxTarget.RETENTION_POLICY + ", which is created "
                    + "as the database's default or changed to this duration: an InfluxDB duration of at least 1h "
                    + "(such as 1h, 90m, 7d), or INF to keep points forever. Records older than this are skipped. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String retention;

    @Option(names = "--alerts-topic", defaultValue = "alerts", paramLabel = "TOPIC",
            description = "The laundering detector's topic of JSON alerts, read with the city topics and written as "
                    + "points of the measurement 'alerts'; an empty value reads no alerts. Only alerts of committed "
                    + "Kafka transactions are read. Default: ${DEFAULT-VALUE}.")
    private String alertsTopic;

    @Option(names = "--max-batch-points", defaultValue = "5000", paramLabel = "N",
            description = "Maximum points per write request, from 1 to " + MAX_BATCH_POINTS_LIMIT
                    + ". Default: ${DEFAULT-VALUE}.")
    private int maxBatchPoints;

    @Option(names = "--max-batch-delay-ms", defaultValue = "1000", paramLabel = "MILLISECONDS",
            description = "Maximum milliseconds between reading a record and writing its batch, unless InfluxDB "
                    + "is unavailable. Default: ${DEFAULT-VALUE}.")
    private long maxBatchDelayMillis;

    @Option(names = "--stats-interval", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds between two rate lines. Default: ${DEFAULT-VALUE}.")
    private int statsIntervalSeconds;

    @Option(names = "--startup-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Seconds to wait for the broker at start before giving up. InfluxDB is retried until it "
                    + "responds. Default: ${DEFAULT-VALUE}.")
    private int startupTimeoutSeconds;

    private final Map<String, String> environment;

    public InfluxIngestMain() {
        this(System.getenv());
    }

    /** @param environment where INFLUX_USER, INFLUX_PASSWORD and INFLUX_CA_CERT are read */
    InfluxIngestMain(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new InfluxIngestMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        RetentionDuration retentionDuration = validate();
        Optional<String> alerts = Optional.of(alertsTopic).filter(topic -> !topic.isEmpty());
        Optional<TrustedCertificates> trusted = loadTrustedCertificates();
        ClientSettings clientSettings = kafkaClientOptions.settings();
        Optional<String> user = Optional.ofNullable(environment.get("INFLUX_USER")).filter(name -> !name.isEmpty());
        Optional<String> password = Optional.ofNullable(environment.get("INFLUX_PASSWORD"));
        if (user.isEmpty() && password.filter(text -> !text.isEmpty()).isPresent()) {
            throw new ParameterException(spec.commandLine(),
                    "INFLUX_PASSWORD is set but INFLUX_USER is not; set both, or neither when InfluxDB has no authentication");
        }

        clientSettings.logTo(LOG);
        Duration startupTimeout = Duration.ofSeconds(startupTimeoutSeconds);
        if (!checkBroker(startupTimeout, alerts, clientSettings)) {
            return 1;
        }

        String logUrl = InfluxTarget.redactUrl(influxUrl);
        InfluxDB client = InfluxTarget.connect(influxUrl, user, password, trusted);
        InfluxTarget target = new InfluxTarget(client, logUrl, user, database, retentionDuration);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                clientSettings.applyTo(ConsumerSettings.properties(broker.bootstrapServers(), group)));
        Ingester ingester = new Ingester(consumer, target,
                new BatchPolicy(maxBatchPoints, Duration.ofMillis(maxBatchDelayMillis)),
                Duration.ofSeconds(statsIntervalSeconds), alerts);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ingester.shutdown();
            try {
                if (!ingester.awaitFinished(SHUTDOWN_TIMEOUT)) {
                    LOG.warn("The ingester did not stop within {} s", SHUTDOWN_TIMEOUT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "influx-ingest-shutdown"));

        LOG.info("Starting: broker {}, group {}, alerts topic {}, InfluxDB {} ({}), database {}{}", broker, group,
                alerts.orElse("none"), logUrl, target.userDescription(), database,
                trusted.map(certificates -> ", trusting only " + certificates.description()).orElse(""));
        Optional<HealthServer> health = healthOptions.start(() -> ingester.problem(UNHEALTHY_OUTAGE));
        try {
            ingester.run();
        } finally {
            health.ifPresent(HealthServer::close);
        }
        return ingester.exitCode();
    }

    /** Checks the options that picocli cannot; returns the parsed retention duration. */
    private RetentionDuration validate() {
        if (maxBatchPoints < 1 || maxBatchPoints > MAX_BATCH_POINTS_LIMIT) {
            throw new ParameterException(spec.commandLine(), "invalid --max-batch-points " + maxBatchPoints
                    + ": expected 1 to " + MAX_BATCH_POINTS_LIMIT);
        }
        if (maxBatchDelayMillis < 1) {
            throw new ParameterException(spec.commandLine(), "invalid --max-batch-delay-ms " + maxBatchDelayMillis
                    + ": expected 1 or more");
        }
        if (statsIntervalSeconds < 1 || startupTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--stats-interval and --startup-timeout take a number of seconds, 1 or more");
        }
        if (group.isBlank()) {
            throw new ParameterException(spec.commandLine(), "the consumer group given with --group is empty");
        }
        checkAlertsTopic(alertsTopic);
        try {
            InfluxTarget.checkDatabaseName(database);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid --database (or INFLUX_TARGET_DB): " + e.getMessage());
        }
        checkUrl(influxUrl);
        try {
            return RetentionDuration.parse(retention);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid --retention: " + e.getMessage());
        }
    }

    /** Accepts the empty name, which turns alerts off, and else a legal Kafka topic name other than a city topic. */
    private void checkAlertsTopic(String topic) {
        if (topic.isEmpty()) {
            return;
        }
        if (City.fromTopic(topic).isPresent()) {
            throw new ParameterException(spec.commandLine(), "invalid --alerts-topic '" + topic
                    + "': it is a city topic; expected the laundering detector's alerts topic, or an empty value for none");
        }
        if (!LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new ParameterException(spec.commandLine(), "invalid --alerts-topic '" + topic
                    + "': a Kafka topic name has 1 to 249 ASCII letters, digits, '.', '_' or '-', and is not '.' or '..'");
        }
    }

    /**
     * Loads the certificates of --influx-ca-cert, else of INFLUX_CA_CERT, and returns empty when neither is set.
     *
     * @throws ParameterException when the file is missing or contains no certificate
     */
    private Optional<TrustedCertificates> loadTrustedCertificates() {
        Optional<Path> file = Optional.ofNullable(influxCaCert)
                .or(() -> Optional.ofNullable(environment.get("INFLUX_CA_CERT")).filter(path -> !path.isBlank())
                        .map(Path::of));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        TrustedCertificates trusted;
        try {
            trusted = TrustedCertificates.load(file.get());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid --influx-ca-cert (or INFLUX_CA_CERT): "
                    + e.getMessage());
        }
        if (!influxUrl.regionMatches(true, 0, "https:", 0, 6)) {
            LOG.warn("--influx-ca-cert (or INFLUX_CA_CERT) is set, but --influx-url {} does not use https, so its "
                    + "certificates are not used", InfluxTarget.redactUrl(influxUrl));
        }
        return Optional.of(trusted);
    }

    private void checkUrl(String url) {
        String problem = null;
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                problem = "the scheme must be http or https";
            } else if (uri.getHost() == null) {
                problem = "the host is missing";
            }
        } catch (URISyntaxException e) {
            problem = e.getReason();
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "invalid --influx-url (or INFLUX_API) '"
                    + InfluxTarget.redactUrl(url) + "': " + problem + "; expected a URL such as http://localhost:8086");
        }
    }

    /**
     * Checks that the broker responds, and warns about missing city topics and a missing alerts topic. Logs
     * the reason and returns false when the broker does not respond within {@code timeout}.
     */
    private boolean checkBroker(Duration timeout, Optional<String> alerts, ClientSettings clientSettings)
            throws InterruptedException {
        try (Admin admin = BrokerCheck.connect(broker, "fintrans-influx-ingest-admin", timeout, clientSettings)) {
            warnAboutMissingTopics(admin, timeout, alerts);
            return true;
        } catch (BrokerUnavailableException e) {
            LOG.error(e.getMessage());
            return false;
        }
    }

    private void warnAboutMissingTopics(Admin admin, Duration timeout, Optional<String> alerts)
            throws InterruptedException {
        try {
            Set<String> topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> missing = City.topics().stream().filter(topic -> !topics.contains(topic)).toList();
            if (!missing.isEmpty()) {
                LOG.warn("The topics {} do not exist yet on {}; they are read once the generator creates them",
                        missing, broker);
            }
            if (alerts.isPresent() && !topics.contains(alerts.get())) {
                LOG.warn("The alerts topic {} does not exist yet on {}; it is read once the laundering detector "
                        + "creates it", alerts.get(), broker);
            }
        } catch (ExecutionException | TimeoutException e) {
            // The consumer works without this check, so a failure is only reported.
            LOG.warn("Cannot list the topics on {}: {}", broker, e.getCause() != null ? e.getCause() : e);
        }
    }
}
