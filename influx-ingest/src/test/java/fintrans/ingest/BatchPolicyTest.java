package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BatchPolicyTest {

    private static final long MILLI = 1_000_000;
    private final BatchPolicy policy = new BatchPolicy(3, Duration.ofMillis(500));

    @Test
    void emptyBatchIsNeverDue() {
        assertFalse(policy.isDue(0, 0, 0, 10_000 * MILLI));
    }

    @Test
    void batchIsDueWhenFull() {
        assertFalse(policy.isFull(2));
        assertTrue(policy.isFull(3));
        assertTrue(policy.isDue(3, 3, 0, 1));
    }

    @Test
    void batchIsDueByAge() {
        long first = 7_000 * MILLI;

        assertFalse(policy.isDue(1, 1, first, first + 499 * MILLI));
        assertTrue(policy.isDue(1, 1, first, first + 500 * MILLI));
    }

    @Test
    void batchOfSkippedRecordsIsDueByAge() {
        assertFalse(policy.isDue(0, 2, 0, 100 * MILLI));
        assertTrue(policy.isDue(0, 2, 0, 500 * MILLI));
    }

    @Test
    void ageWorksAcrossNanoTimeOverflow() {
        long first = Long.MAX_VALUE - 100 * MILLI;

        assertTrue(policy.isDue(1, 1, first, first + 600 * MILLI));
    }

    @Test
    void invalidLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BatchPolicy(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new BatchPolicy(1, Duration.ZERO));
    }
}
