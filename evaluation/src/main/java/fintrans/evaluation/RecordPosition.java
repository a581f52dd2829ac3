package fintrans.evaluation;

/** The position of a Kafka record: its topic, partition and offset. */
record RecordPosition(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
