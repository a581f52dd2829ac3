package fintrans.detector.rules;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import fintrans.common.City;
import fintrans.common.Transaction;

/**
 * Measures the heap that the detector's state takes per active pair: it applies one transfer to each of
 * N distinct pairs at the default rules (24 h window) and compares the used heap after a full garbage
 * collection before and after. Account ids are short decimal strings, created per transfer as the codec
 * creates them. Run it with {@code scripts/measure-detector-state.sh}; the number depends on the JVM
 * (compressed references, object alignment), so the script prints the JVM it ran on.
 */
public final class StateFootprint {
    private StateFootprint() {
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long structuringEvery = args.length > 1 ? Long.parseLong(args[1]) : 0;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        long before = usedAfterGc(memory);
        DetectionState state = new DetectionState(RuleSettings.DEFAULTS);
        long time = 1_800_000_000_000L;
        for (int i = 0; i < pairs; i++) {
            boolean band = structuringEvery > 0 && i % structuringEvery == 0;
            Transaction transaction = new Transaction(City.LONDON, Integer.toString(i / 1000), Integer.toString(i % 1000 + 1000),
                    band ? 900_000 : 10_000);
            state.apply(transaction, time + i / 100);
        }
        long after = usedAfterGc(memory);

        System.out.printf("pairs %d, transfers held %d, structuring sources %d%n", state.pairs(), state.transfersHeld(),
                state.structuringSources());
        System.out.printf("heap for the state: %d bytes, %.1f bytes per active pair%n", after - before,
                (after - before) / (double) pairs);
        if (state.pairs() != pairs) {
            throw new IllegalStateException("expected " + pairs + " pairs, the state holds " + state.pairs());
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
