package fintrans.generator;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.Amounts;
import fintrans.common.City;
import fintrans.common.DurationText;
import fintrans.common.Periodic;
import fintrans.common.cli.CommandLines;
import fintrans.common.cli.HealthOptions;
import fintrans.common.cli.KafkaClientOptions;
import fintrans.common.health.HealthServer;
import fintrans.common.kafka.BrokerCheck;
import fintrans.common.kafka.BrokerCheck.BrokerUnavailableException;
import fintrans.common.kafka.BrokerList;
import fintrans.common.kafka.ClientSettings;
import fintrans.common.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line of the generator: parses options, creates the topics, and runs a {@link Generator}. */
@Command(name = "generator", mixinStandardHelpOptions = true, version = "fintrans generator 0.1.0",
        description = {"Streams random financial transactions into Kafka, one topic per city "
                + "(London, NYC, SF, Moscow, Tokyo). Each record value is 'source target amount'; "
                + "the key is the source account.",
                "%nWith --scenarios-per-minute it mixes laundering scenarios into this background: a source "
                + "sends --scenario-amount in transfers just under the reporting limit, to one target or to "
                + "a new target each time. Their records carry the scenario's id and kind in headers, so "
                + "that fintrans-evaluate can measure a detector against them."},
        footerHeading = "%nEnvironment:%n",
        footer = {"  GEN_WAIT_SEC  Seconds between two transactions, as in the original demo.",
                "                Used when --rate is not given; 0 means as fast as possible.",
                CommandLines.EXIT_CODES})
