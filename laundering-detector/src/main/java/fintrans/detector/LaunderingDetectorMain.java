package fintrans.detector;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.Amounts;
import fintrans.common.City;
import fintrans.common.DurationText;
import fintrans.common.InvalidTransactionException;
import fintrans.common.cli.CommandLines;
import fintrans.common.cli.HealthOptions;
import fintrans.common.cli.KafkaClientOptions;
import fintrans.common.health.HealthServer;
import fintrans.common.kafka.BrokerCheck;
import fintrans.common.kafka.BrokerCheck.BrokerUnavailableException;
import fintrans.common.kafka.BrokerList;
import fintrans.common.kafka.ClientSettings;
import fintrans.common.kafka.Topics;
import fintrans.detector.rules.RuleSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line of the laundering detector: parses options, checks the topics and runs a {@link LaunderingDetector}. */
@Command(name = "laundering-detector", mixinStandardHelpOptions = true, version = "fintrans laundering-detector 0.1.0",
        description = {"Watches the city topics for money laundering and prints alert lines on stdout:",
                "  POTENTIAL MONEY LAUNDERING: <source> -> <target> totalling <total> now",
                "    when a pair's total within the window goes above the alert threshold;",
                "  POTENTIAL STRUCTURING: <source> sent <n> transfers totalling <total>",
                "    within <window>, when a source sends several transfers just under the",
                "    reporting limit that together exceed it.",
                "Each alert is also a JSON record on the alerts topic, committed together with",
                "the consumed offsets. Logs go to stderr, so 2>/dev/null leaves only the alerts."},
        footerHeading = "%nEnvironment:%n",
        footer = {"  ALERT_THRESHOLD  Alert threshold in dollars, unless --alert-threshold is set.",
                "  PROD_OUTPUT      true or false, unless --prod-output is set.",
                CommandLines.EXIT_CODES})
