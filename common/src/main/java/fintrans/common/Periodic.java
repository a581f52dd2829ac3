package fintrans.common;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a task at a fixed rate on a daemon thread of its own, for the services' periodic rate lines. */
public final class Periodic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final ScheduledExecutorService executor;

    private Periodic(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts running {@code task} every {@code period}, first after one period. */
    public static Periodic every(Duration period, String threadName, Runnable task) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // An exception would cancel all later runs; one failed report must not stop the rest.
                LOG.warn("Periodic task {} failed: {}", threadName, e.toString());
            }
        };
        executor.scheduleAtFixedRate(guarded, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return new Periodic(executor);
    }

    /** Stops further runs; a run in progress completes. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
