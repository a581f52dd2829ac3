package fintrans.ingest;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;

import fintrans.common.LogLimiter;

/**
 * Warns when records can get the same point time, so that one point replaces another (see
 * {@link TransactionPoints}): when an assigned partition number is 1000 or more, and when a partition
 * shows {@value TransactionPoints#DISTINCT_PER_MILLISECOND} or more consecutive records with the same
 * millisecond timestamp. Warnings are rate-limited. State is kept per assigned partition and removed
 * when the partition is revoked. Not thread-safe; the consumer thread calls it.
 *
 * <p>NOTE: only consecutive records with one timestamp are counted. Records of one millisecond that are
 * interleaved with other timestamps in a partition, which happens only when producers set timestamps
 * out of order, can still collide without a warning.
 */
final class CollisionWatch {
    private final Logger log;
    private final LogLimiter limiter = new LogLimiter(60, TimeUnit.SECONDS, 5);
    private final Map<TopicPartition, SameMillisecondRun> runs = new HashMap<>();

    CollisionWatch(Logger log) {
        this.log = log;
    }

    /** Checks newly assigned partitions for numbers that share point times with others. */
    void onAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            if (partition.partition() >= TransactionPoints.DISTINCT_PER_MILLISECOND) {
                warn("Partition {} has a number of 1000 or more, so its points can get the same times as those of "
                        + "partition {} and replace them in InfluxDB when their timestamps and offsets match",
                        partition, partition.partition() % TransactionPoints.DISTINCT_PER_MILLISECOND);
            }
        }
    }

    void onRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(runs::remove);
    }

    /** Counts a record that became a point, and warns when its partition reaches 1000 records in one millisecond. */
    void onRecord(TopicPartition partition, long timestampMillis, long offset) {
        SameMillisecondRun run = runs.computeIfAbsent(partition, key -> new SameMillisecondRun());
        if (run.timestampMillis == timestampMillis) {
            run.records++;
        } else {
            run.timestampMillis = timestampMillis;
            run.records = 1;
        }
        if (run.records % TransactionPoints.DISTINCT_PER_MILLISECOND == 0) {
            warn("Partition {} holds {} consecutive records with the timestamp {} ms (up to offset {}); points of "
                    + "records whose offsets are equal modulo 1000 get the same time, and the later one replaces the "
                    + "earlier in InfluxDB", partition, run.records, timestampMillis, offset);
        }
    }

    /** Partitions with state, for tests of the bound. */
    int trackedPartitions() {
        return runs.size();
    }

    private void warn(String format, Object... arguments) {
        long leftOut = limiter.tryAcquire();
        if (leftOut < 0) {
            return;
        }
        if (leftOut > 0) {
            log.warn(format + " ({} more such warnings were not logged)", append(arguments, leftOut));
        } else {
            log.warn(format, arguments);
        }
    }

    private static Object[] append(Object[] arguments, Object last) {
        Object[] result = Arrays.copyOf(arguments, arguments.length + 1);
        result[arguments.length] = last;
        return result;
    }

    private static final class SameMillisecondRun {
        long timestampMillis = -1;
        long records;
    }
}
