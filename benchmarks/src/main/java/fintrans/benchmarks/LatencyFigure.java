package fintrans.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import fintrans.common.City;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;

/**
 * Figure 4: the time from a transfer's record timestamp to its alert, with the generator sending a
 * steady rate and injecting laundering scenarios into empty topics while the detector runs.
 *
 * <p>Two latencies are taken per alert. The target is on the first: the alert's {@code detectedAt}
 * minus its trigger's record timestamp (set by the generator's producer when it sends the record). The
 * second is when a {@code read_committed} consumer of the alerts topic received the alert, minus the
 * same timestamp, which adds the detector's transaction commit and the consumer's fetch.
 *
 * <p>The services start with cold JVMs, so the detector falls behind for a few seconds while its code is
 * compiled. Alerts whose trigger lies in the first {@code warmupSeconds} of the generator's run are
 * therefore kept in histograms of their own, and the summary shows both.
 */
final class LatencyFigure {
    private static final String ALERTS_TOPIC = "bench-latency-alerts";
    private static final String GROUP = "bench-latency-detector";
    private static final int CITY_PARTITIONS = 6;
    /** Highest latency the histograms record, in microseconds; larger values are clamped to it, negative ones to 0. */
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final BenchmarkContext context;
    private final int seconds;
    private final int warmupSeconds;
    private final int rate;
    private final double scenariosPerMinute;

    LatencyFigure(BenchmarkContext context, int seconds, int warmupSeconds, int rate, double scenariosPerMinute) {
        this.context = context;
        this.seconds = seconds;
        this.warmupSeconds = warmupSeconds;
        this.rate = rate;
        this.scenariosPerMinute = scenariosPerMinute;
    }

    /** The latency histograms, in microseconds, of the alerts after the warm-up and of those during it. */
    record Result(Histogram detected, Histogram received, Histogram warmupDetected, int seconds, int warmupSeconds,
            int rate) {
        String summaryLine() {
            double p99 = millis(detected, 99);
            return String.format(Locale.ROOT, "%-22s p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d alerts at %,d tx/s "
                    + "in the %d s after a %d s warm-up  (target p99 < 50 ms: %s)", "alert latency",
                    millis(detected, 50), p99, detected.getMaxValue() / 1000.0, detected.getTotalCount(), rate,
                    seconds - warmupSeconds, warmupSeconds, p99 < 50 ? "met" : "NOT met");
        }

        String receivedLine() {
            return String.format(Locale.ROOT, "%-22s p50 %.1f ms, p99 %.1f ms, max %.1f ms after the warm-up (trigger "
                    + "timestamp to a read_committed consumer receiving the alert)", "alert visible",
                    millis(received, 50), millis(received, 99), received.getMaxValue() / 1000.0);
        }

        String warmupLine() {
            return String.format(Locale.ROOT, "%-22s p50 %.1f ms, p99 %.1f ms, max %.1f ms over the %d alerts of the "
                    + "first %d s (cold JVMs)", "alert latency warm-up", millis(warmupDetected, 50),
                    millis(warmupDetected, 99), warmupDetected.getMaxValue() / 1000.0, warmupDetected.getTotalCount(),
                    warmupSeconds);
        }

        private static double millis(Histogram histogram, double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    Result run() throws Exception {
        // Created here, as an operator would, and not by the detector at its start: a producer writing into a
        // partition created a moment ago can get OUT_OF_ORDER_SEQUENCE_NUMBER from Kafka 4.4 brokers and retry.
        context.probe().recreateTopics(List.of(ALERTS_TOPIC), CITY_PARTITIONS);
        context.probe().recreateTopics(City.topics(), CITY_PARTITIONS);
        List<String> detectorArgs = List.of("--broker", context.bootstrapServers(), "--group", GROUP,
                "--instance-id", GROUP, "--alerts-topic", ALERTS_TOPIC, "--stats-interval", "5");
        try (ChildProcess detector = context.startService("latency-detector", "laundering-detector",
                "fintrans-laundering-detector", detectorArgs)) {
            detector.awaitStderr("Assigned", Duration.ofSeconds(60));

            AlertReader reader = new AlertReader(System.currentTimeMillis() + warmupSeconds * 1000L);
            Thread readerThread = new Thread(reader, "alert-reader");
            readerThread.start();
            Progress.line("alert latency: generator at %,d tx/s with %s scenarios per minute for %d s", rate,
                    scenariosPerMinute, seconds);
            List<String> generatorArgs = List.of("--broker", context.bootstrapServers(), "--rate", Integer.toString(rate),
                    "--count", Long.toString((long) rate * seconds), "--seed", "4",
                    "--scenarios-per-minute", Double.toString(scenariosPerMinute), "--scenario-duration", "20s",
                    "--stats-interval", "10");
            try (ChildProcess generator = context.startService("latency-generator", "generator", "fintrans-generator",
                    generatorArgs)) {
                int exitCode = generator.awaitExit(Duration.ofSeconds(seconds + 120L));
                if (exitCode != 0) {
                    throw new IllegalStateException("The generator exited with " + exitCode + "; see " + context.logDir());
                }
            }
            // The detector commits within its 100 ms commit interval; 3 s leaves room for the last alerts.
            Thread.sleep(3000);
            reader.stop();
            readerThread.join();
            detector.stop(Duration.ofSeconds(30));
            return new Result(reader.detected, reader.received, reader.warmupDetected, seconds, warmupSeconds, rate);
        }
    }

    /** Reads the alerts topic from the start and records both latencies of every alert. */
    private final class AlertReader implements Runnable {
        private final Histogram detected = new Histogram(MAX_MICROS, 3);
        private final Histogram received = new Histogram(MAX_MICROS, 3);
        private final Histogram warmupDetected = new Histogram(MAX_MICROS, 3);
        /** Alerts whose trigger timestamp is earlier than this, in epoch milliseconds, count as warm-up. */
        private final long warmupEndMillis;
        private volatile boolean running = true;

        AlertReader(long warmupEndMillis) {
            this.warmupEndMillis = warmupEndMillis;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                consumer.assign(context.probe().partitions(List.of(ALERTS_TOPIC)));
                consumer.seekToBeginning(consumer.assignment());
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        Instant now = Instant.now();
                        AlertRecord alert = AlertJson.read(record.value());
                        Instant triggered = alert.trigger().timestamp();
                        if (triggered.toEpochMilli() < warmupEndMillis) {
                            warmupDetected.recordValue(clamp(micros(triggered, alert.detectedAt())));
                            continue;
                        }
                        detected.recordValue(clamp(micros(triggered, alert.detectedAt())));
                        received.recordValue(clamp(micros(triggered, now)));
                    }
                }
            }
        }

        private static long micros(Instant from, Instant to) {
            return TimeUnit.SECONDS.toMicros(to.getEpochSecond() - from.getEpochSecond())
                    + (to.getNano() - from.getNano()) / 1000;
        }

        private static long clamp(long micros) {
            return Math.max(0, Math.min(MAX_MICROS, micros));
        }
    }
}