public final class LaunderingDetectorMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LaunderingDetectorMain.class);
    static final String DEFAULT_THRESHOLD_DOLLARS = "8000";

    @Spec
    private CommandSpec spec;

    @Mixin
    private HealthOptions healthOptions;

    @Mixin
    private KafkaClientOptions kafkaClientOptions;

    @Option(names = "--broker", defaultValue = "localhost:9092", converter = BrokerList.Converter.class,
            paramLabel = "HOST:PORT[,HOST:PORT...]", description = "Kafka bootstrap brokers. Default: ${DEFAULT-VALUE}.")
    private BrokerList broker;

    @Option(names = "--group", defaultValue = "laundering-detector", paramLabel = "ID",
            description = "Kafka consumer group; instances in one group share the partitions. Default: ${DEFAULT-VALUE}.")
    private String group;

    @Option(names = "--alert-threshold", paramLabel = "DOLLARS",
            description = "Alert when a pair's total within the window is greater than this many dollars (up to two "
                    + "decimals). Default: ALERT_THRESHOLD, else " + DEFAULT_THRESHOLD_DOLLARS + ".")
    private String alertThreshold;

    @Option(names = "--window", defaultValue = "24h", paramLabel = "DURATION|unbounded",
            description = "How far back in event time (the record timestamps) transfers count, such as 24h or 10m; "
                    + "'unbounded' keeps the original's totals that never reset. Default: ${DEFAULT-VALUE}, one "
                    + "business day as in the US aggregation rule for cash reports.")
    private String window;

    @Option(names = "--repeat-alerts",
            description = "Alert on every transfer while a total is above the limit, as the original did, instead of "
                    + "once each time it crosses the limit.")
    private boolean repeatAlerts;

    @Option(names = "--structuring-limit", defaultValue = "10000", paramLabel = "DOLLARS",
            description = "Reporting limit that structured transfers stay under. Default: ${DEFAULT-VALUE}.")
    private String structuringLimit;

    @Option(names = "--structuring-band-percent", defaultValue = "80", paramLabel = "PERCENT",
            description = "A transfer is just under the limit from this percentage of the limit up to the limit "
                    + "(exclusive). Default: ${DEFAULT-VALUE}.")
    private int structuringBandPercent;

    @Option(names = "--structuring-min-transfers", defaultValue = "3", paramLabel = "N",
            description = "Transfers just under the limit from one source within the window, together above the "
                    + "limit, that raise a structuring alert. Default: ${DEFAULT-VALUE}.")
    private int structuringMinTransfers;

    @Option(names = "--alerts-topic", defaultValue = "alerts", paramLabel = "TOPIC",
            description = "Topic for the alerts as JSON, keyed by source account; created when missing. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String alertsTopic;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Stable name of this instance, unique in the group; a restart with the same id aborts the "
                    + "transaction its predecessor left open. Default: the host name.")
    private String instanceId;

    @Option(names = "--prod-output", paramLabel = "true|false",
            description = "true: alert lines on stdout and summaries on stderr. false: development output, with the "
                    + "alert prefix in bold red and every transaction's way through the queue logged on stderr. "
                    + "Default: PROD_OUTPUT, else true.")
    private String prodOutput;

    @Option(names = "--queue-capacity", defaultValue = "10000", paramLabel = "N",
            description = "Records between the consumer and the detector thread; a full queue pauses the consumer. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int queueCapacity;

    @Option(names = "--commit-interval-ms", defaultValue = "100", paramLabel = "MILLISECONDS",
            description = "Longest time alerts and offsets wait in an open transaction while records keep coming. "
                    + "Default: ${DEFAULT-VALUE}.")
    private long commitIntervalMillis;

    @Option(names = "--stats-interval", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds between two summary lines on stderr. Default: ${DEFAULT-VALUE}.")
    private int statsIntervalSeconds;

    @Option(names = "--startup-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Seconds to wait for the broker at start before giving up. Default: ${DEFAULT-VALUE}.")
    private int startupTimeoutSeconds;

    private final Map<String, String> environment;
    private final PrintStream alertOut;

    public LaunderingDetectorMain() {
        this(System.getenv(), new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8));
    }

    /** @param alertOut where alert lines go; the detector flushes it itself */
    LaunderingDetectorMain(Map<String, String> environment, PrintStream alertOut) {
        this.environment = environment;
        this.alertOut = alertOut;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new LaunderingDetectorMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        RuleSettings rules = ruleSettings();
        boolean production = resolveProdOutput();
        validate();
        ClientSettings clientSettings = kafkaClientOptions.settings();
        String instance = instanceId != null ? instanceId : defaultInstanceId();

        clientSettings.logTo(LOG);
        Duration startupTimeout = Duration.ofSeconds(startupTimeoutSeconds);
        boolean coPartitioned;
        try (Admin admin = BrokerCheck.connect(broker, "fintrans-laundering-detector-admin-" + instance, startupTimeout,
                clientSettings)) {
            coPartitioned = checkCoPartitioning(admin, startupTimeout);
            createAlertsTopic(admin, startupTimeout);
        } catch (BrokerUnavailableException e) {
            LOG.error(e.getMessage());
            return 1;
        } catch (ExecutionException e) {
            LOG.error("Cannot prepare the topics on {}: {}", broker, e.getCause().toString());
            return 1;
        } catch (TimeoutException e) {
            LOG.error("Cannot prepare the topics on {}: no response within {} s", broker, startupTimeoutSeconds);
            return 1;
        }
        warnAboutSingleTransfers(rules);

        DetectorSettings config = new DetectorSettings(broker, group, instance, alertsTopic, queueCapacity,
                Duration.ofMillis(commitIntervalMillis), Duration.ofSeconds(statsIntervalSeconds), coPartitioned,
                !production, clientSettings);
        LaunderingDetector detector = new LaunderingDetector(config, rules, alertOut);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            detector.shutdown();
            try {
                detector.awaitStopped(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "detector-shutdown"));

        LOG.info("Detector started: broker {}, group {}, instance {}, window {}, alert threshold {}, structuring limit {} "
                + "(band from {}, at least {} transfers), {} alerts, alerts topic {}, {} output", broker, group, instance,
                rules.unbounded() ? "unbounded" : DurationText.format(rules.window()),
                Amounts.formatDollars(rules.thresholdCents()), Amounts.formatDollars(rules.structuringLimitCents()),
                Amounts.formatDollars(rules.structuringLowerCents()), rules.structuringMinTransfers(),
                rules.repeatAlerts() ? "repeated" : "once-per-crossing", alertsTopic,
                production ? "production" : "development");
        detector.start();
        Optional<HealthServer> health = healthOptions.start(
                () -> detector.isRunning() ? null : "the consumer or the detector thread has stopped");
        try {
            while (detector.isRunning()) {
                Thread.sleep(200);
            }
            detector.shutdown();
            detector.awaitStopped(Duration.ofSeconds(30));
        } finally {
            health.ifPresent(HealthServer::close);
        }
        return detector.failed() ? 1 : 0;
    }

    /** Builds the rule settings from the options, raising a usage error that names a wrong value. */
    RuleSettings ruleSettings() {
        long thresholdCents = resolveThresholdCents();
        Duration windowDuration = null;
        if (!window.strip().equalsIgnoreCase("unbounded")) {
            try {
                windowDuration = DurationText.parse(window);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "invalid --window: " + e.getMessage()
                        + ", or 'unbounded'");
            }
            if (windowDuration.isZero()) {
                throw new ParameterException(spec.commandLine(), "invalid --window '" + window + "': it must be longer "
                        + "than 0");
            }
        }
        long limitCents = parseDollars("--structuring-limit", structuringLimit);
        if (limitCents == 0) {
            throw new ParameterException(spec.commandLine(), "invalid --structuring-limit '" + structuringLimit
                    + "': it must be greater than 0");
        }
        if (structuringBandPercent < 0 || structuringBandPercent >= 100) {
            throw new ParameterException(spec.commandLine(), "invalid --structuring-band-percent "
                    + structuringBandPercent + ": expected 0 to 99");
        }
        if (structuringMinTransfers < 1) {
            throw new ParameterException(spec.commandLine(), "invalid --structuring-min-transfers "
                    + structuringMinTransfers + ": expected 1 or more");
        }
        long lowerCents = Math.multiplyExact(limitCents / 100, structuringBandPercent)
                + limitCents % 100 * structuringBandPercent / 100;
        return new RuleSettings(thresholdCents, windowDuration, repeatAlerts, limitCents, lowerCents,
                structuringMinTransfers);
    }

    private long resolveThresholdCents() {
        String source = alertThreshold != null ? "--alert-threshold" : "ALERT_THRESHOLD";
        String text = alertThreshold != null ? alertThreshold
                : environment.getOrDefault("ALERT_THRESHOLD", DEFAULT_THRESHOLD_DOLLARS);
        return parseDollars(source, text);
    }

    private long parseDollars(String source, String text) {
        try {
            return Amounts.parseCents(text);
        } catch (InvalidTransactionException e) {
            throw new ParameterException(spec.commandLine(), "invalid " + source + " '" + text + "': expected dollars, "
                    + "a non-negative decimal with at most two fraction digits such as 8000 or 7500.50 (" + e.getMessage()
                    + ")");
        }
    }

    private boolean resolveProdOutput() {
        String source = prodOutput != null ? "--prod-output" : "PROD_OUTPUT";
        String text = prodOutput != null ? prodOutput : environment.getOrDefault("PROD_OUTPUT", "true");
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ParameterException(spec.commandLine(), "invalid " + source + " '" + text + "': expected true or false");
    }

    private void validate() {
        if (queueCapacity < 1) {
            throw new ParameterException(spec.commandLine(), "invalid --queue-capacity " + queueCapacity
                    + ": expected 1 or more");
        }
        if (commitIntervalMillis < 1) {
            throw new ParameterException(spec.commandLine(), "invalid --commit-interval-ms " + commitIntervalMillis
                    + ": expected 1 or more");
        }
        if (statsIntervalSeconds < 1 || startupTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--stats-interval and --startup-timeout take a number of seconds, 1 or more");
        }
        if (group.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--group must not be empty");
        }
        if (alertsTopic.isBlank() || City.fromTopic(alertsTopic).isPresent()) {
            throw new ParameterException(spec.commandLine(), "invalid --alerts-topic '" + alertsTopic
                    + "': expected a topic name other than the city topics");
        }
        if (instanceId != null && !instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new ParameterException(spec.commandLine(), "invalid --instance-id '" + instanceId
                    + "': expected 1 to 100 letters, digits, '.', '_' or '-'");
        }
    }

    private String defaultInstanceId() {
        String host = environment.get("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "local";
            }
        }
        return host.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Returns whether every existing city topic has the same partition count, and warns when not: then
     * partition N of two topics holds different sources, and the state must cover all partitions at once.
     */
    private boolean checkCoPartitioning(Admin admin, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(City.topics()::contains).toList();
        if (existing.isEmpty()) {
            return true;
        }
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(existing).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Integer> counts = new TreeMap<>();
        descriptions.forEach((topic, description) -> counts.put(topic, description.partitions().size()));
        if (counts.values().stream().distinct().count() > 1) {
            LOG.warn("The city topics have different partition counts {}, so one source's transfers sit in differently "
                    + "numbered partitions. This instance keeps one state for all its partitions; run a single instance "
                    + "or give every city topic the same partition count.", counts);
            return false;
        }
        return true;
    }

    private void createAlertsTopic(Admin admin, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, TopicDescription> london = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .contains(City.LONDON.topic())
                ? admin.describeTopics(List.of(City.LONDON.topic())).allTopicNames().get(timeout.toMillis(),
                        TimeUnit.MILLISECONDS)
                : Map.of();
        int partitions = london.isEmpty() ? 6 : london.get(City.LONDON.topic()).partitions().size();
        Topics.createMissing(admin, List.of(alertsTopic), partitions, Optional.empty(), timeout);
    }

    private static void warnAboutSingleTransfers(RuleSettings rules) {
        if (rules.thresholdCents() < rules.structuringLimitCents()) {
            LOG.warn("The alert threshold {} is below the reporting limit {}: a single transfer between them, which needs "
                    + "no report, exceeds the threshold on its own, so the pair rule also flags single transfers.",
                    Amounts.formatDollars(rules.thresholdCents()), Amounts.formatDollars(rules.structuringLimitCents()));
        }
    }
}
