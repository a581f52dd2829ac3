package fintrans.detector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
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

import fintrans.common.Amounts;
import fintrans.common.Transaction;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.detector.rules.DetectionState;
import fintrans.detector.rules.RuleHit;
import fintrans.detector.rules.RuleSettings;

/**
 * Takes records from the queue, applies the rules of the record's group and raises alerts. The alert
 * records and the offsets of the processed records go out in one Kafka transaction, so they commit
 * together or not at all. A restarted detector therefore neither repeats nor misses an alert on the
 * topic. Alert lines reach stdout after their transaction
 * commits. A transaction commits when the queue runs empty, or every {@value #MAX_RECORDS_PER_TRANSACTION}
 * records or {@code commitInterval}.
 *
 * <p>When a transaction cannot commit, it is aborted and the state is rebuilt from the committed offsets;
 * when the producer is fenced by another instance with the same instance id, the thread stops.
 */
final class DetectorThread implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorThread.class);
    private static final int MAX_RECORDS_PER_TRANSACTION = 5000;

    private final BlockingQueue<QueuedRecord> queue;
    private final RuleSettings settings;
    private final Producer<String, byte[]> producer;
    private final String alertsTopic;
    private final AlertPrinter printer;
    private final boolean devOutput;
    private final long commitIntervalNanos;
    private final Map<Integer, DetectionState> states = new ConcurrentHashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new HashMap<>();
    private final List<AlertRecord> pendingAlerts = new ArrayList<>();

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicBoolean rebuildRequested = new AtomicBoolean();
    private final AtomicBoolean singleTransferWarned = new AtomicBoolean();

    private Supplier<ConsumerGroupMetadata> groupMetadata;
    private IntSupplier consumerEpoch;
    private IntUnaryOperator groupOfPartition;
    private boolean inTransaction;
    private int recordsInTransaction;
    private long transactionStartNanos;
    /** True after an aborted transaction until records of the next rebuild epoch arrive. */
    private boolean discarding;
    private int discardBelowEpoch;
    private volatile boolean inputFinished;
    private volatile RuntimeException failure;

    /**
     * @param producer a transactional producer; this thread initializes, uses and closes it
     * @param devOutput log every dequeued transaction and its running total, as the original did
     */
    DetectorThread(BlockingQueue<QueuedRecord> queue, RuleSettings settings, Producer<String, byte[]> producer,
            String alertsTopic, AlertPrinter printer, boolean devOutput, Duration commitInterval) {
        this.queue = queue;
        this.settings = settings;
        this.producer = producer;
        this.alertsTopic = alertsTopic;
        this.printer = printer;
        this.devOutput = devOutput;
        this.commitIntervalNanos = commitInterval.toNanos();
    }

    /**
     * Connects this thread to the consumer thread, before {@link #run()}.
     *
     * @param groupOfPartition maps a partition number to its state group, as the consumer's merge does
     */
    void connect(Supplier<ConsumerGroupMetadata> groupMetadata, IntSupplier consumerEpoch,
            IntUnaryOperator groupOfPartition) {
        this.groupMetadata = groupMetadata;
        this.consumerEpoch = consumerEpoch;
        this.groupOfPartition = groupOfPartition;
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            while (true) {
                QueuedRecord record = queue.poll();
                if (record == null) {
                    commit();
                    settled.set(processed.get());
                    record = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (record == null) {
                        if (inputFinished && queue.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                }
                process(record);
                processed.incrementAndGet();
                if (inTransaction && (recordsInTransaction >= MAX_RECORDS_PER_TRANSACTION
                        || System.nanoTime() - transactionStartNanos >= commitIntervalNanos)) {
                    commit();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Detector thread interrupted; records not yet committed will be read again");
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                | UnsupportedVersionException | InvalidProducerEpochException e) {
            LOG.error("Stopping: the alerts producer cannot go on ({}). Another detector with the same --instance-id "
                    + "fences this one, or the broker rejects transactions.", e.toString());
            failure = e;
        } catch (RuntimeException e) {
            LOG.error("Detector thread failed; records not yet committed will be read again", e);
            failure = e;
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Queue entries taken so far: records and watermark entries. */
    long processed() {
        return processed.get();
    }

    /** Records taken from the queue so far, replayed ones included. */
    long records() {
        return records.get();
    }

    /** Records taken from the queue whose outcome is committed, or that needed no commit. */
    long settled() {
        return settled.get();
    }

    long transactions() {
        return transactions.get();
    }

    long alerts() {
        return alerts.get();
    }

    long abortedTransactions() {
        return aborted.get();
    }

    /** The exception that ended the thread, or null. */
    RuntimeException failure() {
        return failure;
    }

    /** Returns true once after an aborted transaction: the consumer thread must then rebuild the state. */
    boolean takeRebuildRequest() {
        return rebuildRequested.getAndSet(false);
    }

    /**
     * Keeps the state of {@code groups} and drops the rest; returns the groups whose state was kept. The
     * consumer thread calls it during a rebalance, while this thread is idle.
     */
    Set<Integer> retainGroups(Set<Integer> groups) {
        states.keySet().retainAll(groups);
        return new HashSet<>(states.keySet());
    }

    /** Drops the state of {@code groups}; called while this thread is idle. */
    void dropGroups(Set<Integer> groups) {
        states.keySet().removeAll(groups);
    }

    /** Pairs with transfers in the window, over all groups; an estimate read from another thread. */
    long pairs() {
        return states.values().stream().mapToLong(DetectionState::pairs).sum();
    }

    /** Transfers held for the rules over all groups; an estimate read from another thread. */
    long transfersHeld() {
        return states.values().stream().mapToLong(DetectionState::transfersHeld).sum();
    }

    long lateRecords() {
        return states.values().stream().mapToLong(DetectionState::lateRecords).sum();
    }

    /** Tells the thread to stop once the queue is empty; the consumer thread calls it after its last record. */
    void finishInput() {
        inputFinished = true;
    }

    private void process(QueuedRecord record) {
        if (discarding) {
            if (record.epoch() < discardBelowEpoch) {
                return;
            }
            discarding = false;
        }
        int group = groupOfPartition.applyAsInt(record.partition().partition());
        if (record.isWatermark()) {
            DetectionState idle = states.get(group);
            if (idle != null) {
                idle.advanceTo(record.timestamp());
            }
            return;
        }
        records.incrementAndGet();
        DetectionState state = states.computeIfAbsent(group, g -> new DetectionState(settings));
        Transaction transaction = record.transaction();
        if (transaction != null) {
            List<RuleHit> hits = state.apply(transaction, record.timestamp());
            if (devOutput && !record.replay()) {
                LOG.info("Dequeued {}-{}@{}: {}", record.partition().topic(), record.partition().partition(),
                        record.offset(), transaction.value());
                LOG.info("{} -> {} totalling {} now", transaction.source(), transaction.target(),
                        Amounts.formatDollars(state.pairTotalCents(transaction.source(), transaction.target())));
                LOG.info("Current queue length: {}", queue.size());
            }
            if (!record.replay()) {
                for (RuleHit hit : hits) {
                    raise(hit, record, transaction);
                }
            }
        }
        if (!record.replay()) {
            beginIfNeeded();
            pendingOffsets.put(record.partition(),
                    new OffsetAndMetadata(record.offset() + 1, CommitMetadata.of(state.watermark())));
            recordsInTransaction++;
        }
    }

    private void raise(RuleHit hit, QueuedRecord record, Transaction transaction) {
        Instant windowStart = hit.windowStartMillis() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(hit.windowStartMillis());
        AlertRecord alert = new AlertRecord(hit.rule(), hit.source(), hit.target(), hit.totalCents(), hit.count(),
                hit.limitCents(), windowStart, Instant.ofEpochMilli(record.timestamp()), Instant.now(),
                new AlertRecord.Trigger(record.partition().topic(), record.partition().partition(), record.offset(),
                        Instant.ofEpochMilli(record.timestamp())));
        beginIfNeeded();
        producer.send(new ProducerRecord<>(alertsTopic, null, record.timestamp(), alert.source(), AlertJson.write(alert)));
        pendingAlerts.add(alert);
        if (hit.rule() == AlertRecord.Rule.PAIR_TOTAL && hit.count() == 1 && singleTransferWarned.compareAndSet(false, true)) {
            LOG.warn("A single transfer of {} from {} to {} exceeds the alert threshold {}: with this threshold the pair "
                    + "rule also flags single transfers", Amounts.formatDollars(transaction.amountCents()),
                    transaction.source(), transaction.target(), Amounts.formatDollars(settings.thresholdCents()));
        }
    }

    private void beginIfNeeded() {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
            recordsInTransaction = 0;
            transactionStartNanos = System.nanoTime();
        }
    }

    /** Commits the open transaction with the pending offsets, then prints its alerts; aborts it when that fails. */
    private void commit() {
        if (!inTransaction) {
            return;
        }
        try {
            if (!pendingOffsets.isEmpty()) {
                producer.sendOffsetsToTransaction(new HashMap<>(pendingOffsets), groupMetadata.get());
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                | UnsupportedVersionException | InvalidProducerEpochException e) {
            throw e;
        } catch (KafkaException e) {
            abort(e);
            return;
        } finally {
            inTransaction = false;
        }
        transactions.incrementAndGet();
        for (AlertRecord alert : pendingAlerts) {
            printer.print(alert);
        }
        printer.flush();
        alerts.addAndGet(pendingAlerts.size());
        pendingAlerts.clear();
        pendingOffsets.clear();
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
        aborted.incrementAndGet();
        pendingAlerts.clear();
        pendingOffsets.clear();
        states.clear();
        discarding = true;
        discardBelowEpoch = consumerEpoch.getAsInt() + 1;
        rebuildRequested.set(true);
    }
}
