package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class IngesterTest {

    @Test
    void subscriptionPatternMatchesEachTopic() {
        Pattern pattern = Ingester.subscriptionPattern(List.of("London", "NYC", "fintrans.alerts"));

        assertTrue(pattern.matcher("London").matches());
        assertTrue(pattern.matcher("NYC").matches());
        assertTrue(pattern.matcher("fintrans.alerts").matches());
    }

    @Test
    void subscriptionPatternMatchesNoOtherTopic() {
        Pattern pattern = Ingester.subscriptionPattern(List.of("London", "NYC", "fintrans.alerts"));

        assertFalse(pattern.matcher("London2").matches());
        assertFalse(pattern.matcher("NYC-old").matches());
        assertFalse(pattern.matcher("fintransXalerts").matches(), "a dot in a topic name is not a regex wildcard");
        assertFalse(pattern.matcher("__consumer_offsets").matches());
    }
}
