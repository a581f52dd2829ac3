package fintrans.detector.rules;

/**
 * Records keyed by a {@code long}: per record the key, a total in cents, a count, the ids of the first
 * and last transfer node, and flags. Records live in pages of {@value #PAGE_SIZE} records, 32 bytes each
 * in one {@code long[]}, so that growing adds a page instead of copying every record; a record keeps its
 * index until it is freed, and freed indexes are reused.
 *
 * <p>A hash index finds the record of a key: open addressing with linear probing, at most 3/4 full. Each
 * {@code long} slot contains the key's 32-bit hash in its high half and {@code record + 1} in its low half
 * (0 marks an empty slot), so that probing, removal and rehashing compare hashes without reading the
 * records, and only a matching hash costs a read of the record's key. A record can be taken out of the
 * index while it stays allocated, so that nodes still pointing at it can read its key. Not thread-safe.
 */
final class RecordTable {
    static final int ABSENT = -1;
    static final int PAGE_BITS = 12;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int OFFSET_MASK = PAGE_SIZE - 1;
    private static final int MIN_INDEX = 16;
    private static final long GOLDEN_RATIO_64 = 0x9E3779B97F4A7C15L;

    private static final int KEY = 0;
    private static final int TOTAL = 1;
    /** The first node id in the high half, the last node id in the low half. */
    private static final int NODES = 2;
    /** The count in the high half, flags in the low half. */
    private static final int COUNT_FLAGS = 3;
    private static final int LONGS_PER_RECORD = 4;

    private long[][] pages = new long[0][];
    /** Records ever allocated since the table was last empty; indexes below it are in use or free. */
    private int allocated;
    private int firstFree = ABSENT;
    private int inUse;

    private long[] index = new long[MIN_INDEX];
    private int indexShift = Integer.SIZE - Integer.numberOfTrailingZeros(MIN_INDEX);
    private int indexed;

    /** Returns the record of {@code key} in the index, or {@link #ABSENT}. */
    int find(long key) {
        int hash = hash(key);
        int mask = index.length - 1;
        for (int slot = hash >>> indexShift; ; slot = (slot + 1) & mask) {
            long entry = index[slot];
            if (entry == 0) {
                return ABSENT;
            }
            int record = (int) entry - 1;
            if ((int) (entry >>> 32) == hash && key(record) == key) {
                return record;
            }
        }
    }

    /** Allocates a record for {@code key}, which must not be in the index, and adds it to the index. */
    int insert(long key) {
        int record = allocate();
        long[] page = pages[record >>> PAGE_BITS];
        int base = (record & OFFSET_MASK) * LONGS_PER_RECORD;
        page[base + KEY] = key;
        page[base + TOTAL] = 0;
        page[base + NODES] = 0;
        page[base + COUNT_FLAGS] = 0;

        int hash = hash(key);
        int mask = index.length - 1;
        int slot = hash >>> indexShift;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = ((long) hash << 32) | (record + 1);
        indexed++;
        if (indexed > index.length - (index.length >>> 2)) {
            rehash(index.length * 2);
        }
        return record;
    }

