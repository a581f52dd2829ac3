package fintrans.detector;

import org.apache.kafka.common.TopicPartition;

import fintrans.common.Transaction;

/**
 * A record on its way from the consumer thread to the detector thread. Records the codec rejected travel
 * too, with a null transaction, so that the detector thread marks their offsets processed in order.
 */
record QueuedRecord(TopicPartition partition, long offset, Transaction transaction) {
}
