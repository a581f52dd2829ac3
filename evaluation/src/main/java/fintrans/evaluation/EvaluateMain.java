package fintrans.evaluation;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.City;
import fintrans.common.DurationText;
import fintrans.common.ScenarioHeaders;
import fintrans.common.cli.CommandLines;
import fintrans.common.cli.KafkaClientOptions;
import fintrans.common.kafka.BrokerCheck;
import fintrans.common.kafka.BrokerCheck.BrokerUnavailableException;
import fintrans.common.kafka.BrokerList;
import fintrans.common.kafka.ClientSettings;
import fintrans.evaluation.TopicReader.ReadStalledException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line of the evaluation: reads the city topics and the alerts topic once, measures the
 * detector's alerts against the scenarios in the record headers, and prints the figures.
 */
@Command(name = "fintrans-evaluate", mixinStandardHelpOptions = true, version = "fintrans evaluate 0.1.0",
        description = {"Measures the laundering detector against the scenarios that the generator injected "
                + "(--scenarios-per-minute). Reads every record of the city topics London, NYC, SF, Moscow and "
                + "Tokyo and of the alerts topic, from the beginning up to the end offsets at start, and prints "
                + "per rule (pair-total, structuring) the recall, detected scenarios divided by injected ones, "
                + "and the precision, alerts on scenarios divided by all alerts.",
                "%nAn alert belongs to a scenario when its source account is the scenario's source and its "
                + "trigger record is one of the scenario's records, or its event-time window overlaps the "
                + "scenario's transfers. A scenario is detected by a rule when an alert of that rule belongs "
                + "to it."},
        footer = {"%nExit codes: 0 figures printed, 1 the broker is unreachable or reading failed, 2 invalid "
                + "options."})
public final class EvaluateMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateMain.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaClientOptions kafkaClientOptions;

    @Option(names = "--broker", defaultValue = "localhost:9092", converter = BrokerList.Converter.class,
            paramLabel = "HOST:PORT[,HOST:PORT...]", description = "Kafka bootstrap brokers. Default: ${DEFAULT-VALUE}.")
    private BrokerList broker;

    @Option(names = "--alerts-topic", defaultValue = "alerts", paramLabel = "TOPIC",
            description = "Topic the detector writes its alerts to, as JSON. Default: ${DEFAULT-VALUE}.")
    private String alertsTopic;

    @Option(names = "--window", defaultValue = "24h", paramLabel = "DURATION", converter = DurationText.Converter.class,
            description = "Window assumed for alerts without a window start, such as pair-total alerts over an "
                    + "unbounded total: such an alert counts as covering this duration before its window end. A "
                    + "whole number and a unit (ms, s, m, h or d), greater than 0. Default: ${DEFAULT-VALUE}.")
    private Duration window;

    @Option(names = "--json", description = "Print the figures as JSON instead of tables.")
    private boolean json;

    @Option(names = "--startup-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Seconds to wait for the broker at start, and for progress while reading, before giving "
                    + "up. Default: ${DEFAULT-VALUE}.")
    private int timeoutSeconds;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new EvaluateMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        ClientSettings clientSettings = kafkaClientOptions.settings();
        clientSettings.logTo(LOG);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);

        try {
            // Only the check is needed; the reading uses a consumer of its own.
            BrokerCheck.connect(broker, "fintrans-evaluate-admin", timeout, clientSettings).close();
        } catch (BrokerUnavailableException e) {
            LOG.error(e.getMessage());
            return 1;
        }

        EvaluationReport report;
        try {
            report = evaluate(timeout, clientSettings);
        } catch (ReadStalledException e) {
            LOG.error(e.getMessage());
            return 1;
        } catch (KafkaException e) {
            LOG.error("Reading the topics from {} failed: {}", broker, e.toString());
            return 1;
        }

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ReportJson.format(report, alertsTopic, window));
        } else {
            out.print(ReportText.format(report, alertsTopic, window));
        }
        out.flush();
        return 0;
    }

    /** Reads the city topics, then the alerts topic, both up to the end offsets taken before either. */
    private EvaluationReport evaluate(Duration timeout, ClientSettings clientSettings) throws ReadStalledException {
        List<String> topics = new ArrayList<>(City.topics());
        topics.add(alertsTopic);
        try (TopicReader reader = TopicReader.open(broker, topics, timeout, clientSettings)) {
            if (!reader.missingTopics().isEmpty()) {
                LOG.warn("Topics {} do not exist on {}; they count as empty", reader.missingTopics(), broker);
            }

            GroundTruth truth = new GroundTruth();
            long cityRecords = reader.read(City.topics(), record -> truth.addRecord(position(record),
                    Instant.ofEpochMilli(record.timestamp()), record.value(), header(record, ScenarioHeaders.ID),
                    header(record, ScenarioHeaders.KIND)));
            LOG.info("Read {} records of the city topics: {} scenarios, {} invalid values", cityRecords,
                    truth.scenarios().size(), truth.invalidTransactions());

            Evaluation evaluation = new Evaluation(truth, window);
            long alertRecords = reader.read(List.of(alertsTopic),
                    record -> evaluation.addAlertValue(position(record), record.value()));
            EvaluationReport report = evaluation.report();
            LOG.info("Read {} records of {}: {} invalid values", alertRecords, alertsTopic, report.invalidAlerts());
            return report;
        }
    }

    private void validate() {
        if (window.isZero()) {
            throw new ParameterException(spec.commandLine(), "invalid --window " + DurationText.format(window)
                    + ": expected a duration greater than 0, such as 24h");
        }
        if (alertsTopic.isBlank() || City.fromTopic(alertsTopic).isPresent()) {
            throw new ParameterException(spec.commandLine(), "invalid --alerts-topic '" + alertsTopic
                    + "': expected a topic name other than the city topics " + City.topics());
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "invalid --startup-timeout " + timeoutSeconds
                    + ": expected a number of seconds, 1 or more");
        }
    }

    private static RecordPosition position(ConsumerRecord<?, ?> record) {
        return new RecordPosition(record.topic(), record.partition(), record.offset());
    }

    private static byte[] header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }
}