    /** Takes {@code record} out of the index; it stays allocated until {@link #free}. */
    void unindex(int record) {
        int mask = index.length - 1;
        int slot = hash(key(record)) >>> indexShift;
        while ((int) index[slot] != record + 1) {
            slot = (slot + 1) & mask;
        }
        int gap = slot;
        for (int next = (gap + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
            int entryHome = (int) (index[next] >>> 32) >>> indexShift;
            // The entry may move into the gap unless its home lies cyclically in (gap, next].
            boolean homeAfterGap = gap <= next ? gap < entryHome && entryHome <= next : gap < entryHome || entryHome <= next;
            if (!homeAfterGap) {
                index[gap] = index[next];
                gap = next;
            }
        }
        index[gap] = 0;
        indexed--;
        if (index.length > MIN_INDEX && indexed < index.length >>> 3) {
            rehash(index.length / 2);
        }
    }

    /**
     * Frees a record that is not in the index; its index may be handed out again.
     *
     * <p>NOTE: pages are released only when every record is free, so after a peak the pages stay at
     * the peak's size while any key is left; the index shrinks with the keys.
     */
    void free(int record) {
        setNodes(record, firstFree, 0);
        firstFree = record;
        inUse--;
        if (inUse == 0) {
            pages = new long[0][];
            allocated = 0;
            firstFree = ABSENT;
        }
    }

    long key(int record) {
        return pages[record >>> PAGE_BITS][(record & OFFSET_MASK) * LONGS_PER_RECORD + KEY];
    }

    long total(int record) {
        return pages[record >>> PAGE_BITS][(record & OFFSET_MASK) * LONGS_PER_RECORD + TOTAL];
    }

    void setTotal(int record, long totalCents) {
        pages[record >>> PAGE_BITS][(record & OFFSET_MASK) * LONGS_PER_RECORD + TOTAL] = totalCents;
    }

    int count(int record) {
        return (int) (pages[record >>> PAGE_BITS][(record & OFFSET_MASK) * LONGS_PER_RECORD + COUNT_FLAGS] >>> 32);
    }

    int flags(int record) {
        return (int) pages[record >>> PAGE_BITS][(record & OFFSET_MASK) * LONGS_PER_RECORD + COUNT_FLAGS];
    }

    void setCountAndFlags(int record, int count, int flags) {
        pages[record >>> PAGE_BITS][(record & OFFSET_MASK) * LONGS_PER_RECORD + COUNT_FLAGS] =
                ((long) count << 32) | (flags & 0xFFFF_FFFFL);
    }

    int firstNode(int record) {
        return (int) (pages[record >>> PAGE_BITS][(record & OFFSET_MASK) * LONGS_PER_RECORD + NODES] >>> 32);
    }

    int lastNode(int record) {
        return (int) pages[record >>> PAGE_BITS][(record & OFFSET_MASK) * LONGS_PER_RECORD + NODES];
    }

    void setNodes(int record, int firstNode, int lastNode) {
        pages[record >>> PAGE_BITS][(record & OFFSET_MASK) * LONGS_PER_RECORD + NODES] =
                ((long) firstNode << 32) | (lastNode & 0xFFFF_FFFFL);
    }

    /** Records in the index. */
    int indexed() {
        return indexed;
    }

    /** Records allocated, in the index or not. */
    int inUse() {
        return inUse;
    }

    /** Slots of the hash index, for tests of growth and shrinking. */
    int indexCapacity() {
        return index.length;
    }

    /** Records the allocated pages can hold, for tests of growth and release. */
    int recordCapacity() {
        return pages.length * PAGE_SIZE;
    }

    private int allocate() {
        inUse++;
        if (firstFree != ABSENT) {
            int record = firstFree;
            firstFree = firstNode(record);
            return record;
        }
        if (allocated == pages.length * PAGE_SIZE) {
            long[][] grown = new long[pages.length + 1][];
            System.arraycopy(pages, 0, grown, 0, pages.length);
            grown[pages.length] = new long[PAGE_SIZE * LONGS_PER_RECORD];
            pages = grown;
        }
        return allocated++;
    }

    /** Returns the high 32 bits of the key times the golden ratio; the index uses its top bits as the home slot. */
    private static int hash(long key) {
        return (int) ((key * GOLDEN_RATIO_64) >>> 32);
    }

    private void rehash(int capacity) {
        long[] old = index;
        index = new long[capacity];
        indexShift = Integer.SIZE - Integer.numberOfTrailingZeros(capacity);
        int mask = capacity - 1;
        for (long entry : old) {
            if (entry != 0) {
                int slot = (int) (entry >>> 32) >>> indexShift;
                while (index[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                index[slot] = entry;
            }
        }
    }
}
