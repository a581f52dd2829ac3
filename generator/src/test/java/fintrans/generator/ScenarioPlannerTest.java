package fintrans.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import fintrans.common.ScenarioHeaders;
import fintrans.common.Transaction;
import fintrans.generator.Scenario.ScenarioTransfer;

class ScenarioPlannerTest {
    private static final ScenarioSettings DEFAULTS =
            new ScenarioSettings(100_000_000, 800_000, 999_999, Duration.ofMinutes(10));

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("defaults", DEFAULTS),
                Arguments.of("amount with cents",
                        new ScenarioSettings(100_000_037, 800_000, 999_999, Duration.ofHours(2))),
                Arguments.of("only the minimum fits",
                        new ScenarioSettings(4_000_000, 800_000, 999_999, Duration.ofSeconds(30))),
                Arguments.of("every transfer at the maximum",
                        new ScenarioSettings(2_999_997, 800_000, 999_999, Duration.ZERO)),
                Arguments.of("one transfer",
                        new ScenarioSettings(900_000, 800_000, 999_999, Duration.ofMinutes(1))),
                Arguments.of("minimum equals maximum",
                        new ScenarioSettings(5_000_000, 1_000_000, 1_000_000, Duration.ofMinutes(1))),
                Arguments.of("maximum above the amount",
                        new ScenarioSettings(5_000, 1_000, 999_999, Duration.ofMinutes(1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void transfersAddUpToAmountWithinRange(String name, ScenarioSettings settings) {
        ScenarioPlanner planner = new ScenarioPlanner(1, 100_000, settings);

        for (int n = 0; n < 50; n++) {
            Scenario scenario = planner.next();
            long sum = 0;
            for (ScenarioTransfer transfer : scenario.transfers()) {
                long cents = transfer.transaction().amountCents();
                assertTrue(cents >= settings.minTransferCents(), scenario.id() + " transfer of " + cents + " cents");
                assertTrue(cents <= settings.maxTransferCents(), scenario.id() + " transfer of " + cents + " cents");
                sum += cents;
            }
            assertEquals(settings.amountCents(), sum, scenario.id() + " total in cents");
            assertEquals(settings.transferCount(), scenario.transfers().size(), scenario.id() + " transfers");
        }
    }

    @Test
    void defaultsGive111Transfers() {
        assertEquals(111, DEFAULTS.transferCount());
    }

    @Test
    void transferCountNearMiddleOfRange() {
        // $24,000 / $9,000 rounds to 3, and 3 transfers of $8,000 to $9,999.99 carry $24,000 to $29,999.97.
        assertEquals(3, new ScenarioSettings(2_400_000, 800_000, 999_999, Duration.ZERO).transferCount());
        // $40,000 in $1 to $10,000: $40,000 / $5,000.50 rounds to 8.
        assertEquals(8, new ScenarioSettings(4_000_000, 100, 1_000_000, Duration.ZERO).transferCount());
    }

    @Test
    void transferCountMovesIntoPossibleRange() {
        // $40,000 / $9,000 rounds to 4, but 4 transfers carry at most $39,999.96, so it takes 5 of $8,000.
        assertEquals(5, new ScenarioSettings(4_000_000, 800_000, 999_999, Duration.ZERO).transferCount());
        // $1,000 in $1 to $10,000: $1,000 / $5,000.50 rounds to 0, but one transfer is needed.
        assertEquals(1, new ScenarioSettings(100_000, 100, 1_000_000, Duration.ZERO).transferCount());
    }

    @Test
    void rejectsAmountThatCannotBeSplit() {
        assertThrows(IllegalArgumentException.class,
                () -> new ScenarioSettings(1_500_000, 800_000, 999_999, Duration.ZERO));
    }

    @Test
    void kindsAlternateStartingWithOneTarget() {
        ScenarioPlanner planner = new ScenarioPlanner(2, 100_000, DEFAULTS);

        for (int n = 1; n <= 6; n++) {
            String expected = n % 2 == 1 ? ScenarioHeaders.KIND_ONE_TARGET : ScenarioHeaders.KIND_MANY_TARGETS;
            assertEquals(expected, planner.next().kind(), "scenario " + n);
        }
    }

    @Test
    void oneTargetScenarioUsesOneTarget() {
        Scenario scenario = new ScenarioPlanner(3, 100_000, DEFAULTS).next();

        Set<String> targets = new HashSet<>();
        for (ScenarioTransfer transfer : scenario.transfers()) {
            targets.add(transfer.transaction().target());
        }

        assertEquals(ScenarioHeaders.KIND_ONE_TARGET, scenario.kind());
        assertEquals(1, targets.size(), targets.toString());
        assertNotEquals(scenario.source(), targets.iterator().next());
    }

    @Test
    void manyTargetsScenarioUsesDistinctTargets() {
        ScenarioPlanner planner = new ScenarioPlanner(4, 100_000, DEFAULTS);
        planner.next();
        Scenario scenario = planner.next();

        Set<String> targets = new HashSet<>();
        for (ScenarioTransfer transfer : scenario.transfers()) {
            targets.add(transfer.transaction().target());
        }

        assertEquals(ScenarioHeaders.KIND_MANY_TARGETS, scenario.kind());
        assertEquals(scenario.transfers().size(), targets.size(), "distinct targets");
        assertTrue(!targets.contains(scenario.source()), "no transfer to the source itself");
    }

    @Test
    void smallestPopulationUsesEveryOtherAccount() {
        ScenarioSettings settings = new ScenarioSettings(5_000_000, 800_000, 999_999, Duration.ZERO);
        int accounts = settings.transferCount() + 1;
        ScenarioPlanner planner = new ScenarioPlanner(5, accounts, settings);
        planner.next();
        Scenario scenario = planner.next();

        Set<String> targets = new HashSet<>();
        for (ScenarioTransfer transfer : scenario.transfers()) {
            targets.add(transfer.transaction().target());
        }
        targets.add(scenario.source());

        Set<String> everyAccount = new HashSet<>();
        for (int account = 0; account < accounts; account++) {
            everyAccount.add(Integer.toString(account));
        }
        assertEquals(everyAccount, targets);
    }

    @Test
    void rejectsPopulationTooSmallForDistinctTargets() {
        assertThrows(IllegalArgumentException.class, () -> new ScenarioPlanner(6, 111, DEFAULTS));
    }

    @Test
    void everyTransferComesFromTheSource() {
        ScenarioPlanner planner = new ScenarioPlanner(7, 100_000, DEFAULTS);

        for (int n = 0; n < 4; n++) {
            Scenario scenario = planner.next();
            for (ScenarioTransfer transfer : scenario.transfers()) {
                assertEquals(scenario.source(), transfer.transaction().source(), scenario.id());
            }
        }
    }

    @Test
    void transfersAreSpreadEvenlyFromStartToEnd() {
        Scenario scenario = new ScenarioPlanner(8, 100_000, DEFAULTS).next();
        List<ScenarioTransfer> transfers = scenario.transfers();
        long durationNanos = DEFAULTS.duration().toNanos();
        double spacing = durationNanos / (double) (transfers.size() - 1);

        assertEquals(0, transfers.get(0).offsetNanos());
        assertEquals(durationNanos, transfers.get(transfers.size() - 1).offsetNanos());
        for (int i = 1; i < transfers.size(); i++) {
            long gap = transfers.get(i).offsetNanos() - transfers.get(i - 1).offsetNanos();
            assertTrue(Math.abs(gap - spacing) <= 1,
                    "gap " + gap + " ns before transfer " + i + ", expected " + spacing);
        }
    }

    @Test
    void zeroDurationMakesEveryTransferDueAtStart() {
        ScenarioSettings settings = new ScenarioSettings(100_000_000, 800_000, 999_999, Duration.ZERO);
        Scenario scenario = new ScenarioPlanner(9, 100_000, settings).next();

        for (ScenarioTransfer transfer : scenario.transfers()) {
            assertEquals(0, transfer.offsetNanos());
        }
    }

    @Test
    void amountsCoverTheWholeRange() {
        ScenarioPlanner planner = new ScenarioPlanner(10, 100_000, DEFAULTS);
        long smallest = Long.MAX_VALUE;
        long largest = Long.MIN_VALUE;

        for (int n = 0; n < 20; n++) {
            for (ScenarioTransfer transfer : planner.next().transfers()) {
                smallest = Math.min(smallest, transfer.transaction().amountCents());
                largest = Math.max(largest, transfer.transaction().amountCents());
            }
        }

        // 2,220 transfers drawn uniformly reach within 1 % of both ends of the $2,000 range.
        assertTrue(smallest < 802_000, "smallest transfer " + smallest + " cents");
        assertTrue(largest > 997_999, "largest transfer " + largest + " cents");
    }

    @Test
    void idsAreUniqueAndNameTheSeed() {
        ScenarioPlanner planner = new ScenarioPlanner(42, 100_000, DEFAULTS);

        assertEquals("s-42-1", planner.next().id());
        assertEquals("s-42-2", planner.next().id());
        assertEquals("s-18446744073709551615-1", new ScenarioPlanner(-1, 100_000, DEFAULTS).next().id());
    }

    @Test
    void sameSeedPlansSameScenarios() {
        ScenarioPlanner first = new ScenarioPlanner(11, 100_000, DEFAULTS);
        ScenarioPlanner second = new ScenarioPlanner(11, 100_000, DEFAULTS);

        for (int n = 0; n < 5; n++) {
            assertEquals(first.next(), second.next());
        }
    }

    @Test
    void sourcesAreDrawnFromPopulation() {
        ScenarioPlanner planner = new ScenarioPlanner(12, 1000, DEFAULTS);
        Set<String> sources = new HashSet<>();

        for (int n = 0; n < 200; n++) {
            Transaction first = planner.next().transfers().get(0).transaction();
            int source = Integer.parseInt(first.source());
            assertTrue(source >= 0, "source " + source);
            assertTrue(source < 1000, "source " + source);
            sources.add(first.source());
        }

        // 200 draws from 1,000 accounts give about 181 distinct ones.
        assertTrue(sources.size() > 150, sources.size() + " distinct sources");
    }
}
