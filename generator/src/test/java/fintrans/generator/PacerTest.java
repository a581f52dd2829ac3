package fintrans.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PacerTest {
    private long now;

    @Test
    void spacesSendsByInterval() {
        Pacer pacer = new Pacer(new Rate(100), () -> now);

        assertEquals(0, pacer.reserveNext());
        assertEquals(10_000_000, pacer.reserveNext());
        assertEquals(20_000_000, pacer.reserveNext());
    }

    @Test
    void makesUpForLateWakeUps() {
        Pacer pacer = new Pacer(new Rate(100), () -> now);
        pacer.reserveNext();
        pacer.reserveNext();

        now = 15_000_000;

        assertEquals(5_000_000, pacer.reserveNext());
    }

    @Test
    void dropsBacklogAfterLongStall() {
        Pacer pacer = new Pacer(new Rate(100), () -> now);
        pacer.reserveNext();

        now = 5_000_000_000L;

        assertEquals(0, pacer.reserveNext());
        assertEquals(10_000_000, pacer.reserveNext());
    }

    @Test
    void neverWaitsAtMaxRate() {
        Pacer pacer = new Pacer(Rate.MAX, () -> now);

        for (int i = 0; i < 10; i++) {
            assertEquals(0, pacer.reserveNext());
        }
    }
}
