package fintrans.detector;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.Amounts;
import fintrans.common.Transaction;

/**
 * Takes records from the queue, applies the rule and prints alerts. After each run of records, and at
 * least every {@value #MAX_RUN} records, it flushes the alert lines and then publishes the processed
 * offsets, so the consumer thread only ever commits records whose alerts are out.
 */
final class DetectorThread implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorThread.class);
    private static final int MAX_RUN = 1000;

    private final BlockingQueue<QueuedRecord> queue;
    private final LaunderingRule rule;
    private final AlertPrinter printer;
    private final ProcessedOffsets processedOffsets;
    private final boolean devOutput;

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final Map<TopicPartition, Long> runOffsets = new HashMap<>();
    private int processedInRun;
    private volatile boolean inputFinished;
    private volatile RuntimeException failure;
    private volatile int pairs;

    /** @param devOutput log every dequeued transaction and its running total, as the original did */
    DetectorThread(BlockingQueue<QueuedRecord> queue, LaunderingRule rule, AlertPrinter printer,
            ProcessedOffsets processedOffsets, boolean devOutput) {
        this.queue = queue;
        this.rule = rule;
        this.printer = printer;
        this.processedOffsets = processedOffsets;
        this.devOutput = devOutput;
    }

    @Override
    public void run() {
        try {
            while (true) {
                QueuedRecord record = queue.poll();
                if (record == null) {
                    endRun();
                    record = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (record == null) {
                        if (inputFinished && queue.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                }
                process(record);
                if (processedInRun >= MAX_RUN) {
                    endRun();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Detector thread interrupted; records not yet reported as processed will be read again");
        } catch (RuntimeException e) {
            LOG.error("Detector thread failed; records not yet reported as processed will be read again", e);
            failure = e;
        }
    }

    /** The exception that ended the thread, or null. */
    RuntimeException failure() {
        return failure;
    }

    /** Records taken from the queue and reported as processed. */
    long processed() {
        return processed.get();
    }

    long transactions() {
        return transactions.get();
    }

    long alerts() {
        return alerts.get();
    }

    /** Pairs with a running total, as of the last completed run. */
    int pairs() {
        return pairs;
    }

    /** Tells the thread to stop once the queue is empty; the consumer thread calls it after its last record. */
    void finishInput() {
        inputFinished = true;
    }

    private void process(QueuedRecord record) {
        Transaction transaction = record.transaction();
        if (transaction != null) {
            if (devOutput) {
                LOG.info("Dequeued {}-{}@{}: {}", record.partition().topic(), record.partition().partition(),
                        record.offset(), transaction.value());
            }
            Alert alert = rule.apply(transaction);
            if (devOutput) {
                LOG.info("{} -> {} totalling {} now", transaction.source(), transaction.target(),
                        Amounts.formatDollars(rule.totalCents(transaction.source(), transaction.target())));
                LOG.info("Current queue length: {}", queue.size());
            }
            if (alert != null) {
                printer.print(alert);
                alerts.incrementAndGet();
            }
            transactions.incrementAndGet();
        }
        runOffsets.put(record.partition(), record.offset() + 1);
        processedInRun++;
    }

    private void endRun() {
        if (processedInRun == 0) {
            return;
        }
        printer.flush();
        processedOffsets.publish(runOffsets);
        runOffsets.clear();
        processed.addAndGet(processedInRun);
        processedInRun = 0;
        pairs = rule.pairs();
    }
}