public final class GeneratorMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(GeneratorMain.class);
    /** The band just under a $10,000 reporting limit, reported for the background when no scenarios run. */
    private static final long DEFAULT_BAND_LOW_CENTS = 800_000;
    private static final long DEFAULT_BAND_HIGH_CENTS = 999_999;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HealthOptions healthOptions;

    @Mixin
    private KafkaClientOptions kafkaClientOptions;

    @Option(names = "--broker", defaultValue = "localhost:9092", converter = BrokerList.Converter.class,
            paramLabel = "HOST:PORT[,HOST:PORT...]", description = "Kafka bootstrap brokers. Default: ${DEFAULT-VALUE}.")
    private BrokerList broker;

    @Option(names = "--rate", paramLabel = "TX_PER_SECOND",
            description = "Background transactions per second (a decimal greater than 0), or 'max' for as fast as "
                    + "the broker accepts; scenario transfers come on top. Default: 10, or one every GEN_WAIT_SEC "
                    + "seconds when that is set.")
    private String rate;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "Stop after this many records, background and scenario records together; 0 runs until "
                    + "stopped. Default: ${DEFAULT-VALUE}.")
    private long count;

    @Option(names = "--partitions", defaultValue = "6", paramLabel = "N",
            description = "Partitions of each city topic the generator creates when it is missing; existing topics "
                    + "are left as they are. Default: ${DEFAULT-VALUE}.")
    private int partitions;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas of each city topic the generator creates. Default: the broker's "
                    + "default.replication.factor.")
    private Short replicationFactor;

    @Option(names = "--seed", paramLabel = "LONG",
            description = "Seed of the random sequences of background and scenarios, to repeat a run. The same seed "
                    + "gives the same transactions and scenarios; only how scenario transfers interleave with the "
                    + "background depends on the clock. Default: a random seed.")
    private Long seed;

    @Mixin
    private BackgroundOptions background;

    @Mixin
    private ScenarioOptions scenarios;

    @Option(names = "--stats-interval", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds between two rate lines. Default: ${DEFAULT-VALUE}.")
    private int statsIntervalSeconds;

    @Option(names = "--startup-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Seconds to wait for the broker at start before giving up. Default: ${DEFAULT-VALUE}.")
    private int startupTimeoutSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Log every transaction the broker acknowledged.")
    private boolean verbose;

    private final Map<String, String> environment;

    public GeneratorMain() {
        this(System.getenv());
    }

    GeneratorMain(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new GeneratorMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Rate resolvedRate = resolveRate();
        validate();
        ClientSettings clientSettings = kafkaClientOptions.settings();
        long effectiveSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        RandomTransactions transactions = background.transactions(effectiveSeed);
        ScenarioPlanner planner = scenarios.enabled() ? scenarios.planner(effectiveSeed, transactions.accounts()) : null;

        clientSettings.logTo(LOG);
        if (!prepareTopics(Duration.ofSeconds(startupTimeoutSeconds), clientSettings)) {
            return 1;
        }

        KafkaProducer<String, String> producer = new KafkaProducer<>(clientSettings.applyTo(producerProperties()));
        // Created after the producer, so that the first records are due when sending starts.
        TransferSchedule schedule = planner == null
                ? TransferSchedule.backgroundOnly(transactions, resolvedRate, System::nanoTime)
                : new TransferSchedule(transactions, resolvedRate, planner, scenarios.perMinute(), System::nanoTime);
        Generator generator = new Generator(producer, schedule, count, verbose);
        Thread shutdownHook = new Thread(() -> {
            generator.shutdown();
            try {
                generator.awaitFinished(Duration.ofSeconds(70));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "generator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        LOG.info("Generator started: broker {}, rate {}, {}, seed {}", broker, resolvedRate,
                count == 0 ? "until stopped" : count + " records", effectiveSeed);
        logBackground(transactions, planner);
        logScenarios(planner);
        Optional<HealthServer> health = healthOptions.start(() -> generator.problem(Duration.ofSeconds(60)));
        try (Periodic stats = Periodic.every(Duration.ofSeconds(statsIntervalSeconds), "generator-stats",
                new RateLine(generator))) {
            generator.run();
        } finally {
            health.ifPresent(HealthServer::close);
        }
        if (count > 0) {
            // Not stopped by a signal, so the hook is no longer needed; removing it is not allowed during exit.
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        return generator.failed() == 0 ? 0 : 1;
    }

    /** Logs the background settings and how many background transfers look like scenario transfers. */
    private static void logBackground(RandomTransactions transactions, ScenarioPlanner planner) {
        long lowCents = planner == null ? DEFAULT_BAND_LOW_CENTS : planner.settings().minTransferCents();
        long highCents = planner == null ? DEFAULT_BAND_HIGH_CENTS : planner.settings().maxTransferCents();
        double fraction = transactions.amounts().fractionBetween(lowCents, highCents);
        LOG.info("Background: {} accounts, {}; {} of background transfers are from ${} to ${}",
                transactions.accounts(), transactions.amounts().description(), percent(fraction),
                Amounts.formatDollars(lowCents), Amounts.formatDollars(highCents));
    }

    private void logScenarios(ScenarioPlanner planner) {
        if (planner == null) {
            LOG.info("Scenarios: none (--scenarios-per-minute 0)");
            return;
        }
        ScenarioSettings settings = planner.settings();
        LOG.info("Scenarios: {} per minute, each ${} in {} transfers of ${} to ${} over {}",
                ScenarioOptions.plain(scenarios.perMinute()),
                Amounts.formatDollars(settings.amountCents()), settings.transferCount(),
                Amounts.formatDollars(settings.minTransferCents()), Amounts.formatDollars(settings.maxTransferCents()),
                DurationText.format(settings.duration()));
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3g %%", fraction * 100);
    }

    /** Checks that the broker responds and creates missing city topics. Logs the reason and returns false on failure. */
    private boolean prepareTopics(Duration timeout, ClientSettings clientSettings) throws InterruptedException {
        try (Admin admin = BrokerCheck.connect(broker, "fintrans-generator-admin", timeout, clientSettings)) {
            Topics.createMissing(admin, City.topics(), partitions, Optional.ofNullable(replicationFactor), timeout);
            return true;
        } catch (BrokerUnavailableException e) {
            LOG.error(e.getMessage());
        } catch (ExecutionException e) {
            LOG.error("Cannot create the city topics on {}: {}", broker, e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.error("Cannot create the city topics on {}: no response within {} s", broker, timeout.toSeconds());
        }
        return false;
    }

    private Rate resolveRate() {
        try {
            return Rate.resolve(rate, environment.get("GEN_WAIT_SEC"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void validate() {
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "invalid --count " + count + ": expected 0 or more");
        }
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "invalid --partitions " + partitions + ": expected 1 or more");
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw new ParameterException(spec.commandLine(),
                    "invalid --replication-factor " + replicationFactor + ": expected 1 or more");
        }
        if (statsIntervalSeconds < 1 || startupTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--stats-interval and --startup-timeout take a number of seconds, 1 or more");
        }
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "fintrans-generator");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // A transaction counts as sent only when every in-sync replica has it.
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // Retries after a broker restart or leader change must not write a transaction twice.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Brokers before Kafka 4.5 can append a later request to a partition created a moment ago while an
        // earlier one failed with NOT_LEADER_OR_FOLLOWER; every retry of the earlier one then fails with
        // OUT_OF_ORDER_SEQUENCE_NUMBER until it expires (Apache Kafka bug KAFKA-15591). One request in
        // flight per broker keeps the requests in order, and the generator creates its topics just before
        // sending.
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // Waiting up to 5 ms fills batches at high rates; at 10 tx/s it adds at most 5 ms of latency.
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        return properties;
    }

    /** The periodic line: totals and the rate since the previous line. */
    private static final class RateLine implements Runnable {
        private final Generator generator;
        private long previousSent;
        private long previousNanos = System.nanoTime();

        RateLine(Generator generator) {
            this.generator = generator;
        }

        @Override
        public void run() {
            long sent = generator.sent();
            long now = System.nanoTime();
            double perSecond = (sent - previousSent) / ((now - previousNanos) / 1e9);
            LOG.info("sent {} (+{}), failed {}, {} tx/s", sent, sent - previousSent, generator.failed(),
                    String.format("%.1f", perSecond));
            previousSent = sent;
            previousNanos = now;
        }
    }
}
