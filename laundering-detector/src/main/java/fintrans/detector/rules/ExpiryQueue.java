package fintrans.detector.rules;

import java.util.function.Consumer;

/**
 * Keys in the order their transfers were applied, with each transfer's event time, so that the keys
 * whose transfers left the window can be found without scanning all keys. One entry per transfer; an
 * entry is dropped once its time is at or before the cutoff. Ring buffer of a {@code long} array and an
 * object array.
 */
final class ExpiryQueue<K> {
    private long[] times = new long[16];
    private Object[] keys = new Object[16];
    private int head;
    private int size;

    void add(long time, K key) {
        if (size == times.length) {
            grow();
        }
        int tail = (head + size) % times.length;
        times[tail] = time;
        keys[tail] = key;
        size++;
    }

    /** Removes the entries with a time at or before {@code cutoff}, passing each one's key to {@code expired}. */
    @SuppressWarnings("unchecked")
    void expireUpTo(long cutoff, Consumer<K> expired) {
        while (size > 0 && times[head] <= cutoff) {
            K key = (K) keys[head];
            keys[head] = null;
            head = (head + 1) % times.length;
            size--;
            expired.accept(key);
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] newTimes = new long[times.length * 2];
        Object[] newKeys = new Object[keys.length * 2];
        for (int i = 0; i < size; i++) {
            newTimes[i] = times[(head + i) % times.length];
            newKeys[i] = keys[(head + i) % keys.length];
        }
        times = newTimes;
        keys = newKeys;
        head = 0;
    }
}
