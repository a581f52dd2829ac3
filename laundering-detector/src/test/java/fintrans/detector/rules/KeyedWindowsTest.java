package fintrans.detector.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KeyedWindowsTest {
    private static final long WINDOW = 1_000;

    /** Live records per key, as the listener saw them created and freed. */
    private final Map<Long, Integer> liveRecords = new HashMap<>();
    private final KeyedWindows windows = new KeyedWindows(WINDOW, (total, count) -> total > 100,
            new KeyedWindows.KeyListener() {
                @Override
                public void created(long key) {
                    liveRecords.merge(key, 1, Integer::sum);
                }

                @Override
                public void freed(long key) {
                    liveRecords.merge(key, -1, Integer::sum);
                }
            });

    @Test
    void addSumsTransfersOfKey() {
        windows.add(1, 0, 30);
        int record = windows.add(1, 10, 40);

        assertEquals(70, windows.totalCents(record));
        assertEquals(2, windows.count(record));
        assertEquals(1, windows.keys());
        assertEquals(2, windows.transfers());
    }

    @Test
    void addEvictsTransfersOutsideItsWindow() {
        windows.add(1, 0, 30);
        windows.add(1, 500, 40);

        int record = windows.add(1, WINDOW, 50);

        assertEquals(90, windows.totalCents(record));
        assertEquals(2, windows.count(record));
    }

    @Test
    void expireRemovesKeyAndFreesRecord() {
        windows.add(1, 0, 30);
        windows.add(2, 10, 30);

        windows.expire(WINDOW + 5);

        assertEquals(RecordTable.ABSENT, windows.find(1));
        assertTrue(windows.find(2) != RecordTable.ABSENT);
        assertEquals(0, liveRecords.get(1L));
        assertEquals(1, liveRecords.get(2L));
    }

    @Test
    void expireClearsAboveFlagWhenTotalFalls() {
        windows.add(1, 0, 90);
        int record = windows.add(1, 500, 90);
        windows.setAbove(record, windows.isAbove(record));

        windows.expire(WINDOW);

        assertFalse(windows.wasAbove(record));
        assertEquals(90, windows.totalCents(record));
    }

    @Test
    void removedKeyFreedAfterItsLastNode() {
        // Node 2 of key 1 is evicted with node 1, but stays in the ring behind the out-of-order node of key 9.
        windows.add(1, 0, 10);
        windows.add(9, 2_000, 10);
        windows.add(1, 1, 10);

        windows.expire(1_001);

        assertEquals(RecordTable.ABSENT, windows.find(1));
        assertEquals(2, windows.recordsInUse());
        assertEquals(1, liveRecords.get(1L));

        windows.expire(3_000);

        assertEquals(0, windows.recordsInUse());
        assertEquals(0, liveRecords.get(1L));
        assertEquals(0, liveRecords.get(9L));
    }

    @Test
    void expiringEverythingLeavesEmptyState() {
        for (int i = 0; i < 50_000; i++) {
            windows.add(i % 7_000, i / 10, 5);
        }

        windows.expire(50_000 / 10 + WINDOW);

        assertEquals(0, windows.keys());
        assertEquals(0, windows.transfers());
        assertEquals(0, windows.recordsInUse());
        assertEquals(0, windows.nodes());
        assertTrue(liveRecords.values().stream().allMatch(count -> count == 0));
    }

    @Test
    void unboundedWindowKeepsRunningTotal() {
        KeyedWindows unbounded = new KeyedWindows(Long.MAX_VALUE, (total, count) -> false,
                new KeyedWindows.KeyListener() {
                    @Override
                    public void created(long key) {
                    }

                    @Override
                    public void freed(long key) {
                    }
                });
        unbounded.add(1, 0, Long.MAX_VALUE - 1);

        int record = unbounded.add(1, Long.MAX_VALUE / 2, 5);
        unbounded.expire(Long.MAX_VALUE);

        assertEquals(Long.MAX_VALUE, unbounded.totalCents(record));
        assertEquals(2, unbounded.count(record));
        assertEquals(0, unbounded.nodes());
    }
}
