package fintrans.detector.rules;

/**
 * The transfers of one key (a pair or a source) inside the window: event times and amounts in arrival
 * order, in a ring buffer of two {@code long} arrays, with their running total. Transfers leave from the
 * oldest end, so the window assumes that a key's transfers arrive in event-time order, which the
 * detector's event-time merge provides.
 */
final class TransferWindow {
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
