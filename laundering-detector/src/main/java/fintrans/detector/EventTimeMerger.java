package fintrans.detector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import fintrans.common.City;

/**
 * Puts the records of one partition number of all city topics into event-time order before the rules
 * see them. A pair's transfers in London and in NYC sit in two partitions, and Kafka only orders each
 * partition. Without this merge, fetch timing would decide the order between them, and so which
 * transfer raises an alert and with what total. A restarted or scaled-out detector could then decide
 * differently from an uninterrupted one.
 *
 * <p>A record is released when every assigned partition of its group has a buffered record or has
 * nothing more to read now (caught up), and it is the earliest by (timestamp, city, offset). So a merge
 * over records already in the topics gives the same order every time. Live records that arrive later
 * with an earlier timestamp are released late, in arrival order. A group waits as long as an empty
 * partition is known to be behind, because its records are on their way. Only when the partitions it
 * waits for have an unknown lag, for example because their leader is unavailable, for both
 * {@code maxWaitNanos} and {@code maxWaitRounds} calls of {@link #release}, is its earliest record
 * released anyway, possibly out of order.
 *
 * <p>Not thread-safe: the consumer thread owns it.
 */
final class EventTimeMerger {
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<String, byte[]>>> buffers = new HashMap<>();
    private final Map<Integer, List<TopicPartition>> groups = new HashMap<>();
    /** Since when each group has been blocked with buffered records, in nanoseconds; absent when not blocked. */
    private final Map<Integer, Long> blockedSince = new HashMap<>();
    /** How many {@link #release} calls each blocked group has waited through. */
    private final Map<Integer, Integer> blockedRounds = new HashMap<>();
    private final IntUnaryOperator groupOfPartition;
    private final LongSupplier nanoClock;
    private final long maxWaitNanos;
    private final int maxWaitRounds;
    private int buffered;

    /**
     * @param groupOfPartition maps a partition number to its group: the number itself when the city topics
     *     are co-partitioned, else one group for all
     */
    EventTimeMerger(IntUnaryOperator groupOfPartition, LongSupplier nanoClock, long maxWaitNanos, int maxWaitRounds) {
        this.groupOfPartition = groupOfPartition;
        this.nanoClock = nanoClock;
        this.maxWaitNanos = maxWaitNanos;
        this.maxWaitRounds = maxWaitRounds;
    }

    /** Sets the partitions to merge, after a rebalance; buffered records of other partitions are dropped. */
    void assign(Collection<TopicPartition> partitions) {
        buffers.keySet().retainAll(partitions);
        groups.clear();
        blockedSince.clear();
        blockedRounds.clear();
        for (TopicPartition partition : partitions) {
            buffers.computeIfAbsent(partition, p -> new ArrayDeque<>());
            groups.computeIfAbsent(groupOf(partition), g -> new ArrayList<>()).add(partition);
        }
        buffered = buffers.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Drops the buffered records of {@code partitions}, which are read again from the committed offsets. */
    void remove(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            ArrayDeque<ConsumerRecord<String, byte[]>> buffer = buffers.remove(partition);
            if (buffer != null) {
                buffered -= buffer.size();
            }
        }
    }

    /** Drops every buffered record, for example before seeking back to rebuild the state. */
    void clear() {
        buffers.values().forEach(ArrayDeque::clear);
        blockedSince.clear();
        blockedRounds.clear();
        buffered = 0;
    }

    void add(ConsumerRecord<String, byte[]> record) {
        ArrayDeque<ConsumerRecord<String, byte[]>> buffer =
                buffers.get(new TopicPartition(record.topic(), record.partition()));
        if (buffer != null) {
            buffer.add(record);
            buffered++;
        }
    }

    /** How far a partition's consumer position is from its end. */
    enum Progress {
        /** Nothing more to read at the moment. */
        CAUGHT_UP,
        /** Records remain to be read. */
        BEHIND,
        /** The consumer has not learned the partition's end yet. */
        UNKNOWN
    }

