package fintrans.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fintrans.common.City;
import fintrans.common.Transaction;

class RandomTransactionsTest {
    private static final int DRAWS = 200_000;

    @Test
    void valuesStayInOriginalRanges() {
        RandomTransactions random = new RandomTransactions(1);
        long minAmount = Long.MAX_VALUE;
        long maxAmount = Long.MIN_VALUE;

        for (int i = 0; i < DRAWS; i++) {
            Transaction transaction = random.next();
            int source = Integer.parseInt(transaction.source());
            int target = Integer.parseInt(transaction.target());

            assertTrue(source >= 0 && source < RandomTransactions.ACCOUNTS, transaction.toString());
            assertTrue(target >= 0 && target < RandomTransactions.ACCOUNTS, transaction.toString());
            assertNotEquals(source, target, "no self-transfer: " + transaction);
            assertEquals(0, transaction.amountCents() % 100, "whole dollars: " + transaction);
            minAmount = Math.min(minAmount, transaction.amountCents());
            maxAmount = Math.max(maxAmount, transaction.amountCents());
        }

        assertEquals(0, minAmount);
        assertEquals(RandomTransactions.MAX_AMOUNT_DOLLARS * 100L, maxAmount);
    }

    @Test
    void everyAccountAppearsAsSourceAndTarget() {
        RandomTransactions random = new RandomTransactions(2);
        Set<String> sources = new HashSet<>();
        Set<String> targets = new HashSet<>();

        for (int i = 0; i < DRAWS; i++) {
            Transaction transaction = random.next();
            sources.add(transaction.source());
            targets.add(transaction.target());
        }

        assertEquals(RandomTransactions.ACCOUNTS, sources.size());
        assertEquals(RandomTransactions.ACCOUNTS, targets.size());
    }

    @Test
    void citiesAreChosenUniformly() {
        RandomTransactions random = new RandomTransactions(3);
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
        RandomTransactions first = new RandomTransactions(42);
        RandomTransactions second = new RandomTransactions(42);

        for (int i = 0; i < 1000; i++) {
            assertEquals(first.next(), second.next());
        }
    }
}
