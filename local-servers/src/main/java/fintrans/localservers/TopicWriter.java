package fintrans.localservers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes crafted records, including invalid values, for tests that feed services through a real broker. */
public final class TopicWriter {
    private TopicWriter() {
    }

    /** Sends {@code records} in order and waits until the broker has acknowledged every one. */
    public static List<RecordMetadata> send(String bootstrapServers, List<ProducerRecord<String, byte[]>> records)
            throws InterruptedException, ExecutionException {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                // Keeps records of one partition in the order they were handed over, even on retries.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                // Room for the 1 MB invalid value.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (ProducerRecord<String, byte[]> record : records) {
                futures.add(producer.send(record));
            }
        }
        List<RecordMetadata> metadata = new ArrayList<>();
        for (Future<RecordMetadata> future : futures) {
            metadata.add(future.get());
        }
        return metadata;
    }
}
