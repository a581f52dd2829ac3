package fintrans.detector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;

/**
 * Runs the detector's Kafka transactions on a thread of its own, one at a time: begin, send the alert
 * records, add the consumed offsets, commit. A commit takes a few round trips to the transaction
 * coordinator, and meanwhile the detector thread goes on applying records into the next {@link Batch}.
 * When a transaction fails it is aborted here. The detector thread takes up each {@link Finished}
 * transaction: it prints the alert lines of a committed one and rebuilds the state after an aborted one.
 *
 * <p>Only the detector thread calls the methods of this class.
 */
final class TransactionCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionCommitter.class);

    enum Outcome { COMMITTED, ABORTED }

    /**
     * A transaction whose commit has finished.
     *
     * @param processedAtSeal the queue entries the detector thread had taken when it handed the batch over
     */
    record Finished(Outcome outcome, Batch batch, long processedAtSeal) {
    }

    /** The alerts and offsets of one transaction, gathered by the detector thread before it is handed over. */
    static final class Batch {
        private final List<AlertRecord> alerts = new ArrayList<>();
        private final List<ProducerRecord<String, byte[]>> alertRecords = new ArrayList<>();
        private final Map<TopicPartition, PendingOffset> offsets = new HashMap<>();
        private int records;
        private long startNanos;

        boolean isOpen() {
            return records > 0 || !alerts.isEmpty();
        }

        int records() {
            return records;
        }

        long startNanos() {
            return startNanos;
        }

        List<AlertRecord> alerts() {
            return alerts;
        }

        void addAlert(AlertRecord alert, ProducerRecord<String, byte[]> record) {
            open();
            alerts.add(alert);
            alertRecords.add(record);
        }

        /** Counts a processed record whose next offset and group watermark are to be committed. */
        void addOffset(TopicPartition partition, long nextOffset, long watermark) {
            open();
            PendingOffset pending = offsets.computeIfAbsent(partition, key -> new PendingOffset());
            pending.nextOffset = nextOffset;
            pending.watermark = watermark;
            records++;
        }

        private void open() {
            if (!isOpen()) {
                startNanos = System.nanoTime();
            }
        }

        private Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
            Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
            for (Map.Entry<TopicPartition, PendingOffset> entry : offsets.entrySet()) {
                PendingOffset pending = entry.getValue();
                result.put(entry.getKey(), new OffsetAndMetadata(pending.nextOffset, CommitMetadata.of(pending.watermark)));
            }
            return result;
        }
    }

    /** The offset after the last processed record of a partition, and its group's watermark at that record. */
    private static final class PendingOffset {
        long nextOffset;
        long watermark;
    }

    private final Producer<String, byte[]> producer;
    private final Supplier<ConsumerGroupMetadata> groupMetadata;
    private final AtomicLong transactions = new AtomicLong();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "detector-commit"));
    private Future<Finished> inFlight;

    TransactionCommitter(Producer<String, byte[]> producer, Supplier<ConsumerGroupMetadata> groupMetadata) {
        this.producer = producer;
        this.groupMetadata = groupMetadata;
    }

    /** Transactions committed so far. */
    long transactions() {
        return transactions.get();
    }

    boolean inFlight() {
        return inFlight != null;
    }

    /**
     * Starts committing {@code batch}. The caller first takes up the commit before it with {@link #await()}.
     *
     * @param processedAtSeal the queue entries the caller has taken so far, returned with the outcome
     */
    void submit(Batch batch, long processedAtSeal) {
        if (inFlight != null) {
            throw new IllegalStateException("a commit is still in flight");
        }
        inFlight = executor.submit(() -> commit(batch, processedAtSeal));
    }

    /** Returns the commit in flight once it has finished, else null, without waiting. */
    Finished poll() throws InterruptedException {
        return inFlight != null && inFlight.isDone() ? await() : null;
    }

    /**
     * Waits for the commit in flight and returns it, or null when there is none. A failure that aborting
     * cannot handle, such as a fenced producer, is thrown again here.
     */
    Finished await() throws InterruptedException {
        if (inFlight == null) {
            return null;
        }
        try {
            return inFlight.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Committing a transaction failed", e.getCause());
        } finally {
            inFlight = null;
        }
    }

    /** Stops the commit thread after the commit in flight, if any. */
    void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("The commit thread did not finish within 30 s");
        }
    }

    private Finished commit(Batch batch, long processedAtSeal) {
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : batch.alertRecords) {
                producer.send(record);
            }
            if (!batch.offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(batch.offsetsToCommit(), groupMetadata.get());
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                | UnsupportedVersionException | InvalidProducerEpochException e) {
            throw e;
        } catch (KafkaException e) {
            abort(e);
            return new Finished(Outcome.ABORTED, batch, processedAtSeal);
        }
        transactions.incrementAndGet();
        return new Finished(Outcome.COMMITTED, batch, processedAtSeal);
    }

    private void abort(KafkaException cause) {
        LOG.warn("Transaction failed and is aborted; the state is rebuilt from the committed offsets: {}", cause.toString());
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                | UnsupportedVersionException | InvalidProducerEpochException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Aborting the transaction failed too: {}", e.toString());
        }
    }

    /** Builds the alert's record for the alerts topic, keyed by the source account, at the trigger's time. */
    static ProducerRecord<String, byte[]> alertRecord(String topic, AlertRecord alert, long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, alert.source(), AlertJson.write(alert));
    }
}
