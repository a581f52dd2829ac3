package fintrans.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import fintrans.localservers.LocalInfluxDb;

/**
 * The settings and servers every figure needs: the local servers, the probe, where the jars and logs
 * are, and the JVM options of the child processes.
 *
 * @param childJvmOptions options of every child JVM, ours and the references alike
 * @param serviceJvmOptions further options for our services only, such as a flight recording
 */
record BenchmarkContext(String bootstrapServers, LocalInfluxDb influx, KafkaProbe probe, Path projectRoot,
        Path logDir, List<String> childJvmOptions, List<String> serviceJvmOptions) {

    /** How often the progress of a run is read from the broker. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    /** Maximum time a single run may take before the benchmark gives up. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    /** Starts the fat jar {@code module/target/jarName.jar} with the service JVM options. */
    ChildProcess startService(String logName, String module, String jarName, List<String> args) {
        Path jar = projectRoot.resolve(module).resolve("target").resolve(jarName + ".jar");
        List<String> jvmOptions = new ArrayList<>(childJvmOptions);
        for (String option : serviceJvmOptions) {
            // %n in an option, such as a flight recording file name, becomes the run's log name.
            jvmOptions.add(option.replace("%n", logName));
        }
        return ChildProcess.startJar(logDir, logName, jar, jvmOptions, args);
    }

    /** Starts a reference tool's main class from this JVM's class path. */
    ChildProcess startReference(String logName, String mainClass, List<String> args) {
        return ChildProcess.startClass(logDir, logName, mainClass, childJvmOptions, args);
    }

    /**
     * Polls {@code progress} until it reaches {@code target} and returns the {@link System#nanoTime()} at
     * which it did. Fails when {@code process} exits first or the run takes longer than {@link #RUN_TIMEOUT}.
     */
    static long awaitProgress(LongSupplier progress, long target, ChildProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (progress.getAsLong() < target) {
            if (!process.isAlive() && progress.getAsLong() < target) {
                process.requireAlive();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(process.name() + " did not reach " + target + " records within "
                        + RUN_TIMEOUT.toMinutes() + " minutes");
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        return System.nanoTime();
    }
}
