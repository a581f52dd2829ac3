package fintrans.detector.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransferRingTest {
    private final TransferRing ring = new TransferRing();

    @Test
    void appendStoresNodeFields() {
        int id = ring.append(1_000, 250, 7);

        assertEquals(1_000, ring.timeMillis(id));
        assertEquals(250, ring.cents(id));
        assertEquals(7, ring.record(id));
        assertEquals(1, ring.size());
        assertEquals(id, ring.oldest());
    }

    @Test
    void setNextKeepsRecord() {
        int first = ring.append(1, 1, Integer.MAX_VALUE);
        int second = ring.append(2, 2, 3);

        ring.setNext(first, second);

        assertEquals(second, ring.next(first));
        assertEquals(Integer.MAX_VALUE, ring.record(first));
    }

    @Test
    void removeOldestIsFirstInFirstOut() {
        int first = ring.append(1, 10, 0);
        int second = ring.append(2, 20, 0);

        ring.removeOldest();

        assertEquals(second, ring.oldest());
        assertEquals(20, ring.cents(ring.oldest()));
        assertEquals(first + 1, second);
    }

    @Test
    void growthAcrossPagesKeepsIdsAndValues() {
        // Start in the middle of a page so that the nodes straddle page boundaries.
        for (int i = 0; i < 100; i++) {
            ring.append(i, i, i);
        }
        for (int i = 0; i < 100; i++) {
            ring.removeOldest();
        }
        int nodes = 5 * TransferRing.PAGE_SIZE + 123;
        int firstId = ring.oldest();
        for (int i = 0; i < nodes; i++) {
            int id = ring.append(i, 3L * i, i % 1000);
            if (i > 0) {
                ring.setNext(id - 1, id);
            }
        }

        assertEquals(nodes, ring.size());
        assertTrue(ring.capacity() >= nodes);
        for (int i = 0; i < nodes; i++) {
            int id = firstId + i;
            assertEquals(i, ring.timeMillis(id), "time of node " + id);
            assertEquals(3L * i, ring.cents(id), "amount of node " + id);
            assertEquals(i % 1000, ring.record(id), "record of node " + id);
            if (i < nodes - 1) {
                assertEquals(id + 1, ring.next(id), "next of node " + id);
            }
        }
    }

    @Test
    void removingEverythingShrinksPages() {
        int nodes = 20 * TransferRing.PAGE_SIZE;
        for (int i = 0; i < nodes; i++) {
            ring.append(i, i, 0);
        }
        int grownCapacity = ring.capacity();

        for (int i = 0; i < nodes; i++) {
            assertEquals(i, ring.timeMillis(ring.oldest()));
            ring.removeOldest();
        }

        assertTrue(ring.isEmpty());
        assertTrue(grownCapacity >= nodes);
        assertEquals(TransferRing.PAGE_SIZE, ring.capacity());
    }

    @Test
    void steadyAppendAndRemoveKeepsCapacity() {
        for (int i = 0; i < 3 * TransferRing.PAGE_SIZE; i++) {
            ring.append(i, i, 0);
        }
        int capacity = ring.capacity();

        for (int i = 0; i < 50 * TransferRing.PAGE_SIZE; i++) {
            ring.append(i, i, 0);
            ring.removeOldest();
        }

        assertEquals(3 * TransferRing.PAGE_SIZE, ring.size());
        assertEquals(capacity, ring.capacity());
    }

    @Test
    void removeFromEmptyRingThrows() {
        assertThrows(IllegalStateException.class, ring::removeOldest);
    }
}
