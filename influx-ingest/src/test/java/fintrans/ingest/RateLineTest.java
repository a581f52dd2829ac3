package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateLineTest {

    @Test
    void lineShowsTotalsRateLagAndState() {
        IngestCounters counters = new IngestCounters();
        RateLine line = new RateLine(counters, 0);
        counters.addBatch(1_000, 2);
        counters.addExpired();

        String text = line.format(2_000_000_000L, 3, "17", "writing");

        assertEquals("written 1000 points (+1000, 500.0 points/s) in 1 batches, lag 17, rejected 3 records, "
                + "dropped 2 points, expired 1, writing", text);
    }

    @Test
    void rateCoversOnlyTheLastInterval() {
        IngestCounters counters = new IngestCounters();
        RateLine line = new RateLine(counters, 0);
        counters.addBatch(1_000, 0);
        line.format(1_000_000_000L, 0, "0", "writing");
        counters.addBatch(50, 0);

        String text = line.format(2_000_000_000L, 0, "unknown", "paused for 3 s after 2 failed attempts");

        assertEquals("written 1050 points (+50, 50.0 points/s) in 2 batches, lag unknown, rejected 0 records, "
                + "dropped 0 points, expired 0, paused for 3 s after 2 failed attempts", text);
        assertEquals(2_000_000_000L, line.lastNanos());
    }
}
