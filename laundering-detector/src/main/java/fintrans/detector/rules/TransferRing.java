package fintrans.detector.rules;

/**
 * The transfers held for one rule, in the order they were applied: a FIFO of nodes, each with an event
 * time, an amount in cents, the record of its key and the id of the key's next node. Every node gets the
 * next {@code int} of a sequence as its id; ids stay valid while the node is in the ring, so keys can
 * chain their transfers through them, and wrap around after 2^32 nodes.
 *
 * <p>Nodes are stored in pages of {@value #PAGE_SIZE} nodes, 24 bytes each in one {@code long[]}, found
 * through a power-of-two array of pages indexed by the high bits of the id. Growing doubles only that
 * array, so ids never change and no node is copied; pages that the oldest node has left are dropped.
 * Not thread-safe.
 */
final class TransferRing {
    static final int PAGE_BITS = 13;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int OFFSET_MASK = PAGE_SIZE - 1;
    private static final int LONGS_PER_NODE = 3;
    /** Page numbers are ids shifted by {@link #PAGE_BITS}, so they wrap around at this many pages. */
    private static final int PAGE_NUMBERS = 1 << (Integer.SIZE - PAGE_BITS);

    private long[][] pages = new long[1][];
    /** A page kept after the oldest node left it, so that steady appends and removals do not allocate. */
    private long[] sparePage;
    private int oldest;
    private int size;

    /** Appends a node and returns its id; its next id is unset. */
    int append(long timeMillis, long cents, int record) {
        int id = oldest + size;
        long[] page = pageOf(id);
        if ((id & OFFSET_MASK) == 0) {
            // The id starts a page. Its slot still contains the oldest page when every slot is in use.
            if (page != null) {
                resizePages(pages.length * 2);
            }
            page = sparePage != null ? sparePage : new long[PAGE_SIZE * LONGS_PER_NODE];
            sparePage = null;
            pages[pageSlot(id)] = page;
        }
        int base = (id & OFFSET_MASK) * LONGS_PER_NODE;
        page[base] = timeMillis;
        page[base + 1] = cents;
        page[base + 2] = (long) record << 32;
        size++;
        return id;
    }

    /** Removes the oldest node; its id becomes invalid. */
    void removeOldest() {
        if (size == 0) {
            throw new IllegalStateException("the transfer ring is empty");
        }
        int removed = oldest;
        oldest++;
        size--;
        if ((removed & OFFSET_MASK) == OFFSET_MASK) {
            int slot = pageSlot(removed);
            sparePage = pages[slot];
            pages[slot] = null;
        }
        if (pages.length > 1 && size < capacity() / 4) {
            resizePages(pages.length / 2);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Returns the id of the oldest node; only valid when not empty. */
    int oldest() {
        return oldest;
    }

    long timeMillis(int id) {
        return pageOf(id)[(id & OFFSET_MASK) * LONGS_PER_NODE];
    }

    long cents(int id) {
        return pageOf(id)[(id & OFFSET_MASK) * LONGS_PER_NODE + 1];
    }

    int record(int id) {
        return (int) (pageOf(id)[(id & OFFSET_MASK) * LONGS_PER_NODE + 2] >>> 32);
    }

    /** Returns the id of the next node of the same key, as {@link #setNext} stored it. */
    int next(int id) {
        return (int) pageOf(id)[(id & OFFSET_MASK) * LONGS_PER_NODE + 2];
    }

    void setNext(int id, int next) {
        long[] page = pageOf(id);
        int index = (id & OFFSET_MASK) * LONGS_PER_NODE + 2;
        page[index] = (page[index] & 0xFFFF_FFFF_0000_0000L) | (next & 0xFFFF_FFFFL);
    }

    /** Nodes the current pages can hold. */
    int capacity() {
        return pages.length * PAGE_SIZE;
    }

    private long[] pageOf(int id) {
        return pages[pageSlot(id)];
    }

    private int pageSlot(int id) {
        return (id >>> PAGE_BITS) & (pages.length - 1);
    }

    /**
     * Moves the pages that hold nodes, and the page of the oldest id, into a page array of
     * {@code pageCount} slots; does nothing when they would not fit.
     */
    private void resizePages(int pageCount) {
        int firstPage = oldest >>> PAGE_BITS;
        int usedPages = size == 0 ? 1 : (((oldest + size - 1) >>> PAGE_BITS) - firstPage + PAGE_NUMBERS) % PAGE_NUMBERS + 1;
        if (usedPages > pageCount) {
            return;
        }
        long[][] resized = new long[pageCount][];
        for (int i = 0; i < usedPages; i++) {
            int pageNumber = (firstPage + i) % PAGE_NUMBERS;
            resized[pageNumber & (pageCount - 1)] = pages[pageNumber & (pages.length - 1)];
        }
        pages = resized;
    }
}
