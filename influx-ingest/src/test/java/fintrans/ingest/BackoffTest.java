package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleFromOneUpToThirtySeconds() {
        Backoff backoff = new Backoff();

        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seconds.add(backoff.nextDelay().toSeconds());
        }

        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), seconds);
        assertEquals(8, backoff.attempts());
    }

    @Test
    void resetStartsAgainFromInitialDelay() {
        Backoff backoff = new Backoff();
        backoff.nextDelay();
        backoff.nextDelay();
        backoff.nextDelay();

        backoff.reset();

        assertEquals(0, backoff.attempts());
        assertEquals(Duration.ofSeconds(1), backoff.nextDelay());
        assertEquals(Duration.ofSeconds(2), backoff.nextDelay());
    }

    @Test
    void oddMaximumIsReachedExactly() {
        Backoff backoff = new Backoff(Duration.ofMillis(300), Duration.ofMillis(1000));

        assertEquals(Duration.ofMillis(300), backoff.nextDelay());
        assertEquals(Duration.ofMillis(600), backoff.nextDelay());
        assertEquals(Duration.ofMillis(1000), backoff.nextDelay());
        assertEquals(Duration.ofMillis(1000), backoff.nextDelay());
    }

    @Test
    void invalidBoundsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
