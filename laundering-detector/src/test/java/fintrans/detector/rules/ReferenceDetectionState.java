package fintrans.detector.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import fintrans.common.Transaction;
import fintrans.common.alert.AlertRecord.Rule;

/**
 * The rule state as it was built from objects (a HashMap of per-key ring buffers and an expiry queue of
 * key objects), kept as the reference that {@link DetectionStateEquivalenceTest} compares
 * {@link DetectionState} with. It favours being obviously right over speed and memory.
 */
final class ReferenceDetectionState {
    private final RuleSettings settings;
    private final ReferencePairRule pairRule;
    private final ReferenceStructuringRule structuringRule;
    private long watermark = Long.MIN_VALUE;
    private long lateRecords;

    public ReferenceDetectionState(RuleSettings settings) {
        this.settings = settings;
        this.pairRule = new ReferencePairRule(settings);
        this.structuringRule = new ReferenceStructuringRule(settings);
    }

    /**
     * Applies a transfer with event time {@code timeMillis} to both rules.
     *
     * @return the alerts it raises, usually none; empty too when the record is late
     */
    public List<RuleHit> apply(Transaction transaction, long timeMillis) {
        if (!settings.unbounded() && watermark != Long.MIN_VALUE && timeMillis <= watermark - settings.windowMillis()) {
            lateRecords++;
            return List.of();
        }
        if (timeMillis > watermark) {
            watermark = timeMillis;
            pairRule.expire(watermark);
            structuringRule.expire(watermark);
        }

        List<RuleHit> hits = new ArrayList<>(0);
        RuleHit pairHit = pairRule.apply(transaction.source(), transaction.target(), transaction.amountCents(),
                timeMillis);
        if (pairHit != null) {
            hits.add(pairHit);
        }
        RuleHit structuringHit = structuringRule.apply(transaction.source(), transaction.amountCents(), timeMillis);
        if (structuringHit != null) {
            hits.add(structuringHit);
        }
        return hits;
    }

    /** Moves the watermark to {@code timeMillis} if it is later, expiring what left the window. */
    public void advanceTo(long timeMillis) {
        if (timeMillis > watermark) {
            watermark = timeMillis;
            pairRule.expire(watermark);
            structuringRule.expire(watermark);
        }
    }

    /** The pair's total in the window in cents, 0 for an unknown pair. */
    public long pairTotalCents(String source, String target) {
        return pairRule.totalCents(source, target);
    }

    public long watermark() {
        return watermark;
    }

    /** Pairs with transfers in the window. */
    public int pairs() {
        return pairRule.pairs();
    }

    /** Sources with transfers in the structuring band in the window. */
    public int structuringSources() {
        return structuringRule.sources();
    }

    /** Transfers held for both rules. */
    public long transfersHeld() {
        return pairRule.transfers() + structuringRule.transfers();
    }

    /** Records skipped because their event time was already outside the window. */
    public long lateRecords() {
        return lateRecords;
    }

    static final class ReferencePairRule {
        private final long thresholdCents;
        private final boolean repeatAlerts;
        private final ReferenceWindows<Pair> windows;

        ReferencePairRule(RuleSettings settings) {
            this.thresholdCents = settings.thresholdCents();
            this.repeatAlerts = settings.repeatAlerts();
            this.windows = new ReferenceWindows<>(settings.windowMillis(), (total, count) -> total > thresholdCents);
        }

        /** Adds a transfer; returns the alert it raises, or null. */
        RuleHit apply(String source, String target, long cents, long time) {
            ReferenceWindows.Entry entry = windows.add(new Pair(source, target), time, cents);
            boolean above = windows.isAbove(entry);
            boolean alert = above && (repeatAlerts || !entry.above);
            entry.above = above;
            if (!alert) {
                return null;
            }
            return new RuleHit(Rule.PAIR_TOTAL, source, target, entry.totalCents(), entry.count(), thresholdCents,
                    windows.cutoff(time));
        }

        void expire(long watermark) {
            windows.expire(watermark);
        }

        long totalCents(String source, String target) {
            ReferenceWindows.Entry entry = windows.get(new Pair(source, target));
            return entry == null ? 0 : entry.totalCents();
        }

        int pairs() {
            return windows.keys();
        }

        long transfers() {
            return windows.transfers();
        }

        private record Pair(String source, String target) {
        }
    }

    static final class ReferenceStructuringRule {
        private final long limitCents;
        private final long lowerCents;
        private final boolean repeatAlerts;
        private final ReferenceWindows<String> windows;

