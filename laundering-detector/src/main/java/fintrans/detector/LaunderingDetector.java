package fintrans.detector;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.Periodic;

/**
 * The running detector: a consumer thread that polls and decodes, a bounded queue, and a detector
 * thread that applies the {@link LaunderingRule} and prints alerts. Use {@link #start()}, then
 * {@link #shutdown()} and {@link #awaitStopped(Duration)}.
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
     * @param out where alert lines go: stdout in production, a buffer in tests
     * @param devOutput colour the alert prefix and log every transaction on its way, as the original did
     */
    public LaunderingDetector(Properties consumerProperties, long thresholdCents, int queueCapacity, PrintStream out,
            boolean devOutput, Duration statsInterval) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        ProcessedOffsets processedOffsets = new ProcessedOffsets();
        this.detector = new DetectorThread(queue, new LaunderingRule(thresholdCents), new AlertPrinter(out, devOutput),
                processedOffsets, devOutput);
        this.consumer = new ConsumerThread(consumerProperties, queue, processedOffsets, detector, devOutput);
        this.statsInterval = statsInterval;
        this.detectorThread = new Thread(detector, "detector");
        this.consumerThread = new Thread(consumer, "consumer");
    }

    public void start() {
        detectorThread.start();
        consumerThread.start();
        stats = Periodic.every(statsInterval, "detector-stats", new SummaryLine());
    }

    /** Stops polling; records already queued are processed, their alerts printed and their offsets committed. */
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
            LOG.info("Detector stopped: {} transactions, {} alerts, {} rejected records", detector.transactions(),
                    detector.alerts(), consumer.rejected());
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

    public long transactions() {
        return detector.transactions();
    }

    public long alerts() {
        return detector.alerts();
    }

    public long rejected() {
        return consumer.rejected();
    }

    /** How often a full queue made the consumer thread wait. */
    public long fullQueueWaits() {
        return consumer.fullQueueWaits();
    }

    /** The periodic line on stderr: totals, the rate since the previous line, and where the work piles up. */
    private final class SummaryLine implements Runnable {
        private long previousTransactions;
        private long previousNanos = System.nanoTime();

        @Override
        public void run() {
            long transactions = detector.transactions();
            long now = System.nanoTime();
            double perSecond = (transactions - previousTransactions) / ((now - previousNanos) / 1e9);
            long lag = consumer.lag();
            LOG.info("processed {} transactions ({} tx/s), {} alerts, {} pairs, queue {}/{} (full {} times), lag {}, "
                    + "rejected {}", transactions, String.format("%.1f", perSecond), detector.alerts(), detector.pairs(),
                    queue.size(), queue.size() + queue.remainingCapacity(), consumer.fullQueueWaits(),
                    lag < 0 ? "unknown" : lag, consumer.rejected());
            previousTransactions = transactions;
            previousNanos = now;
        }
    }
}
