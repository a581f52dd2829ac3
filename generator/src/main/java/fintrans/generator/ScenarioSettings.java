package fintrans.generator;

import java.time.Duration;

/**
 * The shape of every injected laundering scenario: {@code amountCents} split into transfers of
 * {@code minTransferCents} to {@code maxTransferCents} each, spread evenly over {@code duration}.
 *
 * <p>The number of transfers is fixed by the settings alone (see {@link #transferCount()}), so every
 * scenario of a run has the same count.
 */
public record ScenarioSettings(long amountCents, long minTransferCents, long maxTransferCents, Duration duration) {
    /** The maximum number of transfers of one scenario, which bounds the memory of a planned scenario. */
    public static final int MAX_TRANSFERS = 10_000;
    /** The largest scenario amount, $1,000,000,000, which keeps every sum of transfers far from overflow. */
    public static final long MAX_AMOUNT_CENTS = 100_000_000_000L;
    /** The maximum scenario duration. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    public ScenarioSettings {
        if (amountCents <= 0 || amountCents > MAX_AMOUNT_CENTS) {
            throw new IllegalArgumentException("amount must be 0.01 to 1000000000 dollars, got " + amountCents
                    + " cents");
        }
        if (minTransferCents <= 0 || minTransferCents > maxTransferCents) {
            throw new IllegalArgumentException("transfers must be at least 1 cent and the minimum at most the maximum, "
                    + "got " + minTransferCents + " to " + maxTransferCents + " cents");
        }
        if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be 0 to 7 days, got " + duration);
        }
        if (minTransferCount(amountCents, maxTransferCents) > maxTransferCount(amountCents, minTransferCents)) {
            throw new IllegalArgumentException("the amount cannot be split into transfers of that range");
        }
        if (minTransferCount(amountCents, maxTransferCents) > MAX_TRANSFERS) {
            throw new IllegalArgumentException("the amount needs more than " + MAX_TRANSFERS + " transfers");
        }
    }

    /** Returns the minimum number of transfers of at most {@code maxTransferCents} that carry {@code amountCents}. */
    public static long minTransferCount(long amountCents, long maxTransferCents) {
        return amountCents / maxTransferCents + (amountCents % maxTransferCents == 0 ? 0 : 1);
    }

    /** Returns the maximum number of transfers of at least {@code minTransferCents} that carry {@code amountCents}. */
    public static long maxTransferCount(long amountCents, long minTransferCents) {
        return amountCents / minTransferCents;
    }

    /**
     * Returns the number of transfers of a scenario: the amount divided by the middle of the transfer
     * range, rounded, and moved into the range from {@link #minTransferCount} to {@link #maxTransferCount}.
     * With the defaults, $1,000,000 in transfers of $8,000 to $9,999.99, it is 111.
     */
    public int transferCount() {
        double middleCents = (minTransferCents + maxTransferCents) / 2.0;
        long nearMiddle = Math.round(amountCents / middleCents);
        long minCount = minTransferCount(amountCents, maxTransferCents);
        long maxCount = maxTransferCount(amountCents, minTransferCents);
        long count = Math.max(minCount, Math.min(maxCount, nearMiddle));
        return (int) Math.min(count, MAX_TRANSFERS);
    }
}
