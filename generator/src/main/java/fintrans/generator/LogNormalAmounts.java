package fintrans.generator;

import java.util.random.RandomGenerator;

import fintrans.common.Amounts;

/**
 * Log-normal amounts, the usual model of payment sizes: many small transfers and a long tail of large
 * ones. The logarithm of an amount is normal with mean {@code ln(medianCents)} and standard deviation
 * {@code sigma}. Draws are rounded to whole cents and capped at {@link #MAX_CENTS}.
 *
 * <p>With the generator's defaults (median $100, sigma 1.5) the mean transfer is about $308, and
 * {@link #fractionBetween} gives 0.067 % (about 1 in 1,490) for the band $8,000 to $9,999.99.
 */
public record LogNormalAmounts(long medianCents, double sigma) implements AmountDistribution {
    /** The largest amount drawn, $1,000,000; a larger draw is returned as this. */
    public static final long MAX_CENTS = 100_000_000L;

    /** Simpson intervals for {@link #fractionBetween}; more than enough for 9 correct decimals. */
    private static final int INTEGRATION_STEPS = 10_000;
    /** The standard normal density is below 1e-300 outside this many standard deviations. */
    private static final double Z_LIMIT = 40;

    public LogNormalAmounts {
        if (medianCents <= 0 || medianCents > MAX_CENTS) {
            throw new IllegalArgumentException("median " + Amounts.formatDollars(medianCents)
                    + " is not in 0.01 to " + Amounts.formatDollars(MAX_CENTS));
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma " + sigma + " is not a finite number greater than 0");
        }
    }

    @Override
    public long drawCents(RandomGenerator random) {
        double cents = medianCents * Math.exp(sigma * random.nextGaussian());
        // Math.round returns Long.MAX_VALUE for an infinite draw, which the cap then replaces.
        return Math.min(Math.round(cents), MAX_CENTS);
    }

    @Override
    public double fractionBetween(long lowCents, long highCents) {
        if (highCents < lowCents || lowCents > MAX_CENTS || highCents < 0) {
            return 0;
        }
        // Math.round maps a draw x to cents c when c - 0.5 <= x < c + 0.5, and the cap maps every
        // draw from MAX_CENTS - 0.5 upwards to MAX_CENTS.
        double lowestDraw = lowCents - 0.5;
        double drawAbove = highCents >= MAX_CENTS ? Double.POSITIVE_INFINITY : highCents + 0.5;
        return standardNormalMass(standardScore(lowestDraw), standardScore(drawAbove));
    }

    @Override
    public String description() {
        return "log-normal amounts with median $" + Amounts.formatDollars(medianCents) + " and sigma " + sigma
                + ", at most $" + Amounts.formatDollars(MAX_CENTS);
    }

    /** Maps a draw in cents to the standard normal variable it came from; 0 or less maps to minus infinity. */
    private double standardScore(double cents) {
        if (cents <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return (Math.log(cents) - Math.log(medianCents)) / sigma;
    }

    /** Integrates the standard normal density from {@code from} to {@code to} with Simpson's rule. */
    static double standardNormalMass(double from, double to) {
        double low = Math.max(from, -Z_LIMIT);
        double high = Math.min(to, Z_LIMIT);
        if (!(high > low)) {
            return 0;
        }
        double step = (high - low) / INTEGRATION_STEPS;
        double sum = density(low) + density(high);
        for (int i = 1; i < INTEGRATION_STEPS; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * density(low + i * step);
        }
        return sum * step / 3;
    }

    private static double density(double z) {
        return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    }
}
