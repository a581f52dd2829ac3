package fintrans.generator;

import java.util.function.LongSupplier;

/**
 * Spaces sends evenly at a {@link Rate}. The schedule is absolute (the n-th send is due at
 * {@code start + n * interval}), so sleeping too long now is made up by sleeping less later. After a
 * stall of more than a second, such as a full producer buffer while the broker is down, the schedule
 * restarts from now instead of sending the missed transactions in one burst.
 */
final class Pacer {
    static final long MAX_BACKLOG_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private final LongSupplier clock;
    private long nextDueNanos;

    Pacer(Rate rate, LongSupplier nanoClock) {
        this.intervalNanos = rate.intervalNanos();
        this.clock = nanoClock;
        this.nextDueNanos = nanoClock.getAsLong();
    }

    /** Returns how long to wait before the next send, 0 when it is due, and books that send. */
    long reserveNext() {
        if (intervalNanos == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        if (now - nextDueNanos > MAX_BACKLOG_NANOS) {
            nextDueNanos = now;
        }
        long wait = Math.max(0, nextDueNanos - now);
        nextDueNanos += intervalNanos;
        return wait;
    }
}
