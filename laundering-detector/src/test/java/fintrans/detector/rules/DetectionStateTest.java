package fintrans.detector.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.common.alert.AlertRecord.Rule;

class DetectionStateTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_800_000_000_000L;

    private static RuleSettings settings(Duration window, boolean repeat) {
        return new RuleSettings(800_000, window, repeat, 1_000_000, 800_000, 3);
    }

    private final DetectionState state = new DetectionState(settings(Duration.ofMinutes(10), false));

    @Test
    void pairTotalEqualToThresholdDoesNotAlert() {
        assertEquals(List.of(), state.apply(transfer("1", "2", 500_000), T0));
        assertEquals(List.of(), state.apply(transfer("1", "2", 300_000), T0 + 1));

        assertEquals(800_000, state.pairTotalCents("1", "2"));
    }

    @Test
    void pairTotalOneCentAboveThresholdAlerts() {
        state.apply(transfer("1", "2", 800_000), T0);

        List<RuleHit> hits = state.apply(transfer("1", "2", 1), T0 + 1);

        assertEquals(List.of(new RuleHit(Rule.PAIR_TOTAL, "1", "2", 800_001, 2, 800_000, T0 + 1 - 10 * MINUTE)), hits);
    }

    @Test
    void pairAlertsOncePerCrossing() {
        assertEquals(1, state.apply(transfer("1", "2", 900_000), T0).size());

        assertEquals(List.of(), state.apply(transfer("1", "2", 100), T0 + MINUTE));
        assertEquals(List.of(), state.apply(transfer("1", "2", 100), T0 + 2 * MINUTE));
    }

    @Test
    void pairAlertsAgainAfterFallingBackAndCrossing() {
        state.apply(transfer("1", "2", 900_000), T0);
        state.apply(transfer("9", "8", 1), T0 + 11 * MINUTE);

        List<RuleHit> hits = state.apply(transfer("1", "2", 850_000), T0 + 12 * MINUTE);

        assertEquals(1, hits.size());
        assertEquals(850_000, hits.get(0).totalCents());
        assertEquals(1, hits.get(0).count());
    }

    @Test
    void repeatAlertsAlertOnEveryTransferAbove() {
        DetectionState repeating = new DetectionState(settings(Duration.ofMinutes(10), true));

        assertEquals(1, repeating.apply(transfer("1", "2", 900_000), T0).size());
        assertEquals(1, repeating.apply(transfer("1", "2", 0), T0 + 1).size());
        assertEquals(1, repeating.apply(transfer("1", "2", 100), T0 + 2).size());
    }

    @Test
    void transfersOutsideWindowDoNotAddUp() {
        state.apply(transfer("1", "2", 500_000), T0);

        assertEquals(List.of(), state.apply(transfer("1", "2", 500_000), T0 + 30 * MINUTE));

        assertEquals(500_000, state.pairTotalCents("1", "2"));
    }

    @Test
    void transferExactlyOneWindowOldLeavesWindow() {
        state.apply(transfer("1", "2", 500_000), T0);

        assertEquals(List.of(), state.apply(transfer("1", "2", 500_000), T0 + 10 * MINUTE));
    }

    @Test
    void unboundedWindowKeepsOriginalRunningTotal() {
        DetectionState original = new DetectionState(settings(null, true));
        original.apply(transfer("1", "2", 500_000), T0);

        List<RuleHit> hits = original.apply(transfer("1", "2", 500_000), T0 + 365L * 24 * 60 * MINUTE);

        assertEquals(List.of(new RuleHit(Rule.PAIR_TOTAL, "1", "2", 1_000_000, 2, 800_000, Long.MIN_VALUE)), hits);
    }

    @Test
    void structuringAlertsOnThirdTransferInBand() {
        assertEquals(List.of(), structuringHits(state.apply(transfer("7", "a", 950_000), T0)));
        assertEquals(List.of(), structuringHits(state.apply(transfer("7", "b", 800_000), T0 + MINUTE)));

        List<RuleHit> hits = structuringHits(state.apply(transfer("7", "c", 999_999), T0 + 2 * MINUTE));

        assertEquals(List.of(new RuleHit(Rule.STRUCTURING, "7", null, 2_749_999, 3, 1_000_000, T0 + 2 * MINUTE - 10 * MINUTE)),
                hits);
    }

    @Test
    void structuringIgnoresTransfersOutsideBand() {
        state.apply(transfer("7", "a", 950_000), T0);
        state.apply(transfer("7", "b", 950_000), T0 + 1);
        state.apply(transfer("7", "c", 1_000_000), T0 + 2);
        state.apply(transfer("7", "d", 799_999), T0 + 3);

        assertEquals(0, structuringHits(state.apply(transfer("7", "e", 5_000), T0 + 4)).size());
        assertEquals(1, structuringHits(state.apply(transfer("7", "f", 800_000), T0 + 5)).size());
    }

    @Test
    void structuringNeedsTransfersWithinWindow() {
        state.apply(transfer("7", "a", 950_000), T0);
        state.apply(transfer("7", "b", 950_000), T0 + 6 * MINUTE);

        assertEquals(List.of(), structuringHits(state.apply(transfer("7", "c", 950_000), T0 + 12 * MINUTE)));
    }

    @Test
    void stateShrinksAfterWindowPasses() {
        for (int i = 0; i < 1000; i++) {
            state.apply(transfer("s" + i, "t" + i, 900_000), T0 + i);
        }
        assertEquals(1000, state.pairs());
        assertEquals(2000, state.transfersHeld());

        state.advanceTo(T0 + 1000 + 10 * MINUTE);

        assertEquals(0, state.pairs());
        assertEquals(0, state.structuringSources());
        assertEquals(0, state.transfersHeld());
    }

    @Test
    void lateRecordOutsideWindowIsSkipped() {
        state.apply(transfer("1", "2", 100), T0 + 20 * MINUTE);

        assertEquals(List.of(), state.apply(transfer("3", "4", 900_000), T0));

        assertEquals(1, state.lateRecords());
        assertEquals(0, state.pairTotalCents("3", "4"));
    }

    @Test
    void totalSaturatesInsteadOfOverflowing() {
        state.apply(transfer("1", "2", Long.MAX_VALUE - 5), T0);

        state.apply(transfer("1", "2", 10), T0 + 1);

        assertEquals(Long.MAX_VALUE, state.pairTotalCents("1", "2"));
    }

    @Test
    void saturatedTotalRecoversAfterEviction() {
        state.apply(transfer("1", "2", Long.MAX_VALUE - 5), T0);
        state.apply(transfer("1", "2", 10), T0 + 5 * MINUTE);

        state.advanceTo(T0 + 10 * MINUTE);

        assertEquals(10, state.pairTotalCents("1", "2"));
    }

    private static List<RuleHit> structuringHits(List<RuleHit> hits) {
        return hits.stream().filter(hit -> hit.rule() == Rule.STRUCTURING).toList();
    }

    private static Transaction transfer(String source, String target, long cents) {
        return new Transaction(City.NYC, source, target, cents);
    }

    @Test
    void settingsRejectBandAtOrAboveLimit() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RuleSettings(1, null, false, 1_000_000, 1_000_000, 3)).getMessage().contains("band"));
    }
}
