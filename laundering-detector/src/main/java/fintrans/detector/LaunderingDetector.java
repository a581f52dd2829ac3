package fintrans.detector;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntUnaryOperator;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.Periodic;
import fintrans.detector.rules.RuleSettings;

/**
 * The running detector: a consumer thread that polls, merges in event-time order and decodes, a bounded
 * queue, and a detector thread that applies the rules and commits alerts and offsets in transactions.
 * Use {@link #start()}, then {@link #shutdown()} and {@link #awaitStopped(Duration)}.
 */
public final class LaunderingDetector {
    private static final Logger LOG = LoggerFactory.getLogger(LaunderingDetector.class);

    private final BlockingQueue<QueuedRecord> queue;
    private final DetectorThread detector;
    private final ConsumerThread consumer;
    private final Duration statsInterval;
    private final Thread detectorThread;
    private final Thread consumerThread;
    private final AtomicBoolean summaryLogged = new AtomicBoolean();
    private Periodic stats;

    /**
     * @param config how to connect and run
     * @param settings the rules' parameters
     * @param out where alert lines go: stdout in production, a buffer in tests
     */
    public LaunderingDetector(DetectorSettings config, RuleSettings settings, PrintStream out) {
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.detector = new DetectorThread(queue, settings, new KafkaProducer<>(config.producerProperties()),
                config.alertsTopic(), new AlertPrinter(out, settings.window(), config.devOutput()), config.devOutput(),
                config.commitInterval());
        this.consumer = new ConsumerThread(config.consumerProperties(), queue, detector, settings,
                config.coPartitioned(), config.devOutput());
        IntUnaryOperator groupOfPartition = config.coPartitioned() ? partition -> partition : partition -> 0;
        detector.connect(consumer::groupMetadata, consumer::epoch, groupOfPartition);
        this.statsInterval = config.statsInterval();
        this.detectorThread = new Thread(detector, "detector");
        this.consumerThread = new Thread(consumer, "consumer");
    }

    public void start() {
        detectorThread.start();
        consumerThread.start();
        stats = Periodic.every(statsInterval, "detector-stats", new SummaryLine());
    }

    /** Stops polling; records already queued are processed, and their alerts and offsets committed. */
    public void shutdown() {
        consumer.shutdown();
    }

    /** Waits until both threads have ended; returns false on timeout. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        consumerThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        detectorThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        boolean stopped = !consumerThread.isAlive() && !detectorThread.isAlive();
        if (stopped && stats != null && summaryLogged.compareAndSet(false, true)) {
            stats.close();
            LOG.info("Detector stopped: {} records, {} alerts, {} rejected records, {} transactions ({} aborted)",
                    detector.records(), detector.alerts(), consumer.rejected(), detector.transactions(),
                    detector.abortedTransactions());
        }
        return stopped;
    }

    /** Returns true when a thread ended with an error rather than by {@link #shutdown()}. */
    public boolean failed() {
        return consumer.failure() != null || detector.failure() != null;
    }

    /** Returns true while both threads run. */
    public boolean isRunning() {
        return consumerThread.isAlive() && detectorThread.isAlive();
    }

    /** Records taken from the queue, replayed ones included. */
    public long processed() {
        return detector.records();
    }

    /** Records queued so far, replayed ones included. */
    public long enqueued() {
        return consumer.enqueued();
    }

    public long alerts() {
        return detector.alerts();
    }

    public long rejected() {
        return consumer.rejected();
    }

    public long replayed() {
        return consumer.replayed();
    }

    /** Pairs with transfers in the window, over all groups; an estimate while the detector runs. */
    public long pairs() {
        return detector.pairs();
    }

    /** Transfers held for the rules over all groups; an estimate while the detector runs. */
    public long transfersHeld() {
        return detector.transfersHeld();
    }

    /** How often a full queue made the consumer thread wait. */
    public long fullQueueWaits() {
        return consumer.fullQueueWaits();
    }

    /** The periodic line on stderr: totals, the rate since the previous line, and where the work piles up. */
    private final class SummaryLine implements Runnable {
        private long previousProcessed;
        private long previousNanos = System.nanoTime();

        @Override
        public void run() {
            long processed = detector.records();
            long now = System.nanoTime();
            double perSecond = (processed - previousProcessed) / ((now - previousNanos) / 1e9);
            long lag = consumer.lag();
            LOG.info("processed {} records ({} per second), alerts {}, pairs {}, transfers held {}, queue {}/{} "
                    + "(full {} times), lag {}, replayed {}, late {}, rejected {}, transactions {} ({} aborted)",
                    processed, String.format("%.1f", perSecond), detector.alerts(), detector.pairs(),
                    detector.transfersHeld(), queue.size(), queue.size() + queue.remainingCapacity(),
                    consumer.fullQueueWaits(), lag < 0 ? "unknown" : lag, consumer.replayed(), detector.lateRecords(),
                    consumer.rejected(), detector.transactions(), detector.abortedTransactions());
            previousProcessed = processed;
            previousNanos = now;
        }
    }
}
