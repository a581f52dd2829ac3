package fintrans.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateTest {

    @Test
    void parsesDecimalRate() {
        assertEquals(new Rate(0.5), Rate.parse("0.5"));
        assertEquals(2_000_000_000L, Rate.parse("0.5").intervalNanos());
    }

    @Test
    void parsesMax() {
        assertTrue(Rate.parse("max").isMax());
        assertTrue(Rate.parse("MAX").isMax());
        assertEquals(0, Rate.MAX.intervalNanos());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "fast", "", "NaN", "Infinity", "1e400"})
    void rejectsInvalidRateNamingOption(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rate.parse(text));

        assertTrue(e.getMessage().contains("--rate '" + text + "'"), e.getMessage());
    }

    @Test
    void defaultsToTenPerSecond() {
        assertEquals(new Rate(10), Rate.resolve(null, null));
    }

    @Test
    void honoursGenWaitSecWithoutRateOption() {
        assertEquals(new Rate(0.5), Rate.resolve(null, "2"));
        assertTrue(Rate.resolve(null, "0").isMax());
    }

    @Test
    void rateOptionWinsOverGenWaitSec() {
        assertEquals(new Rate(100), Rate.resolve("100", "2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "two", "Infinity"})
    void rejectsInvalidGenWaitSecNamingVariable(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rate.resolve(null, text));

        assertTrue(e.getMessage().contains("GEN_WAIT_SEC '" + text + "'"), e.getMessage());
    }
}
