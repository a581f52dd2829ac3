package fintrans.common;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A city where transactions originate. Each city has its own Kafka topic, named exactly as in the
 * original demo, and the topic is the only place a record's city is stored.
 */
public enum City {
    LONDON("London"),
    NYC("NYC"),
    SF("SF"),
    MOSCOW("Moscow"),
    TOKYO("Tokyo");

    private static final List<City> ALL = List.of(values());
    private static final List<String> TOPICS = ALL.stream().map(City::topic).toList();
    private static final Map<String, City> BY_TOPIC =
            ALL.stream().collect(Collectors.toUnmodifiableMap(City::topic, city -> city));

    private final String topic;

    City(String topic) {
        this.topic = topic;
    }

    /** The Kafka topic name, which is also the city name shown to users and stored in InfluxDB. */
    public String topic() {
        return topic;
    }

    /** Returns the city whose topic is {@code topic}, or empty for any other topic name. */
    public static Optional<City> fromTopic(String topic) {
        return Optional.ofNullable(topic == null ? null : BY_TOPIC.get(topic));
    }

    public static List<City> all() {
        return ALL;
    }

    /** The five topic names, in declaration order. */
    public static List<String> topics() {
        return TOPICS;
    }

    @Override
    public String toString() {
        return topic;
    }
}
