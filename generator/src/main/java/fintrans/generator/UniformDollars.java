package fintrans.generator;

import java.util.random.RandomGenerator;

/**
 * The original demo's amounts: whole dollars uniform over $0 to ${@value #MAX_DOLLARS}. One draw in
 * five falls in $8,000 to $9,999, just under a $10,000 reporting limit.
 */
public record UniformDollars() implements AmountDistribution {
    public static final int MAX_DOLLARS = 9999;

    @Override
    public long drawCents(RandomGenerator random) {
        return random.nextInt(MAX_DOLLARS + 1) * 100L;
    }

    @Override
    public double fractionBetween(long lowCents, long highCents) {
        long lowestDollar = Math.max(0, Math.floorDiv(lowCents + 99, 100));
        long highestDollar = Math.min(MAX_DOLLARS, Math.floorDiv(highCents, 100));
        if (highestDollar < lowestDollar) {
            return 0;
        }
        return (highestDollar - lowestDollar + 1) / (double) (MAX_DOLLARS + 1);
    }

    @Override
    public String description() {
        return "uniform whole-dollar amounts from $0 to $" + MAX_DOLLARS;
    }
}
