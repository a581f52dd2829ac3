package fintrans.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BrokerListTest {

    @Test
    void parsesSeveralBrokers() {
        BrokerList brokers = BrokerList.parse("broker-0.kafka.mesos:9398, 10.0.3.178:9092,[::1]:9092");

        assertEquals(List.of("broker-0.kafka.mesos:9398", "10.0.3.178:9092", "[::1]:9092"), brokers.addresses());
        assertEquals("broker-0.kafka.mesos:9398,10.0.3.178:9092,[::1]:9092", brokers.bootstrapServers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "localhost:", ":9092", "localhost:0", "localhost:65536",
            "localhost:port", "a:1,,b:2"})
    void rejectsInvalidListNamingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BrokerList.parse(text));

        assertTrue(e.getMessage().contains("HOST:PORT"), e.getMessage());
    }
}
