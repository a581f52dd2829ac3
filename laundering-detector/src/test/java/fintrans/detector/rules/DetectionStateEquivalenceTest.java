package fintrans.detector.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fintrans.common.City;
import fintrans.common.Transaction;

/**
 * Drives {@link DetectionState} and {@link ReferenceDetectionState} with the same random transfers,
 * including out-of-order and late event times, band amounts, saturating amounts and idle advances, and
 * checks that both raise the same alerts and hold the same state after every step.
 */
class DetectionStateEquivalenceTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final long WINDOW_MILLIS = Duration.ofMinutes(10).toMillis();
    private static final int STEPS = 20_000;
    private static final long MAX_STEP_MILLIS = 60_000;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void boundedWindowMatchesReference(long seed) {
        runBoth(new RuleSettings(800_000, Duration.ofMillis(WINDOW_MILLIS), false, 1_000_000, 800_000, 3), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void repeatedAlertsMatchReference(long seed) {
        runBoth(new RuleSettings(800_000, Duration.ofMillis(WINDOW_MILLIS), true, 1_000_000, 800_000, 3), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22})
    void unboundedWindowMatchesReference(long seed) {
        runBoth(new RuleSettings(800_000, null, false, 1_000_000, 800_000, 3), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32})
    void tensOfThousandsInWindowMatchReference(long seed) {
        // About 60,000 transfers in the window, so the ring and the record table span many pages.
        runBoth(new RuleSettings(800_000, Duration.ofMillis(WINDOW_MILLIS), false, 1_000_000, 800_000, 3), seed,
                5_000, 20, 150_000, 30_000, 10);
    }

    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43})
    void mostlyOrderedTransfersMatchReference(long seed) {
        // Long stretches in time order, where the state keeps no per-key chains, broken by rare late transfers.
        runBoth(new RuleSettings(800_000, Duration.ofMillis(WINDOW_MILLIS), false, 1_000_000, 800_000, 3), seed,
                300, 2_000, 100_000, 5_000, 3_000);
    }

    private static void runBoth(RuleSettings settings, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        runBoth(settings, seed, 5 + random.nextInt(40), MAX_STEP_MILLIS, STEPS, 33, 10);
    }

    /**
     * Applies {@code steps} random steps to both states: one step in {@code advanceOneIn} moves the time
     * on by up to two windows without a transfer, the others apply a transfer, one in
     * {@code outOfOrderOneIn} of them with an event time up to a window and 5 s in the past.
     */
    private static void runBoth(RuleSettings settings, long seed, int accounts, long maxStepMillis, int steps,
            int advanceOneIn, int outOfOrderOneIn) {
        SplittableRandom random = new SplittableRandom(seed);
        DetectionState state = new DetectionState(settings);
        ReferenceDetectionState reference = new ReferenceDetectionState(settings);
        long time = T0;

        for (int step = 0; step < steps; step++) {
            if (random.nextInt(advanceOneIn) == 0) {
                time += random.nextLong(2 * WINDOW_MILLIS);
                state.advanceTo(time);
                reference.advanceTo(time);
            } else {
                long eventTime = random.nextInt(outOfOrderOneIn) == 0 ? time - random.nextLong(WINDOW_MILLIS + 5_000) : time;
                Transaction transfer = new Transaction(City.NYC, account(random, accounts), account(random, accounts),
                        amount(random));
                assertEquals(reference.apply(transfer, eventTime), state.apply(transfer, eventTime),
                        "alerts at step " + step + " for " + transfer + " at " + eventTime);
                time += random.nextLong(maxStepMillis);
            }

            assertEquals(reference.pairs(), state.pairs(), "pairs at step " + step);
            assertEquals(reference.structuringSources(), state.structuringSources(), "sources at step " + step);
            assertEquals(reference.transfersHeld(), state.transfersHeld(), "transfers at step " + step);
            assertEquals(reference.lateRecords(), state.lateRecords(), "late records at step " + step);
            assertEquals(reference.watermark(), state.watermark(), "watermark at step " + step);
            String source = account(random, accounts);
            String target = account(random, accounts);
            assertEquals(reference.pairTotalCents(source, target), state.pairTotalCents(source, target),
                    "total of " + source + " -> " + target + " at step " + step);
        }

        if (!settings.unbounded()) {
            state.advanceTo(time + 2 * WINDOW_MILLIS);
            assertEquals(0, state.pairs());
            assertEquals(0, state.structuringSources());
            assertEquals(0, state.transfersHeld());
            assertEquals(0, state.accounts());
        }
    }

    private static String account(SplittableRandom random, int accounts) {
        return "a" + random.nextInt(accounts);
    }

    private static long amount(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 60) {
            return random.nextLong(200_000);
        }
        if (kind < 95) {
            return 800_000 + random.nextLong(200_000);
        }
        if (kind < 98) {
            return random.nextLong(2_000_000);
        }
        return Long.MAX_VALUE - random.nextLong(1_000);
    }
}
