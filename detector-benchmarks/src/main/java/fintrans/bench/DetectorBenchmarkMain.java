package fintrans.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DetectionStateBenchmark} on one thread and prints the median of all measurement iterations
 * over all forks, with the spread, in the line format that {@code scripts/bench-detector-core.sh} promises.
 *
 * <p>Arguments, all optional: forks (default 3), warmup iterations (3), measurement iterations (5) and
 * seconds per iteration (2).
 */
public final class DetectorBenchmarkMain {
    private static final long TARGET_UPDATES_PER_SECOND = 5_000_000;

    private DetectorBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int warmupIterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int measurementIterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int secondsPerIteration = args.length > 3 ? Integer.parseInt(args[3]) : 2;

        Options options = new OptionsBuilder()
                .include(DetectionStateBenchmark.class.getName() + ".apply")
                .threads(1)
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.seconds(secondsPerIteration))
                .measurementIterations(measurementIterations)
                .measurementTime(TimeValue.seconds(secondsPerIteration))
                // A fixed heap keeps heap resizing out of the timings.
                .jvmArgsAppend("-Xms2g", "-Xmx2g")
                .build();
        Collection<RunResult> results = new Runner(options).run();

        List<Double> scores = new ArrayList<>();
        List<Double> perCpuSecond = new ArrayList<>();
        for (RunResult result : results) {
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                    double updates = iteration.getSecondaryResults().get("updates").getScore();
                    double cpuNanos = iteration.getSecondaryResults().get("cpuNanos").getScore();
                    perCpuSecond.add(updates / (cpuNanos / 1e9));
                }
            }
        }
        if (scores.isEmpty()) {
            throw new IllegalStateException("JMH returned no measurement iterations");
        }
        Collections.sort(scores);
        double median = median(scores);
        System.out.printf("detector-core updates/s/core: %d (target >= %d)%n", Math.round(median),
                TARGET_UPDATES_PER_SECOND);
        System.out.printf("detector-core spread: min %d, max %d over %d iterations of %d s in %d forks, max %.1f %% from the median%n",
                Math.round(scores.get(0)), Math.round(scores.get(scores.size() - 1)), scores.size(),
                secondsPerIteration, forks, 100 * Math.max(median - scores.get(0), scores.get(scores.size() - 1) - median) / median);
        Collections.sort(perCpuSecond);
        System.out.printf("detector-core updates per CPU second of the benchmark thread: median %d, min %d, max %d%n",
                Math.round(median(perCpuSecond)), Math.round(perCpuSecond.get(0)),
                Math.round(perCpuSecond.get(perCpuSecond.size() - 1)));
    }

    private static double median(List<Double> sorted) {
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
