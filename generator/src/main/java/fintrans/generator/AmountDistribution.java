package fintrans.generator;

import java.util.random.RandomGenerator;

/** A distribution of background transfer amounts. Every amount is whole cents and never negative. */
public sealed interface AmountDistribution permits UniformDollars, LogNormalAmounts {

    /** Draws one amount in cents from {@code random}. */
    long drawCents(RandomGenerator random);

    /**
     * Computes the probability that {@link #drawCents} returns an amount from {@code lowCents} to
     * {@code highCents}, both included.
     */
    double fractionBetween(long lowCents, long highCents);

    /** A short description for the start-up log line. */
    String description();
}
