package fintrans.localservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.kafka.Topics;

class LocalKafkaIT {

    @TempDir
    Path tempDir;

    @Test
    void brokerAcceptsAndServesRecordsOnLoopback() throws Exception {
        try (LocalKafka kafka = LocalKafka.startOnFreePorts(tempDir)) {
            assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());
            try (Admin admin = kafka.admin()) {
                Topics.createMissing(admin, List.of("probe"), 3, Optional.empty(), Duration.ofSeconds(30));
                assertEquals(3, admin.describeTopics(List.of("probe")).allTopicNames().get().get("probe").partitions().size());
            }

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("probe", "396", "396 465 6789")).get();
            }

            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "probe-group",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                consumer.subscribe(List.of("probe"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        values.add(record.value());
                    }
                }
            }
            assertEquals(List.of("396 465 6789"), values);
        }
    }

    @Test
    void brokerDoesNotCreateTopicsOnItsOwn() throws Exception {
        try (LocalKafka kafka = LocalKafka.startOnFreePorts(tempDir);
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
                Admin admin = kafka.admin()) {

            assertThrows(Exception.class, () -> producer.send(new ProducerRecord<>("never-created", "v")).get());

            Set<String> topics = admin.listTopics().names().get();
            assertTrue(!topics.contains("never-created"), topics.toString());
        }
    }

    @Test
    void restartKeepsTopicsInSameLogFolder() throws Exception {
        Path logDir = tempDir.resolve("kafka");
        int brokerPort = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        try (LocalKafka kafka = LocalKafka.start(logDir, brokerPort, controllerPort);
                Admin admin = kafka.admin()) {
            Topics.createMissing(admin, List.of("kept"), 1, Optional.empty(), Duration.ofSeconds(30));
        }

        try (LocalKafka kafka = LocalKafka.start(logDir, brokerPort, controllerPort);
                Admin admin = kafka.admin()) {
            assertTrue(admin.listTopics().names().get().contains("kept"));
        }
    }
}
