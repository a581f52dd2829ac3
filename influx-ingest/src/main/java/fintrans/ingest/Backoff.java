package fintrans.ingest;

import java.time.Duration;

/**
 * Delays between retries that double from {@code initial} up to {@code max}: 1 s, 2 s, 4 s, 8 s, 16 s,
 * 30 s, 30 s, ... with the defaults. Not thread-safe.
 */
public final class Backoff {
    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);

    private final Duration initial;
    private final Duration max;
    private Duration next;
    private int attempts;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("invalid backoff from " + initial + " to " + max
                    + ": expected 0 < initial <= max");
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** Creates a backoff from 1 s up to 30 s. */
    public Backoff() {
        this(DEFAULT_INITIAL, DEFAULT_MAX);
    }

    /** Counts a failed attempt and returns the delay before the next one. */
    public Duration nextDelay() {
        attempts++;
        Duration delay = next;
        next = delay.compareTo(max.dividedBy(2)) > 0 ? max : delay.multipliedBy(2);
        return delay;
    }

    public Duration initial() {
        return initial;
    }

    public Duration max() {
        return max;
    }

    /** Failed attempts since the last {@link #reset()}. */
    public int attempts() {
        return attempts;
    }

    /** Starts the sequence again from the initial delay, after a success. */
    public void reset() {
        next = initial;
        attempts = 0;
    }
}
