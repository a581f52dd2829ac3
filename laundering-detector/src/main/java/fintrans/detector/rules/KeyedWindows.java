package fintrans.detector.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * Windowed totals per key, with the "above the limit" flag each rule uses to alert once per crossing.
 * Transfers count while their event time is inside {@code (now - window, now]}; a key whose transfers
 * have all left the window is removed, so memory is bounded by the transfers inside the window. With an
 * unbounded window only the running total and count are kept, as in the original demo.
 *
 * <p>Not thread-safe: the detector thread owns it.
 */
final class KeyedWindows<K> {
    /** Decides whether a key's total and count are above the rule's limit. */
    @FunctionalInterface
    interface Condition {
        boolean isAbove(long totalCents, int count);
    }

    /** A key's state. */
    static final class Entry {
        /** The transfers in the window; null when the window is unbounded. */
        final TransferWindow window;
        long unboundedTotalCents;
        int unboundedCount;
        /** True while the key's total is above the limit, so that the crossing has been alerted. */
        boolean above;

        Entry(boolean bounded) {
            this.window = bounded ? new TransferWindow() : null;
        }

        long totalCents() {
            return window == null ? unboundedTotalCents : window.totalCents();
        }

        int count() {
            return window == null ? unboundedCount : window.size();
        }
    }

    private final long windowMillis;
    private final Condition condition;
    private final Map<K, Entry> entries = new HashMap<>();
    private final ExpiryQueue<K> expiry = new ExpiryQueue<>();
    private long transfers;

    /** @param windowMillis the window length, {@code Long.MAX_VALUE} for unbounded */
    KeyedWindows(long windowMillis, Condition condition) {
        this.windowMillis = windowMillis;
        this.condition = condition;
    }

    /**
     * Adds a transfer at event time {@code time} to {@code key}, after removing the key's transfers that
     * are no longer inside the window ending at {@code time}.
     *
     * @return the key's entry, whose {@link Entry#above} still holds the state before this transfer
     */
    Entry add(K key, long time, long cents) {
        boolean bounded = windowMillis != Long.MAX_VALUE;
        Entry entry = entries.computeIfAbsent(key, k -> new Entry(bounded));
        if (bounded) {
            transfers -= entry.window.evictUpTo(cutoff(time));
            entry.window.add(time, cents);
            expiry.add(time, key);
            transfers++;
        } else {
            entry.unboundedTotalCents = saturatingAdd(entry.unboundedTotalCents, cents);
            entry.unboundedCount++;
            transfers++;
        }
        return entry;
    }

    /** Returns whether {@code entry}'s current total and count are above the limit. */
    boolean isAbove(Entry entry) {
        return condition.isAbove(entry.totalCents(), entry.count());
    }

    /**
     * Removes the transfers that left the window ending at {@code watermark}, the latest event time seen,
     * and the keys left without transfers. A key that falls back to the limit or below can alert again.
     */
    void expire(long watermark) {
        if (windowMillis == Long.MAX_VALUE) {
            return;
        }
        long cutoff = cutoff(watermark);
        expiry.expireUpTo(cutoff, key -> {
            Entry entry = entries.get(key);
            if (entry == null) {
                return;
            }
            transfers -= entry.window.evictUpTo(cutoff);
            if (entry.window.isEmpty()) {
                entries.remove(key);
            } else if (!isAbove(entry)) {
                entry.above = false;
            }
        });
    }

    /** Returns the exclusive start of the window that ends at {@code time}. */
    long cutoff(long time) {
        return windowMillis == Long.MAX_VALUE ? Long.MIN_VALUE : time - windowMillis;
    }

    Entry get(K key) {
        return entries.get(key);
    }

    /** Keys with at least one transfer in the window. */
    int keys() {
        return entries.size();
    }

    /** Transfers inside the window over all keys. */
    long transfers() {
        return transfers;
    }

    private static long saturatingAdd(long total, long cents) {
        long sum = total + cents;
        return sum < total ? Long.MAX_VALUE : sum;
    }
}
