package fintrans.generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import fintrans.common.City;
import fintrans.common.ScenarioHeaders;
import fintrans.common.Transaction;
import fintrans.generator.Scenario.ScenarioTransfer;

/**
 * Plans laundering scenarios of the structuring kind: one source account sends a large amount in
 * transfers just under a reporting limit. Scenarios alternate between
 * {@link ScenarioHeaders#KIND_ONE_TARGET}, where every transfer goes to one target, and
 * {@link ScenarioHeaders#KIND_MANY_TARGETS}, where each transfer goes to another target.
 *
 * <p>Amounts are drawn one after another, each uniform over the part of the transfer range that still
 * lets the rest of the amount be split into the remaining transfers, so the transfers add up to the
 * scenario amount exactly. The transfers are spread evenly over the duration: the first is due at the
 * start and the last at the end. The cities are uniform, like the background's.
 *
 * <p>The random sequence is split off the generator's seed, so the same seed gives the same scenarios
 * whatever the background does. Ids are {@code s-SEED-N} with the seed as an unsigned decimal and N
 * counting from 1, so a run with the same seed repeats the ids.
 */
final class ScenarioPlanner {
    private static final List<City> CITIES = City.all();

    private final SplittableRandom random;
    private final String idPrefix;
    private final int accounts;
    private final ScenarioSettings settings;
    private final int transferCount;
    private long planned;

    /**
     * @throws IllegalArgumentException when the population has fewer than {@code transferCount() + 1}
     *     accounts, too few for distinct targets of a many-targets scenario
     */
    ScenarioPlanner(long seed, int accounts, ScenarioSettings settings) {
        this.transferCount = settings.transferCount();
        if (accounts - 1 < transferCount) {
            throw new IllegalArgumentException("a scenario of " + transferCount + " transfers to distinct targets "
                    + "needs " + (transferCount + 1) + " accounts, but the population has " + accounts);
        }
        this.random = new SplittableRandom(seed).split();
        this.idPrefix = "s-" + Long.toUnsignedString(seed) + "-";
        this.accounts = accounts;
        this.settings = settings;
    }

    ScenarioSettings settings() {
        return settings;
    }

    /** Plans the next scenario. */
    Scenario next() {
        planned++;
        String id = idPrefix + planned;
        String kind = planned % 2 == 1 ? ScenarioHeaders.KIND_ONE_TARGET : ScenarioHeaders.KIND_MANY_TARGETS;
        int source = random.nextInt(accounts);

        int[] targets = kind.equals(ScenarioHeaders.KIND_ONE_TARGET)
                ? sameTarget(source)
                : distinctTargets(source);
        long[] amounts = splitAmount();

        List<ScenarioTransfer> transfers = new ArrayList<>(transferCount);
        for (int i = 0; i < transferCount; i++) {
            City city = CITIES.get(random.nextInt(CITIES.size()));
            Transaction transaction =
                    new Transaction(city, Integer.toString(source), Integer.toString(targets[i]), amounts[i]);
            transfers.add(new ScenarioTransfer(transaction, offsetNanos(i)));
        }
        return new Scenario(id, kind, Integer.toString(source), settings.amountCents(), settings.duration(), transfers);
    }

    private int[] sameTarget(int source) {
        int target = otherAccount(source, random.nextInt(accounts - 1));
        int[] targets = new int[transferCount];
        Arrays.fill(targets, target);
        return targets;
    }

    /**
     * Draws {@code transferCount} distinct accounts other than {@code source} in random order, with
     * Robert Floyd's sampling algorithm, which needs one draw per account however large the population.
     */
    private int[] distinctTargets(int source) {
        int others = accounts - 1;
        Set<Integer> chosen = new HashSet<>();
        int[] targets = new int[transferCount];
        int filled = 0;
        for (int upper = others - transferCount; upper < others; upper++) {
            int candidate = random.nextInt(upper + 1);
            int pick = chosen.contains(candidate) ? upper : candidate;
            chosen.add(pick);
            targets[filled++] = pick;
        }
        // Floyd's algorithm picks a uniform set but not a uniform order, so the order is shuffled.
        for (int i = targets.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = targets[i];
            targets[i] = targets[j];
            targets[j] = swap;
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = otherAccount(source, targets[i]);
        }
        return targets;
    }

    /** Maps {@code index} from {@code 0..accounts-2} to an account other than {@code source}. */
    private static int otherAccount(int source, int index) {
        return index >= source ? index + 1 : index;
    }

    private long[] splitAmount() {
        long min = settings.minTransferCents();
        // No transfer can be larger than the whole amount.
        long max = Math.min(settings.maxTransferCents(), settings.amountCents());
        long remaining = settings.amountCents();
        long[] amounts = new long[transferCount];
        for (int i = 0; i < transferCount - 1; i++) {
            long after = transferCount - 1 - i;
            // The remaining transfers can carry from after * min to after * max, so this one must leave
            // a rest inside that range.
            long low = Math.max(min, remaining - after * max);
            long high = Math.min(max, remaining - after * min);
            amounts[i] = low + random.nextLong(high - low + 1);
            remaining -= amounts[i];
        }
        amounts[transferCount - 1] = remaining;
        return amounts;
    }

    private long offsetNanos(int index) {
        if (transferCount == 1) {
            return 0;
        }
        // At most 7 days in nanoseconds times 10,000 transfers, about 6.05e18, so the product fits a long.
        return settings.duration().toNanos() * index / (transferCount - 1);
    }
}
