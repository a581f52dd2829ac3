package fintrans.detector;

import org.apache.kafka.common.TopicPartition;

import fintrans.common.Transaction;

/**
 * A record on its way from the consumer thread to the detector thread, in event-time order per group.
 * Records the codec rejected travel too, with a null transaction, so that their offsets are committed in
 * order.
 *
 * @param timestamp the record timestamp, which is the transfer's event time
 * @param replay true for a record before the committed offset, read again only to rebuild the state:
 *     it raises no alert and is not committed again
 * @param epoch the consumer's rebuild epoch when the record was queued; the detector thread drops records
 *     of an older epoch after it aborted a transaction
 */
record QueuedRecord(TopicPartition partition, long offset, long timestamp, Transaction transaction, boolean replay,
        int epoch) {

    /** The offset of a watermark entry, which stands for no record. */
    private static final long NO_OFFSET = -1;

    /**
     * Creates an entry that moves the watermark of {@code partition}'s group to {@code timestamp} without a
     * record: the consumer thread sends it for a group that has nothing left to read, so that transfers
     * leave its window as event time goes on in the other groups.
     */
    static QueuedRecord watermark(TopicPartition partition, long timestamp, int epoch) {
        return new QueuedRecord(partition, NO_OFFSET, timestamp, null, false, epoch);
    }

    boolean isWatermark() {
        return offset == NO_OFFSET;
    }
}
