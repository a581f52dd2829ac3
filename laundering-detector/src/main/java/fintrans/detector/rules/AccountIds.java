package fintrans.detector.rules;

import java.util.Arrays;

/**
 * A dictionary from account id strings to dense {@code int} ids, with a reference count per id, so that
 * the rules can key their tables by primitive values. An id is handed out by {@link #intern}, kept while
 * its reference count is above zero, and reused for another account after {@link #release} drops the
 * count to zero. The dictionary keeps the first string instance it saw for each account.
 *
 * <p>Open addressing with linear probing over an {@code int} table of {@code id + 1} (0 marks an empty
 * slot), at most 3/4 full. Not thread-safe.
 */
final class AccountIds {
    static final int ABSENT = -1;
    private static final int MIN_TABLE = 16;
    private static final int GOLDEN_RATIO_32 = 0x9E3779B9;

    private int[] table = new int[MIN_TABLE];
    private int shift = Integer.SIZE - Integer.numberOfTrailingZeros(MIN_TABLE);
    private String[] names = new String[MIN_TABLE];
    /** The reference count of a used id, or the next free id of a free one. */
    private int[] references = new int[MIN_TABLE];
    private int size;
    private int idsHandedOut;
    private int firstFreeId = ABSENT;

    /** Returns the id of {@code account}, or {@link #ABSENT} when it has none. */
    int find(String account) {
        int mask = table.length - 1;
        for (int slot = home(account); ; slot = (slot + 1) & mask) {
            int entry = table[slot];
            if (entry == 0) {
                return ABSENT;
            }
            if (names[entry - 1].equals(account)) {
                return entry - 1;
            }
        }
    }

    /**
     * Returns the id of {@code account}, adding it with a reference count of zero when it is new. The
     * caller must {@link #retain} a new id before the next {@link #release}, or it leaks.
     */
    int intern(String account) {
        int mask = table.length - 1;
        int slot = home(account);
        for (; ; slot = (slot + 1) & mask) {
            int entry = table[slot];
            if (entry == 0) {
                break;
            }
            if (names[entry - 1].equals(account)) {
                return entry - 1;
            }
        }

        int id = allocateId();
        names[id] = account;
        references[id] = 0;
        table[slot] = id + 1;
        size++;
        if (size > table.length - (table.length >>> 2)) {
            rehash(table.length * 2);
        }
        return id;
    }

    void retain(int id) {
        references[id]++;
    }

    /** Drops one reference to {@code id}; at zero the account leaves the dictionary and the id is free. */
    void release(int id) {
        if (references[id] <= 0) {
            throw new IllegalStateException("account id " + id + " released more often than retained");
        }
        if (--references[id] > 0) {
            return;
        }
        removeFromTable(id);
        names[id] = null;
        references[id] = firstFreeId;
        firstFreeId = id;
        size--;
        if (size == 0) {
            clear();
        } else if (table.length > MIN_TABLE && size < table.length >>> 3) {
            rehash(table.length / 2);
        }
    }

    /** Returns the account of a used id. */
    String name(int id) {
        return names[id];
    }

    int references(int id) {
        return references[id];
    }

    /** Accounts in the dictionary. */
    int size() {
        return size;
    }

    /** Slots of the hash table, for tests of growth and shrinking. */
    int tableCapacity() {
        return table.length;
    }

    private int allocateId() {
        if (firstFreeId != ABSENT) {
            int id = firstFreeId;
            firstFreeId = references[id];
            return id;
        }
        if (idsHandedOut == names.length) {
            names = Arrays.copyOf(names, names.length * 2);
            references = Arrays.copyOf(references, references.length * 2);
        }
        return idsHandedOut++;
    }

    private int home(String account) {
        return (account.hashCode() * GOLDEN_RATIO_32) >>> shift;
    }

    /** Empties the slot of {@code id}, moving later entries of the probe run back so that lookups still find them. */
    private void removeFromTable(int id) {
        int mask = table.length - 1;
        int slot = home(names[id]);
        while (table[slot] != id + 1) {
            slot = (slot + 1) & mask;
        }
        int gap = slot;
        for (int next = (gap + 1) & mask; table[next] != 0; next = (next + 1) & mask) {
            int entryHome = home(names[table[next] - 1]);
            // The entry may move into the gap unless its home lies cyclically in (gap, next].
            boolean homeAfterGap = gap <= next ? gap < entryHome && entryHome <= next : gap < entryHome || entryHome <= next;
            if (!homeAfterGap) {
                table[gap] = table[next];
                gap = next;
            }
        }
        table[gap] = 0;
    }

    private void rehash(int capacity) {
        int[] old = table;
        table = new int[capacity];
        shift = Integer.SIZE - Integer.numberOfTrailingZeros(capacity);
        int mask = capacity - 1;
        for (int entry : old) {
            if (entry != 0) {
                int slot = home(names[entry - 1]);
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = entry;
            }
        }
    }

    private void clear() {
        table = new int[MIN_TABLE];
        shift = Integer.SIZE - Integer.numberOfTrailingZeros(MIN_TABLE);
        names = new String[MIN_TABLE];
        references = new int[MIN_TABLE];
        idsHandedOut = 0;
        firstFreeId = ABSENT;
    }
}
