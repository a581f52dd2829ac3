package fintrans.bench;

import fintrans.detector.rules.DetectionState;
import fintrans.detector.rules.RuleSettings;

/**
 * Measures the heap that the detector's rule state takes per active pair at the default rules (24 h
 * window): the used heap ({@code Runtime.totalMemory() - freeMemory()}) after full garbage collections,
 * before the state exists and after one transfer
 * was applied to each of N distinct pairs. A second pass of one more transfer per pair, still inside the
 * window, gives the cost of each further transfer of a pair. Amounts are $100, below the structuring band.
 *
 * <p>The pairs and account ids are those of {@link TransferStream} over 100,000 accounts, each id string
 * created anew per transfer as the record decoder creates it, so the figure includes the account ids that
 * the state keeps. Used-heap deltas depend on the JVM (compressed references, object alignment) and
 * include the spare capacity of the state's tables; run it with {@code -XX:+UseSerialGC} so that
 * {@link System#gc()} is a full, compacting collection.
 */
public final class StateFootprint {
    private static final long START_MILLIS = 1_800_000_000_000L;
    private static final long AMOUNT_CENTS = 10_000;

    private StateFootprint() {
    }

    /** Arguments: the number of pairs, and {@code extra} to measure a second transfer per pair too. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("extra"))) {
            System.err.println("usage: StateFootprint PAIRS [extra]");
            System.exit(2);
        }
        int pairs = Integer.parseInt(args[0]);
        boolean measureExtra = args.length == 2;
        TransferStream stream = new TransferStream(DetectionStateBenchmark.ACCOUNTS, 1);

        long empty = usedAfterGc();
        DetectionState state = new DetectionState(RuleSettings.DEFAULTS);
        applyOnePerPair(state, stream, pairs, START_MILLIS);
        long onePerPair = usedAfterGc();
        check(state, pairs, pairs);

        long bytesPerPair = Math.round((onePerPair - empty) / (double) pairs);
        System.out.printf("detector-memory bytes/pair at %d pairs: %d (target <= 100)%n", pairs, bytesPerPair);
        System.out.printf("detector-memory detail: %d bytes for %d pairs with one transfer each, %s %s%n",
                onePerPair - empty, pairs, System.getProperty("java.vm.name"), System.getProperty("java.vm.version"));

        if (measureExtra) {
            applyOnePerPair(state, stream, pairs, START_MILLIS + 60_000);
            long twoPerPair = usedAfterGc();
            check(state, pairs, 2L * pairs);
            System.out.printf("detector-memory bytes/extra-transfer at %d pairs: %d%n", pairs,
                    Math.round((twoPerPair - onePerPair) / (double) pairs));
        }
    }

    private static void applyOnePerPair(DetectionState state, TransferStream stream, int pairs, long startMillis) {
        for (int i = 0; i < pairs; i++) {
            state.apply(stream.transfer(i, AMOUNT_CENTS), startMillis + i / 1000);
        }
    }

    private static void check(DetectionState state, int pairs, long transfers) {
        if (state.pairs() != pairs || state.transfersHeld() != transfers) {
            throw new IllegalStateException("expected " + pairs + " pairs and " + transfers + " transfers, the state contains "
                    + state.pairs() + " pairs and " + state.transfersHeld() + " transfers");
        }
    }

    /** Returns the used heap once two full collections in a row leave it within 64 KiB of each other. */
    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = runtime.totalMemory() - runtime.freeMemory();
            if (Math.abs(used - previous) < 65_536) {
                return used;
            }
            previous = used;
        }
        throw new IllegalStateException("the used heap did not settle after 10 full collections");
    }
}
