package fintrans.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import fintrans.common.Transaction;
import fintrans.detector.rules.DetectionState;
import fintrans.detector.rules.RuleHit;
import fintrans.detector.rules.RuleSettings;

/**
 * Throughput of {@link DetectionState#apply} at the default rules (24 h window), on one thread.
 *
 * <p>Each operation applies one transfer of a pair drawn uniformly from {@code pairs} distinct pairs over
 * 100,000 accounts. Event time advances by {@code 24 h / pairs} per transfer, so the window contains about
 * {@code pairs} transfers over about 63 % of the pairs, and every update also evicts the transfers that
 * left the window. The setup applies two windows of transfers first, so the measurement starts at that
 * steady state. Transfers are drawn before the run and reused in a cycle of 4 Mi transfers, so their id
 * strings have their hash codes cached after the first cycle, unlike freshly decoded records.
 *
 * <p>Besides JMH's wall-clock score, {@link CpuTime} counts the updates and the benchmark thread's CPU
 * time per iteration, which other processes on a shared machine disturb less.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DetectionStateBenchmark {
    static final int ACCOUNTS = 100_000;
    private static final long WINDOW_MILLIS = TimeUnit.HOURS.toMillis(24);
    private static final int CYCLE = 1 << 22;
    private static final long START_MILLIS = 1_800_000_000_000L;

    @Param("1000000")
    public int pairs;

    private Transaction[] transfers;
    private DetectionState state;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        TransferStream stream = new TransferStream(ACCOUNTS, 42);
        String[] ids = new String[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            ids[i] = Integer.toString(i);
        }
        transfers = new Transaction[CYCLE];
        for (int i = 0; i < CYCLE; i++) {
            int pair = stream.nextPair(pairs);
            transfers[i] = new Transaction(fintrans.common.City.LONDON, ids[stream.source(pair)],
                    ids[stream.target(pair)], stream.nextAmountCents());
        }

        state = new DetectionState(RuleSettings.DEFAULTS);
        for (int i = 0; i < 2 * pairs; i++) {
            apply();
        }
    }

    /** Updates and thread CPU time of one iteration, reported by JMH as secondary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        public long updates;
        public long cpuNanos;
        private long startNanos;

        @Setup(Level.Iteration)
        public void start() {
            updates = 0;
            cpuNanos = 0;
            startNanos = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            cpuNanos = THREADS.getCurrentThreadCpuTime() - startNanos;
        }
    }

    @Benchmark
    public List<RuleHit> apply(CpuTime cpuTime) {
        cpuTime.updates++;
        return apply();
    }

    private List<RuleHit> apply() {
        long n = sequence++;
        long timeMillis = START_MILLIS + n * WINDOW_MILLIS / pairs;
        return state.apply(transfers[(int) (n & (CYCLE - 1))], timeMillis);
    }
}