        ReferenceStructuringRule(RuleSettings settings) {
            this.limitCents = settings.structuringLimitCents();
            this.lowerCents = settings.structuringLowerCents();
            this.repeatAlerts = settings.repeatAlerts();
            int minTransfers = settings.structuringMinTransfers();
            this.windows = new ReferenceWindows<>(settings.windowMillis(),
                    (total, count) -> count >= minTransfers && total > limitCents);
        }

        /** Adds a transfer when it is in the band; returns the alert it raises, or null. */
        RuleHit apply(String source, long cents, long time) {
            if (cents < lowerCents || cents >= limitCents) {
                return null;
            }
            ReferenceWindows.Entry entry = windows.add(source, time, cents);
            boolean above = windows.isAbove(entry);
            boolean alert = above && (repeatAlerts || !entry.above);
            entry.above = above;
            if (!alert) {
                return null;
            }
            return new RuleHit(Rule.STRUCTURING, source, null, entry.totalCents(), entry.count(), limitCents,
                    windows.cutoff(time));
        }

        void expire(long watermark) {
            windows.expire(watermark);
        }

        int sources() {
            return windows.keys();
        }

        long transfers() {
            return windows.transfers();
        }
    }

    static final class ReferenceWindows<K> {
        /** Decides whether a key's total and count are above the rule's limit. */
        @FunctionalInterface
        interface Condition {
            boolean isAbove(long totalCents, int count);
        }

        /** A key's state. */
        static final class Entry {
            /** The transfers in the window; null when the window is unbounded. */
            final ReferenceTransferWindow window;
            long unboundedTotalCents;
            int unboundedCount;
            /** True while the key's total is above the limit, so that the crossing has been alerted. */
            boolean above;

            Entry(boolean bounded) {
                this.window = bounded ? new ReferenceTransferWindow() : null;
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
        private final ReferenceExpiryQueue<K> expiry = new ReferenceExpiryQueue<>();
        private long transfers;

        /** @param windowMillis the window length, {@code Long.MAX_VALUE} for unbounded */
        ReferenceWindows(long windowMillis, Condition condition) {
            this.windowMillis = windowMillis;
            this.condition = condition;
        }

        /**
         * Adds a transfer at event time {@code time} to {@code key}, after removing the key's transfers that
         * are no longer inside the window ending at {@code time}.
         *
         * @return the key's entry, whose {@link Entry#above} still contains the state before this transfer
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

    static final class ReferenceTransferWindow {
        private long[] times = new long[2];
        private long[] amounts = new long[2];
        private int head;
        private int size;
        private long totalCents;
        /** True when the total reached {@code Long.MAX_VALUE}; it is then recomputed after each eviction. */
        private boolean saturated;

        void add(long time, long cents) {
            if (size == times.length) {
                grow();
            }
            int tail = (head + size) % times.length;
            times[tail] = time;
            amounts[tail] = cents;
            size++;
            addToTotal(cents);
        }

        /** Removes the transfers with an event time at or before {@code cutoff}; returns how many left. */
        int evictUpTo(long cutoff) {
            int evicted = 0;
            while (size > 0 && times[head] <= cutoff) {
                if (!saturated) {
                    totalCents -= amounts[head];
                }
                head = (head + 1) % times.length;
                size--;
                evicted++;
            }
            if (saturated && evicted > 0) {
                recomputeTotal();
            }
            return evicted;
        }

        long totalCents() {
            return totalCents;
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** The event time of the oldest transfer still inside; only valid when not empty. */
        long oldestTime() {
            return times[head];
        }

        private void addToTotal(long cents) {
            if (saturated) {
                return;
            }
            try {
                totalCents = Math.addExact(totalCents, cents);
            } catch (ArithmeticException e) {
                totalCents = Long.MAX_VALUE;
                saturated = true;
            }
        }

        private void recomputeTotal() {
            totalCents = 0;
            saturated = false;
            for (int i = 0; i < size; i++) {
                addToTotal(amounts[(head + i) % amounts.length]);
            }
        }

        private void grow() {
            long[] newTimes = new long[times.length * 2];
            long[] newAmounts = new long[amounts.length * 2];
            for (int i = 0; i < size; i++) {
                newTimes[i] = times[(head + i) % times.length];
                newAmounts[i] = amounts[(head + i) % amounts.length];
            }
            times = newTimes;
            amounts = newAmounts;
            head = 0;
        }
    }

    static final class ReferenceExpiryQueue<K> {
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
}
