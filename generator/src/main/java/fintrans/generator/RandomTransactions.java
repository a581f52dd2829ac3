package fintrans.generator;

import java.util.List;
import java.util.SplittableRandom;

import fintrans.common.City;
import fintrans.common.Transaction;

/**
 * Random transactions distributed as in the original demo: a uniformly chosen city, source and target
 * accounts uniform over {@code 0..999} and never equal, and a whole-dollar amount uniform over
 * {@code 0..9999}. The same seed gives the same sequence.
 */
public final class RandomTransactions {
    public static final int ACCOUNTS = 1000;
    public static final int MAX_AMOUNT_DOLLARS = 9999;

    private static final List<City> CITIES = City.all();

    private final SplittableRandom random;

    public RandomTransactions(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public Transaction next() {
        City city = CITIES.get(random.nextInt(CITIES.size()));
        int source = random.nextInt(ACCOUNTS);
        // Drawing from the 999 other accounts and skipping over the source keeps the target uniform.
        int target = random.nextInt(ACCOUNTS - 1);
        if (target >= source) {
            target++;
        }
        long amountCents = random.nextInt(MAX_AMOUNT_DOLLARS + 1) * 100L;
        return new Transaction(city, Integer.toString(source), Integer.toString(target), amountCents);
    }
}
