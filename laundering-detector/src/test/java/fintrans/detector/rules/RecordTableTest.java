package fintrans.detector.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordTableTest {
    private final RecordTable table = new RecordTable();

    @Test
    void insertedRecordStartsEmpty() {
        int record = table.insert(42);

        assertEquals(record, table.find(42));
        assertEquals(42, table.key(record));
        assertEquals(0, table.total(record));
        assertEquals(0, table.count(record));
        assertEquals(0, table.flags(record));
    }

    @Test
    void fieldsKeepTheirValues() {
        int record = table.insert(-1L);

        table.setTotal(record, Long.MAX_VALUE);
        table.setCountAndFlags(record, 7, -1);
        table.setNodes(record, -5, Integer.MIN_VALUE);

        assertEquals(Long.MAX_VALUE, table.total(record));
        assertEquals(7, table.count(record));
        assertEquals(-1, table.flags(record));
        assertEquals(-5, table.firstNode(record));
        assertEquals(Integer.MIN_VALUE, table.lastNode(record));
    }

    @Test
    void findMissingKeyReturnsAbsent() {
        table.insert(1);

        assertEquals(RecordTable.ABSENT, table.find(2));
    }

    @Test
    void growthAcrossPagesKeepsEveryKey() {
        int keys = 5 * RecordTable.PAGE_SIZE + 17;
        for (int i = 0; i < keys; i++) {
            int record = table.insert(pairKey(i));
            table.setTotal(record, i);
        }

        assertEquals(keys, table.indexed());
        assertTrue(table.recordCapacity() >= keys);
        for (int i = 0; i < keys; i++) {
            int record = table.find(pairKey(i));
            assertEquals(pairKey(i), table.key(record));
            assertEquals(i, table.total(record));
        }
    }

    @Test
    void unindexedRecordKeepsKeyUntilFreed() {
        int record = table.insert(42);

        table.unindex(record);

        assertEquals(RecordTable.ABSENT, table.find(42));
        assertEquals(42, table.key(record));
        assertEquals(1, table.inUse());
        assertEquals(0, table.indexed());
    }

    @Test
    void unindexKeepsOtherKeysFindable() {
        int keys = 30_000;
        int[] records = new int[keys];
        for (int i = 0; i < keys; i++) {
            records[i] = table.insert(pairKey(i));
        }

        for (int i = 0; i < keys; i += 3) {
            table.unindex(records[i]);
            table.free(records[i]);
        }

        for (int i = 0; i < keys; i++) {
            assertEquals(i % 3 == 0 ? RecordTable.ABSENT : records[i], table.find(pairKey(i)), "key " + i);
        }
    }

    @Test
    void freedRecordIsReused() {
        int first = table.insert(1);
        table.insert(2);
        table.unindex(first);
        table.free(first);

        assertEquals(first, table.insert(3));
    }

    @Test
    void freeingEverythingReleasesPagesAndIndex() {
        int keys = 3 * RecordTable.PAGE_SIZE;
        for (int i = 0; i < keys; i++) {
            table.insert(pairKey(i));
        }

        for (int i = 0; i < keys; i++) {
            int record = table.find(pairKey(i));
            table.unindex(record);
            table.free(record);
        }

        assertEquals(0, table.inUse());
        assertEquals(0, table.recordCapacity());
        assertEquals(16, table.indexCapacity());
        assertEquals(0, table.insert(7));
    }

    private static long pairKey(int i) {
        return PairTotalRule.pairKey(i / 100, i % 100);
    }
}
