package fintrans.benchmarks;

import java.time.Duration;
import java.util.List;

import fintrans.common.City;

/**
 * Figure 2: the laundering detector reading the pre-filled city topics, at its default rules and window,
 * against Kafka's ConsumerPerformance reading the same records.
 *
 * <p>Each run uses a new consumer group, so it reads every record from the start. The detector commits
 * its offsets in the transactions that carry its alerts, so its time runs from starting its JVM until
 * its group's committed offsets add up to all records. The broker is asked every 20 ms. ConsumerPerformance's
 * time runs from starting its JVM until it exits after consuming all records. Both include JVM start
 * and joining the group.
 */
final class DetectorFigure {
    static final String ALERTS_TOPIC = "bench-alerts";

    private final BenchmarkContext context;
    private final long records;
    private final int rounds;

    DetectorFigure(BenchmarkContext context, long records, int rounds) {
        this.context = context;
        this.records = records;
        this.rounds = rounds;
    }

    PairedFigure run() throws Exception {
        PairedFigure figure = new PairedFigure("detector", "ConsumerPerformance", 0.8);
        for (int round = 1; round <= rounds; round++) {
            double ours = runDetector(round);
            double reference = runReference(round);
            figure.addRound(ours, reference);
            Progress.line("detector round %d/%d: detector %,.0f records/s, ConsumerPerformance %,.0f records/s (%.2f)",
                    round, rounds, ours, reference, ours / reference);
        }
        return figure;
    }

    private double runDetector(int round) throws Exception {
        String group = "bench-detector-" + round;
        List<String> args = List.of("--broker", context.bootstrapServers(), "--group", group, "--instance-id", group,
                "--alerts-topic", ALERTS_TOPIC, "--stats-interval", "5");
        try (ChildProcess detector = context.startService("detector-" + round, "laundering-detector",
                "fintrans-laundering-detector", args)) {
            long doneNanos = BenchmarkContext.awaitProgress(
                    () -> context.probe().committedSum(group, City.topics()), records, detector);
            double perSecond = records / ((doneNanos - detector.startNanos()) / 1e9);
            detector.stop(Duration.ofSeconds(30));
            return perSecond;
        }
    }

    private double runReference(int round) throws Exception {
        List<String> args = List.of("--bootstrap-server", context.bootstrapServers(),
                "--include", String.join("|", City.topics()), "--messages", Long.toString(records),
                "--group", "bench-consumer-performance-" + round, "--timeout", "60000");
        try (ChildProcess reference = context.startReference("consumer-performance-" + round,
                "org.apache.kafka.tools.ConsumerPerformance", args)) {
            int exitCode = reference.awaitExit(BenchmarkContext.RUN_TIMEOUT);
            long doneNanos = System.nanoTime();
            if (exitCode != 0) {
                throw new IllegalStateException("ConsumerPerformance exited with " + exitCode + "; see " + context.logDir());
            }
            return records / ((doneNanos - reference.startNanos()) / 1e9);
        }
    }
}
