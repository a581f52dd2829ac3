package fintrans.detector;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.City;
import fintrans.common.InvalidTransactionException;
import fintrans.common.LogLimiter;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;
import fintrans.common.kafka.RejectedRecords;

/**
 * Polls the city topics, decodes each record and puts it on the bounded queue. A full queue blocks
 * this thread, which stops polling, so the detector thread sets the pace and no record is dropped. It
 * commits the offsets the detector thread reports as processed: asynchronously about once a second, and
 * synchronously on every revocation and at shutdown.
 */
final class ConsumerThread implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerThread.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final BlockingQueue<QueuedRecord> queue;
    private final ProcessedOffsets processedOffsets;
    private final DetectorThread detector;
    private final boolean devOutput;
    private final RejectedRecords rejected = new RejectedRecords(LOG);
    private final LogLimiter commitFailureLog = new LogLimiter(1, TimeUnit.MINUTES, 5);
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong fullQueueWaits = new AtomicLong();

    private volatile boolean running = true;
    private volatile long lag = -1;
    private volatile RuntimeException failure;
    private long lastCommitNanos = System.nanoTime();

    /**
     * @param detector the thread that takes from {@code queue}; a revocation waits until it has processed
     *     everything queued before committing
     * @param devOutput log every queued transaction, as the original did
     */
    ConsumerThread(Properties consumerProperties, BlockingQueue<QueuedRecord> queue, ProcessedOffsets processedOffsets,
            DetectorThread detector, boolean devOutput) {
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.queue = queue;
        this.processedOffsets = processedOffsets;
        this.detector = detector;
        this.devOutput = devOutput;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(City.topics(), new RebalanceListener());

            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (!enqueue(toQueued(record))) {
                        break;
                    }
                }
                lag = currentLag();
                commitIfDue();
            }
        } catch (WakeupException e) {
            // shutdown() interrupted a blocking call.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException | IllegalStateException e) {
            LOG.error("Consumer thread failed", e);
            failure = e;
        } finally {
            closeConsumer();
        }
    }

    /** Makes {@link #run()} stop polling, commit what was processed and close the consumer. */
    void shutdown() {
        running = false;
        consumer.wakeup();
    }

    long enqueued() {
        return enqueued.get();
    }

    long rejected() {
        return rejected.count();
    }

    /** How often the consumer thread found the queue full and had to wait for the detector thread. */
    long fullQueueWaits() {
        return fullQueueWaits.get();
    }

    /** Records behind the end of the assigned partitions, or -1 when unknown. */
    long lag() {
        return lag;
    }

    /** The exception that ended the thread, or null. */
    RuntimeException failure() {
        return failure;
    }

    private QueuedRecord toQueued(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            City city = City.fromTopic(record.topic()).orElseThrow(
                    () -> new InvalidTransactionException("topic " + record.topic() + " is not a city topic"));
            Transaction transaction = TransactionCodec.decode(city, record.value());
            if (devOutput) {
                LOG.info("Queued {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), transaction.value());
            }
            return new QueuedRecord(partition, record.offset(), transaction);
        } catch (InvalidTransactionException e) {
            rejected.reject(record.topic(), record.partition(), record.offset(), e.getMessage());
            return new QueuedRecord(partition, record.offset(), null);
        }
    }

    /** Puts a record on the queue, waiting while it is full; returns false when shut down meanwhile. */
    private boolean enqueue(QueuedRecord record) throws InterruptedException {
        if (!queue.offer(record)) {
            fullQueueWaits.incrementAndGet();
            while (!queue.offer(record, 100, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return false;
                }
            }
        }
        enqueued.incrementAndGet();
        return true;
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (now - lastCommitNanos < COMMIT_INTERVAL_NANOS) {
            return;
        }
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = processedOffsets.toCommit(consumer.assignment());
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, e) -> {
            if (e != null && commitFailureLog.tryAcquire() >= 0) {
                // A later commit carries the same or newer offsets, so a failed one is only logged.
                LOG.warn("Committing offsets failed: {}", e.toString());
            }
        });
    }

    /**
     * Waits until the detector thread has processed everything queued so far, then commits the processed
     * offsets of {@code partitions}. Commits nothing when the detector thread has failed.
     */
    private void commitProcessed(Collection<TopicPartition> partitions) {
        long target = enqueued.get();
        while (detector.processed() < target) {
            if (detector.failure() != null) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = processedOffsets.toCommit(Set.copyOf(partitions));
        if (offsets.isEmpty()) {
            return;
        }
        try {
            commitSync(offsets);
        } catch (KafkaException e) {
            LOG.warn("Committing offsets of {} failed; their records will be read again: {}", partitions, e.toString());
        }
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // shutdown() woke a call that had already returned; the wakeup is consumed, so try once more.
            consumer.commitSync(offsets);
        }
    }

    private long currentLag() {
        long total = 0;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong partitionLag = consumer.currentLag(partition);
            if (partitionLag.isEmpty()) {
                return -1;
            }
            total += partitionLag.getAsLong();
        }
        return total;
    }

    private void closeConsumer() {
        try {
            if (failure == null) {
                commitProcessed(consumer.assignment());
            }
        } finally {
            detector.finishInput();
            consumer.close(Duration.ofSeconds(10));
            LOG.info("Consumer closed after {} records, {} rejected", enqueued.get(), rejected.count());
        }
    }

    private final class RebalanceListener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("Assigned {}", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            commitProcessed(partitions);
            processedOffsets.forget(partitions);
            LOG.info("Revoked {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already, so nothing is committed.
            processedOffsets.forget(partitions);
            LOG.warn("Lost {}; their uncommitted records will be read again by their new owner", partitions);
        }
    }
}
