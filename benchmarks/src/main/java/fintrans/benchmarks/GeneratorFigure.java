package fintrans.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import fintrans.common.City;

/**
 * Figure 1: the generator at full speed against Kafka's ProducerPerformance with the generator's
 * producer settings and payloads taken from the generator's own records.
 *
 * <p>Both write {@code records} records into empty topics with 30 partitions in all: the generator into
 * the five city topics of 6 partitions, the reference into one topic of 30 partitions with random keys
 * from the same 100,000 account ids. The rate is what the broker shows: the records written between the
 * first poll that finds any and the poll that finds all, so JVM start and connection setup count on
 * neither side.
 */
final class GeneratorFigure {
    static final String REFERENCE_TOPIC = "bench-producer-reference";
    private static final int CITY_PARTITIONS = 6;
    private static final int PAYLOAD_LINES = 10_000;
    /** The generator's producer settings (GeneratorMain.producerProperties), given to the reference as they are. */
    private static final List<String> PRODUCER_SETTINGS = List.of("acks=all", "enable.idempotence=true",
            "max.in.flight.requests.per.connection=1", "linger.ms=5", "batch.size=65536", "compression.type=none");

    private final BenchmarkContext context;
    private final long records;
    private final int rounds;
    private Path payloadFile;

    GeneratorFigure(BenchmarkContext context, long records, int rounds) {
        this.context = context;
        this.records = records;
        this.rounds = rounds;
    }

    PairedFigure run() throws Exception {
        PairedFigure figure = new PairedFigure("generator", "ProducerPerformance", 0.9);
        for (int round = 1; round <= rounds; round++) {
            double ours = runGenerator(round);
            if (payloadFile == null) {
                payloadFile = writePayloadFile();
            }
            double reference = runReference(round);
            figure.addRound(ours, reference);
            Progress.line("generator round %d/%d: generator %,.0f records/s, ProducerPerformance %,.0f records/s (%.2f)",
                    round, rounds, ours, reference, ours / reference);
        }
        return figure;
    }

    private double runGenerator(int round) throws Exception {
        context.probe().recreateTopics(City.topics(), CITY_PARTITIONS);
        List<String> args = List.of("--broker", context.bootstrapServers(), "--rate", "max",
                "--count", Long.toString(records), "--seed", Integer.toString(round), "--stats-interval", "5");
        try (ChildProcess generator = context.startService("generator-" + round, "generator", "fintrans-generator", args)) {
            double perSecond = measure(City.topics(), generator);
            int exitCode = generator.awaitExit(Duration.ofMinutes(1));
            if (exitCode != 0) {
                throw new IllegalStateException("The generator exited with " + exitCode + "; see " + context.logDir());
            }
            return perSecond;
        }
    }

    private double runReference(int round) throws Exception {
        context.probe().recreateTopics(List.of(REFERENCE_TOPIC), CITY_PARTITIONS * City.all().size());
        List<String> args = new ArrayList<>(List.of("--topic", REFERENCE_TOPIC, "--num-records", Long.toString(records),
                "--payload-file", payloadFile.toString(), "--throughput", "-1",
                "--key-distribution", "random", "--record-key-range", "100000",
                "--producer-props", "bootstrap.servers=" + context.bootstrapServers()));
        args.addAll(PRODUCER_SETTINGS);
        try (ChildProcess reference = context.startReference("producer-performance-" + round,
                "org.apache.kafka.tools.ProducerPerformance", args)) {
            double perSecond = measure(List.of(REFERENCE_TOPIC), reference);
            int exitCode = reference.awaitExit(Duration.ofMinutes(1));
            if (exitCode != 0) {
                throw new IllegalStateException("ProducerPerformance exited with " + exitCode + "; see " + context.logDir());
            }
            return perSecond;
        }
    }

    /** Returns the records per second between the first poll that finds records in {@code topics} and the poll that finds all. */
    private double measure(List<String> topics, ChildProcess process) throws InterruptedException {
        long firstCount;
        long firstNanos;
        while (true) {
            firstCount = context.probe().endOffsetSum(topics);
            firstNanos = System.nanoTime();
            if (firstCount > 0) {
                break;
            }
            process.requireAlive();
            if (firstNanos - process.startNanos() > BenchmarkContext.RUN_TIMEOUT.toNanos()) {
                throw new IllegalStateException(process.name() + " wrote nothing within " + BenchmarkContext.RUN_TIMEOUT);
            }
            Thread.sleep(BenchmarkContext.POLL_INTERVAL.toMillis());
        }
        if (firstCount >= records) {
            throw new IllegalStateException(process.name() + " wrote all records between two polls; raise the record count");
        }
        long doneNanos = BenchmarkContext.awaitProgress(() -> context.probe().endOffsetSum(topics), records, process);
        return (records - firstCount) / ((doneNanos - firstNanos) / 1e9);
    }

    /** Writes the values of the generator's first records, one per line, for ProducerPerformance's --payload-file. */
    private Path writePayloadFile() throws IOException {
        List<String> lines = new ArrayList<>();
        TopicContentReader.read(context.bootstrapServers(), context.probe().partitions(City.topics()), PAYLOAD_LINES,
                record -> lines.add(new String(record.value(), StandardCharsets.UTF_8)));
        Path file = context.logDir().resolve("payloads.txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Progress.line("wrote %d generator values to %s for ProducerPerformance", lines.size(), file);
        return file;
    }
}
