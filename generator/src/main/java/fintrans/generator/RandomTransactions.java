package fintrans.generator;

import java.util.List;
import java.util.SplittableRandom;

import fintrans.common.City;
import fintrans.common.Transaction;

/**
 * The background: random transactions with a uniformly chosen city, source and target accounts uniform
 * over {@code 0..accounts-1} and never equal, and an amount from an {@link AmountDistribution}. The
 * same seed and settings give the same sequence.
 *
 * <p>{@link #original(long)} is the original demo's distribution, 1,000 accounts and whole dollars
 * uniform over $0 to $9,999, and repeats the sequence that earlier versions drew from the same seed.
 */
public final class RandomTransactions {
    /** Accounts of the original demo, ids 0 to 999. */
    public static final int ORIGINAL_ACCOUNTS = 1000;

    private static final List<City> CITIES = City.all();

    private final SplittableRandom random;
    private final int accounts;
    private final AmountDistribution amounts;

    /**
     * @param accounts size of the account population, 2 or more, because a transfer never goes to its own source
     */
    public RandomTransactions(long seed, int accounts, AmountDistribution amounts) {
        if (accounts < 2) {
            throw new IllegalArgumentException("accounts must be 2 or more, got " + accounts);
        }
        this.random = new SplittableRandom(seed);
        this.accounts = accounts;
        this.amounts = amounts;
    }

    /** Draws the original demo's distribution: 1,000 accounts and uniform whole dollars. */
    public static RandomTransactions original(long seed) {
        return new RandomTransactions(seed, ORIGINAL_ACCOUNTS, new UniformDollars());
    }

    public int accounts() {
        return accounts;
    }

    public AmountDistribution amounts() {
        return amounts;
    }

    public Transaction next() {
        City city = CITIES.get(random.nextInt(CITIES.size()));
        int source = random.nextInt(accounts);
        // Drawing from the other accounts and skipping over the source keeps the target uniform.
        int target = random.nextInt(accounts - 1);
        if (target >= source) {
            target++;
        }
        long amountCents = amounts.drawCents(random);
        return new Transaction(city, Integer.toString(source), Integer.toString(target), amountCents);
    }
}
