package fintrans.evaluation;

import static fintrans.evaluation.Fixtures.addBackgroundRecord;
import static fintrans.evaluation.Fixtures.addScenarioRecord;
import static fintrans.evaluation.Fixtures.minutes;
import static fintrans.evaluation.Fixtures.pairTotal;
import static fintrans.evaluation.Fixtures.structuring;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fintrans.common.ScenarioHeaders;
import fintrans.common.alert.AlertRecord;

class AttributionTest {
    private static final RecordPosition S1_FIRST = new RecordPosition("London", 0, 10);
    private static final RecordPosition S1_LAST = new RecordPosition("NYC", 1, 20);
    private static final RecordPosition S2_ONLY = new RecordPosition("SF", 0, 5);
    private static final RecordPosition BACKGROUND_OF_A1 = new RecordPosition("Tokyo", 2, 7);

    private GroundTruth truth;

    /**
     * Scenario s-1 of account a1 spans minutes 0 to 2, scenario s-2 of a1 spans minutes 60 to 60, and
     * account a1 also sends a background transfer at minute 30.
     */
    @BeforeEach
    void readCityTopics() {
        truth = new GroundTruth();
        addScenarioRecord(truth, S1_FIRST, minutes(0), "a1 t1 9000", "s-1", ScenarioHeaders.KIND_ONE_TARGET);
        addScenarioRecord(truth, new RecordPosition("London", 0, 11), minutes(1), "a1 t1 9000", "s-1",
                ScenarioHeaders.KIND_ONE_TARGET);
        addScenarioRecord(truth, S1_LAST, minutes(2), "a1 t1 9000", "s-1", ScenarioHeaders.KIND_ONE_TARGET);
        addScenarioRecord(truth, S2_ONLY, minutes(60), "a1 t7 9000", "s-2", ScenarioHeaders.KIND_MANY_TARGETS);
        addBackgroundRecord(truth, BACKGROUND_OF_A1, minutes(30), "a1 x1 25");
    }

    @Test
    void triggerRecordOfScenarioAttributesAlert() {
        // The window lies after both scenarios, so only the trigger connects the alert to s-1.
        AlertRecord alert = structuring("a1", minutes(100), minutes(200), S1_LAST);

        assertEquals(Set.of("s-1"), attributed(alert, Duration.ofHours(24)));
    }

    @Test
    void triggerOfScenarioWithOtherSourceIsIgnored() {
        AlertRecord alert = structuring("b1", minutes(-10), minutes(200), S1_LAST);

        assertEquals(Set.of(), attributed(alert, Duration.ofHours(24)));
    }

    @Test
    void overlappingWindowAttributesAlert() {
        AlertRecord alert = structuring("a1", minutes(-30), minutes(30), BACKGROUND_OF_A1);

        assertEquals(Set.of("s-1"), attributed(alert, Duration.ofHours(24)));
    }

    @Test
    void windowCoveringBothScenariosAttributesBoth() {
        AlertRecord alert = structuring("a1", minutes(-30), minutes(90), BACKGROUND_OF_A1);

        assertEquals(Set.of("s-1", "s-2"), attributed(alert, Duration.ofHours(24)));
    }

    @Test
    void windowStartIsExcluded() {
        AlertRecord startsAtLastTransfer = structuring("a1", minutes(2), minutes(30), BACKGROUND_OF_A1);
        AlertRecord startsJustBefore = structuring("a1", minutes(2).minusMillis(1), minutes(30), BACKGROUND_OF_A1);

        assertEquals(Set.of(), attributed(startsAtLastTransfer, Duration.ofHours(24)));
        assertEquals(Set.of("s-1"), attributed(startsJustBefore, Duration.ofHours(24)));
    }

    @Test
    void windowEndIsIncluded() {
        AlertRecord endsAtFirstTransfer = structuring("a1", minutes(-30), minutes(60), BACKGROUND_OF_A1);
        AlertRecord endsJustBefore = structuring("a1", minutes(-30), minutes(60).minusMillis(1), BACKGROUND_OF_A1);

        assertEquals(Set.of("s-1", "s-2"), attributed(endsAtFirstTransfer, Duration.ofHours(24)));
        assertEquals(Set.of("s-1"), attributed(endsJustBefore, Duration.ofHours(24)));
    }

    @Test
    void otherSourceWithOverlappingWindowIsBackground() {
        AlertRecord alert = structuring("b1", minutes(-30), minutes(90), new RecordPosition("Tokyo", 2, 8));

        assertEquals(Set.of(), attributed(alert, Duration.ofHours(24)));
    }

    @Test
    void unboundedWindowReachesBackByLookback() {
        AlertRecord alert = pairTotal("a1", "x1", null, minutes(30), BACKGROUND_OF_A1);

        assertEquals(Set.of(), attributed(alert, Duration.ofMinutes(20)), "covers minutes 10 to 30");
        assertEquals(Set.of("s-1"), attributed(alert, Duration.ofMinutes(29)), "covers minutes 1 to 30");
    }

    @Test
    void scenarioSpanCoversAllItsTransfers() {
        List<InjectedScenario> scenarios = truth.scenariosBySource().get("a1");

        InjectedScenario first = scenarios.stream().filter(s -> s.id().equals("s-1")).findFirst().orElseThrow();
        assertEquals(minutes(0), first.firstTransfer());
        assertEquals(minutes(2), first.lastTransfer());
        assertEquals(3, first.transfers());
        assertEquals(2_700_000, first.totalCents());
    }

    private Set<String> attributed(AlertRecord alert, Duration unboundedLookback) {
        return new Attribution(truth, unboundedLookback).scenariosOf(alert).stream()
                .map(InjectedScenario::id)
                .collect(Collectors.toSet());
    }
}
