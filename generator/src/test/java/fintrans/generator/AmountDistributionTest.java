package fintrans.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AmountDistributionTest {
    private static final long BAND_LOW_CENTS = 800_000;
    private static final long BAND_HIGH_CENTS = 999_999;
    private static final LogNormalAmounts DEFAULT = new LogNormalAmounts(10_000, 1.5);

    @Test
    void defaultBandFractionIsAsDocumented() {
        double fraction = DEFAULT.fractionBetween(BAND_LOW_CENTS, BAND_HIGH_CENTS);

        // Phi(z(999999.5 cents)) - Phi(z(799999.5 cents)) with Python 3's math.erf gives 0.000672698.
        assertEquals(0.000672698, fraction, 1e-9);
        // The help of --amounts and the README state this rounding.
        assertEquals("0.067", String.format(Locale.ROOT, "%.3f", fraction * 100));
    }

    @Test
    void sampledBandFractionMatchesComputed() {
        SplittableRandom random = new SplittableRandom(11);
        int draws = 2_000_000;
        int inBand = 0;

        for (int i = 0; i < draws; i++) {
            long cents = DEFAULT.drawCents(random);
            if (cents >= BAND_LOW_CENTS && cents <= BAND_HIGH_CENTS) {
                inBand++;
            }
        }

        double expected = DEFAULT.fractionBetween(BAND_LOW_CENTS, BAND_HIGH_CENTS) * draws;
        // About 1,345 expected; five standard deviations of the binomial count are about 183.
        double tolerance = 5 * Math.sqrt(expected);
        assertTrue(Math.abs(inBand - expected) < tolerance, inBand + " of " + draws + " in the band, expected about "
                + Math.round(expected));
    }

    @Test
    void logNormalMedianIsTheSetting() {
        SplittableRandom random = new SplittableRandom(12);
        long[] cents = new long[100_001];

        for (int i = 0; i < cents.length; i++) {
            cents[i] = DEFAULT.drawCents(random);
        }

        Arrays.sort(cents);
        long median = cents[cents.length / 2];
        // The standard error of the sample median is $100 * 1.5 * sqrt(2 pi) / (2 sqrt(100,001)), about $0.59,
        // so 3 % of $100 is five of them.
        assertTrue(median > 9_700, "sample median " + median + " cents");
        assertTrue(median < 10_300, "sample median " + median + " cents");
    }

    @Test
    void logNormalAmountsAreCappedAndNeverNegative() {
        LogNormalAmounts wide = new LogNormalAmounts(10_000_000, 5);
        SplittableRandom random = new SplittableRandom(13);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        for (int i = 0; i < 100_000; i++) {
            long cents = wide.drawCents(random);
            min = Math.min(min, cents);
            max = Math.max(max, cents);
        }

        assertTrue(min >= 0, "smallest draw " + min);
        assertEquals(LogNormalAmounts.MAX_CENTS, max, "about a third of the draws exceed the cap");
    }

    @Test
    void capIsCountedInFractionAtTheTop() {
        LogNormalAmounts wide = new LogNormalAmounts(10_000_000, 5);

        double atCap = wide.fractionBetween(LogNormalAmounts.MAX_CENTS, Long.MAX_VALUE);
        double everything = wide.fractionBetween(0, LogNormalAmounts.MAX_CENTS);

        // P(Z > ln(10) / 5) for a standard normal Z is 0.3226.
        assertEquals(0.3226, atCap, 1e-4);
        assertEquals(1.0, everything, 1e-9);
    }

    @Test
    void uniformBandFractionIsOneFifth() {
        UniformDollars uniform = new UniformDollars();

        assertEquals(0.2, uniform.fractionBetween(BAND_LOW_CENTS, BAND_HIGH_CENTS), 1e-12);
        assertEquals(1.0, uniform.fractionBetween(0, 999_900), 1e-12);
        assertEquals(0.0001, uniform.fractionBetween(50, 150), 1e-12);
        assertEquals(0.0, uniform.fractionBetween(999_901, 2_000_000), 1e-12);
    }

    @Test
    void uniformDrawsWholeDollarsUpToMaximum() {
        UniformDollars uniform = new UniformDollars();
        SplittableRandom random = new SplittableRandom(14);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        for (int i = 0; i < 200_000; i++) {
            long cents = uniform.drawCents(random);
            assertEquals(0, cents % 100, "whole dollars: " + cents);
            min = Math.min(min, cents);
            max = Math.max(max, cents);
        }

        assertEquals(0, min);
        assertEquals(UniformDollars.MAX_DOLLARS * 100L, max);
    }
}