    /**
     * Passes every record that can be released now to {@code out}, in event-time order per group, until
     * {@code out} declines one.
     *
     * @param progress how far each partition is from its end
     * @param out takes a record and returns true, or returns false when it cannot take more now; a declined
     *     record stays buffered
     * @return false when {@code out} declined a record
     */
    boolean release(Function<TopicPartition, Progress> progress, Predicate<ConsumerRecord<String, byte[]>> out) {
        for (Map.Entry<Integer, List<TopicPartition>> group : groups.entrySet()) {
            if (blockedSince.containsKey(group.getKey())) {
                blockedRounds.merge(group.getKey(), 1, Integer::sum);
            }
            if (!releaseGroup(group.getKey(), group.getValue(), progress, out)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the groups with no buffered record whose partitions are all caught up, each with one of its
     * partitions.
     */
    Map<Integer, TopicPartition> idleGroups(Function<TopicPartition, Progress> progress) {
        Map<Integer, TopicPartition> idle = new HashMap<>();
        for (Map.Entry<Integer, List<TopicPartition>> group : groups.entrySet()) {
            boolean caughtUp = true;
            for (TopicPartition partition : group.getValue()) {
                ArrayDeque<ConsumerRecord<String, byte[]>> buffer = buffers.get(partition);
                if (buffer == null || !buffer.isEmpty() || progress.apply(partition) != Progress.CAUGHT_UP) {
                    caughtUp = false;
                    break;
                }
            }
            if (caughtUp && !group.getValue().isEmpty()) {
                idle.put(group.getKey(), group.getValue().get(0));
            }
        }
        return idle;
    }

    /** Records buffered for {@code partition}. */
    int buffered(TopicPartition partition) {
        ArrayDeque<ConsumerRecord<String, byte[]>> buffer = buffers.get(partition);
        return buffer == null ? 0 : buffer.size();
    }

    /** Records buffered over all partitions. */
    int buffered() {
        return buffered;
    }

    int groupOf(TopicPartition partition) {
        return groupOfPartition.applyAsInt(partition.partition());
    }

    private boolean releaseGroup(int group, List<TopicPartition> partitions, Function<TopicPartition, Progress> progress,
            Predicate<ConsumerRecord<String, byte[]>> out) {
        while (true) {
            TopicPartition earliest = null;
            boolean complete = true;
            boolean waitingForKnownRecords = false;
            for (TopicPartition partition : partitions) {
                ArrayDeque<ConsumerRecord<String, byte[]>> buffer = buffers.get(partition);
                if (buffer == null) {
                    continue;
                }
                if (buffer.isEmpty()) {
                    Progress partitionProgress = progress.apply(partition);
                    if (partitionProgress != Progress.CAUGHT_UP) {
                        complete = false;
                        waitingForKnownRecords |= partitionProgress == Progress.BEHIND;
                    }
                } else if (earliest == null || isBefore(buffer.peekFirst(), buffers.get(earliest).peekFirst())) {
                    earliest = partition;
                }
            }
            if (earliest == null) {
                blockedSince.remove(group);
                blockedRounds.remove(group);
                return true;
            }
            if (!complete) {
                if (waitingForKnownRecords) {
                    blockedSince.remove(group);
                    blockedRounds.remove(group);
                    return true;
                }
                long now = nanoClock.getAsLong();
                long since = blockedSince.computeIfAbsent(group, g -> now);
                if (now - since < maxWaitNanos || blockedRounds.getOrDefault(group, 0) < maxWaitRounds) {
                    return true;
                }
            }
            if (!out.test(buffers.get(earliest).peekFirst())) {
                return false;
            }
            buffers.get(earliest).pollFirst();
            buffered--;
        }
    }

    private static boolean isBefore(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() < b.timestamp();
        }
        int cityA = cityIndex(a.topic());
        int cityB = cityIndex(b.topic());
        if (cityA != cityB) {
            return cityA < cityB;
        }
        return a.offset() < b.offset();
    }

    private static int cityIndex(String topic) {
        return City.fromTopic(topic).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
    }
}
