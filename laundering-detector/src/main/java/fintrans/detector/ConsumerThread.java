package fintrans.detector;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.City;
import fintrans.common.InvalidTransactionException;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;
import fintrans.common.kafka.RejectedRecords;
import fintrans.detector.rules.RuleSettings;

/**
 * Polls the city topics, merges each group's partitions into event-time order, decodes each record and
 * puts it on the bounded queue. While the queue is full, records wait in the merge buffers, and a
 * partition whose buffer is full is paused, so the detector thread sets the pace, memory stays bounded
 * and no record is dropped. Polling goes on meanwhile, so the consumer keeps its group membership.
 *
 * <p>When it gets partitions whose group has no state yet, it rebuilds that state: it seeks back to the
 * first record of the window before the committed offset and marks the records up to the committed
 * offset as replay, which the detector thread applies without alerting. Offsets are committed by the
 * detector thread, inside its transactions; on a revocation this thread waits until everything queued is
 * committed.
 */
final class ConsumerThread implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerThread.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Buffered records of one partition above which it is paused, so memory stays bounded while the merge waits. */
    private static final int PAUSE_ABOVE = 2000;
    private static final int RESUME_BELOW = 500;
    /** Event time that must pass before an idle group's watermark is moved again. */
    private static final long IDLE_WATERMARK_STEP_MILLIS = 1000;
    /** Maximum wait for room in a full queue before polling again. */
    private static final long QUEUE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * Maximum wait, in time and in polls, of a group for a partition whose lag is unknown; after both its
     * earliest record goes on.
     */
    private static final long MAX_MERGE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_MERGE_WAIT_POLLS = 100;

    private final KafkaConsumer<String, byte[]> consumer;
    private final BlockingQueue<QueuedRecord> queue;
    private final DetectorThread detector;
    private final RuleSettings settings;
    private final boolean devOutput;
    private final EventTimeMerger merger;
    private final RejectedRecords rejected = new RejectedRecords(LOG);
    /** Entries put on the queue: records and the watermarks of idle groups. */
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong watermarksEnqueued = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong fullQueueWaits = new AtomicLong();
    /** Per partition being rebuilt, the committed offset: records before it are replay. */
    private final Map<TopicPartition, Long> replayEnds = new HashMap<>();
    private final Set<TopicPartition> pausedForMerge = new HashSet<>();
    /** Per group, the watermark last sent to it while it was idle. */
    private final Map<Integer, Long> idleWatermarks = new HashMap<>();
    /**
     * Free places of the queue at the last look, minus the records added since. Only this thread adds to
     * the queue, so there is at least this much room, and most records go on without reading the queue's
     * size under its lock.
     */
    private int knownRoom;
    /** The latest record timestamp queued, the event time of the whole instance. */
    private long latestTimestamp = Long.MIN_VALUE;

    private volatile boolean running = true;
    private volatile long lag = -1;
    private volatile RuntimeException failure;
    private volatile ConsumerGroupMetadata groupMetadata;
    private volatile int epoch;
    private boolean partitionsLost;

    /**
     * @param coPartitioned whether all city topics have the same partition count, so that partition N of
     *     every topic holds the same sources; when false, all partitions form one group
     * @param devOutput log every queued transaction, as the original did
     */
    ConsumerThread(Properties consumerProperties, BlockingQueue<QueuedRecord> queue, DetectorThread detector,
            RuleSettings settings, boolean coPartitioned, boolean devOutput) {
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.queue = queue;
        this.detector = detector;
        this.settings = settings;
        this.devOutput = devOutput;
        this.merger = new EventTimeMerger(coPartitioned ? partition -> partition : partition -> 0, System::nanoTime,
                MAX_MERGE_WAIT_NANOS, MAX_MERGE_WAIT_POLLS);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(City.topics(), new RebalanceListener());

            boolean queueFull = false;
            while (running) {
                if (detector.takeRebuildRequest() || partitionsLost) {
                    rebuildAll();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(queueFull ? Duration.ZERO : POLL_TIMEOUT)) {
                    merger.add(record);
                }
                groupMetadata = consumer.groupMetadata();
                pauseLargeBuffers();
                queueFull = !merger.release(this::progress, this::enqueue);
                if (!queueFull) {
                    advanceIdleGroups();
                }
                lag = currentLag();
                if (queueFull) {
                    fullQueueWaits.incrementAndGet();
                    awaitQueueRoom();
                }
            }
        } catch (WakeupException e) {
            // shutdown() interrupted a blocking call.
        } catch (KafkaException | IllegalStateException e) {
            LOG.error("Consumer thread failed", e);
            failure = e;
        } finally {
            closeConsumer();
        }
    }

    /** Makes {@link #run()} stop polling, wait until everything queued is committed, and close the consumer. */
    void shutdown() {
        running = false;
        consumer.wakeup();
    }

    /** The group metadata of the last poll, which the detector thread's transactions commit offsets for. */
    ConsumerGroupMetadata groupMetadata() {
        return groupMetadata;
    }

    /** The rebuild epoch; it grows each time the state is rebuilt after an aborted transaction. */
    int epoch() {
        return epoch;
    }

    long enqueued() {
        return enqueued.get();
    }

    /** Records read again to rebuild state after an assignment or an aborted transaction. */
    long replayed() {
        return replayed.get();
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
        latestTimestamp = Math.max(latestTimestamp, record.timestamp());
        boolean replay = isReplay(partition, record.offset());
        if (replay) {
            replayed.incrementAndGet();
        }
        try {
            City city = City.fromTopic(record.topic()).orElseThrow(
                    () -> new InvalidTransactionException("topic " + record.topic() + " is not a city topic"));
            if (record.timestamp() < 0) {
                throw new InvalidTransactionException("the record has no timestamp, which is the transfer's event time");
            }
            Transaction transaction = TransactionCodec.decode(city, record.value());
            if (devOutput && !replay) {
                LOG.info("Queued {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), transaction.value());
            }
            return new QueuedRecord(partition, record.offset(), record.timestamp(), transaction, replay, epoch);
        } catch (InvalidTransactionException e) {
            if (!replay) {
                rejected.reject(record.topic(), record.partition(), record.offset(), e.getMessage());
            }
            return new QueuedRecord(partition, record.offset(), record.timestamp(), null, replay, epoch);
        }
    }

    private boolean isReplay(TopicPartition partition, long offset) {
        Long end = replayEnds.get(partition);
        if (end == null) {
            return false;
        }
        if (offset + 1 >= end) {
            replayEnds.remove(partition);
        }
        return offset < end;
    }

    /**
     * Puts a record on the queue; returns false, and leaves it to the merge buffer, when the queue is full.
     */
    private boolean enqueue(ConsumerRecord<String, byte[]> record) {
        if (!reserveQueueRoom()) {
            return false;
        }
        queue.add(toQueued(record));
        enqueued.incrementAndGet();
        return true;
    }

    /**
     * Moves the watermark of each group that has nothing left to read to the latest event time of this
     * instance, so that its old transfers leave the window even while its partitions get no records. A
     * group with a backlog is left alone: its older records still count when they come.
     */
    private void advanceIdleGroups() {
        if (latestTimestamp == Long.MIN_VALUE) {
            return;
        }
        for (Map.Entry<Integer, TopicPartition> idle : merger.idleGroups(this::progress).entrySet()) {
            Long sent = idleWatermarks.get(idle.getKey());
            if ((sent == null || latestTimestamp - sent >= IDLE_WATERMARK_STEP_MILLIS) && reserveQueueRoom()) {
                queue.add(QueuedRecord.watermark(idle.getValue(), latestTimestamp, epoch));
                enqueued.incrementAndGet();
                watermarksEnqueued.incrementAndGet();
                idleWatermarks.put(idle.getKey(), latestTimestamp);
            }
        }
    }

    /** Takes one place of the queue for a record this thread adds next; returns false when the queue is full. */
    private boolean reserveQueueRoom() {
        if (knownRoom == 0) {
            knownRoom = queue.remainingCapacity();
            if (knownRoom == 0) {
                return false;
            }
        }
        knownRoom--;
        return true;
    }

    /** Waits until half the queue is free, at most {@link #QUEUE_WAIT_NANOS}, without losing the group. */
    private void awaitQueueRoom() {
        long deadline = System.nanoTime() + QUEUE_WAIT_NANOS;
        int half = (queue.size() + queue.remainingCapacity()) / 2;
        while (running && queue.remainingCapacity() < Math.max(1, half) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(200_000);
        }
    }

    private EventTimeMerger.Progress progress(TopicPartition partition) {
        OptionalLong partitionLag = consumer.currentLag(partition);
        if (partitionLag.isEmpty()) {
            return EventTimeMerger.Progress.UNKNOWN;
        }
        return partitionLag.getAsLong() == 0 ? EventTimeMerger.Progress.CAUGHT_UP : EventTimeMerger.Progress.BEHIND;
    }

    private void pauseLargeBuffers() {
        Set<TopicPartition> toPause = new HashSet<>();
        Set<TopicPartition> toResume = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            int buffered = merger.buffered(partition);
            if (buffered > PAUSE_ABOVE && pausedForMerge.add(partition)) {
                toPause.add(partition);
            } else if (buffered < RESUME_BELOW && pausedForMerge.remove(partition)) {
                toResume.add(partition);
            }
        }
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    /**
     * Waits until the detector thread has processed and committed everything queued so far. Returns
     * early when the detector thread has failed.
     */
    private void awaitSettled() {
        long target = enqueued.get();
        while (detector.settled() < target && detector.failure() == null) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Drops all state and buffered records and rebuilds every assigned group from its committed offsets. */
    private void rebuildAll() {
        awaitSettled();
        partitionsLost = false;
        epoch++;
        merger.clear();
        idleWatermarks.clear();
        replayEnds.clear();
        detector.retainGroups(Set.of());
        Set<TopicPartition> assignment = consumer.assignment();
        LOG.warn("Rebuilding the state of {} partitions from their committed offsets", assignment.size());
        seekForReplay(assignment);
    }

    /**
     * Seeks each partition back to the first record of the window before its committed offset, and marks
     * the records up to the committed offset as replay. The window's end is the watermark stored with the
     * committed offsets of the group.
     */
    private void seekForReplay(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, REQUEST_TIMEOUT);
        Map<Integer, Long> watermarks = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                long watermark = CommitMetadata.watermark(offset.metadata());
                watermarks.merge(merger.groupOf(partition), watermark, Math::min);
            }
        }

        Map<TopicPartition, Long> searches = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                continue;
            }
            replayEnds.put(partition, offset.offset());
            long watermark = watermarks.get(merger.groupOf(partition));
            if (settings.unbounded() || watermark == Long.MIN_VALUE) {
                searches.put(partition, 0L);
            } else {
                searches.put(partition, Math.max(0, watermark - settings.windowMillis()));
            }
        }
        if (searches.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(searches, REQUEST_TIMEOUT);
        for (Map.Entry<TopicPartition, Long> search : searches.entrySet()) {
            TopicPartition partition = search.getKey();
            long committedOffset = replayEnds.get(partition);
            OffsetAndTimestamp start = starts.get(partition);
            long from = start == null ? committedOffset : Math.min(start.offset(), committedOffset);
            consumer.seek(partition, from);
            if (from >= committedOffset) {
                replayEnds.remove(partition);
            }
        }
        // NOTE: Kafka 4.4's consumer stores the offsets that offsetsForTimes found as the partitions' high
        // watermarks, so their lag reads 0 until the next fetch and the merge would take them for caught up.
        // Asking for the end offsets stores the real high watermarks.
        consumer.endOffsets(searches.keySet(), REQUEST_TIMEOUT);
        LOG.info("Replaying {} partitions to rebuild the window state: {}", replayEnds.size(), replayEnds);
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
        return total + merger.buffered();
    }

    private void closeConsumer() {
        try {
            if (failure == null) {
                awaitSettled();
            }
        } finally {
            detector.finishInput();
            // A clean stop leaves the group, so that the partitions move to the other instances at once. Only
            // a crashed static member keeps them, until its session times out or it comes back.
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            LOG.info("Consumer closed after {} records ({} replayed) and {} idle-group watermarks, {} rejected",
                    enqueued.get() - watermarksEnqueued.get(), replayed.get(), watermarksEnqueued.get(),
                    rejected.count());
        }
    }

    private final class RebalanceListener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // The detector thread commits everything queued before the partitions go. Their state is kept
            // until the new assignment shows whether they come back, unless it was still being rebuilt:
            // the rest of that replay lies before the committed offset, where the next owner starts.
            awaitSettled();
            Set<Integer> incomplete = partitions.stream()
                    .filter(replayEnds::containsKey)
                    .map(merger::groupOf)
                    .collect(Collectors.toSet());
            detector.dropGroups(incomplete);
            partitions.forEach(replayEnds::remove);
            merger.remove(partitions);
            pausedForMerge.removeAll(partitions);
            LOG.info("Revoked {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<TopicPartition> assignment = consumer.assignment();
            merger.assign(assignment);
            idleWatermarks.clear();
            Set<Integer> groups = assignment.stream().map(merger::groupOf).collect(Collectors.toSet());
            Set<Integer> kept = detector.retainGroups(groups);
            Set<TopicPartition> toRebuild = assignment.stream()
                    .filter(partition -> !kept.contains(merger.groupOf(partition)))
                    .filter(partition -> !replayEnds.containsKey(partition))
                    .collect(Collectors.toSet());
            if (!partitions.isEmpty()) {
                LOG.info("Assigned {}; state kept for groups {}", partitions, kept);
            }
            seekForReplay(toRebuild);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: nothing is committed, and the state is rebuilt.
            partitions.forEach(replayEnds::remove);
            pausedForMerge.removeAll(partitions);
            partitionsLost = true;
            LOG.warn("Lost {}; their uncommitted records will be read again by their new owner", partitions);
        }
    }
}
