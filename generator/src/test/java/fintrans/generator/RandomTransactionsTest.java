package fintrans.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import fintrans.common.City;
import fintrans.common.Transaction;

class RandomTransactionsTest {
    private static final int DRAWS = 200_000;

    @Test
    void originalValuesStayInOriginalRanges() {
        RandomTransactions random = RandomTransactions.original(1);
        long minAmount = Long.MAX_VALUE;
        long maxAmount = Long.MIN_VALUE;

        for (int i = 0; i < DRAWS; i++) {
            Transaction transaction = random.next();
            int source = Integer.parseInt(transaction.source());
            int target = Integer.parseInt(transaction.target());

            assertTrue(source >= 0, transaction.toString());
            assertTrue(source < RandomTransactions.ORIGINAL_ACCOUNTS, transaction.toString());
            assertTrue(target >= 0, transaction.toString());
            assertTrue(target < RandomTransactions.ORIGINAL_ACCOUNTS, transaction.toString());
            assertNotEquals(source, target, "no self-transfer: " + transaction);
            assertEquals(0, transaction.amountCents() % 100, "whole dollars: " + transaction);
            minAmount = Math.min(minAmount, transaction.amountCents());
            maxAmount = Math.max(maxAmount, transaction.amountCents());
        }

        assertEquals(0, minAmount);
        assertEquals(UniformDollars.MAX_DOLLARS * 100L, maxAmount);
    }

    @Test
    void originalRepeatsEarlierAlgorithm() {
        RandomTransactions random = RandomTransactions.original(42);
        EarlierAlgorithm earlier = new EarlierAlgorithm(42);

        for (int i = 0; i < 10_000; i++) {
            assertEquals(earlier.next(), random.next(), "draw " + i);
        }
    }

    @Test
    void everyOriginalAccountAppearsAsSourceAndTarget() {
        RandomTransactions random = RandomTransactions.original(2);
        Set<String> sources = new HashSet<>();
        Set<String> targets = new HashSet<>();

        for (int i = 0; i < DRAWS; i++) {
            Transaction transaction = random.next();
            sources.add(transaction.source());
            targets.add(transaction.target());
        }

        assertEquals(RandomTransactions.ORIGINAL_ACCOUNTS, sources.size());
        assertEquals(RandomTransactions.ORIGINAL_ACCOUNTS, targets.size());
    }

    @Test
    void defaultBackgroundStaysInRanges() {
        RandomTransactions random = new RandomTransactions(4, 100_000, new LogNormalAmounts(10_000, 1.5));
        Set<String> sources = new HashSet<>();
        int maxAccount = -1;

        for (int i = 0; i < DRAWS; i++) {
            Transaction transaction = random.next();
            int source = Integer.parseInt(transaction.source());
            int target = Integer.parseInt(transaction.target());

            assertTrue(source >= 0, transaction.toString());
            assertTrue(source < 100_000, transaction.toString());
            assertTrue(target >= 0, transaction.toString());
            assertTrue(target < 100_000, transaction.toString());
            assertNotEquals(source, target, "no self-transfer: " + transaction);
            assertTrue(transaction.amountCents() <= LogNormalAmounts.MAX_CENTS, transaction.toString());
            sources.add(transaction.source());
            maxAccount = Math.max(maxAccount, Math.max(source, target));
        }

        // 200,000 draws over 100,000 accounts reach about 86 % of them as sources.
        assertTrue(sources.size() > 80_000, sources.size() + " distinct sources");
        assertTrue(maxAccount > 99_900, "largest account id " + maxAccount);
    }

    @Test
    void twoAccountsAlwaysTransferToEachOther() {
        RandomTransactions random = new RandomTransactions(5, 2, new UniformDollars());

        for (int i = 0; i < 1000; i++) {
            Transaction transaction = random.next();
            assertEquals(1 - Integer.parseInt(transaction.source()), Integer.parseInt(transaction.target()));
        }
    }

    @Test
    void rejectsPopulationOfOne() {
        assertThrows(IllegalArgumentException.class, () -> new RandomTransactions(6, 1, new UniformDollars()));
    }

    @Test
    void citiesAreChosenUniformly() {
        RandomTransactions random = new RandomTransactions(3, 100_000, new LogNormalAmounts(10_000, 1.5));
        Map<City, Integer> counts = new EnumMap<>(City.class);

        for (int i = 0; i < DRAWS; i++) {
            counts.merge(random.next().city(), 1, Integer::sum);
        }

        double expected = DRAWS / (double) City.values().length;
        for (City city : City.values()) {
            int count = counts.getOrDefault(city, 0);
            // Five standard deviations of a binomial count around 40,000 is about 900.
            assertTrue(Math.abs(count - expected) < 900, city + " drawn " + count + " times");
        }
    }

    @Test
    void sameSeedRepeatsSequence() {
        RandomTransactions first = new RandomTransactions(42, 100_000, new LogNormalAmounts(10_000, 1.5));
        RandomTransactions second = new RandomTransactions(42, 100_000, new LogNormalAmounts(10_000, 1.5));

        for (int i = 0; i < 1000; i++) {
            assertEquals(first.next(), second.next());
        }
    }

    /** The original demo's draws as the generator made them before the distribution became configurable. */
    private static final class EarlierAlgorithm {
        private static final List<City> CITIES = City.all();
        private final SplittableRandom random;

        EarlierAlgorithm(long seed) {
            random = new SplittableRandom(seed);
        }

        Transaction next() {
            City city = CITIES.get(random.nextInt(CITIES.size()));
            int source = random.nextInt(1000);
            int target = random.nextInt(999);
            if (target >= source) {
                target++;
            }
            return new Transaction(city, Integer.toString(source), Integer.toString(target),
                    random.nextInt(10_000) * 100L);
        }
    }
}
