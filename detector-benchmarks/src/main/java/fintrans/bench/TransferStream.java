package fintrans.bench;

import java.util.SplittableRandom;

import fintrans.common.City;
import fintrans.common.Transaction;

/**
 * A repeatable stream of transfers over a fixed set of distinct (source, target) pairs, for the
 * benchmarks. Accounts are the decimal ids {@code 0} to {@code accounts - 1}, as the generator draws them.
 * Pair {@code i} is source {@code i % accounts} to target {@code (source + 1 + i / accounts) % accounts},
 * so pairs never repeat and never send to themselves while {@code pairs < accounts * (accounts - 1)}.
 * Amounts are log-normal with a median of $100 and sigma 1.5, the generator's default background.
 */
final class TransferStream {
    private static final double LOG_MEDIAN_CENTS = Math.log(10_000);
    private static final double SIGMA = 1.5;
    private static final long MAX_CENTS = 100_000_000;

    private final int accounts;
    private final SplittableRandom random;

    TransferStream(int accounts, long seed) {
        this.accounts = accounts;
        this.random = new SplittableRandom(seed);
    }

    /** Returns the source account of pair {@code pair}. */
    int source(long pair) {
        return (int) (pair % accounts);
    }

    /** Returns the target account of pair {@code pair}. */
    int target(long pair) {
        return (int) ((source(pair) + 1 + pair / accounts) % accounts);
    }

    /** Returns a transfer of pair {@code pair}, with new id strings as the record decoder creates them. */
    Transaction transfer(long pair, long amountCents) {
        return new Transaction(City.LONDON, Integer.toString(source(pair)), Integer.toString(target(pair)), amountCents);
    }

    /** Draws an amount in cents from the log-normal background distribution. */
    long nextAmountCents() {
        double gaussian = gaussian();
        long cents = Math.round(Math.exp(LOG_MEDIAN_CENTS + SIGMA * gaussian));
        return Math.min(MAX_CENTS, Math.max(1, cents));
    }

    int nextPair(int pairs) {
        return random.nextInt(pairs);
    }

    private double gaussian() {
        // Box-Muller transform; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
