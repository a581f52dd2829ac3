package fintrans.detector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.Amounts;
import fintrans.common.Transaction;
import fintrans.common.alert.AlertRecord;
import fintrans.detector.rules.DetectionState;
import fintrans.detector.rules.RuleHit;
import fintrans.detector.rules.RuleSettings;

/**
 * Takes records from the queue, applies the rules of the record's group and raises alerts. The alert
 * records and the offsets of the processed records go out in one Kafka transaction, so they commit
 * together or not at all. A restarted detector therefore neither repeats nor misses an alert on the
 * topic. Alert lines reach stdout after their transaction
 * commits. A {@link TransactionCommitter} runs the commits on a thread of its own, one at a time, while this
 * thread goes on applying records. A transaction is handed over when the queue runs empty or it is older
 * than {@code commitInterval}, in both cases once the commit before it has finished, and at the queue's
 * capacity in records at the latest.
 *
 * <p>When a transaction cannot commit, it is aborted and the state is rebuilt from the committed offsets;
 * when the producer is fenced by another instance with the same instance id, the thread stops.
 */
final class DetectorThread implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorThread.class);
    /** Records taken from the queue at once, so the queue's lock is taken once per batch and not per record. */
    private static final int DRAIN_BATCH = 256;

    private final BlockingQueue<QueuedRecord> queue;
    private final RuleSettings settings;
    private final Producer<String, byte[]> producer;
    private final String alertsTopic;
    private final AlertPrinter printer;
    private final boolean devOutput;
    private final long commitIntervalNanos;
    /**
     * Records after which a transaction waits for the commit before it instead of gathering more. It is
     * the queue's capacity, so a slow commit holds back the consumer as a full queue does. An abort then
     * redoes at most this many records beyond the queue.
     */
    private final int maxRecordsPerTransaction;
    private final Map<Integer, DetectionState> states = new ConcurrentHashMap<>();
    private final List<QueuedRecord> drained = new ArrayList<>(DRAIN_BATCH);

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicBoolean rebuildRequested = new AtomicBoolean();
    private final AtomicBoolean singleTransferWarned = new AtomicBoolean();

    private final TransactionCommitter committer;
    private Supplier<ConsumerGroupMetadata> groupMetadata;
    private IntSupplier consumerEpoch;
    private IntUnaryOperator groupOfPartition;
    /** The alerts and offsets of the transaction this thread is gathering. */
    private TransactionCommitter.Batch batch = new TransactionCommitter.Batch();
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
        this.maxRecordsPerTransaction = Math.max(1, queue.size() + queue.remainingCapacity());
        this.committer = new TransactionCommitter(producer, () -> this.groupMetadata.get());
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
                if (queue.drainTo(drained, DRAIN_BATCH) == 0) {
                    handle(committer.poll());
                    if (!committer.inFlight()) {
                        commit();
                    }
                    boolean unsettled = committer.inFlight() || batch.isOpen();
                    if (!unsettled) {
                        settled.accumulateAndGet(processed.get(), Math::max);
                    }
                    // While a commit is in flight, look again soon, so that its outcome is taken up quickly.
                    QueuedRecord record = queue.poll(unsettled ? 2 : 100, TimeUnit.MILLISECONDS);
                    if (record == null) {
                        if (inputFinished && queue.isEmpty() && !unsettled) {
                            return;
                        }
                        continue;
                    }
                    drained.add(record);
                }
                handle(committer.poll());
                for (QueuedRecord record : drained) {
                    process(record);
                    processed.incrementAndGet();
                    commitWhenDue();
                }
                drained.clear();
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
            closeProducer();
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
        return committer.transactions();
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
            batch.addOffset(record.partition(), record.offset() + 1, state.watermark());
        }
    }

    private void raise(RuleHit hit, QueuedRecord record, Transaction transaction) {
        Instant windowStart = hit.windowStartMillis() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(hit.windowStartMillis());
        AlertRecord alert = new AlertRecord(hit.rule(), hit.source(), hit.target(), hit.totalCents(), hit.count(),
                hit.limitCents(), windowStart, Instant.ofEpochMilli(record.timestamp()), Instant.now(),
                new AlertRecord.Trigger(record.partition().topic(), record.partition().partition(), record.offset(),
                        Instant.ofEpochMilli(record.timestamp())));
        batch.addAlert(alert, TransactionCommitter.alertRecord(alertsTopic, alert, record.timestamp()));
        if (hit.rule() == AlertRecord.Rule.PAIR_TOTAL && hit.count() == 1 && singleTransferWarned.compareAndSet(false, true)) {
            LOG.warn("A single transfer of {} from {} to {} exceeds the alert threshold {}: with this threshold the pair "
                    + "rule also flags single transfers", Amounts.formatDollars(transaction.amountCents()),
                    transaction.source(), transaction.target(), Amounts.formatDollars(settings.thresholdCents()));
        }
    }

    /**
     * Commits the open transaction once it is older than the commit interval, unless the commit before it
     * is still in flight: then the records keep gathering, and only a transaction of
     * {@link #maxRecordsPerTransaction} records waits for that commit.
     */
    private void commitWhenDue() throws InterruptedException {
        if (!batch.isOpen()) {
            return;
        }
        boolean full = batch.records() >= maxRecordsPerTransaction;
        if (full || (System.nanoTime() - batch.startNanos() >= commitIntervalNanos && !committer.inFlight())) {
            commit();
        }
    }

    /**
     * Hands the open transaction to the committer, after waiting for the one before it, so at most one
     * commit is in flight while this thread gathers the next.
     */
    private void commit() throws InterruptedException {
        if (!batch.isOpen()) {
            return;
        }
        TransactionCommitter.Finished previous = committer.await();
        handle(previous);
        if (previous != null && previous.outcome() == TransactionCommitter.Outcome.ABORTED) {
            return;
        }
        committer.submit(batch, processed.get());
        batch = new TransactionCommitter.Batch();
    }

    /**
     * Takes up a finished commit, if any. After a commit it prints the alert lines and counts the queue
     * entries before the transaction as settled. After an abort it drops the state and every record not yet
     * committed, including the transaction gathered meanwhile, and requests a rebuild from the consumer thread.
     */
    private void handle(TransactionCommitter.Finished finished) {
        if (finished == null) {
            return;
        }
        if (finished.outcome() == TransactionCommitter.Outcome.COMMITTED) {
            for (AlertRecord alert : finished.batch().alerts()) {
                printer.print(alert);
            }
            printer.flush();
            alerts.addAndGet(finished.batch().alerts().size());
            settled.accumulateAndGet(finished.processedAtSeal(), Math::max);
            return;
        }
        aborted.incrementAndGet();
        batch = new TransactionCommitter.Batch();
        states.clear();
        discarding = true;
        discardBelowEpoch = consumerEpoch.getAsInt() + 1;
        rebuildRequested.set(true);
    }

    /** Waits for the commit in flight, stops the commit thread and closes the producer. */
    private void closeProducer() {
        try {
            handle(committer.await());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("The last commit failed while stopping: {}", e.toString());
        }
        try {
            committer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
