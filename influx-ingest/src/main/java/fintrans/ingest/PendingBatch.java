package fintrans.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.influxdb.dto.Point;

/**
 * The points read from Kafka and not yet written, with the offsets to commit once InfluxDB has accepted
 * them. Skipped records (invalid or expired) add no point but move the offset of their partition, so the
 * offsets to commit are those up to which every record was either written or skipped. Not thread-safe.
 */
final class PendingBatch {
    private final List<Point> points = new ArrayList<>();
    private final List<TopicPartition> pointPartitions = new ArrayList<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private final Map<TopicPartition, Integer> recordsPerPartition = new HashMap<>();
    private int records;
    private long firstRecordNanos;

    /** Adds the point of the record at {@code offset} of {@code partition}. */
    void addPoint(TopicPartition partition, long offset, Point point, long nowNanos) {
        points.add(point);
        pointPartitions.add(partition);
        addRecord(partition, offset, nowNanos);
    }

    /** Adds a record that is not written, so that its offset is committed with the batch. */
    void addSkipped(TopicPartition partition, long offset, long nowNanos) {
        addRecord(partition, offset, nowNanos);
    }

    private void addRecord(TopicPartition partition, long offset, long nowNanos) {
        if (records == 0) {
            firstRecordNanos = nowNanos;
        }
        records++;
        recordsPerPartition.merge(partition, 1, Integer::sum);
        nextOffsets.put(partition, offset + 1);
    }

    List<Point> points() {
        return points;
    }

    int pointCount() {
        return points.size();
    }

    /** Points and skipped records added since the last {@link #clear()}. */
    int recordCount() {
        return records;
    }

    boolean isEmpty() {
        return records == 0;
    }

    long firstRecordNanos() {
        return firstRecordNanos;
    }

    /** Returns the offsets to commit after the points are written: the next offset to read of each partition. */
    Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        return offsets;
    }

    /** Returns true when any record of {@code partitions} is pending. */
    boolean containsAny(Collection<TopicPartition> partitions) {
        return partitions.stream().anyMatch(nextOffsets::containsKey);
    }

    /**
     * Drops the points and offsets of {@code partitions}, which this consumer no longer owns, and returns
     * the number of points dropped. The new owner reads the records again from the last committed offset.
     */
    int removePartitions(Collection<TopicPartition> partitions) {
        Set<TopicPartition> removed = new HashSet<>(partitions);
        List<Point> keptPoints = new ArrayList<>(points.size());
        List<TopicPartition> keptPartitions = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            if (!removed.contains(pointPartitions.get(i))) {
                keptPoints.add(points.get(i));
                keptPartitions.add(pointPartitions.get(i));
            }
        }
        int droppedPoints = points.size() - keptPoints.size();
        points.clear();
        points.addAll(keptPoints);
        pointPartitions.clear();
        pointPartitions.addAll(keptPartitions);
        nextOffsets.keySet().removeAll(removed);
        for (TopicPartition partition : removed) {
            Integer dropped = recordsPerPartition.remove(partition);
            records -= dropped == null ? 0 : dropped;
        }
        return droppedPoints;
    }

    void clear() {
        points.clear();
        pointPartitions.clear();
        nextOffsets.clear();
        recordsPerPartition.clear();
        records = 0;
    }
}
