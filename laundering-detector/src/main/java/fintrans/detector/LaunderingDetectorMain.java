package fintrans.detector;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.Amounts;
import fintrans.common.InvalidTransactionException;
import fintrans.common.kafka.BrokerCheck;
import fintrans.common.kafka.BrokerCheck.BrokerUnavailableException;
import fintrans.common.kafka.BrokerList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line of the laundering detector: parses options, checks the broker and runs a {@link LaunderingDetector}. */
@Command(name = "laundering-detector", mixinStandardHelpOptions = true, version = "fintrans laundering-detector 0.1.0",
        description = {"Keeps a running total per source and target account over the city topics and",
                "prints an alert line on stdout for every transfer after which the pair's total",
                "is greater than the alert threshold:",
                "  POTENTIAL MONEY LAUNDERING: <source> -> <target> totalling <total> now",
                "Logs go to stderr, so 2>/dev/null leaves only the alert lines."},
        footerHeading = "%nEnvironment:%n",
        footer = {"  ALERT_THRESHOLD  Alert threshold in dollars; --alert-threshold takes precedence.",
                "  PROD_OUTPUT      true or false; --prod-output takes precedence.",
                "%nExit codes: 0 stopped normally, 1 a runtime failure such as an unreachable",
                "broker, 2 invalid options."})
public final class LaunderingDetectorMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LaunderingDetectorMain.class);
    static final String DEFAULT_THRESHOLD_DOLLARS = "8000";

    @Spec
    private CommandSpec spec;

    @Option(names = "--broker", defaultValue = "localhost:9092", converter = BrokerList.Converter.class,
            paramLabel = "HOST:PORT[,HOST:PORT...]", description = "Kafka bootstrap brokers. Default: ${DEFAULT-VALUE}.")
    private BrokerList broker;

    @Option(names = "--group", defaultValue = "laundering-detector", paramLabel = "ID",
            description = "Kafka consumer group; instances in one group share the partitions. Default: ${DEFAULT-VALUE}.")
    private String group;

    @Option(names = "--alert-threshold", paramLabel = "DOLLARS",
            description = "Alert when a pair's total is greater than this many dollars (up to two decimals). "
                    + "Default: ALERT_THRESHOLD, else " + DEFAULT_THRESHOLD_DOLLARS + ".")
    private String alertThreshold;

    @Option(names = "--prod-output", paramLabel = "true|false",
            description = "true: plain alert lines and periodic summaries. false: development output, with the alert "
                    + "prefix in bold red and every transaction's way through the queue logged on stderr. "
                    + "Default: PROD_OUTPUT, else true.")
    private String prodOutput;

    @Option(names = "--queue-capacity", defaultValue = "10000", paramLabel = "N",
            description = "Transactions between the consumer and the detector thread; a full queue pauses the consumer. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int queueCapacity;

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
        System.exit(new CommandLine(new LaunderingDetectorMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        long thresholdCents = resolveThresholdCents();
        boolean production = resolveProdOutput();
        validate();

        Duration startupTimeout = Duration.ofSeconds(startupTimeoutSeconds);
        try {
            BrokerCheck.connect(broker, "fintrans-laundering-detector-admin", startupTimeout).close();
        } catch (BrokerUnavailableException e) {
            LOG.error(e.getMessage());
            return 1;
        }

        LaunderingDetector detector = new LaunderingDetector(consumerProperties(broker, group), thresholdCents, queueCapacity,
                alertOut, !production, Duration.ofSeconds(statsIntervalSeconds));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            detector.shutdown();
            try {
                detector.awaitStopped(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "detector-shutdown"));

        LOG.info("Detector started: broker {}, group {}, alert threshold {}, {} output", broker, group,
                Amounts.formatDollars(thresholdCents), production ? "production" : "development");
        detector.start();
        while (detector.isRunning()) {
            Thread.sleep(200);
        }
        detector.shutdown();
        detector.awaitStopped(Duration.ofSeconds(30));
        return detector.failed() ? 1 : 0;
    }

    private long resolveThresholdCents() {
        String source = alertThreshold != null ? "--alert-threshold" : "ALERT_THRESHOLD";
        String text = alertThreshold != null ? alertThreshold
                : environment.getOrDefault("ALERT_THRESHOLD", DEFAULT_THRESHOLD_DOLLARS);
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
        if (statsIntervalSeconds < 1 || startupTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--stats-interval and --startup-timeout take a number of seconds, 1 or more");
        }
        if (group.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--group must not be empty");
        }
    }

    /** Builds the consumer settings of a detector in group {@code group}. */
    static Properties consumerProperties(BrokerList broker, String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "fintrans-laundering-detector");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // The codec checks the bytes itself, so invalid UTF-8 is reported as a bad record, not a poll failure.
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Offsets are committed only for records the detector thread has processed.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts from the oldest kept transaction, so its totals include them.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Records are keyed by source account and every city topic has the same partition count, so the range
        // assignor gives one instance partition N of every topic: all transfers of a source, whatever the city.
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        return properties;
    }
}
